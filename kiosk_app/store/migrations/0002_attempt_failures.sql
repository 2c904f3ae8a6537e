-- Schema v2: kiosk-wide failed-lookup times, so a restart does not reset the
-- anti-enumeration window. Holds timestamps only, no case data.

CREATE TABLE attempt_failures (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL -- ISO datetime
);

CREATE INDEX attempt_failures_at ON attempt_failures (at);
