"""Rich text (Qt's HTML subset) for the printouts: Qt shapes and orders every script itself,
so Arabic and Chinese print correctly even on a receipt printer that only takes pixels."""

from __future__ import annotations

from html import escape

from kiosk_app.core.printout import Bilingual, PrintoutText

QR_URL = "qr:reference"  # the QR image is added to the document as a resource under this name


def _dir(right_to_left: bool) -> str:
    return 'dir="rtl" align="right"' if right_to_left else 'dir="ltr" align="left"'


def _para(text: str, right_to_left: bool, style: str = "") -> str:
    # Qt's default paragraph margins are a screen's; paper needs them tight and explicit.
    margins = "margin-top:0; margin-bottom:2px;"
    return f'<p {_dir(right_to_left)} style="{margins} {style}">{escape(text)}</p>'


def _lines(pair: Bilingual, text: PrintoutText, style: str = "", german_style: str = "") -> str:
    """The resident's line, then the German one (muted) in its own direction."""
    out = _para(pair.resident, text.right_to_left, style)
    if pair.german:
        out += _para(pair.german, False, german_style or style)
    return out


GERMAN = "color:#333333; font-style:italic;"


def a4_html(text: PrintoutText, qr_width_px: int) -> str:
    """One A4 checklist: header with the QR code, then documents side by side in both languages.

    For a right-to-left resident the resident's column is on the right, where their eye starts.
    """
    rtl = text.right_to_left
    header = (
        _para(text.office_name, False, "font-size:11pt; font-weight:600;")
        + _lines(text.title, text, "font-size:15pt; font-weight:700; margin-top:8px;")
        + _lines(text.printed_at, text, "font-size:9.5pt;", "font-size:9.5pt;" + GERMAN)
        + "".join(
            _lines(fact, text, "font-size:10pt;", "font-size:10pt;" + GERMAN) for fact in text.facts
        )
    )
    qr_cell = (
        f'<td width="{qr_width_px}" align="center" valign="top">'
        f'<img src="{QR_URL}" width="{qr_width_px}" height="{qr_width_px}">'
        f'<p align="center" style="font-size:11pt; font-family:DejaVu Sans Mono;">'
        f"{escape(_grouped(text.reference))}</p></td>"
    )
    text_cell = f'<td valign="top">{header}</td>'
    cells = qr_cell + text_cell if rtl else text_cell + qr_cell
    parts = [f'<table width="100%" cellspacing="0" cellpadding="0"><tr>{cells}</tr></table>']

    parts.append(_section(text.documents_heading, text))
    if text.items:
        parts.append(_documents_table(text))
    else:
        parts.append(_lines(text.nothing_missing, text, "font-size:12pt;"))
    if text.appointment is not None:
        parts.append(_section(text.appointment_heading, text))
        parts.append(_lines(text.appointment, text, "font-size:12pt; font-weight:600;"))
    parts.append(_section(text.next_steps_heading, text))
    for number, step in enumerate(text.next_steps, start=1):
        parts.append(_step(number, step, text))
    parts.append(
        _lines(text.staff_note, text, "font-size:9pt; margin-top:14px;", "font-size:9pt;" + GERMAN)
    )
    return "<html><body>" + "".join(parts) + "</body></html>"


def _section(heading: Bilingual, text: PrintoutText) -> str:
    title = " · ".join(heading.both()) if not text.right_to_left else heading.resident
    style = "font-size:12.5pt; font-weight:700; margin-top:12px; margin-bottom:3px;"
    out = _para(title, text.right_to_left, style)
    if text.right_to_left and heading.german:
        out += _para(heading.german, False, style)
    return out


def _cell(name: str, explanation: str, right_to_left: bool, german: bool) -> str:
    extra = GERMAN if german else ""
    return (
        f'<td valign="top" {_dir(right_to_left)}>'
        f'<p {_dir(right_to_left)} style="margin:0; font-size:11pt; font-weight:700; {extra}">'
        f"☐ {escape(name)}</p>"
        f'<p {_dir(right_to_left)} style="margin:0; font-size:9.5pt; {extra}">'
        f"{escape(explanation)}</p></td>"
    )


def _documents_table(text: PrintoutText) -> str:
    rows = []
    for item in text.items:
        own = _cell(item.name.resident, item.explanation.resident, text.right_to_left, False)
        if not text.bilingual:
            rows.append(f"<tr>{own}</tr>")
            continue
        german = _cell(item.name.german, item.explanation.german, False, True)
        rows.append(f"<tr>{german}{own}</tr>" if text.right_to_left else f"<tr>{own}{german}</tr>")
    return (
        '<table width="100%" border="1" cellspacing="0" cellpadding="4" '
        'style="border-collapse:collapse; border-color:#888888;">' + "".join(rows) + "</table>"
    )


def _step(number: int, step: Bilingual, text: PrintoutText) -> str:
    own = _para(f"{number}. {step.resident}", text.right_to_left, "font-size:11pt;")
    if step.german:
        own += _para(
            f"{number}. {step.german}", False, "font-size:10pt; margin-bottom:5px;" + GERMAN
        )
    return own


def receipt_html(text: PrintoutText, qr_width_px: int) -> str:
    """An 80 mm receipt: one column, every line in the resident's language, then German.

    Pure black: thermal paper has no grey, and thresholding grey text breaks thin strokes.
    """
    rtl = text.right_to_left

    def block(pair: Bilingual, size: float, bold: bool = False) -> str:
        weight = "700" if bold else "400"
        out = _para(pair.resident, rtl, f"font-size:{size:g}pt; font-weight:{weight};")
        if pair.german:
            out += _para(
                pair.german,
                False,
                f"font-size:{size - 0.5:g}pt; font-weight:{weight}; font-style:italic;",
            )
        return out

    parts = [
        _para(text.office_name, False, "font-size:8.5pt; font-weight:700;"),
        block(text.title, 10.5, bold=True),
        block(text.printed_at, 8),
        *(block(fact, 8) for fact in text.facts),
        f'<p align="center"><img src="{QR_URL}" width="{qr_width_px}" height="{qr_width_px}"></p>',
        f'<p align="center" style="font-size:10pt; font-family:DejaVu Sans Mono;">'
        f"{escape(_grouped(text.reference))}</p>",
        "<hr>",
    ]
    if text.items:
        for item in text.items:
            parts.append(
                block(
                    Bilingual(
                        "☐ " + item.name.resident,
                        ("☐ " + item.name.german) if item.name.german else "",
                    ),
                    9,
                    bold=True,
                )
            )
            parts.append(block(item.explanation, 8))
            parts.append('<p style="font-size:3pt;"> </p>')
    else:
        parts.append(block(text.nothing_missing, 8.5))
    if text.appointment is not None:
        parts += [
            "<hr>",
            block(text.appointment_heading, 9, bold=True),
            block(text.appointment, 8.5),
        ]
    parts += ["<hr>", block(text.next_steps_heading, 9, bold=True)]
    for number, step in enumerate(text.next_steps, start=1):
        parts.append(
            block(
                Bilingual(
                    f"{number}. {step.resident}", f"{number}. {step.german}" if step.german else ""
                ),
                8,
            )
        )
    parts.append(block(text.staff_note, 7))
    return "<html><body>" + "".join(parts) + "</body></html>"


def _grouped(reference: str) -> str:
    """``K7Q2M9XA4B`` → ``K7Q2M 9XA4B``: easier to read out at a counter."""
    return f"{reference[:5]} {reference[5:]}" if len(reference) > 6 else reference
