"""A4 checklists read back from the PDF: both languages, the QR code, no personal data."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from readback import pdf_words, qr_texts, words_of
from samples import BIRTH, CASE, browse_checklist, case_checklist, printout

from kiosk_app.core import i18n
from kiosk_app.core.catalog import seed_catalog
from kiosk_app.core.checklist import Checklist, checklist_for_case
from kiosk_app.core.printout import Translation
from kiosk_app.core.status_lookup import CaseRecord, StatusAnswer
from kiosk_app.core.statuses import CaseStatus
from kiosk_app.qt.printing.a4 import a4_first_page_image, write_a4_pdf


@pytest.mark.parametrize("language", ["en", "ar"])
def test_pdf_names_every_document_in_both_languages(
    qapp: object, tmp_path: Path, language: str
) -> None:
    checklist = browse_checklist()
    pdf = tmp_path / "checklist.pdf"
    write_a4_pdf(printout(checklist, language), pdf)

    words = pdf_words(pdf)
    resident, german = Translation(language), Translation("de")
    for item in checklist.items:
        for name in (resident(item.name), german(item.name)):
            assert words_of(name) <= words, f"{name!r} missing from the {language} PDF"
    assert resident(item.name) != german(item.name)  # really two languages


def test_german_resident_gets_german_only(qapp: object, tmp_path: Path) -> None:
    pdf = tmp_path / "checklist.pdf"
    write_a4_pdf(printout(case_checklist(), "de"), pdf)
    words = pdf_words(pdf)
    assert {"Reisepass", "Aktenzeichen"} <= words
    assert "Passport" not in words


def test_case_printout_is_masked_and_carries_no_birth_date(qapp: object, tmp_path: Path) -> None:
    pdf = tmp_path / "checklist.pdf"
    write_a4_pdf(printout(case_checklist(), "en"), pdf)
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(str(pdf)).pages)
    assert CASE.canonical not in text and f"{CASE.serial:06d}" not in text
    assert CASE.masked().split("••••")[1] in text  # the last digits the resident recognises
    for form in (BIRTH.isoformat(), BIRTH.strftime("%d.%m.%Y"), BIRTH.strftime("%Y")):
        assert form not in text


@pytest.mark.parametrize("language", ["de", "en", "ar"])
def test_qr_code_on_the_page_scans_to_the_reference(qapp: object, language: str) -> None:
    checklist = case_checklist()
    image = a4_first_page_image(printout(checklist, language), dpi=150)
    assert qr_texts(image) == [checklist.reference]
    assert len(checklist.reference) == 10


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_qr_code_scans_from_the_pdf_as_printed(qapp: object, tmp_path: Path) -> None:
    checklist = case_checklist()
    pdf = tmp_path / "checklist.pdf"
    write_a4_pdf(printout(checklist, "ar"), pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "120", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    (page,) = tmp_path.glob("page*.png")
    assert qr_texts(QImage(str(page))) == [checklist.reference]


def test_reference_is_random_and_not_derived_from_the_case() -> None:
    references = {case_checklist().reference for _ in range(50)}
    assert len(references) == 50
    assert all(str(CASE.serial) not in ref for ref in references)
    assert i18n.active_language()  # rendering never switched the kiosk's language


def printed_steps(pdf: Path, heading: str, after: str) -> list[str]:
    """The numbered steps as read back from the PDF, between ``heading`` and ``after``."""
    from pypdf import PdfReader

    text = " ".join("".join(page.extract_text() for page in PdfReader(str(pdf)).pages).split())
    section = text.split(heading, 1)[1].split(after, 1)[0]
    return [step.strip() for step in re.split(r"(?:^|\s)\d+\.\s", section) if step.strip()]


@pytest.mark.parametrize(
    "checklist", [case_checklist(), browse_checklist()], ids=["after-a-lookup", "without-a-case"]
)
def test_the_steps_say_once_how_to_hand_documents_in(
    qapp: object, tmp_path: Path, checklist: Checklist
) -> None:
    """Originals in person, copies by post: no step tells the resident otherwise (issue 12)."""
    pdf = tmp_path / "checklist.pdf"
    write_a4_pdf(printout(checklist, "de"), pdf)
    steps = printed_steps(pdf, "Nächste Schritte", "Für Mitarbeitende")

    about_originals = [step for step in steps if "Original" in step]
    assert len(about_originals) == 1, steps
    # Whatever says "by post" says in the same breath that originals stay with the resident.
    for step in steps:
        if "Post" in step:
            assert "niemals Originale" in step, step
    if checklist.masked_case_number:
        assert "Schalter" in about_originals[0] and "per Post" in about_originals[0]
    else:
        assert "zu Ihrem Termin" in about_originals[0]
    assert steps[-1].endswith("sehen Ihre Checkliste.")


def test_a_case_without_missing_documents_is_not_told_to_bring_any(
    qapp: object, tmp_path: Path
) -> None:
    record = CaseRecord(
        status=CaseStatus.IN_REVIEW,
        status_changed_on=date(2026, 3, 2),
        permit_type="blue_card_18g",
        missing_documents=(),
    )
    checklist = checklist_for_case(StatusAnswer(CASE, record, date(2026, 3, 15)), seed_catalog())
    pdf = tmp_path / "checklist.pdf"
    write_a4_pdf(printout(checklist, "de"), pdf)
    steps = printed_steps(pdf, "Nächste Schritte", "Für Mitarbeitende")
    assert steps[0] == "Sie müssen jetzt nichts tun."
    assert not [step for step in steps if "Original" in step or "Post" in step]
