"""The reference as a QR code image, drawn module by module so every edge stays sharp."""

from __future__ import annotations

from PySide6.QtGui import QImage

QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks for scanners


def qr_image(payload: str, module_px: int) -> QImage:
    """A black-on-white QR code for ``payload`` with ``module_px`` pixels per module.

    Error correction M: a crumpled or partly smudged paper still scans; the short reference
    keeps the code at version 1 (21 modules) anyway.
    """
    import segno  # on the first checklist, not at start-up

    code = segno.make_qr(payload, error="m", boost_error=False)
    # Built from bytes, not painted: exact pixels, and PySide6 6.12's QPainter.fillRect(int...)
    # over-releases None once per call, which crashes the interpreter after a few thousand.
    pixels = bytearray()
    for row in code.matrix_iter(scale=module_px, border=QUIET_ZONE):
        pixels += bytes(0 if dark else 255 for dark in row)
    size = int(len(pixels) ** 0.5)
    image = QImage(bytes(pixels), size, size, size, QImage.Format.Format_Grayscale8)
    return image.convertToFormat(QImage.Format.Format_RGB32)  # copies: owns its pixels


def qr_modules(payload: str) -> int:
    """Width of the code in modules, quiet zone included (to pick a module size)."""
    import segno

    code = segno.make_qr(payload, error="m", boost_error=False)
    return int(code.symbol_size(scale=1, border=QUIET_ZONE)[0])
