"""Appointment bookings at the gateway: book, move and cancel, atomically.

One transaction per request. On PostgreSQL bookings run side by side; those that could decide
against each other take turns: the slot's lock (``share_feed``/``lock_slots``, also taken by
lease grants) and then the case's row lock (one resident's bookings, one booking id), so a
booking's checks see every commit that touched its slot or its case. SQLite's ``BEGIN
IMMEDIATE`` writers take turns anyway. The partial unique indexes on ``bookings`` (one active
booking per slot; one per case and service) are the last line of defence: an ``IntegrityError``
becomes ``slot_taken`` / ``already_booked``, never a second winner.

The rules are the core's (``kiosk_app.core.booking``): slot ids, the calendar, the booking window,
closed days (``office_closed``: holidays and closure days, read after the feed lock), one active
booking per case and service, moving within a service. Leases: a slot leased to
another kiosk is taken until that lease is reclaimable (expiry + grace); a kiosk may book a slot
leased to itself, which consumes the lease. Commands (offline bookings) must name a slot leased
to the device (``lease_not_held`` otherwise), even if that lease expired meanwhile but was not yet
reclaimed: the kiosk judged the expiry with a margin when the resident booked.

Idempotent by ``booking_id`` (chosen by the kiosk): a repeat of an applied request answers the
same; a cancellation of an id never seen leaves a cancelled row, so a ``book`` that arrives after
it (the kiosk cancelled after an unknown outcome) is refused with ``not_found``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, Row, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from kiosk_app.core.booking import SERVICES, OfficeClosed, OutsideBookingWindow, Slot
from kiosk_app.core.office_days import OfficeDays
from sync.protocol import BookingInfo, BookingOutcome, BookingRefusal, BookingRequest

from .admin_models import BookingOut
from .case_keys import resolve_case
from .case_writes import refresh_bookings
from .change_feed import share_feed
from .database import as_utc, is_postgres
from .settings import GatewaySettings
from .slots import (
    OfficeClock,
    ServiceCalendar,
    bookable_slot,
    load_calendars,
    load_office_days,
)
from .tables import ACTIVE, bookings, cases, slot_leases

ONLINE = "online"
OFFLINE = "offline"  # a command: booked on the kiosk from a lease, synced later
CANCELLED_FIRST = "cancel_first"  # a cancellation that arrived before its booking


@dataclass(frozen=True)
class BookingPolicy:
    clock: OfficeClock
    lease_grace: timedelta
    state: str  # whose public holidays close the office

    @classmethod
    def from_settings(cls, settings: GatewaySettings) -> BookingPolicy:
        return cls(
            OfficeClock(settings.office_timezone, settings.booking_window),
            settings.lease_grace,
            settings.office_state,
        )


def refused(reason: BookingRefusal, existing: str | None = None) -> BookingOutcome:
    return BookingOutcome(outcome="refused", reason=reason, existing_booking_id=existing)


def apply_booking(
    conn: Connection,
    policy: BookingPolicy,
    request: BookingRequest,
    device_id: str,
    now: datetime,
    *,
    offline: bool = False,
) -> BookingOutcome:
    """Book, move or cancel in the caller's write transaction. ``offline``: a command from the
    outbox (the slot must be leased to ``device_id``; the window is not judged again).
    PostgreSQL runs these same rules server-side in one statement (``booking_pg``)."""
    if is_postgres(conn):
        from .booking_pg import apply_booking_pg  # it imports this module

        return apply_booking_pg(conn, policy, request, device_id, now, offline=offline)
    # Read before the locks (they do not decide between competing bookings): on PostgreSQL
    # the locks are then held for fewer statements.
    case_number = resolve_case(conn, request.lookup_key)  # also a key of the previous epoch
    if case_number is None:
        return refused("unknown_lookup_key")
    calendars = load_calendars(conn) if request.slot_id is not None else {}
    share_feed(conn, None if request.action == "cancel" else request.slot_id)
    row = _locked_booking(conn, case_number, request.booking_id)
    if row is not None and row.case_number != case_number:
        return refused("not_found")  # another case's id: say nothing about it
    if request.action == "cancel":
        return _cancel(conn, request, case_number, row, device_id, now)
    if request.slot_id is None:
        return refused("outside_window")
    if row is not None and not row.active:
        return refused("not_found")  # cancelled (perhaps before this request arrived)
    if request.action == "book":
        if row is not None:  # a repeat of an applied booking: how it stands now
            return BookingOutcome(outcome="booked", booking=_info(row))
        days = load_office_days(conn, policy.state)  # after the lock: a new closure is seen
        return _book(conn, policy, calendars, days, request, case_number, device_id, now, offline)
    if row is None:
        return refused("not_found")
    days = load_office_days(conn, policy.state)
    return _move(conn, policy, calendars, days, request.slot_id, row, device_id, now, offline)


def judge_slot(
    calendars: Mapping[str, ServiceCalendar],
    office_days: OfficeDays,
    policy: BookingPolicy,
    slot_id: str,
    now: datetime,
    offline: bool,
) -> Slot | BookingRefusal:
    """The slot to take, or why it cannot be taken (offline: the window is not judged again)."""
    try:
        return bookable_slot(
            calendars,
            slot_id,
            policy.clock,
            now,
            office_days=office_days,
            check_window=not offline,
        )
    except OfficeClosed:
        return "office_closed"
    except OutsideBookingWindow:
        return "outside_window"


def _locked_booking(conn: Connection, case_number: str, booking_id: str) -> Row[Any] | None:
    """The booking with this id (of any case), read after taking the case's row lock: one
    resident's bookings take turns (PostgreSQL; SQLite has one writer). One statement."""
    found = conn.execute(
        select(bookings)
        .select_from(cases.outerjoin(bookings, bookings.c.booking_id == booking_id))
        .where(cases.c.case_number == case_number)
        .with_for_update(of=cases)
    ).first()
    return None if found is None or found.booking_id is None else found


