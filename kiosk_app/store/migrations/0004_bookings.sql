-- Schema v4: appointments. Everything is keyed by lookup key, slot id or a random booking id;
-- nothing here names a person.

-- The case's active bookings as the change feed last sent them: a JSON array of
-- [booking_id, service, start] (start: office-local ISO datetime). Added to the staging table
-- too, at the same position, so a resync still swaps with INSERT … SELECT *.
ALTER TABLE cases ADD COLUMN bookings TEXT NOT NULL DEFAULT '[]';
ALTER TABLE cases_staging ADD COLUMN bookings TEXT NOT NULL DEFAULT '[]';

-- Free slots as GET /v1/slots last listed them (neither booked nor leased); replaced whole.
CREATE TABLE free_slots (
    slot_id TEXT PRIMARY KEY,
    service TEXT NOT NULL,
    start   TEXT NOT NULL  -- office-local ISO datetime
) WITHOUT ROWID;
CREATE INDEX free_slots_service_start ON free_slots (service, start);

-- Slots the gateway leased to this kiosk. Correctness state: an offline booking takes one in
-- the same transaction as its outbox command; a taken lease is never handed back as unused.
CREATE TABLE leases (
    slot_id    TEXT PRIMARY KEY,
    service    TEXT NOT NULL,
    start      TEXT NOT NULL,  -- office-local ISO datetime
    expires_at TEXT NOT NULL,  -- gateway time, UTC, ISO with offset
    taken_by   TEXT            -- booking id that took it (offline), NULL while unused
) WITHOUT ROWID;
CREATE INDEX leases_service_start ON leases (service, start);

-- Booking operations made at this kiosk and not yet confirmed back by the change feed.
-- state: sending (online request in flight), pending (command in the outbox), applied (the
-- gateway has it; shown until a later pull brings it in the feed), rejected (refused, or
-- never confirmed to the resident). Written in the same transaction as the outbox command
-- and the lease it takes.
CREATE TABLE booking_ops (
    id          INTEGER PRIMARY KEY,
    booking_id  TEXT NOT NULL,
    lookup_key  BLOB NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('book', 'move', 'cancel')),
    service     TEXT NOT NULL,
    slot_id     TEXT,           -- book and move
    start       TEXT,           -- office-local ISO datetime of slot_id
    state       TEXT NOT NULL CHECK (state IN ('sending', 'pending', 'applied', 'rejected')),
    outbox_seq  INTEGER,        -- the command that carries it (offline), NULL online
    created_at  TEXT NOT NULL,  -- UTC ISO datetime
    reason      TEXT            -- a refusal code, never personal data
);
CREATE INDEX booking_ops_lookup_key ON booking_ops (lookup_key);
CREATE INDEX booking_ops_outbox_seq ON booking_ops (outbox_seq) WHERE outbox_seq IS NOT NULL;
