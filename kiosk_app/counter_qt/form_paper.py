"""A resident's request in German on A4, for the case file (issue 17, § 23 VwVfG): the facts
(reference, request, case, time of receipt at the kiosk, language), then every answer under its
German label, exactly as the gateway renders it from the codes; free text as typed, in its own
direction, flagged "fremdsprachig, ggf. Übersetzung nötig". Through the kiosk's A4 painter and
printer backends (``backends.A4Paper``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from html import escape
from pathlib import Path

from PySide6.QtGui import QPaintDevice, QPainter

from kiosk_app.qt.printing.a4 import paint_pages, write_pdf
from kiosk_app.qt.printing.document import build_document
from sync.form_protocol import FormRendition

STATES_DE = {"new": "neu", "in_progress": "in Bearbeitung", "done": "erledigt"}


def _p(text: str, style: str, direction: str = 'dir="ltr" align="left"') -> str:
    return f'<p {direction} style="margin-top:0; margin-bottom:3px; {style}">{escape(text)}</p>'


def form_html(form: FormRendition, office_name: str, received_local: datetime) -> str:
    summary = form.summary
    facts = [
        ("Referenz", summary.receipt),
        ("Aktenzeichen", summary.case_number or "ohne Akte (Frage ohne Aktenzeichen)"),
        ("Eingegangen am Automaten", received_local.strftime("%d.%m.%Y, %H:%M Uhr")),
        ("Automat", form.device_id),
        ("Sprache am Automaten", form.language_name),
        ("Bearbeitungsstand", STATES_DE.get(summary.status, summary.status)),
    ]
    parts = [
        _p(office_name, "font-size:11pt; font-weight:600; margin-bottom:10px;"),
        _p(summary.title, "font-size:16pt; font-weight:700; margin-bottom:8px;"),
        *(_p(f"{name}: {value}", "font-size:10.5pt;") for name, value in facts),
    ]
    if form.version_note:
        parts.append(_p(form.version_note, "font-size:10pt; font-style:italic;"))
    for section in form.sections:
        parts.append(_p(section.title, "font-size:12.5pt; font-weight:700; margin-top:14px;"))
        for answer in section.answers:
            parts.append(_p(answer.label, "font-size:10pt; color:#333333; margin-top:6px;"))
            if answer.free_text:
                # As typed, in its own direction (Arabic or Persian right to left).
                parts.append(_p(answer.text, "font-size:11pt;", 'dir="auto"'))
                if answer.note:
                    parts.append(_p(answer.note, "font-size:9.5pt; font-weight:700;"))
            else:
                parts.append(_p(answer.text, "font-size:11pt; font-weight:600;"))
    parts.append(
        _p(
            "Übermittelt über den Automaten in der Behörde; die Angaben sind aus den Antwortcodes "
            "wiedergegeben, Freitext unverändert.",
            "font-size:9pt; color:#333333; margin-top:16px;",
        )
    )
    return "<html><body>" + "".join(parts) + "</body></html>"


@dataclass(frozen=True)
class FormPaper:
    """A request as the printer backends take A4 papers."""

    form: FormRendition
    office_name: str
    received_local: datetime  # the kiosk's time of submitting, on the office's wall clock

    @property
    def file_stem(self) -> str:
        return f"antrag-{self.form.summary.receipt}"

    @property
    def title(self) -> str:
        return self.form.summary.title

    def paint(
        self, painter: QPainter, device: QPaintDevice, new_page: Callable[[], bool] = lambda: False
    ) -> int:
        document = build_document(
            lambda _qr: form_html(self.form, self.office_name, self.received_local),
            None,
            device,
            1.0,
        )
        footer = f"{self.office_name} · {self.form.summary.receipt}"
        return paint_pages(painter, device, document, footer, new_page)


def write_form_pdf(paper: FormPaper, path: Path) -> int:
    """The request as a PDF file at ``path``; returns the page count."""
    return write_pdf(paper.paint, paper.title, path)
