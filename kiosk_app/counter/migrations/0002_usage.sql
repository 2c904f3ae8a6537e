-- Counter cache v2: anonymous usage figures (issue 18, kiosk_app/store/usage.py), as in the
-- kiosk's cache. Counts, never people: every dimension is a word of the closed vocabularies of
-- kiosk_app.core.usage_events ('' when it does not apply); no case number, reference, booking
-- id or date is in any column.

-- Counts added up per UTC hour and dimensions until the counter's push moves them into the
-- outbox (a report_usage command) and deletes them, in one transaction.
CREATE TABLE usage_hourly (
    hour      TEXT NOT NULL,  -- ISO datetime of the whole UTC hour
    kind      TEXT NOT NULL,
    language  TEXT NOT NULL DEFAULT '',
    service   TEXT NOT NULL DEFAULT '',
    outcome   TEXT NOT NULL DEFAULT '',
    status    TEXT NOT NULL DEFAULT '',
    bucket    TEXT NOT NULL DEFAULT '',
    detail    TEXT NOT NULL DEFAULT '',
    count     INTEGER NOT NULL CHECK (count >= 0),
    value_sum REAL NOT NULL DEFAULT 0 CHECK (value_sum >= 0),
    PRIMARY KEY (hour, kind, language, service, outcome, status, bucket, detail)
) WITHOUT ROWID;

-- When the current hour was last reported (reports of it are throttled) and since when the
-- gateway has been out of reach (offline minutes survive a restart).
CREATE TABLE usage_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
