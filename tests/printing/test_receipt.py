"""The 80 mm receipt: 1-bit, 80 mm wide at the printer's dpi, QR readable, sent as an image."""

from __future__ import annotations

import pytest
from escpos.printer import Dummy
from PySide6.QtGui import QImage
from readback import qr_texts
from samples import case_checklist, printout

from kiosk_app.config import PrinterConfig
from kiosk_app.qt.printing.backends import EscPosPrinter
from kiosk_app.qt.printing.receipt import render_receipt
from kiosk_app.qt.printing.slip import receipt_width_px


@pytest.mark.parametrize(("dpi", "expected"), [(203, 640), (180, 568), (300, 952)])
def test_receipt_is_80_mm_wide_at_the_printers_dpi(qapp: object, dpi: int, expected: int) -> None:
    image = render_receipt(printout(case_checklist(), "en"), dpi=dpi, width_mm=80)
    assert image.width() == receipt_width_px(80, dpi) == expected
    assert abs(image.width() / dpi * 25.4 - 80) < 1  # within a millimetre of the paper
    assert image.format() == QImage.Format.Format_Mono


@pytest.mark.parametrize("language", ["de", "en", "ar"])
def test_receipt_qr_scans_to_the_reference(qapp: object, language: str) -> None:
    checklist = case_checklist()
    image = render_receipt(printout(checklist, language))
    assert qr_texts(image.convertToFormat(QImage.Format.Format_Grayscale8)) == [checklist.reference]


def test_escpos_gets_one_raster_image_and_a_cut(qapp: object) -> None:
    device = Dummy()
    EscPosPrinter(PrinterConfig(backend="escpos", dpi=203), device=device).print_checklist(
        printout(case_checklist(), "ar")
    )
    output = device.output
    width_bytes = (640 // 8).to_bytes(2, "little")
    assert b"\x1dv0\x00" + width_bytes in output  # GS v 0, 80 bytes = 640 dots a row
    assert output.rstrip(b"\x00").endswith(b"\x1dVA\x00") or b"\x1dV" in output  # paper cut
    assert "جواز".encode() not in output  # no text mode: the printer only gets pixels
