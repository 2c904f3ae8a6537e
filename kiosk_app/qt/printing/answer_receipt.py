"""A printed answer (issue 16) on an 80 mm receipt: the approved answer verbatim in the
resident's language, then in German, each paragraph in its own direction (Arabic and Persian
right to left), with the text's version, the legal basis and when it was printed.

Like the walk-in ticket (``ticket.py``): one QTextDocument makes the receipt printer's 1-bit
image, the ``pdf`` backend's 80 mm wide PDF (text stays text, so tests read it back) and the
page a CUPS printer gets. No QR code: the paper names no case and no person.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtGui import (
    QImage,
    QPaintDevice,
    QPainter,
    QTextDocument,
)

from kiosk_app.core.answer_receipt import AnswerReceiptText
from kiosk_app.core.print_errors import PrinterMissing
from kiosk_app.core.printout import Bilingual
from kiosk_app.qt.printing.document import build_document
from kiosk_app.qt.printing.markup import _para
from kiosk_app.qt.printing.receipt import (
    QR_MODULE_MM,
)
from kiosk_app.qt.printing.slip import (
    PDF_DPI,
    WIDTH_MM,
    paint_slip_once,
    render_slip,
    write_slip_pdf,
)


def answer_html(text: AnswerReceiptText) -> str:
    """The printed answer's rich text; pure black (thermal paper has no grey)."""
    rtl = text.right_to_left

    def pair(value: Bilingual, style: str) -> str:
        out = _para(value.resident, rtl, style) if value.resident else ""
        if value.german:
            out += _para(value.german, False, style + " font-style:italic;")
        return out

    parts = [
        _para(text.office_name, False, "font-size:8.5pt; font-weight:700;"),
        pair(text.title, "font-size:12pt; font-weight:700;"),
    ]
    for answer in text.answers:
        parts.append("<hr>")
        parts.append(
            _para(answer.question, answer.right_to_left, "font-size:10pt; font-weight:700;")
        )
        for paragraph in (p.strip() for p in answer.body.split("\n\n")):
            if paragraph:
                parts.append(_para(paragraph, answer.right_to_left, "font-size:9.5pt;"))
        parts.append(pair(answer.version, "font-size:7.5pt;"))
    parts.append("<hr>")
    parts.append(pair(text.legal_basis, "font-size:8pt;"))
    for note in text.notes:
        parts.append(pair(note, "font-size:8pt;"))
    parts.append(pair(text.printed_at, "font-size:7.5pt;"))
    return "<html><body>" + "".join(parts) + "</body></html>"


def _document(text: AnswerReceiptText, device: QPaintDevice, width_px: int) -> QTextDocument:
    document = build_document(lambda _qr: answer_html(text), None, device, QR_MODULE_MM)
    document.setTextWidth(width_px)
    return document


def render_answer(text: AnswerReceiptText, dpi: int = 203, width_mm: float = WIDTH_MM) -> QImage:
    """The answer as a 1-bit image for the receipt printer (as ``receipt.render_receipt``)."""
    return render_slip(partial(_document, text), dpi, width_mm)


def write_answer_pdf(text: AnswerReceiptText, path: Path, dpi: int = PDF_DPI) -> None:
    """The answer as an 80 mm wide PDF page, as long as its text."""
    write_slip_pdf(partial(_document, text), path, "Antwort / Answer", "answer", dpi)


def print_answer(printer: Any, text: AnswerReceiptText) -> Path | None:
    """Print on the configured backend (in a worker thread); the file written for ``pdf``."""
    from kiosk_app.qt.printing.backends import CupsPrinter, EscPosPrinter, PdfFilePrinter

    if isinstance(printer, EscPosPrinter):
        config = printer.config
        return printer.print_image(render_answer(text, config.dpi, config.receipt_width_mm))
    if isinstance(printer, PdfFilePrinter):
        target = printer.folder / f"{text.file_stem}.pdf"
        return printer.write_file(target, lambda path: write_answer_pdf(text, path))
    if isinstance(printer, CupsPrinter):
        return printer.print_pages("Antwort", lambda p, d, _new: _paint_once(p, d, text))
    own = getattr(printer, "print_answer", None)  # the kiosk's configured printer, or a test's
    if own is not None:
        result: Path | None = own(text)
        return result
    raise PrinterMissing()


def _paint_once(painter: QPainter, device: QPaintDevice, text: AnswerReceiptText) -> int:
    return paint_slip_once(partial(_document, text), painter, device)
