"""The forms inbox over a real CounterDesk at a real gateway on loopback (SQLite and
PostgreSQL), clocks fixed: an extension application a kiosk submitted in Arabic through its
``submit_form`` command reaches the clerk's inbox, opens in German exactly (the Arabic remark as
typed, flagged), its state set by keyboard is held and audited at the gateway, and without the
gateway the inbox says so."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from counter_harness import CLERK, PASSWORD
from fixed_time import MovableClock
from PySide6.QtCore import QObject, Qt
from PySide6.QtTest import QTest
from real_counter import RealCounter
from staff_harness import audit
from test_counter_screens import press, sign_in, wait_until

from kiosk_app.core.case_number import CaseNumber
from kiosk_app.core.forms.german import FOREIGN_TEXT_NOTE
from kiosk_app.core.reference import new_reference
from sync.protocol import CommandsResponse

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "printing"))
from readback import pdf_words

NOW = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)  # 9:00 in Berlin
ARABIC_REMARK = "أعمل الآن في شركة جديدة منذ يناير"


@pytest.fixture
def gateway_clock() -> MovableClock:
    """The gateway's and the counter's clock (the conftest's ``real_counter`` shares it)."""
    return MovableClock(NOW)


def _submit(counter: RealCounter, receipt: str) -> str:
    """An extension application as a kiosk sends it, filled in Arabic two hours ago."""
    kiosk = counter.gateway.enroll("Kiosk Foyer")
    case = counter.cases[0]
    number = case.case_number.canonical
    filled = (NOW - timedelta(hours=2)).isoformat()
    answers: list[dict[str, Any]] = [
        {"field": "purpose_unchanged", "value": True},
        {"field": "livelihood_changed", "value": True},
        {"field": "income_sources", "value": ["employment"]},
        {"field": "new_employer", "value": "Beispiel Logistik GmbH"},
        {"field": "passport_valid", "value": True},
        {"field": "passport_valid_until", "value": "2029-05-31"},
        {"field": "health_insured", "value": True},
        {"field": "address_unchanged", "value": True},
        {"field": "remarks", "value": ARABIC_REMARK, "language": "ar"},
        {"field": "confirm_truth", "value": True},
    ]
    payload = {
        "kind": "submit_form",
        "receipt": receipt,
        "form_id": "extend_permit",
        "form_version": 1,
        "language": "ar",
        "lookup_key": kiosk.lookup_key(number, case.birth_date),
        "answers": answers,
        "submitted_at": filled,
    }
    response = kiosk.push([{"seq": 1, "created_at": filled, "payload": payload}])
    assert response.status_code == 200, response.text
    (result,) = CommandsResponse.model_validate_json(response.content).results
    assert result.outcome == "applied", result
    return number


def test_a_form_from_the_kiosk_is_read_in_german_and_its_state_set_and_audited(
    real_counter: RealCounter,
) -> None:
    counter, ui = real_counter, real_counter.ui
    receipt = new_reference()
    number = _submit(counter, receipt)
    sign_in(ui, CLERK, PASSWORD)
    wait_until(lambda: ui.session.screen == "desk", 5000)

    press(ui, Qt.Key.Key_F3)
    wait_until(lambda: ui.forms.count == 1, 5000)
    (row,) = ui.forms.rows
    assert (row["receipt"], row["title"], row["receivedAt"], row["stateName"]) == (
        receipt,
        "Antrag auf Verlängerung des Aufenthaltstitels",
        "10.03.2026,\xa007:00",  # the kiosk's time, in the office's zone
        "neu",
    )
    assert row["caseNumber"] == CaseNumber.parse(number).masked()  # as the day's list masks it
    assert (row["language"], row["foreignText"]) == ("العربية", True)

    press(ui, Qt.Key.Key_Return)
    wait_until(lambda: ui.forms.formOpen, 5000)
    rendition = [
        (section["title"], [(a["label"], a["text"], a["note"]) for a in section["answers"]])
        for section in ui.forms.sections
    ]
    assert rendition == [
        (
            "Zweck des Aufenthalts",
            [("Besteht der Zweck Ihres Aufenthalts unverändert fort?", "Ja", "")],
        ),
        (
            "Lebensunterhalt",
            [
                (
                    "Haben sich Ihr Arbeitgeber oder Ihr Einkommen seit der letzten Erteilung "
                    "geändert?",
                    "Ja",
                    "",
                ),
                ("Wovon leben Sie jetzt?", "Beschäftigung", ""),
                ("Name des neuen Arbeitgebers", "Beispiel Logistik GmbH", ""),
            ],
        ),
        (
            "Pass und Krankenversicherung",
            [
                ("Haben Sie einen gültigen Pass?", "Ja", ""),
                ("Bis wann ist Ihr Pass gültig?", "31.05.2029", ""),
                ("Sind Sie weiterhin krankenversichert?", "Ja", ""),
            ],
        ),
        (
            "Anschrift",
            [("Wohnen Sie noch unter der Anschrift, die der Behörde bekannt ist?", "Ja", "")],
        ),
        (
            "Abschluss",
            [
                (
                    "Möchten Sie der Behörde noch etwas mitteilen?",
                    ARABIC_REMARK,
                    f"{FOREIGN_TEXT_NOTE} (Sprache: Arabisch)",
                ),
                (
                    "Ich versichere, dass meine Angaben richtig und vollständig sind.",
                    "Ja",
                    "",
                ),
            ],
        ),
    ]
    facts = {fact["label"]: fact["value"] for fact in ui.forms.formFacts}
    assert facts["Sprache am Kiosk"] == "Arabisch"

    press(ui, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    wait_until(lambda: ui.forms.formState == "in_progress", 5000)
    wait_until(lambda: ui.forms.rows[0]["stateName"] == "in Bearbeitung", 5000)
    facts = {fact["label"]: fact["value"] for fact in ui.forms.formFacts}
    assert facts["Stand"] == f"in Bearbeitung (gesetzt von {CLERK}, 10.03.2026,\xa009:00)"
    press(ui, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    wait_until(lambda: ui.forms.formState == "done", 5000)
    changes = [
        (e.username, e.outcome, e.case_number, e.detail)
        for e in audit(counter.gateway)
        if e.action == "set_form_status"
    ]
    assert changes == [
        (CLERK, "allowed", number, f"{receipt} in_progress"),
        (CLERK, "allowed", number, f"{receipt} done"),
    ]

    # The German PDF for the case file: labels and codes in German, the remark as typed, flagged.
    press(ui, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    wait_until(lambda: "antrag-" in ui.forms.notice, 8000)
    (paper,) = (counter.settings.printer.pdf_dir or Path()).glob(f"antrag-{receipt}*.pdf")
    words = pdf_words(paper)
    assert {"Antrag", "Verlängerung", "Aufenthaltstitels", receipt, "Beschäftigung"} <= words
    assert {"Wovon", "leben", "Sie", "jetzt", "31", "05", "2029", "erledigt"} <= words
    assert {"fremdsprachig", "Übersetzung", "Arabisch"} <= words
    assert {"شركة", "جديدة"} <= words  # the Arabic remark as typed

    press(ui, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    wait_until(lambda: ui.case.loaded, 5000)
    opened = ui.case.opened
    assert opened is not None and opened.case.case_number == number


def test_scanning_a_kiosk_receipt_opens_the_request_in_the_inbox(
    real_counter: RealCounter,
) -> None:
    counter, ui = real_counter, real_counter.ui
    receipt = new_reference()
    number = _submit(counter, receipt)
    sign_in(ui, CLERK, PASSWORD)
    wait_until(lambda: ui.session.screen == "desk", 5000)
    for char in receipt:  # the receipt's QR code through the scanner: keys back to back, Enter
        QTest.keyClick(ui.window, char)
    QTest.keyClick(ui.window, Qt.Key.Key_Return)
    wait_until(lambda: ui.forms.formOpen, 8000)
    assert ui.forms.formTitle == "Antrag auf Verlängerung des Aufenthaltstitels"
    assert ui.forms.hasCase and not ui.case.loaded  # the request, linked to its case
    panel = ui.window.findChild(QObject, "forms_panel")
    assert panel is not None and panel.property("visible")
    assert ui.case.message == ""

    # a reference that is neither a printout nor a request still says so at the case field
    press(ui, Qt.Key.Key_F3)  # back to the desk
    unknown = new_reference()
    for char in unknown:
        QTest.keyClick(ui.window, char)
    QTest.keyClick(ui.window, Qt.Key.Key_Return)
    wait_until(lambda: ui.case.message != "", 8000)
    assert ui.case.message == "Kein Ausdruck und kein Antrag hat diese Referenz."
    assert number not in ui.case.message


def _question(counter: RealCounter, receipt: str) -> None:
    """A question without a case, as a kiosk sends it."""
    kiosk = counter.gateway.enroll("Kiosk Halle")
    asked = (NOW - timedelta(hours=1)).isoformat()
    payload = {
        "kind": "submit_form",
        "receipt": receipt,
        "form_id": "question",
        "form_version": 1,
        "language": "de",
        "answers": [
            {"field": "topic", "value": "fees"},
            {"field": "question_text", "value": "Synthetische Frage", "language": "de"},
            {"field": "reply_by", "value": "at_visit"},
        ],
        "submitted_at": asked,
    }
    assert kiosk.push([{"seq": 1, "created_at": asked, "payload": payload}]).status_code == 200


def test_the_inbox_is_filtered_by_form_and_state_at_the_gateway(
    real_counter: RealCounter,
) -> None:
    counter, ui = real_counter, real_counter.ui
    application, question = new_reference(), new_reference()
    _submit(counter, application)
    _question(counter, question)
    sign_in(ui, CLERK, PASSWORD)
    wait_until(lambda: ui.session.screen == "desk", 5000)
    press(ui, Qt.Key.Key_F3)
    wait_until(lambda: ui.forms.count == 2, 5000)
    form_box = ui.window.findChild(QObject, "forms_form_filter")
    state_box = ui.window.findChild(QObject, "forms_state_filter")
    assert form_box is not None and state_box is not None
    assert (form_box.property("currentText"), state_box.property("currentText")) == (
        "Alle Formulare",
        "Jeder Stand",
    )

    ui.forms.setFormFilter("question")
    wait_until(lambda: [row["receipt"] for row in ui.forms.rows] == [question], 5000)
    assert form_box.property("currentText") == "Frage an die Ausländerbehörde"
    ui.forms.setFormFilter("")
    wait_until(lambda: ui.forms.count == 2, 5000)

    # the application in progress: "new" lists the question only, "in progress" the application
    ui.forms.openForm(application)
    wait_until(lambda: ui.forms.formOpen, 5000)
    press(ui, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    wait_until(lambda: ui.forms.formState == "in_progress", 5000)
    ui.forms.setStateFilter("new")
    wait_until(lambda: [row["receipt"] for row in ui.forms.rows] == [question], 5000)
    assert state_box.property("currentText") == "neu"
    ui.forms.setStateFilter("in_progress")
    wait_until(lambda: [row["receipt"] for row in ui.forms.rows] == [application], 5000)
    ui.forms.setFormFilter("question")  # nothing is both
    wait_until(lambda: ui.forms.count == 0 and not ui.forms.loading, 5000)
    empty = [
        item
        for item in ui.window.findChildren(QObject)
        if item.property("text") == "Keine Anträge zu dieser Auswahl."
    ]
    assert empty and empty[0].property("visible")


def test_without_the_gateway_the_inbox_says_so(real_counter: RealCounter) -> None:
    counter, ui = real_counter, real_counter.ui
    _submit(counter, new_reference())
    sign_in(ui, CLERK, PASSWORD)
    wait_until(lambda: ui.session.screen == "desk", 5000)
    press(ui, Qt.Key.Key_F3)
    wait_until(lambda: ui.forms.count == 1, 5000)
    counter.gateway.stop()
    try:
        press(ui, Qt.Key.Key_F5)
        wait_until(lambda: ui.forms.message != "", 8000)
        assert ui.forms.message.startswith("Der Server der Behörde ist nicht erreichbar.")
        assert ui.forms.count == 1  # the last list stays, with the message above it
    finally:
        counter.gateway.start()
