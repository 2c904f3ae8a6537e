"""The dated receipt of a submitted form (issue 17), read back from its PDF and image as a
resident, a clerk or a scanner would: both languages, the reference (also in the QR code), the
kiosk and the time of receipt, and the "received in time" note (§ 81 (4) AufenthG) only for an
extension application made on or before the permit's last day."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from readback import pdf_words, qr_texts

from kiosk_app.core.forms.definition import load_forms
from kiosk_app.core.forms.receipt import FormReceiptText, compose_form_receipt, received_in_time
from kiosk_app.qt.printing.backends import PdfFilePrinter
from kiosk_app.qt.printing.form_receipt import print_form_receipt, render_form_receipt

FORMS = load_forms()
RECEIPT = "K7QW2M4XPA"
RECEIVED = datetime(2026, 3, 10, 9, 41)  # office wall time
GERMAN_IN_TIME = {"rechtzeitig", "Fortgeltungsfiktion", "AufenthG"}


def receipt(form_id: str, language: str, permit_ends: date | None) -> FormReceiptText:
    return compose_form_receipt(
        FORMS[form_id],
        receipt=RECEIPT,
        language=language,
        office_name="Ausländerbehörde Darmstadt",
        kiosk="kiosk-eg-2",
        received_at=RECEIVED,
        permit_ends=permit_ends,
    )


def pdf(tmp_path: Path, text: FormReceiptText) -> set[str]:
    saved = print_form_receipt(PdfFilePrinter(tmp_path), text)
    assert saved is not None and saved.name == f"form-receipt-{RECEIPT}.pdf"
    return pdf_words(saved)


@pytest.mark.parametrize(
    ("language", "resident_words"),
    [
        ("fa", {"تمدید", "اقامت", "رسید"}),
        ("ar", {"الاستلام", "الإقامة"}),
        ("uk", {"Підтвердження", "отримання", "вчасно"}),
    ],
)
def test_an_extension_in_time_says_so_in_both_languages(
    qapp: object, tmp_path: Path, language: str, resident_words: set[str]
) -> None:
    words = pdf(tmp_path, receipt("extend_permit", language, date(2026, 3, 31)))
    assert RECEIPT in words and "kiosk" in words
    assert {"Eingangsbestätigung", "Verlängerung", "Aufenthaltstitels", "09", "41"} <= words
    assert words >= GERMAN_IN_TIME  # the German note
    assert resident_words <= words  # the resident's language
    assert "2026" in words and "31" in words  # the permit's end date is named
    assert "Entscheidung" in words and "keine" in words  # never a decision


def test_on_the_permits_last_day_it_still_counts_as_in_time() -> None:
    assert received_in_time("extend_permit", date(2026, 3, 10), date(2026, 3, 10))
    assert not received_in_time("extend_permit", date(2026, 3, 11), date(2026, 3, 10))
    assert not received_in_time("extend_permit", date(2026, 3, 10), None)
    assert not received_in_time("lost_card", date(2026, 3, 10), date(2026, 3, 31))


@pytest.mark.parametrize(
    ("form_id", "permit_ends"),
    [
        ("extend_permit", date(2026, 3, 9)),  # the permit had already ended
        ("extend_permit", None),  # the office did not export the end date
        ("lost_card", date(2026, 3, 31)),  # not an extension application
    ],
)
def test_no_in_time_note_where_it_does_not_apply(
    qapp: object, tmp_path: Path, form_id: str, permit_ends: date | None
) -> None:
    words = pdf(tmp_path, receipt(form_id, "ar", permit_ends))
    assert RECEIPT in words and "Eingangsbestätigung" in words
    assert not GERMAN_IN_TIME & words
    assert "81" not in words  # neither language's note names § 81
    assert receipt(form_id, "ar", permit_ends).in_time is None


def test_a_german_session_gets_german_only(qapp: object, tmp_path: Path) -> None:
    text = receipt("extend_permit", "de", date(2026, 3, 31))
    assert not text.title.german and text.in_time is not None
    words = pdf(tmp_path, text)
    assert "Confirmation" not in words and words >= GERMAN_IN_TIME


def test_the_receipt_printers_image_carries_the_reference_in_its_qr_code(qapp: object) -> None:
    image = render_form_receipt(receipt("question", "fa", None))
    assert image.format() == QImage.Format.Format_Mono
    assert qr_texts(image.convertToFormat(QImage.Format.Format_Grayscale8)) == [RECEIPT]
