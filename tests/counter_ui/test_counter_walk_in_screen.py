"""The walk-in queue panel ("Wartemarken") in real QML (offscreen) over the CounterDesk
stand-in, driven by keyboard as a clerk would: F7 opens it, F8 calls the urgent ticket first,
F9 recalls (counting the calls), Ctrl+T sends a ticket to another service, F11 finishes;
offline it says so in words; the same by mouse; English too."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtQuick import QQuickItem
from stand_in_desk import StandInDesk
from test_counter_screens import click, item, press, sign_in, wait_until

from kiosk_app.counter_qt.app import CounterUi


def _text(ui: CounterUi, name: str) -> str:
    """What the item shows (no-break spaces read as spaces)."""
    return str(item(ui, name).property("text")).replace("\xa0", " ").replace("\u202f", " ")


def _visible(ui: CounterUi, name: str) -> bool:
    found = ui.item(name)
    return isinstance(found, QQuickItem) and found.isVisible()


def _open(ui: CounterUi) -> None:
    sign_in(ui)
    wait_until(lambda: ui.session.screen == "desk")
    press(ui, Qt.Key.Key_F7)
    wait_until(lambda: ui.walk_in.count == 7)


def test_a_clerk_works_the_queue_by_keyboard(counter: CounterUi, stand_in: StandInDesk) -> None:
    _open(counter)
    assert _text(counter, "walk_in_heading") == "Wartemarken · 7 warten"
    assert _text(counter, "walk_in_label_0") == "A 043"  # urgent first
    assert _text(counter, "walk_in_urgent_0") == "dringend"
    assert _text(counter, "walk_in_urgent_1") == "dringend"
    assert _text(counter, "walk_in_label_1") == "B 014"
    assert _text(counter, "walk_in_urgent_2") == ""
    assert _text(counter, "walk_in_label_2") == "A 041"
    assert _visible(counter, "walk_in_no_ticket")
    assert item(counter, "walk_in_call_next").hasActiveFocus()

    press(counter, Qt.Key.Key_F8)
    wait_until(lambda: counter.walk_in.hasTicket and counter.walk_in.count == 6)
    assert _text(counter, "walk_in_ticket_label") == "A 043"
    assert _text(counter, "walk_in_ticket_state") == "Aufgerufen · 1. Aufruf von 3"
    assert _visible(counter, "walk_in_ticket_urgent")
    assert _text(counter, "walk_in_recall") == "Erneut aufrufen: 2. Aufruf von 3 (F9)"

    press(counter, Qt.Key.Key_F9)
    wait_until(lambda: "2. Aufruf" in _text(counter, "walk_in_ticket_state"))
    press(counter, Qt.Key.Key_F10)
    wait_until(lambda: _text(counter, "walk_in_ticket_state") == "In Bearbeitung")
    assert not item(counter, "walk_in_recall").isEnabled()

    press(counter, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    wait_until(lambda: _visible(counter, "walk_in_targets"))
    assert _text(counter, "walk_in_target_0") == counter.walk_in.targets[0]["name"]
    assert [t["code"] for t in counter.walk_in.targets] == ["hand_in_documents"]
    assert item(counter, "walk_in_target_0").hasActiveFocus()
    press(counter, Qt.Key.Key_Return)
    wait_until(lambda: not counter.walk_in.hasTicket and counter.walk_in.count == 7)
    assert ("transfer", stand_in.tickets[3].ticket_id) in stand_in.calls
    assert "A 043 an " in _text(counter, "walk_in_notice")

    press(counter, Qt.Key.Key_F8)  # the transferred urgent ticket is first again
    wait_until(lambda: counter.walk_in.hasTicket)
    press(counter, Qt.Key.Key_F11)
    wait_until(lambda: _text(counter, "walk_in_notice") == "A 043 erledigt.")
    assert _visible(counter, "walk_in_no_ticket")

    press(counter, Qt.Key.Key_Escape)
    wait_until(lambda: not _visible(counter, "walk_in_panel"))
    assert item(counter, "case_field").hasActiveFocus()


def test_three_recalls_then_the_ticket_is_missed(counter: CounterUi) -> None:
    _open(counter)
    press(counter, Qt.Key.Key_F8)
    wait_until(lambda: counter.walk_in.hasTicket)
    for calls in (2, 3):
        press(counter, Qt.Key.Key_F9)
        wait_until(lambda c=calls: f"{c}. Aufruf von 3" in counter.walk_in.ticketState)
    assert _text(counter, "walk_in_recall") == "Als verpasst markieren (F9)"
    press(counter, Qt.Key.Key_F9)
    wait_until(lambda: not counter.walk_in.hasTicket)
    assert _text(counter, "walk_in_notice") == (
        "A 043 wurde dreimal aufgerufen und ist jetzt als verpasst markiert."
    )


def test_offline_and_empty_are_said_in_words(counter: CounterUi, stand_in: StandInDesk) -> None:
    _open(counter)
    stand_in.walk_in_online = False
    press(counter, Qt.Key.Key_F8)
    wait_until(lambda: counter.walk_in.message != "")
    assert _text(counter, "walk_in_message").startswith(
        "Der Server der Behörde ist nicht erreichbar."
    )
    assert counter.walk_in.count == 7  # the last list read stays shown, with the message
    stand_in.walk_in_online = True
    with stand_in.lock:
        stand_in.tickets = []
    press(counter, Qt.Key.Key_F8)
    wait_until(lambda: counter.walk_in.message.startswith("Gerade wartet"))
    wait_until(lambda: _visible(counter, "walk_in_empty"))


def test_the_panel_by_mouse_and_in_english(counter: CounterUi, stand_in: StandInDesk) -> None:
    sign_in(counter)
    wait_until(lambda: counter.session.screen == "desk")
    counter.language.switchLanguage("en")
    click(counter, "walk_in_button")
    wait_until(lambda: counter.walk_in.count == 7)
    assert _text(counter, "walk_in_heading") == "Walk-in queue · 7 waiting"
    assert _text(counter, "walk_in_urgent_0") == "urgent"
    click(counter, "walk_in_call_next")
    wait_until(lambda: counter.walk_in.hasTicket)
    assert _text(counter, "walk_in_ticket_state") == "Called · 1. call of 3"
    click(counter, "walk_in_no_show")
    wait_until(lambda: _text(counter, "walk_in_notice") == "A 043 marked as not come.")
    click(counter, "walk_in_close")
    wait_until(lambda: not _visible(counter, "walk_in_panel"))
    assert not counter.walk_in._timer.isActive()  # closed: no more reads


def test_the_queue_reads_again_by_itself_while_open(qapp, stand_in: StandInDesk) -> None:
    from fixed_time import fixed_office_time
    from stand_in_desk import PASSWORD

    from kiosk_app.core.catalog import CatalogHolder
    from kiosk_app.counter_qt.walk_in_vm import WalkInViewModel
    from kiosk_app.qt.desk_writes import DeskWrites

    stand_in.sign_in("anna.k", PASSWORD)
    view = WalkInViewModel(
        stand_in, DeskWrites(), CatalogHolder(), fixed_office_time(), refresh_ms=30
    )

    def reads() -> int:
        return len([call for call in stand_in.calls if call[0] == "walk_in_queue"])

    view.start()
    wait_until(lambda: reads() >= 3)
    view.stop()
    from PySide6.QtTest import QTest

    QTest.qWait(50)
    stopped_at = reads()
    QTest.qWait(150)
    assert reads() == stopped_at and view.count == 7


def test_tab_reaches_every_action_and_stays_in_the_queue(counter: CounterUi) -> None:
    _open(counter)
    press(counter, Qt.Key.Key_F8)
    wait_until(lambda: counter.walk_in.hasTicket)
    reached = set()
    for _ in range(16):
        press(counter, Qt.Key.Key_Tab)
        focused = counter.window.activeFocusItem()
        reached.add(focused.objectName() if focused is not None else "")
    actions = {"walk_in_call_next", "walk_in_recall", "walk_in_start", "walk_in_done"}
    assert actions | {"walk_in_no_show", "walk_in_transfer", "walk_in_close"} <= reached
    assert any(name.startswith("walk_in_row_") for name in reached)  # the list, by Up/Down
    assert "case_field" not in reached and "today_list" not in reached
