"""What the kiosk's booking screens need from whoever books (the contract between the Qt layer
and ``kiosk_app.appointment_desk``): plain data and one Protocol, no I/O here.

Errors are the typed ``KioskError``s of ``booking`` and ``leases`` plus ``BookingUnconfirmed``;
``messages`` maps each to a sentence in the resident's language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from .errors import KioskError


class BookingUnconfirmed(KioskError):
    """The office did not answer in time and no slot leased to this kiosk could take over:
    nothing was booked (a late success at the office is cancelled again), try again."""


class MoveUnconfirmed(BookingUnconfirmed):
    """A move was sent but its answer never came: the appointment is at the old time or the
    new one, and the kiosk shows which as soon as the office's update arrives."""


@dataclass(frozen=True)
class Appointment:
    booking_id: str
    service: str  # service code; its name comes from the catalog
    start: datetime  # office-local wall time
    # Made at this kiosk while offline (or just now) and not yet confirmed back by the feed.
    # It is final all the same: it came from a slot leased to this kiosk.
    pending_sync: bool = False


def office_only_appointment(
    next_appointment: datetime | None, bookings: Iterable[Appointment]
) -> datetime | None:
    """The case's next appointment from the back-office, unless it is one of ``bookings``.

    The gateway sends a case's first booking as its next appointment, and a booking at the
    office's appointment time is that same visit: either way it is shown once, as the booking.
    Pass the bookings synced with the case as well as those the desk shows now, so a booking
    cancelled or moved here a moment ago does not come back as the office's appointment.
    """
    if next_appointment is None:
        return None
    minute = wall_minute(next_appointment)
    if any(wall_minute(booking.start) == minute for booking in bookings):
        return None
    return next_appointment


def wall_minute(value: datetime) -> datetime:
    """Office-local wall time to the minute (appointments start on whole minutes)."""
    return value.replace(tzinfo=None, second=0, microsecond=0)


@dataclass(frozen=True)
class DayFree:
    day: date
    free: int  # slots this kiosk can book on that day right now


@dataclass(frozen=True)
class TimeChoice:
    slot_id: str
    start: datetime


@dataclass(frozen=True)
class BookingConfirmation:
    appointment: Appointment
    offline: bool  # booked from a lease without reaching the office


class AppointmentDesk(Protocol):
    """Reads (``days``, ``times``, ``appointments``) come from the cache and return at once.
    Writes (``book``, ``move``, ``cancel``) may talk to the gateway with a short timeout, so the
    Qt layer calls them off the GUI thread."""

    @property
    def online(self) -> bool: ...

    def days(self, service: str) -> list[DayFree]: ...

    def times(self, service: str, day: date) -> list[TimeChoice]: ...

    def appointments(self, lookup_key: bytes) -> list[Appointment]: ...

    def book(self, lookup_key: bytes, slot_id: str) -> BookingConfirmation: ...

    def move(self, lookup_key: bytes, booking_id: str, slot_id: str) -> BookingConfirmation: ...

    def cancel(self, lookup_key: bytes, booking_id: str) -> None: ...
