"""Booking at the real QML kiosk over a real demo cache and the real appointment desk: look up a
case, book (service, day, time, confirm), see the confirmation, find the appointment on the
result, move it, cancel it. Offline, from slots leased to this kiosk (the cache holds no
gateway, so every write takes the desk's offline path); online against a gateway on loopback.
"""

from __future__ import annotations

import secrets
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest
from fixed_time import MovableClock, fixed_office_time, fixed_today
from PySide6.QtCore import QPointF
from PySide6.QtGui import QGuiApplication
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from qt_fixtures import FakeClock, find_item, sample_with, screen_text, tap
from test_lookup_flow import look_up, start_in_english

from kiosk_app.backend import KioskBackend, key_providers, open_backend
from kiosk_app.config import KioskConfig
from kiosk_app.core.booking import BookingWindow, slots_for_day
from kiosk_app.core.demo_cases import DemoCase, generate
from kiosk_app.core.flow import IdlePolicy
from kiosk_app.core.i18n import _
from kiosk_app.core.leases import NoFreeSlotOffline
from kiosk_app.core.lookup_key import derive_lookup_key
from kiosk_app.core.messages import user_message
from kiosk_app.qt.app import KioskUi, build_kiosk
from kiosk_app.store.connection import open_cache
from kiosk_app.store.free_slots import FreeSlotStore
from kiosk_app.store.keys import resolve_key
from kiosk_app.store.leases import LeaseStore
from sync.engine import EngineSettings
from sync.enroll import enroll_kiosk
from sync.gateway.database import make_engine
from sync.gateway.demo import seed_demo
from sync.gateway.server import GatewayServer
from sync.gateway.settings import GatewaySettings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "printing"))
from readback import pdf_words, qr_texts

SERVICE = "biometrics"


def lease_days(count: int = 2) -> list[date]:
    """The first ``count`` office days in the booking window."""
    days = [d for d in BookingWindow().days(fixed_today()) if slots_for_day(SERVICE, d)]
    return days[:count]


def grant_leases(backend: KioskBackend, per_day: int = 3, days: int = 2) -> list[str]:
    """Lease this kiosk a few slots, as the gateway would; returns their ids."""
    expires = backend.config.time.utc_now() + timedelta(hours=6)
    slot_ids = [
        slot.slot_id for day in lease_days(days) for slot in slots_for_day(SERVICE, day)[:per_day]
    ]
    LeaseStore(backend.cache.connection).apply_grant((slot_id, expires) for slot_id in slot_ids)
    return slot_ids


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


def assert_nothing_booked(kiosk: KioskUi) -> None:
    """No booking on the result; an appointment the office set stays listed, and then the
    result does not say there is none."""
    assert hidden(kiosk, "appointment_0")
    if hidden(kiosk, "office_appointment"):
        assert screen_text(kiosk, "no_appointments") == _("You have no appointment booked.")
    else:
        assert hidden(kiosk, "no_appointments")


def test_book_move_and_cancel_offline_from_leases(
    kiosk: KioskUi, backend: KioskBackend, qtbot: QtBot
) -> None:
    grant_leases(backend)
    open_result(kiosk, backend)
    assert_nothing_booked(kiosk)

    # Book: the confirmation says when, that it is final offline, and shows the code.
    day_text, time_text = book_through_the_screens(kiosk, qtbot)
    assert screen_text(kiosk, "booked_date") == day_text
    assert screen_text(kiosk, "booked_time") == time_text
    assert find_item(kiosk, "booked_offline").isVisible()
    assert screen_text(kiosk, "booked_offline") == _(
        "Booked at this kiosk. It is final and will reach the office automatically."
    )
    assert screen_qr(kiosk) == [kiosk.booking_vm.booked.reference]

    # Printed in English and German, with the appointment on it (the demo prints to PDF,
    # and says so).
    tap_in_view(kiosk, "booking_print")
    qtbot.waitUntil(lambda: not kiosk.booking_vm.booked.printing, timeout=10_000)
    pdf = backend.config.printout_dir / f"checklist-{kiosk.booking_vm.booked.reference}.pdf"
    assert screen_text(kiosk, "booking_print_message") == _(
        "No printer is connected (demo): your appointment confirmation was saved as a PDF "
        "file: {path}"
    ).format(path=pdf)
    words = pdf_words(pdf)
    assert {
        "Appointment",
        "confirmation",
        "Your",
        "appointment",
        "Ihr",
        "Termin",
        "Reisepass",
    } <= words
    assert set(day_text.replace(",", "").split()) <= words

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
    assert kiosk.flow_vm.screen == "result" and find_item(kiosk, "appointment_0").isVisible()
    tap_in_view(kiosk, "cancel_0")
    tap_in_view(kiosk, "confirm_cancel")
    wait_for_screen(kiosk, qtbot, "result")
    assert_nothing_booked(kiosk)
    assert find_item(kiosk, "booking_notice").isVisible()
    assert kiosk.qml_errors == []


