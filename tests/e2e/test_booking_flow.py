"""Booking at the real QML kiosk over a real demo cache and the real appointment desk: look up a
case, book (service, day, time, confirm), see the confirmation, find the appointment on the
result, move it, cancel it. Offline, from slots leased to this kiosk (the cache holds no
gateway, so every write takes the desk's offline path); online against a gateway on loopback.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QGuiApplication
from PySide6.QtQuick import QQuickItem
from pytestqt.qtbot import QtBot
from qt_fixtures import FakeClock, find_item, sample_with, screen_text, tap
from test_lookup_flow import look_up, start_in_english

from kiosk_app.backend import KioskBackend
from kiosk_app.core.booking import BookingWindow, slots_for_day
from kiosk_app.core.i18n import _
from kiosk_app.core.leases import NoFreeSlotOffline
from kiosk_app.core.messages import user_message
from kiosk_app.qt.app import KioskUi
from kiosk_app.store.leases import LeaseStore

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "printing"))
from readback import qr_texts

SERVICE = "biometrics"


def lease_days(count: int = 2) -> list[date]:
    """The first ``count`` office days in the booking window."""
    days = [d for d in BookingWindow().days(date.today()) if slots_for_day(SERVICE, d)]
    return days[:count]


def grant_leases(backend: KioskBackend, per_day: int = 3, days: int = 2) -> list[str]:
    """Lease this kiosk a few slots, as the gateway would; returns their ids."""
    expires = datetime.now(UTC) + timedelta(hours=6)
    slot_ids = [
        slot.slot_id for day in lease_days(days) for slot in slots_for_day(SERVICE, day)[:per_day]
    ]
    LeaseStore(backend.cache.connection).apply_grant((slot_id, expires) for slot_id in slot_ids)
    return slot_ids


@pytest.fixture
def desk_ready(backend: KioskBackend) -> Iterator[KioskBackend]:
    if getattr(type(backend), "desk", None) is None:
        pytest.skip("the backend has no appointment desk yet")
    yield backend


def scroll_to(ui: KioskUi, name: str) -> QQuickItem:
    """Bring an item of a scrolling screen into view, as a resident's swipe would."""
    item = find_item(ui, name)
    flick = item.parentItem()
    while flick is not None and flick.property("contentY") is None:
        flick = flick.parentItem()
    if flick is not None:
        top = item.mapToItem(flick.property("contentItem"), QPointF(0, 0)).y()
        room = max(0.0, float(flick.property("contentHeight")) - flick.height())
        flick.setProperty("contentY", min(room, max(0.0, top - flick.height() / 3)))
    return find_item(ui, name)


def tap_in_view(ui: KioskUi, name: str) -> None:
    scroll_to(ui, name)
    tap(ui, name)


def wait_for_screen(ui: KioskUi, qtbot: QtBot, screen: str) -> None:
    qtbot.waitUntil(lambda: ui.flow_vm.screen == screen, timeout=10_000)


def free_days(ui: KioskUi) -> list[str]:
    return [str(cell["iso"]) for cell in ui.booking_vm.calendar if cell["enabled"]]


def screen_qr(ui: KioskUi) -> list[str]:
    find_item(ui, "checklist_qr")
    image = QGuiApplication.primaryScreen().grabWindow(ui.window.winId()).toImage()
    return qr_texts(image)


def open_result(kiosk: KioskUi, backend: KioskBackend) -> None:
    sample = sample_with(backend, "appointment_required")
    start_in_english(kiosk)
    look_up(kiosk, sample.case_number, sample.birth_date)
    assert kiosk.flow_vm.screen == "result"


def book_through_the_screens(kiosk: KioskUi, qtbot: QtBot) -> tuple[str, str]:
    """From the result: service, first free day, first time, confirm. Returns (day, time)."""
    tap_in_view(kiosk, "book_appointment")
    assert kiosk.flow_vm.screen == "book_service"
    tap_in_view(kiosk, f"service_{SERVICE}")
    assert kiosk.flow_vm.screen == "book_day"
    day = free_days(kiosk)[0]
    tap_in_view(kiosk, f"day_{day}")
    assert kiosk.flow_vm.screen == "book_time"
    tap_in_view(kiosk, "time_0")
    assert kiosk.flow_vm.screen == "book_confirm"
    shown = (screen_text(kiosk, "booking_title"), kiosk.booking_vm.timeText)
    assert shown[0] == _("Please check your appointment")
    day_text, time_text = kiosk.booking_vm.dayText, kiosk.booking_vm.timeText
    tap_in_view(kiosk, "confirm_booking")
    wait_for_screen(kiosk, qtbot, "booked")
    return day_text, time_text


