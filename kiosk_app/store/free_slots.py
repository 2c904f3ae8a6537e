"""The free-slot snapshot (``GET /v1/slots``): what the calendar counts while online.

Replaced whole by the sync engine; a slot this kiosk just booked is discarded at once, so the
calendar does not offer it again before the next snapshot.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from kiosk_app.core.booking import OutsideBookingWindow, Slot

from .transactions import Connection, transaction

FETCHED_AT = "free_slots_fetched_at"


class FreeSlotStore:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def replace(self, slot_ids: Iterable[str], fetched_at: datetime) -> int:
        """Replace the snapshot in one transaction; returns how many slots it holds.
        Ids of services this kiosk does not know are skipped (a newer gateway)."""
        rows = []
        for slot_id in slot_ids:
            try:
                slot = Slot.parse(slot_id)
            except OutsideBookingWindow:
                continue
            rows.append((slot_id, slot.service, slot.start.isoformat()))
        with transaction(self.connection):
            self.connection.execute("DELETE FROM free_slots")
            self.connection.executemany(
                "INSERT OR IGNORE INTO free_slots (slot_id, service, start) VALUES (?, ?, ?)", rows
            )
            self.connection.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (FETCHED_AT, fetched_at.isoformat().encode()),
            )
        return len(rows)

    def for_service(self, service: str, first: date, last: date) -> list[tuple[str, datetime]]:
        """(slot_id, start) of ``service`` from day ``first`` to ``last``, by start."""
        rows = self.connection.execute(
            "SELECT slot_id, start FROM free_slots WHERE service = ? AND start >= ? AND start < ?"
            " ORDER BY start, slot_id",
            (service, first.isoformat(), _day_after(last)),
        ).fetchall()
        return [(slot_id, datetime.fromisoformat(start)) for slot_id, start in rows]

    def discard(self, slot_id: str) -> None:
        """This kiosk just booked it (call inside the booking's transaction)."""
        self.connection.execute("DELETE FROM free_slots WHERE slot_id = ?", (slot_id,))

    def count(self) -> int:
        return int(self.connection.execute("SELECT count(*) FROM free_slots").fetchone()[0])

    @property
    def fetched_at(self) -> datetime | None:
        row = self.connection.execute(
            "SELECT value FROM meta WHERE key = ?", (FETCHED_AT,)
        ).fetchone()
        return None if row is None else datetime.fromisoformat(bytes(row[0]).decode())


def _day_after(day: date) -> str:
    return (day + timedelta(days=1)).isoformat()
