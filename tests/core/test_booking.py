"""Booking rules shared by kiosk and gateway."""

from datetime import date, datetime, time, timedelta

import pytest

from kiosk_app.core.booking import (
    SERVICES,
    AlreadyBookedForService,
    BookingBook,
    BookingNotFound,
    BookingWindow,
    OutsideBookingWindow,
    Slot,
    SlotTaken,
    slots_for_day,
)

TODAY = date(2026, 11, 26)  # a Thursday
MONDAY = date(2026, 11, 30)
A, B = "a" * 64, "b" * 64


def test_slots_fill_opening_hours_back_to_back() -> None:
    slots = slots_for_day("application", MONDAY)  # 30 min; 8-12 and 13-15:30
    assert [s.start.time().isoformat("minutes") for s in slots[:3]] == ["08:00", "08:30", "09:00"]
    assert len(slots) == 8 + 5
    assert slots[-1].end == datetime.combine(MONDAY, time(15, 30))  # the last one fits exactly
    assert slots_for_day("application", date(2026, 11, 29)) == []  # Sunday


def test_every_service_has_a_duration() -> None:
    assert {s.duration.total_seconds() // 60 for s in SERVICES.values()} <= {10, 15, 20, 30}


def test_window_is_tomorrow_to_28_days() -> None:
    window = BookingWindow()
    assert window.days(TODAY)[0] == TODAY + timedelta(days=1)
    assert window.days(TODAY)[-1] == TODAY + timedelta(days=28)
    today_slot = Slot("consultation", datetime.combine(TODAY, datetime.min.time()))
    with pytest.raises(OutsideBookingWindow):
        BookingBook().book("1", A, today_slot, TODAY)


def test_slot_ids_round_trip_and_malformed_ones_are_refused() -> None:
    for slot in slots_for_day("biometrics", MONDAY, counters=2)[:6]:
        assert Slot.parse(slot.slot_id) == slot
    for bad in (
        "biometrics@2026-11-30T08:15:00#1",  # seconds
        "biometrics@2026-11-30T08+01#1",  # an offset
        "biometrics@2026-11-30 08:15#1",  # a space for the T
        "biometrics@2026-1-30T08:15#1",  # unpadded
        "biometrics@2026-11-3xT08:15#1",
        "biometrics@2026-11-30T08:15#0",
        "unknown@2026-11-30T08:15#1",
        "biometrics-2026-11-30T08:15#1",
    ):
        with pytest.raises(OutsideBookingWindow):
            Slot.parse(bad)


def test_one_active_booking_per_case_and_service_and_no_double_booking() -> None:
    book = BookingBook()
    first, second, third = slots_for_day("biometrics", MONDAY)[:3]
    book.book("1", A, first, TODAY)
    with pytest.raises(SlotTaken):
        book.book("2", B, first, TODAY)
    with pytest.raises(AlreadyBookedForService) as already:
        book.book("3", A, second, TODAY)
    assert already.value.booking_id == "1"
    book.book("4", A, slots_for_day("card_pickup", MONDAY)[0], TODAY)  # another service: fine
    moved = book.move("1", A, third, TODAY)
    assert moved.slot == third
    book.book("5", B, first, TODAY)  # the old slot is free again
    book.cancel("1", A)
    book.book("6", A, second, TODAY)  # cancelled: a new booking is allowed


def test_only_the_case_that_booked_can_move_or_cancel() -> None:
    book = BookingBook()
    slot = slots_for_day("consultation", MONDAY)[0]
    book.book("1", A, slot, TODAY)
    with pytest.raises(BookingNotFound):
        book.cancel("1", B)
    with pytest.raises(BookingNotFound):
        book.move("1", A, slots_for_day("card_pickup", MONDAY)[1], TODAY)  # other service
