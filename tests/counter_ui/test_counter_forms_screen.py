"""The forms inbox ("Anträge", issue 17) in real QML (offscreen) over the CounterDesk stand-in,
driven by keyboard as a clerk would: F3 opens it, Enter opens a form in German with its
foreign-language free text flagged, Ctrl+1/2/3 set its state, Ctrl+O opens its case in the
case view; offline it says so in words; English too."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtQuick import QQuickItem
from stand_in_desk import ARABIC_REMARK, StandInDesk, masked
from test_counter_screens import item, press, sign_in, wait_until

from kiosk_app.counter_qt.app import CounterUi


def _text(ui: CounterUi, name: str) -> str:
    return str(item(ui, name).property("text")).replace("\xa0", " ").replace("\u202f", " ")


def _visible(ui: CounterUi, name: str) -> bool:
    found = ui.item(name)
    return isinstance(found, QQuickItem) and found.isVisible()


def _open(ui: CounterUi) -> None:
    sign_in(ui)
    wait_until(lambda: ui.session.screen == "desk")
    press(ui, Qt.Key.Key_F3)
    wait_until(lambda: ui.forms.count == 3)


def test_a_clerk_reads_a_form_in_german_and_works_it_by_keyboard(
    counter: CounterUi, stand_in: StandInDesk
) -> None:
    _open(counter)
    assert _text(counter, "forms_heading") == "Anträge (3)"
    assert _text(counter, "forms_button") == "Zurück zum Schalter (F3)"
    first = counter.forms.rows[0]
    number = next(iter(stand_in.cases))
    assert (first["title"], first["caseNumber"], first["language"], first["stateName"]) == (
        "Antrag auf Verlängerung des Aufenthaltstitels",
        masked(number),
        "العربية",
        "neu",
    )
    assert _text(counter, "forms_flag_0") == "⚑ fremdsprachig, ggf. Übersetzung nötig"
    assert not _visible(counter, "forms_flag_1")  # the question was typed in German
    assert counter.forms.rows[1]["caseNumber"] == "–"
    assert item(counter, "forms_list").hasActiveFocus()

    press(counter, Qt.Key.Key_Return)
    wait_until(lambda: counter.forms.formOpen)
    assert _text(counter, "form_title") == "Antrag auf Verlängerung des Aufenthaltstitels"
    answers = {a["label"]: a for s in counter.forms.sections for a in s["answers"]}
    remark = answers["Möchten Sie der Behörde noch etwas mitteilen?"]
    assert remark["text"] == ARABIC_REMARK  # as typed, never translated
    assert remark["note"] == "fremdsprachig, ggf. Übersetzung nötig (Sprache: Arabisch)"
    assert answers["Wovon leben Sie jetzt?"]["text"] == "Beschäftigung"

    press(counter, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    wait_until(lambda: counter.forms.formState == "in_progress")
    assert stand_in.form_states["K7Q2MFRMA2"][:2] == ("in_progress", "anna.k")
    assert _text(counter, "forms_notice") == "Antrag K7Q2MFRMA2 ist jetzt: in Bearbeitung."
    wait_until(lambda: counter.forms.rows[0]["stateName"] == "in Bearbeitung")
    assert any("gesetzt von anna.k" in f["value"] for f in counter.forms.formFacts)
    press(counter, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    wait_until(lambda: counter.forms.formState == "done")

    press(counter, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    wait_until(lambda: counter.case.loaded)
    assert not _visible(counter, "forms_panel")
    assert counter.case.opened is not None and counter.case.opened.case.case_number == number


def test_offline_the_inbox_says_so_and_english_is_available(
    counter: CounterUi, stand_in: StandInDesk
) -> None:
    stand_in.forms_online = False
    sign_in(counter)
    wait_until(lambda: counter.session.screen == "desk")
    press(counter, Qt.Key.Key_F3)
    wait_until(lambda: counter.forms.message != "")
    assert counter.forms.message.startswith("Der Server der Behörde ist nicht erreichbar.")
    stand_in.forms_online = True
    press(counter, Qt.Key.Key_F5)
    wait_until(lambda: counter.forms.count == 3 and counter.forms.message == "")

    counter.language.switchLanguage("en")
    wait_until(lambda: _text(counter, "forms_heading") == "Forms (3)")
    assert counter.forms.rows[0]["stateName"] == "new"
    assert counter.forms.rows[0]["title"] == "Antrag auf Verlängerung des Aufenthaltstitels"
    press(counter, Qt.Key.Key_Escape)
    wait_until(lambda: not _visible(counter, "forms_panel"))


def test_the_inbox_reads_again_by_itself_while_open(qapp, stand_in: StandInDesk) -> None:
    from fixed_time import fixed_office_time
    from PySide6.QtTest import QTest
    from stand_in_desk import PASSWORD

    from kiosk_app.counter_qt.forms_vm import FormsViewModel
    from kiosk_app.qt.desk_writes import DeskWrites

    stand_in.sign_in("anna.k", PASSWORD)
    view = FormsViewModel(stand_in, DeskWrites(), fixed_office_time(), refresh_ms=30)

    def reads() -> int:
        return len([call for call in stand_in.calls if call[0] == "forms"])

    view.start()
    wait_until(lambda: reads() >= 3)
    stand_in.set_form_status("K7Q2MFRMB3", "done")  # another clerk, meanwhile
    wait_until(lambda: view.rows[1]["state"] == "done")
    view.stop()
    QTest.qWait(50)
    stopped_at = reads()
    QTest.qWait(150)
    assert reads() == stopped_at and view.count == 3


def test_a_refused_state_change_stays_said_after_the_list_is_read_again(
    qapp, stand_in: StandInDesk, monkeypatch
) -> None:
    """The inbox is read again after every action; that read must not wipe out why the action
    was refused (here: the form was deleted at the office meanwhile)."""
    from fixed_time import fixed_office_time
    from stand_in_desk import PASSWORD

    from kiosk_app.counter.errors import CounterError
    from kiosk_app.counter_qt.forms_vm import FormsViewModel, forms_message
    from kiosk_app.qt.desk_writes import DeskWrites

    stand_in.sign_in("anna.k", PASSWORD)
    view = FormsViewModel(stand_in, DeskWrites(), fixed_office_time(), refresh_ms=60_000)

    def reads() -> int:
        return len([call for call in stand_in.calls if call[0] == "forms"])

    view.start()
    wait_until(lambda: view.count == 3 and not view.loading)
    view.openForm("K7Q2MFRMA2")
    wait_until(lambda: view.formOpen)

    def deleted_meanwhile(receipt: str, status: str) -> None:
        raise CounterError("unknown_form")

    monkeypatch.setattr(stand_in, "set_form_status", deleted_meanwhile)
    read_before = reads()
    view.setState("done")
    wait_until(lambda: reads() > read_before and not view.loading and not view.acting)
    refusal = forms_message(CounterError("unknown_form"))
    assert refusal and view.message == refusal and view.notice == ""
    assert view.formState == "new" and view.count == 3  # nothing changed, the list still shown

    monkeypatch.undo()
    view.setState("in_progress")  # the next action clears it
    wait_until(lambda: view.formState == "in_progress" and not view.acting)
    assert view.message == "" and view.notice != ""
    view.stop()
