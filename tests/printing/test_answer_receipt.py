"""A printed answer (issue 16): the approved answer verbatim in the resident's language and in
German, each with its version, the legal basis; an answer shown in German and English says so
in the resident's language; Arabic lines set right to left. As the receipt printer's image and
as the PDF backend's 80 mm page, read back as a person would."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from escpos.printer import Dummy
from PySide6.QtGui import QImage
from readback import pdf_words, words_of

from kiosk_app.config import PrinterConfig
from kiosk_app.core.answer_receipt import AnswerReceiptText, compose_answer_receipt
from kiosk_app.core.faq import Answer, AnswerText
from kiosk_app.qt.printing.answer_receipt import print_answer, render_answer
from kiosk_app.qt.printing.backends import EscPosPrinter, PdfFilePrinter

PRINTED = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
BASIS = ("§ 81 Abs. 4 AufenthG",)
GERMAN = AnswerText(
    "de", "Wie verlängere ich meinen Aufenthaltstitel?", "Stellen Sie den Antrag rechtzeitig.", 4
)
ENGLISH = AnswerText("en", "How do I extend my residence permit?", "Apply in good time.", 2)
ARABIC = AnswerText("ar", "كيف أمدد تصريح إقامتي؟", "قدّم طلب التمديد قبل انتهاء تصريحك.", 3)


def answer(language: str, *parts: AnswerText, fallback: bool = False) -> Answer:
    return Answer("extend_permit", language, parts, BASIS, fallback, fallback, demo=False)


def receipt(shown: Answer, language: str) -> AnswerReceiptText:
    return compose_answer_receipt(
        shown,
        answer("de", GERMAN),
        language=language,
        office_name="Ausländerbehörde Demostadt",
        printed_at=PRINTED,
    )


def test_the_pdf_holds_the_arabic_answer_the_german_one_their_versions_and_the_basis(
    qapp: object, tmp_path: Path
) -> None:
    text = receipt(answer("ar", ARABIC), "ar")
    saved = print_answer(PdfFilePrinter(tmp_path), text)
    assert saved == tmp_path / "answer-extend_permit.pdf"
    words = pdf_words(saved)
    for line in (ARABIC.question, ARABIC.body, GERMAN.question, GERMAN.body):
        assert words_of(line) <= words, line
    assert {"Version", "3", "4", "AufenthG", "81"} <= words  # each text's own version


def test_an_answer_in_german_and_english_says_why_and_is_not_printed_twice(
    qapp: object, tmp_path: Path
) -> None:
    text = receipt(answer("fa", GERMAN, ENGLISH, fallback=True), "fa")
    assert [a.language for a in text.answers] == ["de", "en"]  # German not added again
    words = pdf_words(print_answer(PdfFilePrinter(tmp_path), text) or tmp_path)
    assert words_of(ENGLISH.body) <= words and words_of(GERMAN.body) <= words
    assert {"Übersetzung", "überarbeitet"} <= words  # the note, German beside Persian


def _ink_columns(image: QImage, top: int, bottom: int) -> tuple[int, int]:
    """Leftmost and rightmost black column in rows top..bottom."""
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    columns = [
        x
        for x in range(gray.width())
        for y in range(top, bottom)
        if gray.pixelColor(x, y).value() < 128
    ]
    return min(columns), max(columns)


def _text_rows(image: QImage) -> list[tuple[int, int]]:
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    inked = [
        any(gray.pixelColor(x, y).value() < 128 for x in range(0, gray.width(), 2))
        for y in range(gray.height())
    ]
    rows, start = [], None
    for y, ink in enumerate(inked):
        if ink and start is None:
            start = y
        elif not ink and start is not None:
            rows.append((start, y))
            start = None
    return rows


def test_on_the_receipt_the_arabic_question_starts_at_the_right_edge_the_german_at_the_left(
    qapp: object,
) -> None:
    image = render_answer(receipt(answer("ar", ARABIC), "ar"))
    assert image.width() == 640 and image.format() == QImage.Format.Format_Mono
    rows = _text_rows(image)
    # Office name, title (Arabic, German), rule, then the Arabic question; after its body,
    # version lines and a rule, the German question.
    arabic_question = rows[4]
    left, right = _ink_columns(image, *arabic_question)
    assert right > image.width() - 60 and left > 120  # a short line, flush right
    german_question = next(
        row
        for row in rows[5:]
        if _ink_columns(image, *row)[0] < 60 and _ink_columns(image, *row)[1] < image.width() - 120
    )
    assert german_question


def test_escpos_gets_pixels_and_a_cut(qapp: object) -> None:
    device = Dummy()
    printer = EscPosPrinter(PrinterConfig(backend="escpos", dpi=203), device=device)
    assert print_answer(printer, receipt(answer("ar", ARABIC), "ar")) is None
    assert b"\x1dv0\x00" in device.output and b"\x1dV" in device.output
