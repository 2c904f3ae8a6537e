"""The receipt of documents on A4: one column per language, the resident's on the side where
their eye starts, through the kiosk's A4 painter and printer backends."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path

from PySide6.QtGui import QPaintDevice, QPainter

from kiosk_app.core.documents_receipt import DocumentsReceipt
from kiosk_app.core.printout import Bilingual
from kiosk_app.qt.printing.a4 import paint_pages, write_pdf
from kiosk_app.qt.printing.document import build_document

MUTED = "color:#333333;"


def _p(text: str, right_to_left: bool, style: str) -> str:
    direction = 'dir="rtl" align="right"' if right_to_left else 'dir="ltr" align="left"'
    return f'<p {direction} style="margin-top:0; margin-bottom:3px; {style}">{escape(text)}</p>'


def _column(receipt: DocumentsReceipt, pick: Callable[[Bilingual], str], rtl: bool) -> str:
    """One language's column: title, facts, both lists, the note."""
    heading = "font-size:12.5pt; font-weight:700; margin-top:14px;"
    parts = [
        _p(pick(receipt.title), rtl, "font-size:16pt; font-weight:700; margin-bottom:8px;"),
        *(_p(pick(fact), rtl, "font-size:10.5pt;") for fact in receipt.facts),
        _p(pick(receipt.received_heading), rtl, heading),
    ]
    if receipt.received:
        parts += [_p("✓ " + pick(name), rtl, "font-size:11pt;") for name in receipt.received]
    else:
        parts.append(_p(pick(receipt.none_received), rtl, "font-size:11pt;"))
    parts.append(_p(pick(receipt.missing_heading), rtl, heading))
    if receipt.missing:
        parts += [_p("☐ " + pick(name), rtl, "font-size:11pt;") for name in receipt.missing]
    else:
        parts.append(_p(pick(receipt.none_missing), rtl, "font-size:11pt;"))
    parts.append(_p(pick(receipt.note), rtl, "font-size:9.5pt; margin-top:16px;" + MUTED))
    return "".join(parts)


def receipt_html(receipt: DocumentsReceipt) -> str:
    """The receipt as Qt rich text: German only, or German and the resident's language side by
    side (right-to-left: the resident's column on the right)."""
    office = _p(receipt.office_name, False, "font-size:11pt; font-weight:600; margin-bottom:10px;")
    german = _column(receipt, lambda pair: pair.german or pair.resident, False)
    if not receipt.bilingual:
        return f"<html><body>{office}{german}</body></html>"
    own = _column(receipt, lambda pair: pair.resident, receipt.right_to_left)
    own_cell = f'<td width="50%" valign="top" {_dir_attr(receipt.right_to_left)}>{own}</td>'
    german_cell = f'<td width="50%" valign="top" dir="ltr">{german}</td>'
    cells = german_cell + own_cell if receipt.right_to_left else own_cell + german_cell
    table = f'<table width="100%" cellspacing="0" cellpadding="6"><tr>{cells}</tr></table>'
    return f"<html><body>{office}{table}</body></html>"


def _dir_attr(right_to_left: bool) -> str:
    return 'dir="rtl" align="right"' if right_to_left else 'dir="ltr"'


@dataclass(frozen=True)
class ReceiptPaper:
    """A receipt as the printer backends take A4 papers (``backends.A4Paper``)."""

    receipt: DocumentsReceipt
    stamp: str  # part of the PDF file name: when it was printed, e.g. 20260310-0931

    @property
    def file_stem(self) -> str:
        return f"eingangsbestaetigung-{self.receipt.case_number}-{self.stamp}"

    @property
    def title(self) -> str:
        return "Eingangsbestätigung"

    def paint(
        self, painter: QPainter, device: QPaintDevice, new_page: Callable[[], bool] = lambda: False
    ) -> int:
        document = build_document(lambda _qr: receipt_html(self.receipt), None, device, 1.0)
        footer = f"{self.receipt.office_name} · {self.receipt.case_number}"
        return paint_pages(painter, device, document, footer, new_page)


def write_receipt_pdf(paper: ReceiptPaper, path: Path) -> int:
    """The receipt as a PDF file at ``path``; returns the page count."""
    return write_pdf(paper.paint, paper.title, path)
