"""The receipt of documents: an A4 PDF read back as a person would, in both languages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from readback import pdf_words, words_of

from kiosk_app.core.catalog import seed_catalog
from kiosk_app.core.documents_receipt import compose_documents_receipt
from kiosk_app.core.printout import Translation
from kiosk_app.counter_qt.receipt_paper import ReceiptPaper, receipt_html, write_receipt_pdf


@pytest.fixture(autouse=True)
def _fonts_need_an_application(qapp: object) -> None:
    """QPdfWriter and QFont need a QGuiApplication."""


def _receipt(language: str | None):
    return compose_documents_receipt(
        office_name="Ausländerbehörde Darmstadt",
        day=date(2026, 3, 10),
        case_number="DA-2025-001237-4",
        received=["passport", "photo"],
        missing=["health_insurance"],
        document_name=seed_catalog().document_name,
        language=language,
    )


def _pdf(tmp_path: Path, language: str | None) -> set[str]:
    path = tmp_path / f"receipt-{language}.pdf"
    assert write_receipt_pdf(ReceiptPaper(_receipt(language), "20260310-0930"), path) == 1
    return pdf_words(path)


def test_german_and_turkish_side_by_side(tmp_path: Path) -> None:
    words = _pdf(tmp_path, "tr")
    german, turkish = Translation("de"), Translation("tr")
    for source in (
        "Receipt of documents",
        "Passport",
        "Biometric photo",
        "Proof of health insurance",
        "Documents still missing",
    ):
        assert words_of(german(source)) <= words, source
        assert words_of(turkish(source)) <= words, source
    assert words_of("Eingangsbestätigung") <= words
    assert "001237" in words


def test_arabic_reads_back_right_to_left(tmp_path: Path) -> None:
    receipt = _receipt("ar")
    assert receipt.right_to_left
    html = receipt_html(receipt)
    assert 'dir="rtl"' in html
    # The resident's column is on the right: the German cell comes first in the row.
    assert html.index('dir="ltr">') < html.index('dir="rtl" align="right">')
    words = _pdf(tmp_path, "ar")
    arabic = Translation("ar")
    assert arabic("Passport") != "Passport"  # the catalog has it
    for source in ("Passport", "Documents received today"):
        assert words_of(arabic(source)) <= words, source
    assert words_of("Reisepass") <= words


def test_german_only_without_a_printout_language(tmp_path: Path) -> None:
    receipt = _receipt(None)
    assert not receipt.bilingual
    words = _pdf(tmp_path, None)
    assert words_of("Eingangsbestätigung") <= words
    assert "Receipt" not in words and "Passport" not in words


def test_every_kiosk_language_translates_the_receipt() -> None:
    from kiosk_app.core import documents_receipt as texts
    from kiosk_app.core.languages import LANGUAGES

    sources = [
        texts.TITLE,
        texts.DATE,
        texts.RECEIVED_HEADING,
        texts.MISSING_HEADING,
        texts.NONE_RECEIVED,
        texts.NONE_MISSING,
        texts.NOTE,
    ]
    for language in LANGUAGES:
        if language.code == "en":
            continue
        tr = Translation(language.code)
        untranslated = [s for s in sources if tr(s) == s]
        assert not untranslated, (language.code, untranslated)


def test_the_counter_command_parses_only_its_own_options() -> None:
    from kiosk_app.counter_qt.cli import counter_parser, enroll_parser

    args = counter_parser().parse_args(["--demo", "--language", "en"])
    assert args.demo and args.language == "en"
    enroll = enroll_parser().parse_args(["https://gw.example", "ABCD-1234"])
    assert (enroll.url, enroll.code) == ("https://gw.example", "ABCD-1234")
