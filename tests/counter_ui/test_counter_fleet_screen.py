"""The supervisor's devices view ("Geräte") in real QML (offscreen) over the CounterDesk
stand-in: reached by F6 and by mouse, a silent kiosk flagged in words, closed with Esc; a clerk
has neither the button nor the key."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest
from stand_in_desk import SUPERVISOR, StandInDesk
from test_counter_screens import click, item, press, sign_in, wait_until

from kiosk_app.counter_qt.app import CounterUi


def _text(ui: CounterUi, name: str) -> str:
    """What the item shows (no-break spaces read as spaces)."""
    return str(item(ui, name).property("text")).replace("\xa0", " ").replace("\u202f", " ")


def _visible(ui: CounterUi, name: str) -> bool:
    found = ui.item(name)
    return isinstance(found, QQuickItem) and found.isVisible()


def test_a_supervisor_opens_the_devices_by_key_and_sees_the_silent_kiosk(
    counter: CounterUi, stand_in: StandInDesk
) -> None:
    sign_in(counter, SUPERVISOR)
    wait_until(lambda: counter.session.screen == "desk")
    assert _text(counter, "fleet_button") == "Geräte (F6)"
    press(counter, Qt.Key.Key_F6)
    wait_until(lambda: counter.fleet.count == 6)
    assert _text(counter, "fleet_heading") == "Geräte (6)"
    assert _text(counter, "fleet_name_0") == "Kiosk 2. OG"
    assert _text(counter, "fleet_flag_0") == "STILL seit 10.03.2026, 07:43"
    assert _text(counter, "fleet_connection_0") == "offline"
    assert _text(counter, "fleet_printer_0") == "Papier fast leer"
    assert _text(counter, "fleet_flag_1") == ""  # a kiosk that is well has no note
    assert _text(counter, "fleet_printer_2") == "Papier leer"
    assert item(counter, "fleet_silent_note").isVisible()  # said above the list too
    assert item(counter, "fleet_list").hasActiveFocus()  # Up/Down move through the rows
    calls = len([c for c in stand_in.calls if c[0] == "fleet"])
    press(counter, Qt.Key.Key_F5)  # reads again
    wait_until(lambda: len([c for c in stand_in.calls if c[0] == "fleet"]) == calls + 1)
    press(counter, Qt.Key.Key_Escape)
    wait_until(lambda: not _visible(counter, "fleet_panel"))
    assert item(counter, "case_field").hasActiveFocus()

    click(counter, "fleet_button")  # and by mouse
    wait_until(lambda: _visible(counter, "fleet_panel"))
    click(counter, "fleet_close")
    wait_until(lambda: not _visible(counter, "fleet_panel"))


def test_the_devices_view_speaks_english_too(counter: CounterUi) -> None:
    sign_in(counter, SUPERVISOR)
    wait_until(lambda: counter.session.screen == "desk")
    counter.language.switchLanguage("en")
    press(counter, Qt.Key.Key_F6)
    wait_until(lambda: counter.fleet.count == 6)
    assert _text(counter, "fleet_heading") == "Devices (6)"
    assert _text(counter, "fleet_flag_0").startswith("SILENT since ")
    assert _text(counter, "fleet_printer_2") == "out of paper"


def test_a_clerk_has_no_devices_view(counter: CounterUi, stand_in: StandInDesk) -> None:
    sign_in(counter)
    wait_until(lambda: counter.session.screen == "desk")
    assert not _visible(counter, "fleet_button")
    press(counter, Qt.Key.Key_F6)
    assert not _visible(counter, "fleet_panel")
    assert ("fleet", None) not in stand_in.calls


def test_the_view_reads_again_by_itself_while_open(qapp, stand_in: StandInDesk) -> None:
    from fixed_time import fixed_office_time
    from stand_in_desk import PASSWORD

    from kiosk_app.counter_qt.fleet_vm import FleetViewModel
    from kiosk_app.qt.desk_writes import DeskWrites

    stand_in.sign_in(SUPERVISOR, PASSWORD)
    view = FleetViewModel(stand_in, DeskWrites(), fixed_office_time(), refresh_ms=30)

    def reads() -> int:
        return len([call for call in stand_in.calls if call[0] == "fleet"])

    view.start()
    wait_until(lambda: reads() >= 3)
    view.stop()
    QTest.qWait(50)  # a read still running may finish
    stopped_at = reads()
    QTest.qWait(150)
    assert reads() == stopped_at and view.count == 6


def test_tab_stays_in_the_devices_view(counter: CounterUi) -> None:
    sign_in(counter, SUPERVISOR)
    wait_until(lambda: counter.session.screen == "desk")
    press(counter, Qt.Key.Key_F6)
    wait_until(lambda: counter.fleet.count == 6)
    reached = set()
    for _ in range(10):
        press(counter, Qt.Key.Key_Tab)
        focused = counter.window.activeFocusItem()
        reached.add(focused.objectName() if focused is not None else "")
    assert {"fleet_refresh", "fleet_close", "fleet_row_0", "fleet_button"} <= reached
    assert "case_field" not in reached and "today_list" not in reached
