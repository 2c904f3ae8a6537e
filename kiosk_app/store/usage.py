"""Anonymous usage figures in a device's cache (issue 18): counted per UTC hour, then moved
into the outbox as ``report_usage`` commands.

``add_count`` checks a figure against the closed vocabularies (``check_count``) and adds it to
its hour's row. ``flush_usage`` moves rows into the outbox and deletes them in the same
transaction, so a ``kill -9`` at any moment leaves every count either in ``usage_hourly`` or
in exactly one queued command: nothing lost, nothing counted twice. Finished hours go at once;
the hour still running at most every ``CURRENT_HOUR_EVERY`` (a busy kiosk would otherwise
queue a command per sync round). The same tables serve the kiosk's and the counter's caches.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Protocol

from kiosk_app.core.usage_events import UsageCount, check_count, hour_of

from .transactions import Connection, transaction

KIND = "report_usage"
MAX_FIGURES = 500  # sync.protocol.MAX_USAGE_COUNTS: the store does not import the protocol
CURRENT_HOUR_EVERY = timedelta(minutes=15)
CURRENT_FLUSHED_AT = "current_hour_flushed_at"
_DIMENSIONS = ("kind", "language", "service", "outcome", "status", "bucket", "detail")


class CommandQueue(Protocol):
    """Where a report goes: ``store.outbox.Outbox`` or the counter's outbox."""

    def append(self, kind: str, payload: str, created_at: datetime) -> int: ...


def add_count(conn: Connection, count: UsageCount) -> None:
    """Add ``count`` to its hour's row; ``UsageError`` (nothing written) when it leaves the
    vocabulary."""
    check_count(count)
    with transaction(conn):
        conn.execute(
            "INSERT INTO usage_hourly (hour, kind, language, service, outcome, status, bucket,"
            " detail, count, value_sum) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (hour, kind, language, service, outcome, status, bucket, detail)"
            " DO UPDATE SET count = count + excluded.count,"
            " value_sum = value_sum + excluded.value_sum",
            (*count.key(), count.count, float(count.value_sum)),
        )


def add_counts(conn: Connection, counts: Iterable[UsageCount]) -> None:
    """Several figures in one transaction (all or none)."""
    with transaction(conn):
        for count in counts:
            add_count(conn, count)


def pending_counts(conn: Connection) -> list[UsageCount]:
    """The figures not yet moved into the outbox, oldest hour first."""
    rows = conn.execute(
        "SELECT hour, kind, language, service, outcome, status, bucket, detail, count, value_sum"
        " FROM usage_hourly ORDER BY hour, kind, language, service, outcome, status, bucket,"
        " detail"
    ).fetchall()
    return [_count(row) for row in rows]


def flush_usage(conn: Connection, outbox: CommandQueue, now: datetime) -> list[int]:
    """Move finished hours (and the current one, at most every ``CURRENT_HOUR_EVERY``) into
    ``report_usage`` commands of at most ``MAX_FIGURES`` figures; returns their outbox numbers.
    Commands and deletions commit together."""
    current = hour_of(now)
    with transaction(conn):
        last = get_state(conn, CURRENT_FLUSHED_AT)
        take_current = last is None or now - datetime.fromisoformat(last) >= CURRENT_HOUR_EVERY
        where = "" if take_current else " WHERE hour < ?"
        args: tuple[str, ...] = () if take_current else (current.isoformat(),)
        rows = conn.execute(
            "SELECT hour, kind, language, service, outcome, status, bucket, detail, count,"
            f" value_sum FROM usage_hourly{where} ORDER BY hour, kind, language, service,"
            " outcome, status, bucket, detail",
            args,
        ).fetchall()
        if not rows:
            return []
        seqs = []
        for start in range(0, len(rows), MAX_FIGURES):
            figures = [_figure(_count(row)) for row in rows[start : start + MAX_FIGURES]]
            payload = json.dumps({"kind": KIND, "counts": figures}, separators=(",", ":"))
            seqs.append(outbox.append(KIND, payload, now))
        conn.execute("DELETE FROM usage_hourly" + where, args)
        if take_current and any(row[0] == current.isoformat() for row in rows):
            set_state(conn, CURRENT_FLUSHED_AT, now.isoformat())
    return seqs


def get_state(conn: Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM usage_state WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def set_state(conn: Connection, key: str, value: str | None) -> None:
    """Set (or with ``None`` remove) one value of the usage bookkeeping."""
    if value is None:
        conn.execute("DELETE FROM usage_state WHERE key = ?", (key,))
        return
    conn.execute(
        "INSERT INTO usage_state (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def _count(row: tuple[object, ...]) -> UsageCount:
    hour, kind, language, service, outcome, status, bucket, detail, count, value_sum = row
    return UsageCount(
        hour=datetime.fromisoformat(str(hour)),
        kind=str(kind),
        language=str(language),
        service=str(service),
        outcome=str(outcome),
        status=str(status),
        bucket=str(bucket),
        detail=str(detail),
        count=int(str(count)),
        value_sum=float(str(value_sum)),
    )


def _figure(count: UsageCount) -> dict[str, object]:
    """A ``sync.protocol.UsageFigure`` as JSON (empty dimensions left out)."""
    figure: dict[str, object] = {"hour": count.hour.isoformat(), "kind": count.kind}
    for dimension in _DIMENSIONS[1:]:
        value = getattr(count, dimension)
        if value:
            figure[dimension] = value
    figure["count"] = count.count
    if count.value_sum:
        figure["value_sum"] = count.value_sum
    return figure
