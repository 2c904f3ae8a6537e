"""A snippet handed to a resident at the counter (issue 16): the approved answer on A4, German
and the resident's language side by side (the resident's column where their eye starts), with
the snippet's version and legal basis, through the kiosk's A4 painter and printer backends."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from PySide6.QtGui import QPaintDevice, QPainter

from kiosk_app.core.languages import is_right_to_left
from kiosk_app.qt.printing.a4 import paint_pages
from kiosk_app.qt.printing.document import build_document


@dataclass(frozen=True)
class AnswerColumn:
    """One language's text, already filled and translated."""

    language: str
    heading: str  # "Auskunft" / "Information" in that language
    question: str
    answer: str
    version_line: str  # e.g. "Textbaustein extend_permit, Fassung 3 · § 81 Abs. 4 AufenthG"


@dataclass(frozen=True)
class SnippetPaper:
    """What the printer backends take as an A4 paper (``backends.A4Paper``)."""

    office_name: str
    snippet_id: str
    german: AnswerColumn
    resident: AnswerColumn | None  # None: German only
    stamp: str  # when it was printed, e.g. 20261207-0931 (part of the file name)

    @property
    def file_stem(self) -> str:
        return f"auskunft-{self.snippet_id}-{self.stamp}"

    @property
    def title(self) -> str:
        return "Auskunft"

    def paint(
        self, painter: QPainter, device: QPaintDevice, new_page: Callable[[], bool] = lambda: False
    ) -> int:
        document = build_document(lambda _qr: snippet_html(self), None, device, 1.0)
        footer = f"{self.office_name} · {self.snippet_id}"
        return paint_pages(painter, device, document, footer, new_page)


def _p(text: str, rtl: bool, style: str) -> str:
    direction = 'dir="rtl" align="right"' if rtl else 'dir="ltr" align="left"'
    body = "<br/>".join(escape(line) for line in text.split("\n"))
    return f'<p {direction} style="margin-top:0; margin-bottom:6px; {style}">{body}</p>'


def _column(column: AnswerColumn) -> str:
    rtl = is_right_to_left(column.language)
    paragraphs = [part for part in column.answer.split("\n\n") if part.strip()]
    return "".join(
        [
            _p(column.heading, rtl, "font-size:16pt; font-weight:700; margin-bottom:8px;"),
            _p(column.question, rtl, "font-size:12.5pt; font-weight:700;"),
            *(_p(part, rtl, "font-size:11pt;") for part in paragraphs),
            _p(column.version_line, rtl, "font-size:9pt; color:#333333; margin-top:14px;"),
        ]
    )


def snippet_html(paper: SnippetPaper) -> str:
    office = _p(paper.office_name, False, "font-size:11pt; font-weight:600; margin-bottom:10px;")
    german = _column(paper.german)
    if paper.resident is None:
        return f"<html><body>{office}{german}</body></html>"
    rtl = is_right_to_left(paper.resident.language)
    own_dir = 'dir="rtl" align="right"' if rtl else 'dir="ltr"'
    own_cell = f'<td width="50%" valign="top" {own_dir}>{_column(paper.resident)}</td>'
    german_cell = f'<td width="50%" valign="top" dir="ltr">{german}</td>'
    cells = german_cell + own_cell if rtl else own_cell + german_cell
    table = f'<table width="100%" cellspacing="0" cellpadding="6"><tr>{cells}</tr></table>'
    return f"<html><body>{office}{table}</body></html>"