def _book(
    conn: Connection,
    policy: BookingPolicy,
    calendars: Mapping[str, ServiceCalendar],
    office_days: OfficeDays,
    request: BookingRequest,
    case_number: str,
    device_id: str,
    now: datetime,
    offline: bool,
) -> BookingOutcome:
    slot_id = str(request.slot_id)
    slot = judge_slot(calendars, office_days, policy, slot_id, now, offline)
    if not isinstance(slot, Slot):
        return refused(slot)
    state = _slot_state(conn, slot_id, case_number, slot.service)
    problem = _claim_problem(state, policy, device_id, now, offline)
    if problem is not None:
        return refused(problem)
    if state.existing is not None:
        return refused("already_booked", state.existing)
    try:
        with conn.begin_nested():
            conn.execute(delete(slot_leases).where(slot_leases.c.slot_id == slot_id))
            conn.execute(
                insert(bookings).values(
                    booking_id=request.booking_id,
                    case_number=case_number,
                    service=slot.service,
                    slot_id=slot_id,
                    start=slot.start,
                    active=True,
                    source=OFFLINE if offline else ONLINE,
                    device_id=device_id,
                    created_at=now,
                    updated_at=now,
                )
            )
    except IntegrityError:
        return _conflict(conn, slot_id, case_number, slot.service)
    refresh_bookings(conn, case_number)
    return BookingOutcome(outcome="booked", booking=_booking_info(request.booking_id, slot))


def _move(
    conn: Connection,
    policy: BookingPolicy,
    calendars: Mapping[str, ServiceCalendar],
    office_days: OfficeDays,
    slot_id: str,
    row: Row[Any],
    device_id: str,
    now: datetime,
    offline: bool,
) -> BookingOutcome:
    if row.slot_id == slot_id:  # a repeat, or a move to where it already is
        return BookingOutcome(outcome="moved", booking=_info(row))
    slot = judge_slot(calendars, office_days, policy, slot_id, now, offline)
    if not isinstance(slot, Slot):
        return refused(slot)
    if slot.service != row.service:
        return refused("not_found")  # a booking moves within its service (core rule)
    problem = _claim_problem(_slot_state(conn, slot_id), policy, device_id, now, offline)
    if problem is not None:
        return refused(problem)
    try:
        with conn.begin_nested():
            conn.execute(delete(slot_leases).where(slot_leases.c.slot_id == slot_id))
            conn.execute(
                update(bookings)
                .where(bookings.c.booking_id == row.booking_id)
                .values(slot_id=slot_id, start=slot.start, device_id=device_id, updated_at=now)
            )
    except IntegrityError:
        return _conflict(conn, slot_id, row.case_number, slot.service)
    refresh_bookings(conn, row.case_number)
    return BookingOutcome(outcome="moved", booking=_booking_info(row.booking_id, slot))


def _cancel(
    conn: Connection,
    request: BookingRequest,
    case_number: str,
    row: Row[Any] | None,
    device_id: str,
    now: datetime,
) -> BookingOutcome:
    if row is None:
        # Cancelled before its booking arrived (or it never will): the id is used up, so a
        # late ``book`` with it is refused and the resident's cancellation wins.
        conn.execute(
            insert(bookings).values(
                booking_id=request.booking_id,
                case_number=case_number,
                active=False,
                source=CANCELLED_FIRST,
                device_id=device_id,
                created_at=now,
                updated_at=now,
            )
        )
        return BookingOutcome(outcome="cancelled")
    if row.active:
        conn.execute(
            update(bookings)
            .where(bookings.c.booking_id == row.booking_id)
            .values(active=False, updated_at=now)
        )
        refresh_bookings(conn, case_number)
    return BookingOutcome(outcome="cancelled")


