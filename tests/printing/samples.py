"""Checklists and printout texts for the printing tests."""

from __future__ import annotations

from datetime import date, datetime

from kiosk_app.core.case_number import CaseNumber
from kiosk_app.core.catalog import seed_catalog
from kiosk_app.core.checklist import Checklist, checklist_for_case, generic_checklist
from kiosk_app.core.printout import PrintoutText, compose_printout
from kiosk_app.core.status_lookup import CaseRecord, StatusAnswer
from kiosk_app.core.statuses import CaseStatus

OFFICE = "Ausländerbehörde Darmstadt"
PRINTED_AT = datetime(2026, 3, 15, 10, 32)
CASE = CaseNumber("DA", 2026, 123412)
BIRTH = date(1990, 7, 14)


def case_checklist() -> Checklist:
    record = CaseRecord(
        status=CaseStatus.DOCUMENTS_MISSING,
        status_changed_on=date(2026, 3, 2),
        permit_type="blue_card_18g",
        missing_documents=("passport", "photo", "employer_form", "health_insurance"),
        next_appointment=datetime(2026, 3, 24, 9, 30),
    )
    return checklist_for_case(StatusAnswer(CASE, record, date(2026, 3, 15)), seed_catalog())


def browse_checklist() -> Checklist:
    return generic_checklist(seed_catalog(), "blue_card_18g", "application")


def printout(checklist: Checklist, language: str) -> PrintoutText:
    return compose_printout(checklist, language, OFFICE, PRINTED_AT)