def test_book_move_and_cancel_offline_from_leases(
    kiosk: KioskUi, desk_ready: KioskBackend, qtbot: QtBot
) -> None:
    backend = desk_ready
    grant_leases(backend)
    open_result(kiosk, backend)
    assert screen_text(kiosk, "no_appointments") == _("You have no appointment booked.")

    # Book: the confirmation says when, that it is final offline, and shows the code.
    day_text, time_text = book_through_the_screens(kiosk, qtbot)
    assert screen_text(kiosk, "booked_date") == day_text
    assert screen_text(kiosk, "booked_time") == time_text
    assert find_item(kiosk, "booked_offline").isVisible()
    assert screen_text(kiosk, "booked_offline") == _(
        "Booked at this kiosk. It is final and will reach the office automatically."
    )
    assert screen_qr(kiosk) == [kiosk.booking_vm.reference]

    # Back on the result, the appointment is listed, marked as on its way to the office.
    tap_in_view(kiosk, "booking_finish")
    assert kiosk.flow_vm.screen == "result"
    assert screen_text(kiosk, "appointment_when") == _("{date} at {time}").format(
        date=day_text, time=time_text
    )
    assert find_item(kiosk, "appointment_pending").isVisible()

    # Move: straight to the day (same service), another leased day, then confirm.
    tap_in_view(kiosk, "move_0")
    assert kiosk.flow_vm.screen == "book_day" and kiosk.booking_vm.mode == "move"
    other_day = free_days(kiosk)[-1]
    tap_in_view(kiosk, f"day_{other_day}")
    tap_in_view(kiosk, "time_0")
    moved_day, moved_time = kiosk.booking_vm.dayText, kiosk.booking_vm.timeText
    assert moved_day != day_text
    tap_in_view(kiosk, "confirm_booking")
    wait_for_screen(kiosk, qtbot, "booked")
    assert screen_text(kiosk, "booking_title") == _("Your appointment is moved")
    tap_in_view(kiosk, "booking_finish")
    assert screen_text(kiosk, "appointment_when") == _("{date} at {time}").format(
        date=moved_day, time=moved_time
    )

    # Cancel: asked once; "keep it" changes nothing, "yes" cancels.
    tap_in_view(kiosk, "cancel_0")
    assert kiosk.flow_vm.screen == "cancel_confirm"
    tap_in_view(kiosk, "keep_appointment")
    assert kiosk.flow_vm.screen == "result" and len(kiosk.result_vm.appointments) == 1
    tap_in_view(kiosk, "cancel_0")
    tap_in_view(kiosk, "confirm_cancel")
    wait_for_screen(kiosk, qtbot, "result")
    assert screen_text(kiosk, "no_appointments") == _("You have no appointment booked.")
    assert find_item(kiosk, "booking_notice").isVisible()
    assert kiosk.qml_errors == []


def test_offline_without_leases_says_so_and_offers_another_day(
    kiosk: KioskUi, desk_ready: KioskBackend, qtbot: QtBot
) -> None:
    backend = desk_ready
    granted = grant_leases(backend, per_day=1, days=1)
    open_result(kiosk, backend)
    tap_in_view(kiosk, "book_appointment")
    tap_in_view(kiosk, f"service_{SERVICE}")
    assert len(free_days(kiosk)) == 1
    tap_in_view(kiosk, f"day_{free_days(kiosk)[0]}")
    tap_in_view(kiosk, "time_0")
    # Meanwhile the only lease is used up (another resident, an expiry): the desk refuses.
    LeaseStore(backend.cache.connection).apply_grant([])
    assert granted
    tap_in_view(kiosk, "confirm_booking")
    qtbot.waitUntil(lambda: kiosk.booking_vm.errorText != "", timeout=10_000)
    assert kiosk.flow_vm.screen == "book_confirm"
    assert screen_text(kiosk, "booking_error") in {
        user_message(NoFreeSlotOffline(SERVICE)),
        _("This time is no longer free at this kiosk. Please choose another one."),
    }
    tap_in_view(kiosk, "booking_next_option")
    assert kiosk.flow_vm.screen in {"book_day", "book_time"}
    assert kiosk.booking_vm.errorText == ""


def test_start_over_and_idle_clear_the_booking(
    kiosk: KioskUi, desk_ready: KioskBackend, qtbot: QtBot, clock: FakeClock
) -> None:
    backend = desk_ready
    grant_leases(backend)
    open_result(kiosk, backend)
    book_through_the_screens(kiosk, qtbot)
    assert kiosk.booking_vm.hasConfirmation

    clock.advance(kiosk.idle.policy.timeout_s + 1)
    kiosk.idle.tick()
    assert kiosk.flow_vm.screen == "welcome"
    vm = kiosk.booking_vm
    assert not vm.hasConfirmation and not vm.canBook and vm.reference == ""
    assert vm.calendar == [] and vm.times == [] and vm.mode == "" and vm.notice == ""
    assert kiosk.result_vm.appointments == []
