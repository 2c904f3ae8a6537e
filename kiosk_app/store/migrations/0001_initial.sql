-- Schema v1: dataset metadata and the cases, keyed only by lookup_key
-- (HMAC of case number and birth date); nothing here names a person.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value BLOB NOT NULL
);

CREATE TABLE cases (
    lookup_key          BLOB PRIMARY KEY,
    status              TEXT NOT NULL,
    status_changed_on   TEXT NOT NULL,            -- ISO date
    permit_type         TEXT NOT NULL,
    missing_documents   TEXT NOT NULL DEFAULT '', -- comma-joined document codes
    next_appointment    TEXT,                     -- ISO datetime
    fiktion_valid_until TEXT                      -- ISO date
) WITHOUT ROWID;
