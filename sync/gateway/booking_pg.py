"""Bookings on PostgreSQL in one round trip: ``routines/apply_booking.sql`` runs
``booking.py``'s rules next to the data, so a booking is one statement instead of a dozen.

What the server cannot judge is judged here first: the slot against the service calendars and
the public holidays (``booking.judge_slot``). The calendars are read once per process and kept
with their fingerprint; the function compares it with the table's under the same transaction
and answers ``stale`` when an office changed its services meanwhile: they are read again and
the booking asked again. So the copy is only a shortcut, never what decides (docs/gateway.md
"Where state lives").
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text

from kiosk_app.core.booking import Slot
from kiosk_app.core.office_days import OfficeDays
from sync.protocol import BookingInfo, BookingOutcome, BookingRequest

from .change_feed import FEED_LOCK, SLOT_LOCK, XID_SHIFT, feed_numbered, note_feed_numbered
from .slots import ServiceCalendar, load_calendars

if TYPE_CHECKING:
    from .booking import BookingPolicy

_CALL = (
    "SELECT * FROM gateway_apply_booking(%s::text, %s::text, %s::text, %s::text, %s::text,"
    " %s::timestamp, %s::text, %s::text, %s::text, %s::timestamptz, %s::boolean, %s::interval,"
    " %s::bigint, %s::integer, %s::integer, %s::integer, %s::integer)"
)
_FINGERPRINT = text("SELECT gateway_calendar_fingerprint()")

_calendars: dict[str, tuple[str | None, Mapping[str, ServiceCalendar]]] = {}
_calendars_lock = threading.Lock()


def apply_booking_pg(
    conn: Connection,
    policy: BookingPolicy,
    request: BookingRequest,
    device_id: str,
    now: datetime,
    *,
    offline: bool,
) -> BookingOutcome:
    """``booking.apply_booking`` on PostgreSQL, in the caller's transaction (or, on a
    connection in autocommit, as a transaction of its own)."""
    from .booking import judge_slot, refused  # booking dispatches here: imported when used

    fingerprint, calendars = _known_calendars(conn, reload=False)
    for attempt in range(3):
        service = start = problem = None
        if request.slot_id is not None:
            days = OfficeDays(policy.state, {})  # closure days: the function reads them
            slot = judge_slot(calendars, days, policy, request.slot_id, now, offline)
            if isinstance(slot, Slot):
                service, start = slot.service, slot.start
            else:
                problem = slot
        xid, numbered = feed_numbered(conn)
        row = conn.exec_driver_sql(
            _CALL,
            (
                request.lookup_key,
                request.booking_id,
                request.action,
                request.slot_id,
                service,
                start,
                problem,
                fingerprint,
                device_id,
                now,
                offline,
                policy.lease_grace,
                xid,
                numbered,
                FEED_LOCK,
                SLOT_LOCK,
                XID_SHIFT,
            ),
        ).one()
        (outcome, reason, existing, booking_id, booked_service, booked_start, xid, numbered) = row
        note_feed_numbered(conn, xid, numbered)
        if outcome != "stale":
            break
        if attempt == 2:
            raise RuntimeError("the service calendars keep changing under a booking")
        fingerprint, calendars = _known_calendars(conn, reload=True)
    if outcome == "refused":
        return refused(reason, existing)
    if outcome == "cancelled":
        return BookingOutcome(outcome="cancelled")
    info = BookingInfo(booking_id=booking_id, service=booked_service, start=booked_start)
    return BookingOutcome(outcome=outcome, booking=info)


def _known_calendars(
    conn: Connection, *, reload: bool
) -> tuple[str | None, Mapping[str, ServiceCalendar]]:
    """The calendars and their fingerprint, read once per database (again when ``reload``)."""
    key = conn.engine.url.render_as_string(hide_password=False)
    with _calendars_lock:
        known = None if reload else _calendars.get(key)
    if known is None:
        # The fingerprint first: a change between the two reads makes the pair stale, which
        # the function then says, never the other way round.
        fingerprint = conn.execute(_FINGERPRINT).scalar_one_or_none()
        known = (fingerprint, load_calendars(conn))
        with _calendars_lock:
            _calendars[key] = known
    return known
