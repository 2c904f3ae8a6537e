"""The walk-in ticket on paper (issue 15): one 80 mm receipt, the number large, every line in
the resident's language then German, and a QR code holding only the ticket id.

The same QTextDocument makes the receipt printer's 1-bit image (``render_ticket``), the PDF of
the ``pdf`` backend (an 80 mm wide page: text stays text, so tests read it back) and the A4 page
a CUPS printer gets, through the 80 mm slip shared with the form receipt and the printed answer
(``slip.py``). ``print_ticket`` picks by backend; one without a ticket path raises
``PrinterMissing`` (the screen then shows the number large instead).
"""

from __future__ import annotations

from functools import partial
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtGui import QImage, QPaintDevice, QPainter, QTextDocument

from kiosk_app.core.print_errors import PrinterMissing
from kiosk_app.core.printout import Bilingual
from kiosk_app.core.walk_in_ticket import TicketText
from kiosk_app.qt.printing.document import build_document
from kiosk_app.qt.printing.markup import QR_URL, _para
from kiosk_app.qt.printing.receipt import QR_MODULE_MM
from kiosk_app.qt.printing.slip import (
    PDF_DPI,
    WIDTH_MM,
    paint_slip_once,
    render_slip,
    write_slip_pdf,
)


def ticket_html(text: TicketText, qr_width_px: int) -> str:
    """The ticket's rich text; pure black (thermal paper has no grey)."""
    rtl = text.right_to_left

    def block(pair: Bilingual, size: float, bold: bool = False, center: bool = False) -> str:
        weight = "700" if bold else "400"
        style = f"font-size:{size:g}pt; font-weight:{weight};"
        if center:
            own = f'<p align="center" style="margin:0; {style}">{escape(pair.resident)}</p>'
            german = f'<p align="center" style="margin:0; {style}">{escape(pair.german)}</p>'
            return own + (german if pair.german else "")
        out = _para(pair.resident, rtl, style)
        if pair.german:
            out += _para(pair.german, False, style + " font-style:italic;")
        return out

    # The number reads left to right in every language ("A 042"), centred and large.
    number = (
        '<p align="center" dir="ltr" style="margin-top:6px; margin-bottom:6px;'
        f' font-size:40pt; font-weight:700;">{escape(text.label)}</p>'
    )
    parts = [
        _para(text.office_name, False, "font-size:8.5pt; font-weight:700;"),
        block(text.title, 12, bold=True, center=True),
        number,
        block(text.service, 10, bold=True),
        block(text.ahead, 9.5),
        block(text.wait, 9.5, bold=True),
        "<hr>",
        block(text.note, 8.5),
        block(text.printed_at, 7.5),
        f'<p align="center"><img src="{QR_URL}" width="{qr_width_px}" height="{qr_width_px}"></p>',
        block(text.staff_note, 7),
    ]
    return "<html><body>" + "".join(parts) + "</body></html>"


def _document(text: TicketText, device: QPaintDevice, width_px: int) -> QTextDocument:
    document = build_document(
        lambda qr_width: ticket_html(text, qr_width), text.ticket_id, device, QR_MODULE_MM
    )
    document.setTextWidth(width_px)
    return document


def render_ticket(text: TicketText, dpi: int = 203, width_mm: float = WIDTH_MM) -> QImage:
    """The ticket as a 1-bit image for the receipt printer (as ``receipt.render_receipt``)."""
    return render_slip(partial(_document, text), dpi, width_mm)


def write_ticket_pdf(text: TicketText, path: Path, dpi: int = PDF_DPI) -> None:
    """The ticket as an 80 mm wide PDF page, as long as its text."""
    write_slip_pdf(partial(_document, text), path, "Wartemarke / Walk-in ticket", "ticket", dpi)


def print_ticket(printer: Any, text: TicketText) -> Path | None:
    """Print on the configured backend (in a worker thread); the file written for ``pdf``."""
    from kiosk_app.qt.printing.backends import CupsPrinter, EscPosPrinter, PdfFilePrinter

    if isinstance(printer, EscPosPrinter):
        config = printer.config
        return printer.print_image(render_ticket(text, config.dpi, config.receipt_width_mm))
    if isinstance(printer, PdfFilePrinter):
        target = printer.folder / f"{text.file_stem}.pdf"
        return printer.write_file(target, lambda path: write_ticket_pdf(text, path))
    if isinstance(printer, CupsPrinter):
        return printer.print_pages("Wartemarke", lambda p, d, _new: _paint_once(p, d, text))
    own = getattr(printer, "print_ticket", None)  # a stand-in of the tests
    if own is not None:
        result: Path | None = own(text)
        return result
    raise PrinterMissing()


def _paint_once(painter: QPainter, device: QPaintDevice, text: TicketText) -> int:
    return paint_slip_once(partial(_document, text), painter, device)
