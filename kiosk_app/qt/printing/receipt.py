"""The 80 mm receipt as a 1-bit image: ESC/POS printers cannot shape Arabic or Chinese, so Qt
does all text layout and the printer only gets pixels.

Width: the image is the paper width (``receipt_width_mm``, 80 mm) at the printer's dpi, rounded
up to whole bytes (640 px at 203 dpi), with 4 mm white on each side, so the printed area is the
72 mm (576 dots) that 80 mm heads such as the TM-T20 print: nothing falls off either edge.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from kiosk_app.core.printout import PrintoutText
from kiosk_app.qt.printing.document import build_document, mm_to_px
from kiosk_app.qt.printing.markup import receipt_html

SIDE_MARGIN_MM = 4.0
TOP_MM = 3.0
FEED_MM = 12.0  # blank paper after the text, so the cutter does not cut through it
QR_MODULE_MM = 0.75  # 6 dots at 203 dpi: crisp on thermal paper, 22 mm wide


def receipt_width_px(width_mm: float, dpi: int) -> int:
    """The paper width in dots, rounded up to a multiple of 8 (ESC/POS sends whole bytes)."""
    return math.ceil(width_mm * dpi / 25.4 / 8) * 8


def _canvas(width: int, height: int, dpi: int) -> QImage:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    dots_per_metre = round(dpi / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    image.fill(QColor("white"))
    return image


def render_receipt(text: PrintoutText, dpi: int = 203, width_mm: float = 80.0) -> QImage:
    """The whole receipt as a 1-bit (``Format_Mono``) image ``width_mm`` wide at ``dpi``."""
    width = receipt_width_px(width_mm, dpi)
    side = mm_to_px(SIDE_MARGIN_MM, dpi)
    probe = _canvas(8, 8, dpi)  # fonts are sized against this dpi before the height is known
    document = build_document(
        lambda qr_width: receipt_html(text, qr_width), text.reference, probe, QR_MODULE_MM
    )
    document.setTextWidth(width - 2 * side)
    top = mm_to_px(TOP_MM, dpi)
    height = top + math.ceil(document.size().height()) + mm_to_px(FEED_MM, dpi)
    image = _canvas(width, height, dpi)
    painter = QPainter(image)
    # Grey edges would turn into ragged stair-steps at the threshold: draw hard black text.
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.translate(side, top)
    document.drawContents(painter, QRectF(0, 0, width - 2 * side, height))
    painter.end()
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    return gray.convertToFormat(
        QImage.Format.Format_Mono,
        Qt.ImageConversionFlag.ThresholdDither | Qt.ImageConversionFlag.MonoOnly,
    )


def blank_receipt(dpi: int = 203, width_mm: float = 80.0, height_mm: float = 150.0) -> QImage:
    """An empty receipt of the given size, converted like a real one (the benchmark's baseline)."""
    image = _canvas(receipt_width_px(width_mm, dpi), mm_to_px(height_mm, dpi), dpi)
    painter = QPainter(image)
    painter.end()
    return image.convertToFormat(QImage.Format.Format_Grayscale8).convertToFormat(
        QImage.Format.Format_Mono,
        Qt.ImageConversionFlag.ThresholdDither | Qt.ImageConversionFlag.MonoOnly,
    )
