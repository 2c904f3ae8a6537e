"""The office's next appointment and the case's bookings are one list: a booking at the
office's appointment time is that appointment, shown once (issue 12, item 6)."""

from __future__ import annotations

from datetime import UTC, datetime

from kiosk_app.core.appointments import Appointment, office_only_appointment

OFFICE = datetime(2026, 12, 8, 9, 10)


def booking(start: datetime) -> Appointment:
    return Appointment("a" * 32, "biometrics", start)


def test_an_appointment_set_by_the_office_alone_is_shown() -> None:
    assert office_only_appointment(OFFICE, []) == OFFICE
    assert office_only_appointment(OFFICE, [booking(datetime(2026, 12, 9, 9, 10))]) == OFFICE


def test_a_booking_at_the_same_minute_is_the_same_appointment() -> None:
    assert office_only_appointment(OFFICE, [booking(OFFICE)]) is None
    # The feed writes seconds; a time zone on either side does not make it another visit.
    assert office_only_appointment(OFFICE.replace(second=0), [booking(OFFICE)]) is None
    assert office_only_appointment(OFFICE.replace(tzinfo=UTC), [booking(OFFICE)]) is None


def test_no_office_appointment_means_none() -> None:
    assert office_only_appointment(None, [booking(OFFICE)]) is None
