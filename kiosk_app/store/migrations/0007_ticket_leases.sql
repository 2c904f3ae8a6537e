-- Schema v7: walk-in ticket leases (issue 15, store/ticket_leases.py): blocks of one service's
-- ticket numbers for one office day, lent by the gateway, to issue from while offline. No
-- personal data. ``next_number`` is the next one this kiosk gives; it only grows, and it grows
-- in the transaction that queues the ticket's command (a crash loses or doubles nothing).
CREATE TABLE ticket_leases (
    lease_id      TEXT PRIMARY KEY,
    service       TEXT NOT NULL,
    letter        TEXT NOT NULL,
    day           TEXT NOT NULL,  -- office-local ISO date
    first_number  INTEGER NOT NULL,
    last_number   INTEGER NOT NULL,
    next_number   INTEGER NOT NULL,
    expires_at    TEXT NOT NULL,  -- gateway time, UTC: the end of that day's issuing
    estimate_low  INTEGER NOT NULL,  -- minutes, the last estimate known
    estimate_high INTEGER NOT NULL
) WITHOUT ROWID;