def test_offline_without_leases_says_so_and_offers_another_day(
    kiosk: KioskUi, backend: KioskBackend, qtbot: QtBot
) -> None:
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
    kiosk: KioskUi, backend: KioskBackend, qtbot: QtBot, clock: FakeClock
) -> None:
    grant_leases(backend)
    open_result(kiosk, backend)
    book_through_the_screens(kiosk, qtbot)
    assert kiosk.booking_vm.booked.hasConfirmation

    clock.advance(kiosk.idle.policy.timeout_s + 1)
    kiosk.idle.tick()
    assert kiosk.flow_vm.screen == "welcome"
    vm = kiosk.booking_vm
    assert not vm.booked.hasConfirmation and not vm.canBook and vm.booked.reference == ""
    assert vm.calendar == [] and vm.times == [] and vm.mode == "" and vm.notice == ""
    assert kiosk.result_vm.appointments == []


# --- online, against a gateway process on loopback -----------------------------------------

ADMIN = "e2e-booking-admin-" + secrets.token_hex(8)


@dataclass
class OnlineKiosk:
    ui: KioskUi
    backend: KioskBackend
    gateway: GatewayServer
    case: DemoCase


@pytest.fixture
def online(qapp: QGuiApplication, tmp_path: Path) -> Iterator[OnlineKiosk]:
    db_url = f"sqlite:///{tmp_path / 'gateway.db'}"
    clock = MovableClock()  # the gateway's and the kiosk's
    gateway = GatewayServer(GatewaySettings(db_url=db_url, admin_token=ADMIN, clock=clock)).start()
    engine = make_engine(db_url)
    seed_demo(engine, 12, 5, fixed_today())
    engine.dispose()
    code = httpx.post(
        f"{gateway.url}/admin/v1/enrollment-codes", headers={"Authorization": f"Bearer {ADMIN}"}
    ).json()["code"]
    config = KioskConfig(
        state_dir=tmp_path / "kiosk",
        demo=True,
        idle=IdlePolicy(300, 30),
        time=fixed_office_time(clock),
    )
    config.state_dir.mkdir()
    conn = open_cache(config.cache_path, resolve_key(key_providers(config)))
    enroll_kiosk(conn, gateway.url, code, device_name="e2e-booking")
    conn.close()
    backend = open_backend(config)
    ui = build_kiosk(
        replace(config, width=1080, height=1920), backend, qapp, clock=FakeClock(), with_sound=False
    )
    ui.window.show()
    QTest.qWaitForWindowExposed(ui.window)
    settings = EngineSettings(interval_s=0.2, backoff_base_s=0.1, backoff_cap_s=0.4, timeout_s=2)
    sync = backend.start_sync_engine(ui.sync_bridge.report, settings)
    case = next(c for c in generate(12, 5, fixed_today()))
    try:
        yield OnlineKiosk(ui, backend, gateway, case)
    finally:
        sync.stop()
        ui.close()
        backend.close()
        gateway.stop()


def lookup_key(kiosk: OnlineKiosk) -> bytes:
    pepper = kiosk.backend.meta.pepper
    assert pepper is not None
    return derive_lookup_key(pepper, kiosk.case.case_number, kiosk.case.birth_date)


