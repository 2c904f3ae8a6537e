"""Anonymous usage figures arriving from devices (issue 18): checked against the closed
vocabularies of ``kiosk_app.core.usage_events`` and added into ``usage_hourly``, in the
transaction of the command that carried them (so exactly once, as the command is)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection
from sqlalchemy.dialects import postgresql, sqlite

from kiosk_app.core.usage_events import UsageCount, UsageError, check_count
from sync.protocol import UsageFigure

from .tables import usage_hourly


def to_count(figure: UsageFigure) -> UsageCount:
    """The figure as a checked ``UsageCount``; ``UsageError`` if it leaves the vocabulary."""
    return check_count(
        UsageCount(
            hour=figure.hour,
            kind=figure.kind,
            language=figure.language,
            service=figure.service,
            outcome=figure.outcome,
            status=figure.status,
            bucket=figure.bucket,
            detail=figure.detail,
            count=figure.count,
            value_sum=figure.value_sum,
        )
    )


def add_usage(conn: Connection, device_id: str, counts: Iterable[UsageCount]) -> int:
    """Adds ``counts`` to the device's hourly rows (an upsert on both databases); returns how
    many rows it touched. Counts of one key within ``counts`` are summed first."""
    merged: dict[tuple[str, ...], tuple[UsageCount, int, float]] = {}
    for count in counts:
        first, total, value = merged.get(count.key(), (count, 0, 0.0))
        merged[count.key()] = (first, total + count.count, value + count.value_sum)
    if not merged:
        return 0
    rows = [
        {
            "hour": count.hour,
            "device_id": device_id,
            "kind": count.kind,
            "language": count.language,
            "service": count.service,
            "outcome": count.outcome,
            "status": count.status,
            "bucket": count.bucket,
            "detail": count.detail,
            "count": total,
            "value_sum": value,
        }
        for count, total, value in merged.values()
    ]
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(usage_hourly)
    statement = statement.on_conflict_do_update(
        index_elements=[column.name for column in usage_hourly.primary_key.columns],
        set_={
            "count": usage_hourly.c.count + statement.excluded.count,
            "value_sum": usage_hourly.c.value_sum + statement.excluded.value_sum,
        },
    )
    conn.execute(statement, rows)
    return len(rows)


__all__ = ["UsageError", "add_usage", "to_count"]
