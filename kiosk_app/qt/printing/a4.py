"""The A4 checklist: laid out by QTextDocument, paginated, with the reference on every page.

One painting routine serves the PDF file, the CUPS printer and the preview images, so what
the tests read back is what a resident gets.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from kiosk_app.core.printout import PrintoutText
from kiosk_app.qt.printing.document import PRINT_FONTS, build_document, mm_to_px, white_image
from kiosk_app.qt.printing.markup import a4_html

MARGIN_MM = 15
FOOTER_MM = 8
QR_MODULE_MM = 1.0  # 29 modules ≈ 29 mm: scans at arm's length with a counter scanner
PDF_DPI = 300
A4_MM = (210.0, 297.0)


def paint_a4(
    painter: QPainter,
    device: QPaintDevice,
    text: PrintoutText,
    new_page: Callable[[], bool] = lambda: False,
) -> int:
    """Paint every page of the checklist on ``device``; ``new_page`` starts the next one.

    Returns the number of pages painted.
    """
    document = build_document(
        lambda qr_width: a4_html(text, qr_width), text.reference, device, QR_MODULE_MM
    )
    # Reference and page number only: no case data, so a lost second page gives nothing away.
    return paint_pages(
        painter, device, document, f"{text.office_name} · {text.reference}", new_page
    )


def paint_pages(
    painter: QPainter,
    device: QPaintDevice,
    document: QTextDocument,
    footer: str,
    new_page: Callable[[], bool] = lambda: False,
) -> int:
    """Paint ``document`` (built for ``device``) on A4 pages within the margins, with
    ``footer`` and the page number at the foot of each; returns the number of pages painted."""
    dpi = device.logicalDpiY()
    margin = mm_to_px(MARGIN_MM, dpi)
    footer_height = mm_to_px(FOOTER_MM, dpi)
    body = QRectF(
        margin, margin, device.width() - 2 * margin, device.height() - 2 * margin - footer_height
    )
    document.setPageSize(body.size())
    pages = document.pageCount()
    footer_font = QFont()
    footer_font.setFamilies(PRINT_FONTS)
    footer_font.setPointSizeF(8)
    for index in range(pages):
        if index and not new_page():
            return index
        painter.save()
        painter.translate(body.left(), body.top() - index * body.height())
        document.drawContents(
            painter, QRectF(0, index * body.height(), body.width(), body.height())
        )
        painter.restore()
        painter.save()
        painter.setFont(footer_font)
        painter.setPen(QColor("#444444"))
        line = QRectF(margin, body.bottom() + footer_height / 3, body.width(), footer_height)
        painter.drawText(line, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), footer)
        painter.drawText(
            line,
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop),
            f"{index + 1}/{pages}",
        )
        painter.restore()
    return pages


def prepare_a4(device: QPagedPaintDevice) -> None:
    """A4 portrait with no device margins: ``paint_a4`` keeps its own."""
    device.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
    )


def write_a4_pdf(text: PrintoutText, path: Path, dpi: int = PDF_DPI) -> int:
    """Render the checklist into a PDF file at ``path``; returns the page count."""
    return write_pdf(
        lambda painter, writer, new_page: paint_a4(painter, writer, text, new_page),
        "Checkliste / Checklist",
        path,
        dpi,
    )


PaintPages = Callable[[QPainter, QPaintDevice, Callable[[], bool]], int]


def write_pdf(paint: PaintPages, title: str, path: Path, dpi: int = PDF_DPI) -> int:
    """An A4 PDF at ``path`` painted by ``paint(painter, device, new_page)``; the page count."""
    writer = QPdfWriter(str(path))
    writer.setResolution(dpi)
    writer.setTitle(title)
    writer.setCreator("kiosk-app")
    prepare_a4(writer)
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"cannot write {path}")
    try:
        return paint(painter, writer, writer.newPage)
    finally:
        painter.end()


def blank_a4_image(dpi: int) -> QImage:
    """A white A4 page at ``dpi``, its dpi recorded so point sizes resolve right."""
    width, height = (mm_to_px(side, dpi) for side in A4_MM)
    return white_image(width, height, dpi)


def a4_first_page_image(text: PrintoutText, dpi: int = 150) -> QImage:
    """The first page as an image: previews, documentation and the QR decoding test."""
    image = blank_a4_image(dpi)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    try:
        paint_a4(painter, image, text)
    finally:
        painter.end()
    return image