def hidden(ui: KioskUi, name: str) -> bool:
    item = ui.item(name)
    return item is None or not item.isVisible()


def gateway_bookings(kiosk: OnlineKiosk, day: date) -> list[dict[str, object]]:
    response = httpx.get(
        f"{kiosk.gateway.url}/admin/v1/bookings",
        params={"day": day.isoformat()},
        headers={"Authorization": f"Bearer {ADMIN}"},
    )
    response.raise_for_status()
    rows: list[dict[str, object]] = response.json()
    return rows


def test_book_move_and_cancel_online_at_the_gateway(online: OnlineKiosk, qtbot: QtBot) -> None:
    ui, backend = online.ui, online.backend
    qtbot.waitUntil(
        lambda: ui.sync_vm.online and backend.desk.online and backend.cache.count() == 12,
        timeout=15_000,
    )
    qtbot.waitUntil(lambda: FreeSlotStore(backend.cache.connection).count() > 0, timeout=15_000)
    start_in_english(ui)
    look_up(ui, online.case.case_number.canonical, online.case.birth_date.strftime("%d.%m.%Y"))
    assert ui.flow_vm.screen == "result"

    book_through_the_screens(ui, qtbot)
    assert hidden(ui, "booked_offline_box")  # answered by the office
    booked = ui.result_vm.appointments[0]
    day = next(a.start.date() for a in backend.desk.appointments(lookup_key(online)))
    rows = gateway_bookings(online, day)
    assert [row["booking_id"] for row in rows] == [booked["bookingId"]]
    assert rows[0]["case_number"] == online.case.case_number.canonical

    tap_in_view(ui, "booking_finish")
    tap_in_view(ui, "move_0")
    other_day = free_days(ui)[-1]
    tap_in_view(ui, f"day_{other_day}")
    tap_in_view(ui, "time_0")
    tap_in_view(ui, "confirm_booking")
    wait_for_screen(ui, qtbot, "booked")
    assert hidden(ui, "booked_offline_box")
    assert gateway_bookings(online, day) == []
    moved = gateway_bookings(online, date.fromisoformat(other_day))
    assert [row["booking_id"] for row in moved] == [booked["bookingId"]]

    tap_in_view(ui, "booking_finish")
    tap_in_view(ui, "cancel_0")
    tap_in_view(ui, "confirm_cancel")
    wait_for_screen(ui, qtbot, "result")
    assert gateway_bookings(online, date.fromisoformat(other_day)) == []
    assert screen_text(ui, "no_appointments") == _("You have no appointment booked.")
    assert ui.qml_errors == []


def test_the_confirmation_code_reaches_staff_with_the_booking(
    online: OnlineKiosk, qtbot: QtBot
) -> None:
    """The paper's QR code is queued in the outbox with the booking; the running engine pushes
    it, and staff scanning it see the case and the appointment."""
    ui, backend = online.ui, online.backend
    qtbot.waitUntil(
        lambda: ui.sync_vm.online and backend.desk.online and backend.cache.count() == 12,
        timeout=15_000,
    )
    qtbot.waitUntil(lambda: FreeSlotStore(backend.cache.connection).count() > 0, timeout=15_000)
    start_in_english(ui)
    look_up(ui, online.case.case_number.canonical, online.case.birth_date.strftime("%d.%m.%Y"))
    book_through_the_screens(ui, qtbot)
    reference = ui.booking_vm.booked.reference
    assert screen_qr(ui) == [reference]

    def staff_lookup() -> httpx.Response:
        return httpx.get(
            f"{online.gateway.url}/admin/v1/references/{reference}",
            headers={"Authorization": f"Bearer {ADMIN}"},
        )

    qtbot.waitUntil(lambda: staff_lookup().status_code == 200, timeout=15_000)
    seen = staff_lookup().json()
    (appointment,) = backend.desk.appointments(lookup_key(online))
    assert seen["case_number"] == online.case.case_number.canonical
    assert seen["booking"]["booking_id"] == appointment.booking_id
    assert seen["booking"]["service"] == appointment.service and seen["booking"]["active"]
    assert seen["documents"]  # the service's list, as printed
