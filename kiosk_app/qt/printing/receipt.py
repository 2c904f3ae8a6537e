"""The checklist receipt (missing documents, the appointment, the reference's QR code) on the
80 mm slip (``slip``): as the receipt printer's 1-bit image."""

from __future__ import annotations

from PySide6.QtGui import QImage, QPaintDevice, QPainter, QTextDocument

from kiosk_app.core.printout import PrintoutText
from kiosk_app.qt.printing.document import build_document, mm_to_px, white_image
from kiosk_app.qt.printing.markup import receipt_html
from kiosk_app.qt.printing.slip import receipt_width_px, render_slip, to_mono

QR_MODULE_MM = 0.75  # 6 dots at 203 dpi: crisp on thermal paper, 22 mm wide


def render_receipt(text: PrintoutText, dpi: int = 203, width_mm: float = 80.0) -> QImage:
    """The whole receipt as a 1-bit (``Format_Mono``) image ``width_mm`` wide at ``dpi``."""

    def layout(device: QPaintDevice, width_px: int) -> QTextDocument:
        document = build_document(
            lambda qr_width: receipt_html(text, qr_width), text.reference, device, QR_MODULE_MM
        )
        document.setTextWidth(width_px)
        return document

    return render_slip(layout, dpi, width_mm)


def blank_receipt(dpi: int = 203, width_mm: float = 80.0, height_mm: float = 150.0) -> QImage:
    """An empty receipt of the given size, converted like a real one (the benchmark's baseline)."""
    image = white_image(receipt_width_px(width_mm, dpi), mm_to_px(height_mm, dpi), dpi)
    QPainter(image).end()
    return to_mono(image)
