"""Slot leases in the cache (DESIGN.md "Slot leases"): correctness state, persisted.

An offline booking marks its lease taken in the same transaction as its outbox command
(``appointments.queue_offline``); the sync engine replaces the untaken ones with each grant
and never drops a taken one whose command has not reached the gateway yet.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk_app.core.booking import Slot
from kiosk_app.core.leases import SAFETY_MARGIN, Lease, LeaseBook

from .transactions import Connection, transaction

# A taken lease still matters while the command that took it has not been applied: the
# gateway does not know yet that the slot is booked, so the lease must be renewed, not released.
# This kiosk's online booking or move to the lease's slot, in flight or applied.
_OWN_ONLINE = (
    "SELECT o.booking_id FROM booking_ops o WHERE o.slot_id = leases.slot_id"
    " AND o.action IN ('book', 'move') AND o.state IN ('sending', 'applied')"
)
_UNSENT = "SELECT 1 FROM booking_ops o WHERE o.booking_id = leases.taken_by AND o.slot_id = leases.slot_id AND o.state IN ('sending', 'pending')"  # noqa: E501


@dataclass(frozen=True)
class StoredLease:
    slot_id: str
    service: str
    start: datetime  # office-local
    expires_at: datetime  # gateway time, UTC
    taken_by: str | None


class LeaseStore:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def all(self) -> list[StoredLease]:
        rows = self.connection.execute(
            "SELECT slot_id, service, start, expires_at, taken_by FROM leases ORDER BY start"
        ).fetchall()
        return [
            StoredLease(
                slot_id, service, datetime.fromisoformat(start), datetime.fromisoformat(exp), by
            )
            for slot_id, service, start, exp, by in rows
        ]

    def book(self, margin: timedelta = SAFETY_MARGIN) -> LeaseBook:
        """The core's lease rules over what is stored (taken leases included, as taken)."""
        leases = self.all()
        book = LeaseBook(margin=margin)
        book.leases = {
            lease.slot_id: Lease(lease.slot_id, lease.service, lease.expires_at) for lease in leases
        }
        book.taken = {lease.slot_id for lease in leases if lease.taken_by is not None}
        return book

    def keep(self, gateway_now: datetime) -> list[str]:
        """What ``POST /v1/leases`` should renew: untaken leases not yet expired, and taken
        ones whose booking command has not reached the gateway (it must not release them)."""
        rows = self.connection.execute(
            "SELECT slot_id, expires_at, taken_by IS NULL FROM leases"
            f" WHERE taken_by IS NULL OR EXISTS ({_UNSENT}) ORDER BY slot_id"
        ).fetchall()
        return [
            slot_id
            for slot_id, expires_at, untaken in rows
            if not untaken or datetime.fromisoformat(expires_at) > gateway_now
        ]

    def apply_grant(self, granted: Iterable[tuple[str, datetime]]) -> None:
        """The gateway's answer to ``POST /v1/leases``: every lease this device now holds.

        Untaken leases not granted again are gone; granted ones are inserted or renewed (a
        taken one keeps its booking); taken leases whose command the gateway has applied are
        history and removed. All in one transaction."""
        rows = []
        for slot_id, expires_at in granted:
            slot = Slot.parse(slot_id)
            rows.append((slot_id, slot.service, slot.start.isoformat(), expires_at.isoformat()))
        with transaction(self.connection):
            self.connection.execute("CREATE TEMP TABLE IF NOT EXISTS granted (slot_id TEXT)")
            self.connection.execute("DELETE FROM temp.granted")
            self.connection.executemany(
                "INSERT INTO temp.granted (slot_id) VALUES (?)", ((r[0],) for r in rows)
            )
            self.connection.execute(
                "DELETE FROM leases WHERE taken_by IS NULL"
                " AND slot_id NOT IN (SELECT slot_id FROM temp.granted)"
            )
            self.connection.execute(
                f"DELETE FROM leases WHERE taken_by IS NOT NULL AND NOT EXISTS ({_UNSENT})"
                " AND slot_id NOT IN (SELECT slot_id FROM temp.granted)"
            )
            self.connection.executemany(
                "INSERT INTO leases (slot_id, service, start, expires_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (slot_id) DO UPDATE SET expires_at = excluded.expires_at",
                rows,
            )
            # A lease granted while this kiosk booked the slot online (the grant was answered
            # first at the gateway, the booking used the lease up, its answer came here first):
            # spent, never offered for an offline booking the gateway would refuse.
            self.connection.execute(
                f"UPDATE leases SET taken_by = ({_OWN_ONLINE} ORDER BY o.id DESC LIMIT 1)"
                f" WHERE taken_by IS NULL AND EXISTS ({_OWN_ONLINE})"
            )
            self.connection.execute("DELETE FROM temp.granted")

    def mark_taken(self, slot_id: str, booking_id: str) -> bool:
        """Mark a lease used (call inside the booking's transaction); False if none is held."""
        cursor = self.connection.execute(
            "UPDATE leases SET taken_by = ? WHERE slot_id = ? AND taken_by IS NULL",
            (booking_id, slot_id),
        )
        return cursor.rowcount == 1

    def put(self, leases: Iterable[StoredLease]) -> None:
        """Insert leases as they are (tests and fixtures)."""
        with transaction(self.connection):
            self.connection.executemany(
                "INSERT OR REPLACE INTO leases (slot_id, service, start, expires_at, taken_by)"
                " VALUES (?, ?, ?, ?, ?)",
                (
                    (
                        lease.slot_id,
                        lease.service,
                        lease.start.isoformat(),
                        lease.expires_at.isoformat(),
                        lease.taken_by,
                    )
                    for lease in leases
                ),
            )
