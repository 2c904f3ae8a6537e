"""Office closure days besides the state's public holidays: staff add, list and remove them.

Slots, leases and new bookings skip every closed day (``slots.load_office_days``; the kiosk
judges with the same core rules and gets the closure days in its catalog). Closing a day never
cancels a booking: it withdraws the day's leases at once and reports the day's active bookings,
which staff then move or cancel with the residents; the staff day list marks them.
"""

from __future__ import annotations

import logging
import re
from datetime import date, datetime, time, timedelta

from sqlalchemy import Connection, delete, insert, select, update

from kiosk_app.core.office_days import public_holidays

from .admin_models import AffectedBooking, ClosureAdded, ClosureOut
from .booking import day_bookings
from .change_feed import lock_feed
from .tables import closure_days, slot_leases

log = logging.getLogger(__name__)


def add_closure(
    conn: Connection, day: date, reason: str, state: str, now: datetime
) -> ClosureAdded:
    """Close ``day`` (or change the reason of a closure already there), in the caller's write
    transaction, under the feed lock: a booking or lease grant that runs at the same time either
    came first (and is reported here) or sees the closure."""
    lock_feed(conn)
    changed = conn.execute(
        update(closure_days).where(closure_days.c.day == day).values(reason=reason)
    ).rowcount
    if not changed:
        conn.execute(insert(closure_days).values(day=day, reason=reason, created_at=now))
    first = datetime.combine(day, time())
    withdrawn = conn.execute(
        delete(slot_leases).where(
            slot_leases.c.start >= first, slot_leases.c.start < first + timedelta(days=1)
        )
    ).rowcount
    affected = [
        AffectedBooking(
            booking_id=row.booking_id,
            start=row.start,
            end=row.end,
            service=row.service,
            case_number=masked_case_number(row.case_number),
        )
        for row in day_bookings(conn, day, state)
    ]
    log.info(
        "closure day added: %d lease(s) withdrawn, %d booking(s) to reschedule",
        int(withdrawn or 0),
        len(affected),
    )
    return ClosureAdded(
        day=day,
        reason=reason,
        public_holiday=public_holidays(state, day.year).get(day),
        created=not changed,
        affected_bookings=affected,
    )


def remove_closure(conn: Connection, day: date) -> bool:
    """Open ``day`` again (its public holiday, if any, still closes it); False if not closed."""
    lock_feed(conn)
    return bool(conn.execute(delete(closure_days).where(closure_days.c.day == day)).rowcount)


def list_closures(conn: Connection, state: str, first: date | None = None) -> list[ClosureOut]:
    """Closure days from ``first`` on (every one if None), by day."""
    query = select(closure_days.c.day, closure_days.c.reason).order_by(closure_days.c.day)
    if first is not None:
        query = query.where(closure_days.c.day >= first)
    return [
        ClosureOut(
            day=row.day,
            reason=row.reason,
            public_holiday=public_holidays(state, row.day.year).get(row.day),
        )
        for row in conn.execute(query)
    ]


_DIGIT = re.compile(r"\d")


def masked_case_number(number: str) -> str:
    """Every digit but the last three hidden (``DA-2026-000123-4`` → ``DA-****-****23-4``):
    enough for staff to match a line of the full day list, nothing to read over a shoulder."""
    digits = len(_DIGIT.findall(number))
    seen = 0

    def hide(match: re.Match[str]) -> str:
        nonlocal seen
        seen += 1
        return match.group() if seen > digits - 3 else "*"

    return _DIGIT.sub(hide, number)
