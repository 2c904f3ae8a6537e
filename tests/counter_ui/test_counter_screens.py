"""The counter's screens in real QML (offscreen), driven by keyboard as a clerk would, over a
CounterDesk stand-in."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, Qt
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest
from qt_fixtures import FakeClock
from stand_in_desk import ONE_TIME, PASSWORD, StandInDesk

from kiosk_app.core.printout import Translation
from kiosk_app.core.statuses import STATUS_TEXTS, CaseStatus
from kiosk_app.counter_qt.app import CounterUi


def wait_until(done: Callable[[], object], timeout_ms: int = 3000) -> None:
    waited = 0
    while not done():
        assert waited < timeout_ms, "timed out"
        QTest.qWait(10)
        waited += 10


def item(ui: CounterUi, name: str) -> QQuickItem:
    wait_until(lambda: ui.item(name) is not None and ui.item(name).isVisible())
    found = ui.item(name)
    assert isinstance(found, QQuickItem)
    return found


def keys(ui: CounterUi, text: str, delay_ms: int = 40) -> None:
    """Type ``text``: 40 ms a key is a person (slower than a scanner), 2 ms a scanner."""
    for char in text:
        QTest.keyClick(ui.window, ord(char), Qt.KeyboardModifier.NoModifier, delay_ms)
    QTest.qWait(60)


def press(ui: CounterUi, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(ui.window, key, modifier)
    QTest.qWait(40)


def click(ui: CounterUi, name: str) -> None:
    target = item(ui, name)
    centre = target.mapToScene(QPointF(target.width() / 2, target.height() / 2)).toPoint()
    QTest.mouseClick(ui.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    QTest.qWait(20)


def sign_in(ui: CounterUi, username: str = "anna.k", password: str = PASSWORD) -> None:
    wait_until(lambda: item(ui, "username").hasActiveFocus())
    keys(ui, username)
    press(ui, Qt.Key.Key_Tab)
    keys(ui, password)
    press(ui, Qt.Key.Key_Return)


def test_sign_in_by_keyboard_shows_todays_appointments(counter: CounterUi) -> None:
    sign_in(counter)
    wait_until(lambda: counter.session.screen == "desk")
    wait_until(lambda: counter.today.count == 10)
    assert "anna.k" in str(item(counter, "clerk_name").property("text"))
    first = counter.today.rows[0]
    assert first["time"] == "08:00" and first["state"] == "Anwesend"
    assert "••••" in first["masked"]
    status_line = item(counter, "counter_status")
    wait_until(lambda: "Online" in str(status_line.property("text")))  # read in a worker


def test_refusals_are_said_in_german(counter: CounterUi, stand_in: StandInDesk) -> None:
    sign_in(counter, password="wrong")
    wait_until(lambda: counter.sign_in.message)
    assert counter.sign_in.message == "Benutzername oder Passwort ist falsch."
    assert counter.session.screen == "sign_in"
    counter.sign_in.signIn("locked", "x")
    wait_until(lambda: counter.sign_in.messageCode == "account_locked")
    assert "gesperrt, bis" in counter.sign_in.message and "09:00" in counter.sign_in.message
    stand_in.online = False
    counter.sign_in.signIn("anna.k", PASSWORD)
    wait_until(lambda: counter.sign_in.messageCode == "offline")
    assert "nicht erreichbar" in counter.sign_in.message


def test_one_time_password_leads_to_the_change_step(counter: CounterUi) -> None:
    counter.sign_in.signIn("new", ONE_TIME)
    wait_until(lambda: counter.sign_in.step == "change_password")
    wait_until(lambda: item(counter, "new_password").hasActiveFocus())
    counter.sign_in.changePassword("short", "short")
    assert counter.sign_in.messageCode == "password_too_short"
    keys(counter, "a much longer secret")
    press(counter, Qt.Key.Key_Tab)
    keys(counter, "a much longer secret")
    press(counter, Qt.Key.Key_Return)
    wait_until(lambda: counter.session.screen == "desk")


def test_case_opened_by_field_ticked_off_and_next_status(
    counter: CounterUi, stand_in: StandInDesk
) -> None:
    sign_in(counter)
    wait_until(lambda: counter.session.screen == "desk")
    press(counter, Qt.Key.Key_F2)
    wait_until(lambda: item(counter, "case_field").hasActiveFocus())
    number = stand_in.rows[0].case_number
    keys(counter, number)
    press(counter, Qt.Key.Key_Return)
    wait_until(lambda: counter.case.loaded)
    assert counter.case.caseNumber == number
    assert counter.case.statusName == "Unterlagen fehlen"
    assert counter.case.missing[0]["name"] == "Reisepass"
    click(counter, "missing_passport")
    counter.case.toggleMissing("photo")
    counter.case.toggleMissing("health_insurance")
    assert counter.case.tickedCount == 3
    click(counter, "mark_received")
    wait_until(lambda: not counter.case.missing)
    assert counter.case.nextStatus == "in_review"
    click(counter, "apply_next_status")
    wait_until(lambda: counter.case.status == "in_review")


def test_status_preview_in_german_and_the_residents_language(
    counter: CounterUi, stand_in: StandInDesk
) -> None:
    sign_in(counter)
    wait_until(lambda: counter.session.screen == "desk")
    counter.case.open(stand_in.rows[0].case_number)  # its printout was in Arabic
    wait_until(lambda: counter.case.loaded)
    counter.case.chooseStatus("ready_for_pickup")
    german, resident = counter.case.previewGerman, counter.case.previewResident
    assert german[0] == Translation("de")(STATUS_TEXTS[CaseStatus.READY_FOR_PICKUP].title)
    assert resident and resident[0] != german[0] and counter.case.previewRightToLeft
    assert item(counter, "preview_resident").isVisible()


def test_a_scan_opens_the_case_and_ctrl_p_prints_the_receipt(
    counter: CounterUi, stand_in: StandInDesk, counter_settings
) -> None:
    sign_in(counter)
    wait_until(lambda: counter.session.screen == "desk")
    reference = stand_in.cases[stand_in.rows[1].case_number].printouts[0].reference
    for char in reference:  # a scanner: key presses back to back, then Enter
        QTest.keyClick(counter.window, char)
    QTest.keyClick(counter.window, Qt.Key.Key_Return)
    wait_until(lambda: counter.case.caseNumber == stand_in.rows[1].case_number)
    assert str(item(counter, "case_field").property("text")) == ""  # not typed into the field
    press(counter, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    wait_until(lambda: counter.case.notice)
    assert list(counter_settings.printout_dir.glob("eingangsbestaetigung-*.pdf"))


def test_conflict_shows_old_wanted_current_and_applies_again(
    counter: CounterUi, stand_in: StandInDesk
) -> None:
    sign_in(counter)
    wait_until(lambda: counter.session.screen == "desk")
    number = stand_in.rows[2].case_number
    stand_in.status_races.add(number)
    counter.case.open(number)
    wait_until(lambda: counter.case.loaded)
    counter.case.chooseStatus("card_in_production")
    counter.case.applyStatus()
    wait_until(lambda: counter.case.message)
    assert "Konflikte" in counter.case.message
    wait_until(lambda: counter.conflicts.count == 1 and counter.status.conflicts == 1)
    row = counter.conflicts.rows[0]
    assert (row["old"], row["wanted"], row["current"]) == (
        "In Bearbeitung",
        "Karte in Produktion",
        "Wartet auf andere Behörde",
    )
    press(counter, Qt.Key.Key_F4)
    click(counter, f"apply_again_{row['conflictId']}")
    wait_until(lambda: counter.conflicts.count == 0)
    assert stand_in.cases[number].status == "card_in_production"


def test_sign_out_clears_every_view(counter: CounterUi, stand_in: StandInDesk) -> None:
    sign_in(counter)
    wait_until(lambda: counter.today.count == 10)
    counter.case.open(stand_in.rows[0].case_number)
    wait_until(lambda: counter.case.loaded)
    press(counter, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    wait_until(lambda: counter.session.screen == "sign_in")
    assert not counter.case.loaded and counter.today.count == 0
    assert counter.sign_in.username == "" and counter.conflicts.count == 0
    wait_until(lambda: stand_in.sign_outs == 1)
    assert str(item(counter, "username").property("text")) == ""


def test_fifteen_minutes_without_input_sign_out(
    counter: CounterUi, input_clock: FakeClock, stand_in: StandInDesk
) -> None:
    sign_in(counter)
    wait_until(lambda: counter.session.screen == "desk")
    input_clock.advance(14 * 60)
    counter.lock.check()
    assert counter.session.screen == "desk"
    press(counter, Qt.Key.Key_F5)  # input resets the count
    input_clock.advance(14 * 60)
    counter.lock.check()
    assert counter.session.screen == "desk"
    input_clock.advance(60)
    counter.lock.check()
    assert counter.session.screen == "sign_in" and counter.session.lockedNote
    assert item(counter, "locked_note").isVisible()


def test_english_is_available(counter: CounterUi) -> None:
    click(counter, "language_switch")
    wait_until(lambda: counter.language.current == "en")
    assert str(item(counter, "sign_in_button").property("text")) == "Sign in"
    counter.sign_in.signIn("anna.k", "wrong")
    wait_until(lambda: counter.sign_in.message)
    assert counter.sign_in.message == "The user name or the password is wrong."


def test_the_counter_loads_without_qml_errors(counter: CounterUi) -> None:
    sign_in(counter)
    wait_until(lambda: counter.session.screen == "desk")
    counter.case.open(StandInDesk().rows[0].case_number)
    wait_until(lambda: counter.case.loaded)
    QTest.qWait(50)
    assert counter.qml_errors == []
