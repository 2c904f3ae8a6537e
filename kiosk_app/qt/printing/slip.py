"""An 80 mm slip as long as its text, for every paper laid out as one Qt rich-text document
(the checklist receipt, a form's receipt, a printed answer, the walk-in ticket): the 1-bit image
for the receipt printer, the PDF page of the ``pdf`` backend, and the one page sent to CUPS.
The paper module supplies ``layout(device, width_px)`` building its document.

ESC/POS printers cannot shape Arabic or Chinese, so Qt does all text layout and the printer
only gets pixels. Width: the image is the paper width (80 mm) at the printer's dpi, rounded up
to whole bytes (640 px at 203 dpi), with 4 mm white on each side, so the printed area is the
72 mm (576 dots) that 80 mm heads such as the TM-T20 print: nothing falls off either edge."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QImage,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from kiosk_app.qt.printing.document import mm_to_px, white_image

PDF_DPI = 300
WIDTH_MM = 80.0
SIDE_MARGIN_MM = 4.0
TOP_MM = 3.0
FEED_MM = 12.0  # blank paper after the text, so the cutter does not cut through it
Layout = Callable[[QPaintDevice, int], QTextDocument]  # (device, text width in px) -> document


def receipt_width_px(width_mm: float, dpi: int) -> int:
    """The paper width in dots, rounded up to a multiple of 8 (ESC/POS sends whole bytes)."""
    return math.ceil(width_mm * dpi / 25.4 / 8) * 8


def to_mono(image: QImage) -> QImage:
    """1 bit per dot, black where the text is (a hard threshold, no dithered grey)."""
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    return gray.convertToFormat(
        QImage.Format.Format_Mono,
        Qt.ImageConversionFlag.ThresholdDither | Qt.ImageConversionFlag.MonoOnly,
    )


def render_slip(layout: Layout, dpi: int = 203, width_mm: float = WIDTH_MM) -> QImage:
    """The slip as a 1-bit image for the receipt printer."""
    width = receipt_width_px(width_mm, dpi)
    side = mm_to_px(SIDE_MARGIN_MM, dpi)
    # Fonts are sized against a canvas of this dpi before the height is known.
    document = layout(white_image(8, 8, dpi), width - 2 * side)
    top = mm_to_px(TOP_MM, dpi)
    height = top + math.ceil(document.size().height()) + mm_to_px(FEED_MM, dpi)
    image = white_image(width, height, dpi)
    painter = QPainter(image)
    # Grey edges would turn into ragged stair-steps at the threshold: draw hard black text.
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.translate(side, top)
    document.drawContents(painter, QRectF(0, 0, width - 2 * side, height))
    painter.end()
    return to_mono(image)


def write_slip_pdf(
    layout: Layout, path: Path, title: str, page_name: str, dpi: int = PDF_DPI
) -> None:
    """The slip as an 80 mm wide PDF page, as long as its text."""
    side = mm_to_px(SIDE_MARGIN_MM, dpi)
    width = mm_to_px(WIDTH_MM, dpi)
    height_px = math.ceil(layout(white_image(8, 8, dpi), width - 2 * side).size().height())
    height_mm = TOP_MM + FEED_MM + height_px * 25.4 / dpi
    writer = QPdfWriter(str(path))
    writer.setResolution(dpi)
    writer.setTitle(title)
    writer.setCreator("kiosk-app")
    size = QPageSize(QSizeF(WIDTH_MM, height_mm), QPageSize.Unit.Millimeter, page_name)
    writer.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF()))
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"cannot write {path}")
    try:
        document = layout(writer, width - 2 * side)
        painter.translate(side, mm_to_px(TOP_MM, dpi))
        document.drawContents(painter)
    finally:
        painter.end()


def paint_slip_once(layout: Layout, painter: QPainter, device: QPaintDevice) -> int:
    """The slip on one page of a CUPS printer (15 mm in from the corner)."""
    dpi = device.logicalDpiY()
    document = layout(device, mm_to_px(WIDTH_MM - 2 * SIDE_MARGIN_MM, dpi))
    painter.translate(mm_to_px(15, dpi), mm_to_px(15, dpi))
    document.drawContents(painter)
    return 1
