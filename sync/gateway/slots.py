"""The slot calendar as the gateway knows it: working hours, durations and counters (desks) from
the ``services`` table, closed days (the state's public holidays and the ``closure_days`` table),
the booking window in the office's time zone, and which slots are free.

Slot ids and the window are the core's (``kiosk_app.core.booking``), so kiosk and gateway name
and judge slots alike. The calendar of a service and day is cached (it only depends on the
service's row and the day); free slots are that calendar minus one query of taken ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, select, union_all

from kiosk_app.core.booking import (
    DEFAULT_HOURS,
    SERVICES,
    BookingWindow,
    OfficeClosed,
    OutsideBookingWindow,
    Slot,
)
from kiosk_app.core.office_days import OfficeDays

from .admin_models import WEEKDAYS
from .tables import ACTIVE, bookings, closure_days, services, slot_leases

DEFAULT_COUNTERS = 2
Hours = tuple[tuple[tuple[time, time], ...], ...]  # Monday=0 … Sunday=6 → opening periods


@dataclass(frozen=True)
class ServiceCalendar:
    """One bookable service: its duration, opening periods per weekday and desks."""

    code: str
    duration: timedelta
    hours: Hours
    counters: int

    def slots(self, day: date) -> tuple[Slot, ...]:
        return _day_slots(self, day)

    def slot_ids(self, day: date) -> frozenset[str]:
        return _day_slot_ids(self, day)


@lru_cache(maxsize=4096)
def _day_slots(calendar: ServiceCalendar, day: date) -> tuple[Slot, ...]:
    """Back to back within each opening period, one slot per counter (as ``slots_for_day``,
    with the duration the office configured)."""
    found: list[Slot] = []
    for opens, closes in calendar.hours[day.weekday()]:
        start = datetime.combine(day, opens)
        while start + calendar.duration <= datetime.combine(day, closes):
            found.extend(Slot(calendar.code, start, n) for n in range(1, calendar.counters + 1))
            start += calendar.duration
    return tuple(found)


@lru_cache(maxsize=4096)
def _day_slot_ids(calendar: ServiceCalendar, day: date) -> frozenset[str]:
    return frozenset(slot.slot_id for slot in _day_slots(calendar, day))


def _hours(working_hours: Mapping[str, Iterable[Iterable[str]]]) -> Hours:
    by_day: list[tuple[tuple[time, time], ...]] = []
    for name in WEEKDAYS:
        spans = [tuple(span) for span in working_hours.get(name, ())]
        by_day.append(
            tuple(
                (time.fromisoformat(opens), time.fromisoformat(closes)) for opens, closes in spans
            )
        )
    return tuple(by_day)


def _default_calendars() -> dict[str, ServiceCalendar]:
    hours = tuple(DEFAULT_HOURS.get(day, ()) for day in range(7))
    return {
        code: ServiceCalendar(code, service.duration, hours, DEFAULT_COUNTERS)
        for code, service in SERVICES.items()
    }


def load_calendars(conn: Connection) -> dict[str, ServiceCalendar]:
    """The bookable services: the office's ``services`` rows for services the core knows (a slot
    id must parse on the kiosk too); the core's defaults when the table is empty."""
    rows = conn.execute(
        select(
            services.c.code,
            services.c.duration_minutes,
            services.c.working_hours,
            services.c.counters,
        )
    ).all()
    if not rows:
        return _default_calendars()
    return {
        row.code: ServiceCalendar(
            row.code,
            timedelta(minutes=int(row.duration_minutes)),
            _hours(row.working_hours),
            int(row.counters),
        )
        for row in rows
        if row.code in SERVICES
    }


def load_office_days(conn: Connection, state: str) -> OfficeDays:
    """The state's public holidays and every closure day staff entered (a handful a year).
    Read after the feed lock by writers, so a closure committed just before is seen."""
    rows = conn.execute(select(closure_days.c.day, closure_days.c.reason)).all()
    return OfficeDays(state, {row.day: row.reason for row in rows})


@dataclass(frozen=True)
class OfficeClock:
    """The office's calendar day and wall time for a gateway instant (UTC)."""

    timezone: str
    window: BookingWindow

    def local(self, now: datetime) -> datetime:
        """Office-local wall time, naive (like ``Slot.start``)."""
        return now.astimezone(ZoneInfo(self.timezone)).replace(tzinfo=None)

    def today(self, now: datetime) -> date:
        return self.local(now).date()

    def days(self, now: datetime) -> list[date]:
        return self.window.days(self.today(now))


def bookable_slot(
    calendars: Mapping[str, ServiceCalendar],
    slot_id: str,
    clock: OfficeClock,
    now: datetime,
    *,
    office_days: OfficeDays,
    check_window: bool = True,
) -> Slot:
    """The slot named by ``slot_id`` if it is in its service's calendar (and, unless told
    otherwise, in the booking window); else ``OutsideBookingWindow``. Without the window check
    the slot must still lie in the future (an offline booking arriving late). On a closed day
    ``OfficeClosed``, also for an offline booking: a lease on a day closed since is not
    honoured."""
    slot = Slot.parse(slot_id)
    calendar = calendars.get(slot.service)
    if calendar is None or slot_id not in calendar.slot_ids(slot.start.date()):
        raise OutsideBookingWindow(slot_id)
    if check_window:
        if not clock.window.contains(slot, clock.today(now)):
            raise OutsideBookingWindow(slot_id)
    elif slot.start <= clock.local(now):
        raise OutsideBookingWindow(slot_id)
    if office_days.is_closed(slot.start.date()):
        raise OfficeClosed(slot_id)
    return slot


def calendar_slot_ids(calendars: Mapping[str, ServiceCalendar], days: Iterable[date]) -> list[str]:
    """Every slot of every service on ``days``, day by day."""
    ordered = sorted(calendars.values(), key=lambda calendar: calendar.code)
    return _calendar_ids(tuple(ordered), tuple(days))


@lru_cache(maxsize=16)
def _calendar_ids(calendars: tuple[ServiceCalendar, ...], days: tuple[date, ...]) -> list[str]:
    return [slot.slot_id for day in days for calendar in calendars for slot in calendar.slots(day)]


def taken_slot_ids(conn: Connection, first_day: date, now: datetime, grace: timedelta) -> set[str]:
    """Slots from ``first_day`` on that are booked, or leased to a kiosk and not yet
    reclaimable (a lease counts until its expiry plus the grace period)."""
    booked = select(bookings.c.slot_id).where(
        ACTIVE, bookings.c.start >= datetime.combine(first_day, time())
    )
    leased = select(slot_leases.c.slot_id).where(slot_leases.c.expires_at >= now - grace)
    return {str(slot_id) for slot_id in conn.execute(union_all(booked, leased)).scalars()}
