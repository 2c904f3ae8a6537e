"""The report as a German PDF (reportlab): a title page with the one-page summary, then one
part per section with its charts and tables. Text is real text (the task force can search and
copy it; tests read it back with pypdf), set in DejaVu Sans, which matplotlib ships, so every
character of a device name prints and charts and text look alike."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from .contents import ReportContents
from .model import ShownTable
from .suppression import PRIMARY, SECONDARY

TITLE = "Bericht für die Task Force des Stadtrats"
SUBTITLE = "Ausländerbehörde: Nutzung der Kioske, Termine und Verfügbarkeit"
FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
RULES = (
    f"„{PRIMARY}“: 1 oder 2 Fälle (zum Schutz Einzelner nicht genau angegeben); "
    f"„{SECONDARY}“: ausgeblendet, damit sich eine „{PRIMARY}“-Zelle nicht aus den Summen "
    "errechnen lässt; 0 heißt: kein Fall. Keine Zahl ist nach Mitarbeiterinnen oder "
    "Mitarbeitern aufgeschlüsselt. Alle Zahlen sind anonyme Zählungen: kein Aktenzeichen, keine "
    "Referenz, kein Name. Tage und Uhrzeiten in der Zeitzone der Behörde."
)


def _fonts() -> None:
    from matplotlib import get_data_path
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    fonts = Path(get_data_path()) / "fonts" / "ttf"
    pdfmetrics.registerFont(TTFont(FONT, str(fonts / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(fonts / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD)


def _styles() -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle

    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13, spaceAfter=6)
    return {
        "title": ParagraphStyle("title", parent=body, fontName=BOLD, fontSize=20, leading=25),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontSize=12, leading=16),
        "heading": ParagraphStyle(
            "heading", parent=body, fontName=BOLD, fontSize=14, leading=18, spaceBefore=6
        ),
        "table_title": ParagraphStyle(
            "table_title", parent=body, fontName=BOLD, fontSize=10, spaceBefore=6, spaceAfter=3
        ),
        "body": body,
        "small": ParagraphStyle(
            "small", parent=body, fontSize=8, leading=10.5, textColor="#444444"
        ),
        "notice": ParagraphStyle(
            "notice",
            parent=body,
            fontName=BOLD,
            backColor="#fff3cd",
            borderPadding=5,
            spaceBefore=6,
            spaceAfter=10,
        ),
    }


def _paragraph(text: str, style: Any) -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(escape(text), style)


def _table(shown: ShownTable, width: float) -> Any:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph, Table, TableStyle

    rows = shown.all_rows()
    widest = max(stringWidth(row[0], BOLD, 8) for row in rows) + 12
    first = min(max(widest, width * 0.2), width * (0.42 if len(shown.header) > 2 else 0.6))
    # No header word may break: the number columns get at least their longest word's width.
    longest_word = max(stringWidth(w, BOLD, 8) for text in rows[0][1:] for w in text.split())
    first = min(first, width - (longest_word + 9) * (len(shown.header) - 1))
    others = (width - first) / max(1, len(shown.header) - 1)
    # Header cells wrap (as paragraphs), numbers are right-aligned under them.
    head = ParagraphStyle("head", fontName=BOLD, fontSize=8, leading=9.5)
    head_right = ParagraphStyle("head_right", parent=head, alignment=2)
    header = [
        Paragraph(escape(text), head if n == 0 else head_right) for n, text in enumerate(rows[0])
    ]
    table = Table(
        [header, *rows[1:]],
        colWidths=[first] + [others] * (len(shown.header) - 1),
        repeatRows=1,
    )
    style = [
        ("FONT", (0, 0), (-1, -1), FONT, 8),
        ("FONT", (0, 0), (-1, 0), BOLD, 8),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6edf5")),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.HexColor("#1f5f99")),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f6f6f6")]),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if shown.total is not None:
        style += [
            ("FONT", (0, -1), (-1, -1), BOLD, 8),
            ("LINEABOVE", (0, -1), (-1, -1), 0.6, colors.HexColor("#1f5f99")),
        ]
    if len(shown.header) > 2 and shown.header[-1] == "Summe":
        style.append(("FONT", (-1, 1), (-1, -1), BOLD, 8))
    table.setStyle(TableStyle(style))
    return table


def _image(png: bytes, width: float) -> Any:
    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Image

    pixels_wide, pixels_high = ImageReader(io.BytesIO(png)).getSize()
    return Image(io.BytesIO(png), width=width, height=width * pixels_high / pixels_wide)


def write_pdf(
    path: Path,
    contents: ReportContents,
    key_figures: ShownTable,
    sections: Sequence[tuple[Sequence[ShownTable], Sequence[bytes]]],
    created_at: datetime,
    summary_chart: bytes | None = None,
) -> None:
    """Write the report to ``path``: ``sections`` pairs each of ``contents.sections`` with its
    published tables and chart images (PNG); ``summary_chart`` goes under the key figures."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import KeepTogether, PageBreak, SimpleDocTemplate, Spacer

    _fonts()
    style = _styles()
    margin = 1.8 * cm
    width = A4[0] - 2 * margin
    footer = f"{TITLE} · Zeitraum {contents.period.label}"

    def decorate(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColorRGB(0.35, 0.35, 0.35)
        canvas.drawString(margin, 1.0 * cm, footer)
        canvas.drawRightString(A4[0] - margin, 1.0 * cm, f"Seite {document.page}")
        canvas.restoreState()

    document = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=1.6 * cm,
        bottomMargin=1.6 * cm,
        title=TITLE,
        subject=f"Zeitraum {contents.period.label}",
        author="kiosk-app gateway report",
        lang="de-DE",
    )
    story: list[Any] = [
        _paragraph(TITLE, style["title"]),
        _paragraph(SUBTITLE, style["subtitle"]),
        Spacer(1, 0.2 * cm),
        _paragraph(
            f"Zeitraum: {contents.period.label} ({contents.period.days} Tage) · "
            f"Vorperiode: {contents.previous.label}",
            style["body"],
        ),
        _paragraph(f"Erstellt am {created_at:%d.%m.%Y um %H:%M} Uhr", style["small"]),
    ]
    if contents.synthetic_devices:
        story.append(
            _paragraph(
                "Synthetische Daten: Dieser Bericht enthält erfundene Demo-Zahlen von "
                f"{len(contents.synthetic_devices)} Geräten, deren Kennung mit „demo-“ beginnt. "
                "Sie zeigen, wie der Bericht aussieht, und sagen nichts über die Behörde.",
                style["notice"],
            )
        )
    if not contents.has_data:
        story.append(
            _paragraph(
                "Für diesen Zeitraum liegen keine Zahlen vor: kein Gerät hat etwas gemeldet.",
                style["notice"],
            )
        )
    story += [
        _paragraph("Zusammenfassung: " + key_figures.title, style["heading"]),
        _table(key_figures, width),
        Spacer(1, 0.3 * cm),
        *([_image(summary_chart, width * 0.9)] if summary_chart else []),
        _paragraph(
            "Veränderung: gegenüber der Vorperiode gleicher Länge; „–“: nicht angebbar (keine "
            "Vergleichszahl oder weniger als 3 Fälle). Die Verfügbarkeit zählt die Minuten, in "
            "denen ein Kiosk während der Öffnungszeiten keine Verbindung zum Gateway hatte.",
            style["small"],
        ),
        _paragraph(RULES, style["small"]),
        _paragraph(
            "Inhalt: "
            + " · ".join(f"{n}. {s.heading}" for n, s in enumerate(contents.sections, 1)),
            style["small"],
        ),
        PageBreak(),
    ]
    for number, (section, (tables, charts)) in enumerate(
        zip(contents.sections, sections, strict=True), 1
    ):
        heading = _paragraph(f"{number}. {section.heading}", style["heading"])
        intro = _paragraph(section.intro, style["body"])
        if section.empty:
            story += [
                KeepTogether([heading, intro, _paragraph(section.empty_text, style["notice"])])
            ]
            continue
        first = [heading, intro]
        if charts:
            first.append(_image(charts[0], width))
        story.append(KeepTogether(first))
        story += [_image(chart, width) for chart in charts[1:]]
        for n, table in enumerate(tables, 1):
            story.append(
                KeepTogether(
                    [
                        _paragraph(f"Tabelle {number}.{n}: {table.title}", style["table_title"]),
                        _table(table, width),
                    ]
                )
            )
            if table.note:
                story.append(_paragraph(table.note, style["small"]))
        story.append(Spacer(1, 0.4 * cm))
    story.append(_paragraph(RULES, style["small"]))
    document.build(story, onFirstPage=decorate, onLaterPages=decorate)
