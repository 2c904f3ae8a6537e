"""The dated receipt of a submitted form on paper (issue 17): every line in the resident's
language then German, the reference with its QR code, the office and kiosk, the time of
receipt, and for an extension application in time the § 81 (4) AufenthG note.

As the walk-in ticket (``ticket.py``): one QTextDocument makes the receipt printer's 1-bit
image, the ``pdf`` backend's 80 mm page (text stays text: tests read it back with pypdf) and
the page a CUPS printer gets.
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

from kiosk_app.core.forms.receipt import FormReceiptText
from kiosk_app.core.print_errors import PrinterMissing
from kiosk_app.core.printout import Bilingual
from kiosk_app.qt.printing.document import build_document
from kiosk_app.qt.printing.markup import QR_URL, _para
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


def form_receipt_html(text: FormReceiptText, qr_width_px: int) -> str:
    rtl = text.right_to_left

    def block(pair: Bilingual, size: float, bold: bool = False) -> str:
        style = f"font-size:{size:g}pt; font-weight:{'700' if bold else '400'};"
        out = _para(pair.resident, rtl, style)
        if pair.german:
            out += _para(pair.german, False, style + " font-style:italic;")
        return out

    parts = [
        _para(text.office_name, False, "font-size:8.5pt; font-weight:700;"),
        block(text.title, 12, bold=True),
        block(text.request, 10, bold=True),
        block(text.received, 9.5, bold=True),
        block(text.kiosk, 8.5),
        block(text.reference_line, 9.5),
        "<hr>",
    ]
    if text.in_time is not None:
        parts += [block(text.in_time, 9, bold=True), "<hr>"]
    parts += [
        block(text.not_a_decision, 8.5),
        f'<p align="center"><img src="{QR_URL}" width="{qr_width_px}" height="{qr_width_px}"></p>',
        block(text.staff_note, 7),
    ]
    return "<html><body>" + "".join(parts) + "</body></html>"


def _document(text: FormReceiptText, device: QPaintDevice, width_px: int) -> QTextDocument:
    document = build_document(
        lambda qr_width: form_receipt_html(text, qr_width), text.receipt, device, QR_MODULE_MM
    )
    document.setTextWidth(width_px)
    return document


def render_form_receipt(
    text: FormReceiptText, dpi: int = 203, width_mm: float = WIDTH_MM
) -> QImage:
    """The receipt as a 1-bit image for the receipt printer."""
    return render_slip(partial(_document, text), dpi, width_mm)


def write_form_receipt_pdf(text: FormReceiptText, path: Path, dpi: int = PDF_DPI) -> None:
    """The receipt as an 80 mm wide PDF page, as long as its text."""
    write_slip_pdf(
        partial(_document, text),
        path,
        "Eingangsbestätigung / Confirmation of receipt",
        "receipt",
        dpi,
    )


def print_form_receipt(printer: Any, text: FormReceiptText) -> Path | None:
    """Print on the configured backend (in a worker thread); the file written for ``pdf``."""
    from kiosk_app.qt.printing.backends import CupsPrinter, EscPosPrinter, PdfFilePrinter

    if isinstance(printer, EscPosPrinter):
        config = printer.config
        return printer.print_image(render_form_receipt(text, config.dpi, config.receipt_width_mm))
    if isinstance(printer, PdfFilePrinter):
        target = printer.folder / f"{text.file_stem}.pdf"
        return printer.write_file(target, lambda path: write_form_receipt_pdf(text, path))
    if isinstance(printer, CupsPrinter):
        return printer.print_pages(
            "Eingangsbestätigung", lambda p, d, _new: _paint_once(p, d, text)
        )
    own = getattr(printer, "print_form_receipt", None)  # a stand-in of the tests
    if own is not None:
        result: Path | None = own(text)
        return result
    raise PrinterMissing()


def _paint_once(painter: QPainter, device: QPaintDevice, text: FormReceiptText) -> int:
    return paint_slip_once(partial(_document, text), painter, device)
