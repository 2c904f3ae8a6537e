from datetime import date

from kiosk_app.core import demo_cases
from kiosk_app.core.case_number import CaseNumber
from kiosk_app.core.catalog import DOCUMENTS, PERMIT_TYPES
from kiosk_app.core.statuses import STATUS_TEXTS, CaseStatus

TODAY = date(2026, 11, 26)


def test_same_seed_same_cases_other_seed_other_cases() -> None:
    first = list(demo_cases.generate(50, 3, TODAY))
    assert first == list(demo_cases.generate(50, 3, TODAY))
    assert first != list(demo_cases.generate(50, 4, TODAY))


def test_demo_covers_every_status_with_valid_numbers_and_known_codes() -> None:
    cases = list(demo_cases.generate(500, 1, TODAY))
    assert {c.record.status for c in cases} == set(CaseStatus)
    assert len({c.case_number for c in cases}) == 500
    assert any(c.record.fiktion_valid_until for c in cases)
    assert any(c.record.next_appointment for c in cases)
    for case in cases:
        assert CaseNumber.parse(case.case_number.canonical) == case.case_number
        assert case.record.permit_type in PERMIT_TYPES
        assert set(case.record.missing_documents) <= set(DOCUMENTS)
        assert bool(case.record.missing_documents) == (
            case.record.status is CaseStatus.DOCUMENTS_MISSING
        )


def test_every_status_has_plain_language_texts() -> None:
    assert set(STATUS_TEXTS) == set(CaseStatus)
    for text in STATUS_TEXTS.values():
        assert text.title and text.explanation and text.next_step
