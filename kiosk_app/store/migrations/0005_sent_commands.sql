-- Schema v5: what the gateway confirmed is kept for a while (store/replay.py). A gateway
-- restored from a backup has forgotten what it confirmed after the backup; the kiosk sends it
-- again from here. Keys, booking ids and slot ids only: nothing here names a person.

-- Commands the gateway acknowledged (applied or answered as duplicates), moved here from the
-- outbox in the transaction that acknowledges them; pruned 14 days after acknowledgement.
CREATE TABLE sent_commands (
    seq             INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL,
    payload         TEXT NOT NULL,  -- JSON of the protocol payload
    created_at      TEXT NOT NULL,  -- ISO datetime (UTC)
    acknowledged_at TEXT NOT NULL   -- ISO datetime (UTC, the kiosk's clock)
);
CREATE INDEX sent_commands_acknowledged_at ON sent_commands (acknowledged_at);

-- Booking operations the gateway confirmed online (POST /v1/bookings): no outbox holds them.
-- Written in the transaction that records the confirmation; pruned like sent_commands.
CREATE TABLE booking_journal (
    id             INTEGER PRIMARY KEY,
    booking_id     TEXT NOT NULL,
    lookup_key     BLOB NOT NULL,
    action         TEXT NOT NULL CHECK (action IN ('book', 'move', 'cancel')),
    slot_id        TEXT,              -- book and move
    start          TEXT,              -- office-local ISO datetime of slot_id
    previous_start TEXT,              -- move: where the booking was before it
    before_seq     INTEGER NOT NULL,  -- the outbox's next number then: lower ones came first
    confirmed_at   TEXT NOT NULL      -- ISO datetime (UTC, the kiosk's clock)
);
CREATE INDEX booking_journal_confirmed_at ON booking_journal (confirmed_at);
