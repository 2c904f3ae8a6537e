"""Appointment rules shared by kiosk and gateway (issue "Appointment booking"): services and
their durations, the slot calendar, the booking window, one active booking per case and
service, moving and cancelling. Leases live in ``leases.py``; closed days (public holidays,
closure days) in ``office_days.py``.

Durations and working hours are configuration (DOMAIN.md); these are the demo defaults.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from .catalog import SERVICES as SERVICE_NAMES
from .errors import KioskError
from .office_days import OfficeDays


class SlotTaken(KioskError):
    """Someone else booked this slot first."""


class AlreadyBookedForService(KioskError):
    """The case already holds an active booking for this service: move it instead."""

    def __init__(self, booking_id: str) -> None:
        super().__init__(booking_id)
        self.booking_id = booking_id


class OutsideBookingWindow(KioskError):
    """The slot is too soon or too far ahead."""


class OfficeClosed(OutsideBookingWindow):
    """The office is closed that day (a public holiday or a closure day). A kind of
    ``OutsideBookingWindow``: whoever treats a slot as not bookable treats this one so too."""


class BookingNotFound(KioskError):
    """No active booking with this id for this case."""


@dataclass(frozen=True)
class Service:
    code: str
    name: str  # N_ constant, translated where shown
    duration: timedelta


# Minutes per appointment (DOMAIN.md; configuration at a real office). Names come from the
# catalog, so a service is named the same on the checklist and in the booking flow.
DURATIONS: dict[str, timedelta] = {
    "card_pickup": timedelta(minutes=15),
    "hand_in_documents": timedelta(minutes=10),
    "biometrics": timedelta(minutes=20),
    "fiktion_certificate": timedelta(minutes=15),
    "application": timedelta(minutes=30),
    "consultation": timedelta(minutes=20),
    "formal_obligation": timedelta(minutes=20),
}
SERVICES: dict[str, Service] = {
    code: Service(code, SERVICE_NAMES[code], duration) for code, duration in DURATIONS.items()
}


@dataclass(frozen=True)
class Slot:
    service: str
    start: datetime  # local office time, naive
    counter: int = 1

    @property
    def slot_id(self) -> str:
        return f"{self.service}@{self.start:%Y-%m-%dT%H:%M}#{self.counter}"

    @property
    def end(self) -> datetime:
        return self.start + SERVICES[self.service].duration

    @classmethod
    def parse(cls, slot_id: str) -> Slot:
        """The inverse of ``slot_id``; raises ``OutsideBookingWindow`` for a malformed id or
        an unknown service (a slot that is not in any calendar)."""
        try:
            service, rest = slot_id.split("@", 1)
            start_text, counter_text = rest.split("#", 1)
            start = _slot_start(start_text)
            counter = int(counter_text)
        except ValueError:
            raise OutsideBookingWindow(slot_id) from None
        if service not in SERVICES or counter < 1:
            raise OutsideBookingWindow(slot_id)
        return cls(service, start, counter)


def _slot_start(text: str) -> datetime:
    """The start in a slot id, exactly ``YYYY-MM-DDTHH:MM``. ``fromisoformat`` is ~20x quicker
    than ``strptime`` (a kiosk parses thousands of free slots on each refresh); the shape check
    keeps it as strict (no seconds, offsets or other ISO forms)."""
    if len(text) != 16 or text[4] != "-" or text[7] != "-" or text[10] != "T" or text[13] != ":":
        raise ValueError(f"not a slot start: {text!r}")
    return datetime.fromisoformat(text)


# Monday=0 … Sunday=6 → opening periods; the office's real hours are configuration.
DEFAULT_HOURS: Mapping[int, tuple[tuple[time, time], ...]] = {
    0: ((time(8, 0), time(12, 0)), (time(13, 0), time(15, 30))),
    1: ((time(8, 0), time(12, 0)), (time(13, 0), time(18, 0))),
    2: ((time(8, 0), time(12, 0)),),
    3: ((time(8, 0), time(12, 0)), (time(13, 0), time(15, 30))),
    4: ((time(8, 0), time(12, 0)),),
}


DEFAULT_OFFICE_DAYS = OfficeDays()  # the default state's public holidays, no closure days


def slots_for_day(
    service: str,
    day: date,
    hours: Mapping[int, tuple[tuple[time, time], ...]] = DEFAULT_HOURS,
    counters: int = 1,
    office_days: OfficeDays = DEFAULT_OFFICE_DAYS,
) -> list[Slot]:
    """Every slot of ``service`` on ``day``: back to back within each opening period; none on
    a day the office is closed."""
    if office_days.is_closed(day):
        return []
    duration = SERVICES[service].duration
    slots: list[Slot] = []
    for opens, closes in hours.get(day.weekday(), ()):
        start = datetime.combine(day, opens)
        while start + duration <= datetime.combine(day, closes):
            slots.extend(Slot(service, start, counter) for counter in range(1, counters + 1))
            start += duration
    return slots


@dataclass(frozen=True)
class BookingWindow:
    """By default from tomorrow to 28 days ahead."""

    first_day_offset: int = 1
    last_day_offset: int = 28

    def days(self, today: date) -> list[date]:
        return [
            today + timedelta(days=offset)
            for offset in range(self.first_day_offset, self.last_day_offset + 1)
        ]

    def contains(self, slot: Slot, today: date) -> bool:
        offset = (slot.start.date() - today).days
        return self.first_day_offset <= offset <= self.last_day_offset


@dataclass(frozen=True)
class Booking:
    booking_id: str
    lookup_key: str  # hex; a booking is bound to the case, not to a person's name
    slot: Slot
    cancelled: bool = False


@dataclass
class BookingBook:
    """The booking rules over one set of bookings (the gateway's table, or a kiosk's view)."""

    window: BookingWindow = field(default_factory=BookingWindow)
    bookings: dict[str, Booking] = field(default_factory=dict)
    office_days: OfficeDays = DEFAULT_OFFICE_DAYS

    def active(self) -> Iterable[Booking]:
        return (b for b in self.bookings.values() if not b.cancelled)

    def taken_slots(self) -> set[str]:
        return {b.slot.slot_id for b in self.active()}

    def active_for(self, lookup_key: str, service: str) -> Booking | None:
        return next(
            (b for b in self.active() if b.lookup_key == lookup_key and b.slot.service == service),
            None,
        )

    def book(self, booking_id: str, lookup_key: str, slot: Slot, today: date) -> Booking:
        """Book ``slot`` for the case; at most one active booking per case and service."""
        self._check_free(slot, today)
        existing = self.active_for(lookup_key, slot.service)
        if existing is not None:
            raise AlreadyBookedForService(existing.booking_id)
        booking = Booking(booking_id, lookup_key, slot)
        self.bookings[booking_id] = booking
        return booking

    def move(self, booking_id: str, lookup_key: str, slot: Slot, today: date) -> Booking:
        """Move an active booking to another slot of the same service."""
        current = self._own(booking_id, lookup_key)
        if slot.service != current.slot.service:
            raise BookingNotFound(booking_id)
        self._check_free(slot, today)
        moved = replace(current, slot=slot)
        self.bookings[booking_id] = moved
        return moved

    def cancel(self, booking_id: str, lookup_key: str) -> Booking:
        cancelled = replace(self._own(booking_id, lookup_key), cancelled=True)
        self.bookings[booking_id] = cancelled
        return cancelled

    def _own(self, booking_id: str, lookup_key: str) -> Booking:
        booking = self.bookings.get(booking_id)
        if booking is None or booking.cancelled or booking.lookup_key != lookup_key:
            raise BookingNotFound(booking_id)
        return booking

    def _check_free(self, slot: Slot, today: date) -> None:
        if not self.window.contains(slot, today):
            raise OutsideBookingWindow(slot.slot_id)
        if self.office_days.is_closed(slot.start.date()):
            raise OfficeClosed(slot.slot_id)
        if slot.slot_id in self.taken_slots():
            raise SlotTaken(slot.slot_id)
