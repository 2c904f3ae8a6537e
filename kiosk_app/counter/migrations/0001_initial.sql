-- The counter's cache (kiosk_app/counter/cache.py). Office days are ISO dates; instants are
-- ISO 8601 with offset. No names anywhere: the gateway has none.

CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- The signed-in person's appointments of an office day (GET /staff/v1/today).
CREATE TABLE appointments (
    booking_id TEXT PRIMARY KEY,
    day TEXT NOT NULL,
    start TEXT NOT NULL,
    service TEXT NOT NULL,
    case_number TEXT NOT NULL,
    status TEXT NOT NULL,
    checked_in_at TEXT,
    no_show_at TEXT
) WITHOUT ROWID;
CREATE INDEX appointments_by_day ON appointments (day, start);

-- StaffCase JSON as the gateway last sent it (received documents merged, never shrinking);
-- day: the office day it was last fetched or opened (pruning keeps today's).
CREATE TABLE cases (
    case_number TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    day TEXT NOT NULL
) WITHOUT ROWID;

-- Printed references known here (from the cases' printouts): reference -> case.
CREATE TABLE printouts (
    reference TEXT PRIMARY KEY,
    case_number TEXT NOT NULL,
    day TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX printouts_by_case ON printouts (case_number);

-- Staff commands not yet answered, numbered per device without gaps (meta next_seq).
CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    case_number TEXT,
    booking_id TEXT,
    payload TEXT NOT NULL,
    created_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE INDEX outbox_by_case ON outbox (case_number);
CREATE INDEX outbox_by_booking ON outbox (booking_id);

-- What the gateway answered (applied, duplicate, rejected), kept for the day.
CREATE TABLE results (
    seq INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    case_number TEXT,
    booking_id TEXT,
    payload TEXT NOT NULL,
    created_at TEXT NOT NULL,
    outcome TEXT NOT NULL,
    reason TEXT,
    answered_at TEXT NOT NULL,
    day TEXT NOT NULL
);

-- Refused actions the clerk must see and resolve (never dropped silently).
CREATE TABLE conflicts (
    conflict_id INTEGER PRIMARY KEY AUTOINCREMENT,
    seq INTEGER NOT NULL UNIQUE,
    reason TEXT NOT NULL,
    kind TEXT NOT NULL,
    case_number TEXT,
    booking_id TEXT,
    payload TEXT NOT NULL,
    made_at TEXT NOT NULL,
    answered_at TEXT NOT NULL,
    current_status TEXT,  -- the gateway's status, from the first read of the case after it
    resolved_at TEXT,
    resolution TEXT
);
