"""The view models on their own, over a real demo cache (no QML needed, but the app runs)."""

from __future__ import annotations

from datetime import date, timedelta

from qt_fixtures import sample_with

from kiosk_app.backend import KioskBackend
from kiosk_app.core.case_number import CaseNumber
from kiosk_app.core.catalog import DOCUMENTS
from kiosk_app.core.formatting import format_date
from kiosk_app.core.i18n import _, activate
from kiosk_app.core.status_lookup import CaseRecord, StatusAnswer
from kiosk_app.core.statuses import CaseStatus
from kiosk_app.qt.app import KioskUi
from kiosk_app.qt.viewmodels.lookup_vm import LookupViewModel
from kiosk_app.qt.viewmodels.result_vm import ResultViewModel


def test_keypad_fills_the_masks_and_moves_on(backend: KioskBackend) -> None:
    found: list[StatusAnswer] = []
    vm = LookupViewModel(backend.lookup.find, found.append, prefix="DA")
    for digit in "2026":
        vm.typeDigit(digit)
    assert vm.caseDisplay == "DA-2026-______-_"
    for digit in "1234567":
        vm.typeDigit(digit)
    assert vm.activeField == "birth"  # a complete number moves on to the birth date
    for digit in "0103":
        vm.typeDigit(digit)
    assert vm.birthDisplay == "01.03.____"
    vm.erase()
    assert vm.birthDisplay == "01.0_.____"
    vm.clear()
    vm.erase()  # erasing an empty birth date goes back into the case number
    assert vm.activeField == "case" and vm.caseDigits == "2026123456"


def test_incomplete_number_explains_itself(backend: KioskBackend) -> None:
    vm = LookupViewModel(backend.lookup.find, lambda _answer: None, prefix="DA")
    for digit in "2026":
        vm.typeDigit(digit)
    vm.submit()
    assert "11 digits" in vm.errorText
    vm.typeDigit("1")
    assert vm.errorText == ""  # typing again clears the message


def test_result_shows_documents_and_dates_in_words(backend: KioskBackend) -> None:
    activate("en")
    sample = sample_with(backend, "documents_missing")
    answer = backend.lookup.find(sample.case_number, sample.birth_date)
    vm = ResultViewModel()
    vm.show(answer)

    assert vm.missingDocuments == [_(DOCUMENTS[c]) for c in answer.record.missing_documents]
    assert vm.missingDocuments
    assert format_date(answer.record.status_changed_on) in vm.changedOn
    assert vm.maskedCaseNumber == answer.case_number.masked()
    assert vm.tone == "action"


def test_fiktionsbescheinigung_valid_and_expired() -> None:
    activate("en")
    today = date(2025, 6, 1)
    number = CaseNumber("DA", 2025, 42)

    def answer(until: date) -> StatusAnswer:
        record = CaseRecord(CaseStatus.RECEIVED, today, "study_16b", fiktion_valid_until=until)
        return StatusAnswer(number, record, today)

    vm = ResultViewModel()
    vm.show(answer(today + timedelta(days=30)))
    assert vm.fiktionValid
    assert (
        vm.fiktionText
        == f"Your Fiktionsbescheinigung is valid until {format_date(date(2025, 7, 1))}."
    )
    vm.show(answer(today - timedelta(days=1)))
    assert not vm.fiktionValid
    assert "expired on" in vm.fiktionText


def test_session_end_clears_every_view_model(kiosk: KioskUi, backend: KioskBackend) -> None:
    sample = sample_with(backend, "appointment_required")
    kiosk.flow_vm.chooseLanguage("en")
    for digit in sample.case_number + sample.birth_date:
        if digit.isdigit():
            kiosk.lookup_vm.typeDigit(digit)
    kiosk.lookup_vm.submit()
    assert kiosk.flow_vm.screen == "result" and kiosk.result_vm.hasResult
    kiosk.flow_vm.show_idle(True, 12)

    kiosk.flow_vm.home()

    assert kiosk.flow_vm.screen == "welcome"
    assert kiosk.flow_vm.language == kiosk.flow.language == "de"
    assert not kiosk.flow_vm.idleWarningVisible
    assert (kiosk.lookup_vm.caseDigits, kiosk.lookup_vm.birthDigits) == ("", "")
    assert kiosk.lookup_vm.errorText == "" and kiosk.lookup_vm.activeField == "case"
    assert not kiosk.result_vm.hasResult
    assert kiosk.result_vm.statusTitle == kiosk.result_vm.maskedCaseNumber == ""
    assert kiosk.result_vm.missingDocuments == []
