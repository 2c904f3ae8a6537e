-- Schema v3: the sync engine's state. The outbox holds what a resident or staff member did
-- until the gateway acknowledges it; it is written in the same transaction as the local effect.

CREATE TABLE outbox (
    seq        INTEGER PRIMARY KEY,  -- per-device command number, gap-free, from meta 'outbox_next_seq'
    kind       TEXT NOT NULL,
    payload    TEXT NOT NULL,        -- JSON of the protocol payload
    created_at TEXT NOT NULL,        -- ISO datetime (UTC)
    -- pending: to send; void: refused as malformed, send a void in its place; parked: void
    -- acknowledged, kept for staff review and never sent again
    state      TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'void', 'parked')),
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);

-- A full resync (new dataset epoch) fills this table while the old dataset keeps answering,
-- then swaps it in with one transaction.
CREATE TABLE cases_staging (
    lookup_key          BLOB PRIMARY KEY,
    status              TEXT NOT NULL,
    status_changed_on   TEXT NOT NULL,
    permit_type         TEXT NOT NULL,
    missing_documents   TEXT NOT NULL DEFAULT '',
    next_appointment    TEXT,
    fiktion_valid_until TEXT
) WITHOUT ROWID;
