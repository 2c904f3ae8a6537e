"""Walk-in ticket leases in the cache (issue 15, offline issuing): correctness state, persisted.

The sync engine stores the gateway's answer to ``POST /v1/walk-in/leases`` (only with the
outbox drained, so the gateway has seen every ticket this kiosk issued); the walk-in desk takes
the next number of a lease in the same transaction as the ticket's outbox command (``take``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from kiosk_app.core.leases import SAFETY_MARGIN

from .transactions import Connection, transaction


@dataclass(frozen=True)
class GrantedLease:
    """One lease as the gateway lists it (``sync.walk_in_protocol.WalkInLease``)."""

    lease_id: str
    service: str
    letter: str
    day: date
    first_number: int
    last_number: int
    used: int  # numbers of it the gateway has seen issued
    expires_at: datetime
    estimate_low: int
    estimate_high: int


@dataclass(frozen=True)
class TakenNumber:
    lease_id: str
    service: str
    letter: str
    number: int
    estimate_low: int  # minutes: the last estimate known, approximate
    estimate_high: int


class TicketLeaseStore:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def apply(self, leases: Iterable[GrantedLease]) -> None:
        """The gateway's leases for this kiosk now: new ones stored, known ones keep the number
        they reached (never lower; the gateway's count of used numbers may raise it), and those
        the gateway no longer lists (used up, or of a past day) removed."""
        with transaction(self.connection):
            seen = []
            for lease in leases:
                seen.append(lease.lease_id)
                self.connection.execute(
                    "INSERT INTO ticket_leases (lease_id, service, letter, day, first_number,"
                    " last_number, next_number, expires_at, estimate_low, estimate_high)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (lease_id) DO UPDATE SET"
                    " next_number = max(next_number, excluded.next_number),"
                    " expires_at = excluded.expires_at, estimate_low = excluded.estimate_low,"
                    " estimate_high = excluded.estimate_high",
                    (
                        lease.lease_id,
                        lease.service,
                        lease.letter,
                        lease.day.isoformat(),
                        lease.first_number,
                        lease.last_number,
                        lease.first_number + lease.used,
                        lease.expires_at.isoformat(),
                        lease.estimate_low,
                        lease.estimate_high,
                    ),
                )
            marks = ", ".join("?" for _ in seen)
            query = "DELETE FROM ticket_leases"
            self.connection.execute(
                query + (f" WHERE lease_id NOT IN ({marks})" if seen else ""), seen
            )

    def left(self, service: str, gateway_now: datetime) -> int:
        """Numbers of ``service`` this kiosk may still issue from its leases now."""
        total = 0
        for _lease_id, first, last, expires in self._usable(service):
            if datetime.fromisoformat(expires) - SAFETY_MARGIN > gateway_now:
                total += last - first + 1
        return total

    def _usable(self, service: str) -> list[tuple[str, int, int, str]]:
        return self.connection.execute(
            "SELECT lease_id, next_number, last_number, expires_at FROM ticket_leases"
            " WHERE service = ? AND next_number <= last_number ORDER BY first_number",
            (service,),
        ).fetchall()

    def take(self, service: str, gateway_now: datetime) -> TakenNumber | None:
        """The next number of the oldest usable lease, taken (call inside the transaction that
        queues the ticket's command); None when the leases are used up or expired."""
        with transaction(self.connection):
            for lease_id, number, _last, expires in self._usable(service):
                if datetime.fromisoformat(expires) - SAFETY_MARGIN <= gateway_now:
                    continue
                self.connection.execute(
                    "UPDATE ticket_leases SET next_number = next_number + 1 WHERE lease_id = ?",
                    (lease_id,),
                )
                row = self.connection.execute(
                    "SELECT letter, estimate_low, estimate_high FROM ticket_leases"
                    " WHERE lease_id = ?",
                    (lease_id,),
                ).fetchone()
                return TakenNumber(lease_id, service, row[0], int(number), row[1], row[2])
        return None
