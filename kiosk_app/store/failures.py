"""Kiosk-wide failed-lookup times, persisted so a restart does not reset the guessing window.

Only timestamps are stored: nothing about what was typed.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from .transactions import Connection, transaction

RETENTION = timedelta(days=1)


def _text(moment: datetime) -> str:
    # Fixed precision, so ISO strings of the same clock compare in time order as text.
    return moment.isoformat(timespec="microseconds")


class FailureLog:
    """The ``attempt_failures`` table; use one kind of clock (naive local, as the limiter does)."""

    def __init__(self, connection: Connection, retention: timedelta = RETENTION) -> None:
        self.connection = connection
        self._retention = retention

    def record(self, at: datetime) -> None:
        """Remember a failed lookup at ``at`` and forget those older than the retention."""
        with transaction(self.connection):
            self.connection.execute("INSERT INTO attempt_failures (at) VALUES (?)", (_text(at),))
            self.connection.execute(
                "DELETE FROM attempt_failures WHERE at < ?", (_text(at - self._retention),)
            )

    def since(self, cutoff: datetime) -> list[datetime]:
        """Failures at or after ``cutoff``, oldest first."""
        rows = self.connection.execute(
            "SELECT at FROM attempt_failures WHERE at >= ? ORDER BY at", (_text(cutoff),)
        ).fetchall()
        return [datetime.fromisoformat(row[0]) for row in rows]
