"""The status line and staleness note, fed from another thread through the one bridge."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

from fixed_time import OFFICE_ZONE, fixed_now
from PySide6.QtTest import QTest
from qt_fixtures import sample_with, screen_text, tap, type_on_keypad

from kiosk_app.backend import KioskBackend
from kiosk_app.qt.app import KioskUi
from sync.engine import SyncStatus


def report_from_thread(ui: KioskUi, status: SyncStatus) -> None:
    worker = threading.Thread(target=ui.sync_bridge.report, args=(status,))
    worker.start()
    worker.join()
    QTest.qWait(50)  # the queued signal arrives in the GUI thread


def status(online: bool, age: timedelta) -> SyncStatus:
    return SyncStatus(online, fixed_now() - age, pending_commands=0, parked_commands=0)


def test_line_is_hidden_on_a_kiosk_without_a_gateway(kiosk: KioskUi) -> None:
    item = kiosk.item("sync_status")
    assert item is None or not item.isVisible()


def test_online_then_offline_with_the_time_of_the_data(kiosk: KioskUi) -> None:
    tap(kiosk, "lang_en")
    report_from_thread(kiosk, status(True, timedelta(seconds=5)))
    online_text = screen_text(kiosk, "sync_status")
    assert online_text.startswith("Online · information as of")
    report_from_thread(kiosk, status(False, timedelta(minutes=3)))
    offline_text = screen_text(kiosk, "sync_status")
    assert "Offline" in offline_text and "information as of" in offline_text


def test_old_data_carries_a_note_on_the_result(kiosk: KioskUi, backend: KioskBackend) -> None:
    report_from_thread(kiosk, status(False, timedelta(hours=5)))
    tap(kiosk, "lang_en")
    sample = sample_with(backend, "in_review")
    type_on_keypad(kiosk, sample.case_number)
    tap(kiosk, "birth_field")
    type_on_keypad(kiosk, sample.birth_date)
    tap(kiosk, "submit")
    assert "may be out of date" in screen_text(kiosk, "stale_note")
    report_from_thread(kiosk, status(True, timedelta(seconds=1)))
    assert not find_item_visible(kiosk, "stale_note")


def find_item_visible(ui: KioskUi, name: str) -> bool:
    item = ui.item(name)
    return item is not None and item.isVisible()


def test_the_time_of_the_data_is_the_offices_not_the_systems(kiosk: KioskUi) -> None:
    # The kiosk's system clock may run on UTC; residents read Darmstadt's time.
    tap(kiosk, "lang_en")
    report_from_thread(kiosk, status(True, timedelta(minutes=2)))
    shown = screen_text(kiosk, "sync_status")
    at = fixed_now() - timedelta(minutes=2)
    office = at.astimezone(OFFICE_ZONE)
    assert re.search(rf"\b{office:%-I:%M}\b", shown), shown
    assert not re.search(rf"\b{at:%-I:%M}\b", shown), shown
