"""Closed days (public holidays of the office's state, closure days staff enter) and the booking
rules over them, as kiosk and gateway both judge them. Fixed dates only."""

from datetime import date, datetime, time

import pytest

from kiosk_app.core.booking import (
    BookingBook,
    BookingWindow,
    OfficeClosed,
    OutsideBookingWindow,
    Slot,
    slots_for_day,
)
from kiosk_app.core.messages import user_message
from kiosk_app.core.office_days import OfficeDays, check_state, public_holidays

A = "a" * 64
HESSEN_2026 = {
    date(2026, 1, 1): "Neujahr",
    date(2026, 4, 3): "Karfreitag",
    date(2026, 4, 6): "Ostermontag",
    date(2026, 5, 1): "Erster Mai",
    date(2026, 5, 14): "Christi Himmelfahrt",
    date(2026, 5, 25): "Pfingstmontag",
    date(2026, 6, 4): "Fronleichnam",
    date(2026, 10, 3): "Tag der Deutschen Einheit",
    date(2026, 12, 25): "Erster Weihnachtstag",
    date(2026, 12, 26): "Zweiter Weihnachtstag",
}


def test_hessen_has_the_ten_public_holidays_of_domain_md_with_german_names() -> None:
    assert dict(public_holidays("HE", 2026)) == HESSEN_2026
    # Easter moves: Good Friday, Easter Monday and Corpus Christi of 2027 come from the library.
    assert {day for day, name in public_holidays("HE", 2027).items() if "Oster" in name} == {
        date(2027, 3, 29)
    }
    assert public_holidays("HE", 2027)[date(2027, 3, 26)] == "Karfreitag"
    assert public_holidays("HE", 2027)[date(2027, 5, 27)] == "Fronleichnam"


def test_the_state_is_configuration_not_code() -> None:
    # Corpus Christi is a holiday in Hessen, not in Berlin; Reformation Day the other way round
    # in Lower Saxony.
    assert date(2026, 6, 4) not in public_holidays("BE", 2026)
    assert date(2026, 10, 31) in public_holidays("NI", 2026)
    assert date(2026, 10, 31) not in public_holidays("HE", 2026)
    assert check_state("BY") == "BY"
    with pytest.raises(ValueError):
        check_state("XX")


def test_no_slot_on_a_public_holiday_in_hessen() -> None:
    for holiday in (
        date(2026, 4, 3),  # Good Friday
        date(2026, 4, 6),  # Easter Monday
        date(2026, 6, 4),  # Corpus Christi, a Thursday
        date(2026, 12, 25),  # Christmas Day, a Friday
        date(2027, 1, 1),  # New Year, a Friday
    ):
        assert holiday.weekday() < 5  # a working day but for the holiday
        assert slots_for_day("biometrics", holiday) == [], holiday
    assert slots_for_day("biometrics", date(2026, 4, 2))  # Maundy Thursday: open
    assert slots_for_day("biometrics", date(2026, 6, 4), office_days=OfficeDays("BE"))


def test_24_and_31_december_are_open_unless_the_office_closes_them() -> None:
    christmas_eve, new_years_eve = date(2026, 12, 24), date(2026, 12, 31)  # Thursdays
    assert slots_for_day("biometrics", christmas_eve)
    assert slots_for_day("biometrics", new_years_eve)
    office = OfficeDays("HE", {christmas_eve: "Heiligabend", new_years_eve: ""})
    assert slots_for_day("biometrics", christmas_eve, office_days=office) == []
    assert slots_for_day("biometrics", new_years_eve, office_days=office) == []
    assert slots_for_day("biometrics", date(2026, 12, 23), office_days=office)
    closed = office.closed(christmas_eve)
    assert closed is not None and (closed.reason, closed.public_holiday) == ("Heiligabend", False)
    holiday = office.closed(date(2026, 12, 25))
    assert holiday is not None and holiday.public_holiday
    window = BookingWindow().days(date(2026, 12, 21))  # 22 December to 18 January
    assert [day for day in window if day.month == 12 and day.weekday() < 5] == [
        date(2026, 12, d) for d in (22, 23, 24, 25, 28, 29, 30, 31)
    ]
    open_weekdays = [d for d in office.without_closed(window) if d.month == 12 and d.weekday() < 5]
    assert open_weekdays == [date(2026, 12, d) for d in (22, 23, 28, 29, 30)]
    assert date(2027, 1, 1) not in office.without_closed(window)


def test_booking_a_closed_day_is_refused_with_its_own_message() -> None:
    today = date(2026, 12, 21)
    book = BookingBook(office_days=OfficeDays("HE", {date(2026, 12, 24): "Heiligabend"}))
    for day in (date(2026, 12, 24), date(2026, 12, 25), date(2027, 1, 1)):
        with pytest.raises(OfficeClosed):
            book.book("1", A, Slot("biometrics", datetime.combine(day, time(8, 0))), today)
    booked = book.book("2", A, Slot("biometrics", datetime(2026, 12, 23, 8, 0)), today)
    with pytest.raises(OfficeClosed):
        book.move("2", A, Slot("biometrics", datetime(2026, 12, 25, 8, 0)), today)
    assert book.bookings["2"] == booked  # the refused move left it where it was
    # Beyond the window a holiday is refused as outside the window (the first reason wins).
    with pytest.raises(OutsideBookingWindow) as far:
        book.book("3", A, Slot("card_pickup", datetime(2027, 3, 26, 8, 0)), today)
    assert not isinstance(far.value, OfficeClosed)

    closed = user_message(OfficeClosed("slot"))
    assert "closed" in closed and closed != user_message(OutsideBookingWindow("slot"))
