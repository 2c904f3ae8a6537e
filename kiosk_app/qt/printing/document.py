"""A QTextDocument laid out for one paint device, with the QR code as an image resource."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QFont, QImage, QPaintDevice, QTextDocument, QTextOption

from kiosk_app.qt.printing.markup import QR_URL
from kiosk_app.qt.printing.qr import qr_image, qr_modules

# The screens' fallback chain (Latin/Cyrillic, Arabic script, Chinese, then DejaVu), except:
# Paper uses Noto Sans Arabic, not the screen's Naskh: its PDFs keep every Arabic word
# extractable as text (Naskh's lam-alef ligatures lose letters in the PDF text layer).
PRINT_FONTS = ["Noto Sans", "Noto Sans Arabic", "Noto Sans CJK SC", "DejaVu Sans"]
MM_PER_INCH = 25.4


def mm_to_px(mm: float, dpi: float) -> int:
    return round(mm * dpi / MM_PER_INCH)


def white_image(width: int, height: int, dpi: int) -> QImage:
    """A white image with ``dpi`` recorded, so point sizes drawn on it resolve right."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    dots_per_metre = round(dpi / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    image.fill(QColor("white"))
    return image


def qr_module_px(dpi: float, module_mm: float) -> int:
    """Whole device pixels per module: a code scaled by a fraction blurs its edges."""
    return max(1, round(module_mm * dpi / MM_PER_INCH))


def build_document(
    html_for_qr_width: Callable[[int], str],
    reference: str | None,
    device: QPaintDevice,
    module_mm: float,
) -> QTextDocument:
    """Lay out ``html_for_qr_width(qr_width_px)`` with fonts sized for ``device``'s dpi
    (``reference`` None: a paper without a QR code, its width 0)."""
    dpi = device.logicalDpiY()
    module = qr_module_px(dpi, module_mm)
    qr_width = qr_modules(reference) * module if reference is not None else 0
    document = QTextDocument()
    # Point sizes resolve against the printer's dpi, not the screen's.
    document.documentLayout().setPaintDevice(device)
    font = QFont()
    font.setFamilies(PRINT_FONTS)
    font.setPointSizeF(10)
    document.setDefaultFont(font)
    document.setDocumentMargin(0)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    document.setDefaultTextOption(option)
    if reference is not None:
        document.addResource(
            QTextDocument.ResourceType.ImageResource, QUrl(QR_URL), qr_image(reference, module)
        )
    document.setHtml(html_for_qr_width(qr_width))
    return document
