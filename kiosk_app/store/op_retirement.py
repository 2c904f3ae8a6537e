"""When this kiosk's applied booking operations leave ``booking_ops``.

An ``applied`` operation is shown (``appointments.overlay``) until the synced data has it. A
pull that started after the gateway applied it need not carry it yet (a page fetched before the
booking committed; on PostgreSQL a change the feed holds back while an older transaction is in
flight), so an operation is retired only once the case's synced bookings show what it did
(``shows``): a book or move when they hold its booking id at its start, a cancel when they no
longer list the booking. Retiring one retires the earlier applied operations of its booking too,
which it supersedes (booked at 9:00, moved to 10:00: the feed shows 10:00 only).

One the feed never shows (staff moved or cancelled the booking meanwhile) would be shown for
ever, so a booking's operations are retired too once ``bound`` has passed since the first pull
after which its latest one was still not shown. Those first sightings are kept in memory: a
restarted engine only waits longer.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from kiosk_app.core.appointments import Appointment

from .appointments import BookingOp, BookingOps
from .transactions import Connection

# Longer than any write transaction that may hold the PostgreSQL feed back (an import).
UNSHOWN_BOUND = timedelta(minutes=10)


def shows(synced: Sequence[Appointment], op: BookingOp) -> bool:
    """Whether the case's synced bookings show the effect of ``op``."""
    found = next((a for a in synced if a.booking_id == op.booking_id), None)
    if op.action == "cancel":
        return found is None
    return found is not None and found.start == op.start and found.service == op.service


class OpRetirement:
    """Run after each completed pull, by the one engine thread that pulls."""

    def __init__(self) -> None:
        self._unshown_since: dict[int, datetime] = {}  # op id -> first pull that did not show it

    def after_pull(
        self, connection: Connection, now: datetime, bound: timedelta = UNSHOWN_BOUND
    ) -> int:
        """Retire the applied operations the synced bookings now show, and those not shown for
        ``bound`` (``now``: the engine's clock). Returns how many were retired."""
        ops = BookingOps(connection)
        by_booking: dict[str, list[BookingOp]] = {}
        for op in ops.in_state("applied"):
            by_booking.setdefault(op.booking_id, []).append(op)
        retired: list[int] = []
        waiting: dict[int, datetime] = {}
        for group in by_booking.values():
            synced = ops.synced(group[0].lookup_key)
            # group[:done] is retired: up to the last one shown, or all once the latest is overdue
            done = max((n for n, op in enumerate(group, 1) if shows(synced, op)), default=0)
            if now - self._unshown_since.get(group[-1].id, now) >= bound:
                done = len(group)
            retired += [op.id for op in group[:done]]
            waiting |= {op.id: self._unshown_since.get(op.id, now) for op in group[done:]}
        self._unshown_since = waiting
        return ops.retire(retired)
