"""Text snippets ("Textbausteine", issue 16) in real QML (offscreen) over the CounterDesk
stand-in, by keyboard as a clerk would: Ctrl+B opens them, typing searches in German, Enter
shows the answer in German and in the open case's resident language, filled with the office's
and the case's data; Ctrl+P hands it over on A4 (read back: both languages), Ctrl+Shift+C copies
it for an e-mail. Unapproved texts cannot go out; a missing translation is said, not hidden."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from readback import pdf_words, words_of
from stand_in_desk import StandInDesk
from test_counter_screens import item, keys, press, sign_in, wait_until

from kiosk_app.counter_qt.app import CounterUi


def _text(ui: CounterUi, name: str) -> str:
    return str(item(ui, name).property("text")).replace("\xa0", " ").replace("\u202f", " ")


def _open_with_case(ui: CounterUi, stand_in: StandInDesk, online: bool = True) -> str:
    sign_in(ui)
    wait_until(lambda: ui.session.screen == "desk")
    number = stand_in.rows[0].case_number  # its kiosk printout was in Arabic
    ui.case.open(number)
    wait_until(lambda: ui.case.caseNumber == number)
    stand_in.online = online
    press(ui, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    wait_until(lambda: len(ui.snippets.rows) >= 29)
    return number


def test_a_clerk_finds_fills_and_hands_over_a_snippet_in_two_languages(
    counter: CounterUi, stand_in: StandInDesk, counter_settings
) -> None:
    _open_with_case(counter, stand_in)
    assert item(counter, "snippets_search").hasActiveFocus()
    assert _text(counter, "snippets_button") == "Zurück zum Schalter (Strg+B)"
    keys(counter, "verlaengerung aufenthalt")
    wait_until(lambda: counter.snippets.rows and counter.snippets.rows[0]["id"] == "extend_permit")
    press(counter, Qt.Key.Key_Return)
    wait_until(lambda: counter.snippets.selected)

    german, arabic = counter.snippets.german, counter.snippets.resident
    assert german["language"] == "de" and arabic["language"] == "ar"  # from the case's printout
    assert arabic["rtl"] == "1"
    assert "{" not in german["answer"] and "{" not in arabic["answer"]  # every value filled
    assert "Fassung" in german["version"] and "§ 81" in german["version"]
    notes = counter.snippets.notes
    assert any("Demo" in note for note in notes)  # the seed is demo content

    press(counter, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    wait_until(lambda: counter.snippets.notice)
    (pdf,) = Path(counter_settings.printout_dir).glob("auskunft-extend_permit-*.pdf")
    words = pdf_words(pdf)
    assert words_of(german["question"]) <= words
    assert len(words_of(arabic["question"]) & words) >= len(words_of(arabic["question"])) - 1
    assert words_of("Auskunft der Behörde") <= words

    press(
        counter,
        Qt.Key.Key_C,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith(german["question"]) and arabic["question"] in copied


def test_no_approved_translation_is_said_and_unapproved_texts_stay_in(
    counter: CounterUi, stand_in: StandInDesk
) -> None:
    _open_with_case(counter, stand_in)
    counter.snippets.select("fees")  # Arabic out of date: English stands in
    wait_until(lambda: counter.snippets.selected)
    assert counter.snippets.resident["language"] == "en"
    assert any("Englisch" in n or "English" in n for n in counter.snippets.notes)
    assert counter.snippets.printable

    counter.snippets.select("lost_card")  # not approved at all
    wait_until(lambda: not counter.snippets.printable)
    assert any("nicht freigegeben" in n for n in counter.snippets.notes)
    assert not item(counter, "snippets_print").property("enabled")


def test_offline_the_snippets_come_from_the_cache_and_say_so(
    counter: CounterUi, stand_in: StandInDesk
) -> None:
    _open_with_case(counter, stand_in, online=False)
    assert "nicht erreichbar" in _text(counter, "snippets_summary")
    press(counter, Qt.Key.Key_Escape)
    wait_until(lambda: item(counter, "case_field").hasActiveFocus())