@dataclass(frozen=True)
class SlotState:
    booked: str | None  # the active booking in the slot
    lease_device: str | None
    lease_expires: datetime | None
    existing: str | None  # the case's active booking of the service (when asked)


def _slot_state(
    conn: Connection, slot_id: str, case_number: str | None = None, service: str | None = None
) -> SlotState:
    """Who holds the slot, and the case's active booking of the service: one statement."""
    lease = slot_leases.c.slot_id == slot_id
    columns = [
        select(bookings.c.booking_id)
        .where(bookings.c.slot_id == slot_id, ACTIVE)
        .limit(1)
        .scalar_subquery()
        .label("booked"),
        select(slot_leases.c.device_id).where(lease).scalar_subquery().label("lease_device"),
        select(slot_leases.c.expires_at).where(lease).scalar_subquery().label("lease_expires"),
    ]
    if case_number is not None:
        columns.append(
            select(bookings.c.booking_id)
            .where(bookings.c.case_number == case_number, bookings.c.service == service, ACTIVE)
            .scalar_subquery()
            .label("existing")
        )
    row = conn.execute(select(*columns)).one()
    return SlotState(
        row.booked,
        row.lease_device,
        row.lease_expires,
        row.existing if case_number is not None else None,
    )


def _claim_problem(
    state: SlotState, policy: BookingPolicy, device_id: str, now: datetime, offline: bool
) -> BookingRefusal | None:
    """Why this device cannot take the slot now, or None."""
    if state.booked is not None:
        return "slot_taken"
    if state.lease_device is not None and state.lease_device == device_id:
        return None  # its own lease, even if expired but not yet reclaimed
    if state.lease_expires is not None and as_utc(state.lease_expires) + policy.lease_grace > now:
        return "slot_taken"  # another kiosk's lease, not yet reclaimable
    return "lease_not_held" if offline else None


def _active_for(conn: Connection, case_number: str, service: str) -> str | None:
    found = conn.execute(
        select(bookings.c.booking_id).where(
            bookings.c.case_number == case_number,
            bookings.c.service == service,
            ACTIVE,
        )
    ).scalar_one_or_none()
    return None if found is None else str(found)


def _conflict(conn: Connection, slot_id: str, case_number: str, service: str) -> BookingOutcome:
    """The unique index refused the write (the savepoint was rolled back): say which one."""
    existing = _active_for(conn, case_number, service)
    if existing is not None:
        taken = conn.execute(
            select(bookings.c.booking_id).where(bookings.c.slot_id == slot_id, ACTIVE)
        ).first()
        if taken is None:
            return refused("already_booked", existing)
    return refused("slot_taken")


def _booking_info(booking_id: str, slot: Slot) -> BookingInfo:
    return BookingInfo(booking_id=booking_id, service=slot.service, start=slot.start)


def _info(row: Row[Any]) -> BookingInfo:
    return BookingInfo(booking_id=row.booking_id, service=row.service, start=row.start)


# --- the day's appointments, for staff --------------------------------------------------------


def day_bookings(conn: Connection, day: date, state: str) -> list[BookingOut]:
    """Active bookings starting on ``day`` (office-local), by time, service and desk; marked
    ``closed`` when the office is closed that day (a holiday of ``state`` or a closure)."""
    calendars: Mapping[str, ServiceCalendar] = load_calendars(conn)
    closed = load_office_days(conn, state).closed(day)
    first = datetime.combine(day, time())
    rows = conn.execute(
        select(bookings)
        .where(
            ACTIVE,
            bookings.c.start >= first,
            bookings.c.start < first + timedelta(days=1),
        )
        .order_by(bookings.c.start, bookings.c.service, bookings.c.slot_id)
    ).all()
    out = []
    for row in rows:
        calendar = calendars.get(row.service)
        duration = calendar.duration if calendar else SERVICES[row.service].duration
        out.append(
            BookingOut(
                booking_id=row.booking_id,
                start=row.start,
                end=row.start + duration,
                service=row.service,
                slot_id=row.slot_id,
                case_number=row.case_number,
                source=row.source,
                device_id=row.device_id,
                closed=None if closed is None else closed.reason or CLOSED,
            )
        )
    return out


CLOSED = "Schließtag"  # staff see German; a closure entered without a reason
CSV_COLUMNS = (
    "date",
    "time",
    "end",
    "service",
    "desk",
    "case_number",
    "source",
    "booking_id",
    "closed",  # last, so spreadsheets made before it keep their columns
)


def bookings_csv(rows: list[BookingOut]) -> str:
    """``;``-separated (what spreadsheets in a German locale open directly), one row a booking."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(
            (
                f"{row.start:%Y-%m-%d}",
                f"{row.start:%H:%M}",
                f"{row.end:%H:%M}",
                row.service,
                Slot.parse(row.slot_id).counter,
                row.case_number,
                row.source,
                row.booking_id,
                row.closed or "",
            )
        )
    return buffer.getvalue()
