"""The walk-in ticket on paper (issue 15): the number large, German and the resident's language,
a QR code holding only the ticket id; as the receipt printer's image and as the PDF backend's
80 mm page, read back as a resident or a scanner would."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from escpos.printer import Dummy
from PySide6.QtGui import QImage
from readback import pdf_words, qr_texts

from kiosk_app.config import PrinterConfig
from kiosk_app.core.catalog import SERVICES
from kiosk_app.core.print_errors import PrinterMissing
from kiosk_app.core.walk_in_ticket import TicketText, compose_ticket
from kiosk_app.qt.printing.backends import EscPosPrinter, NoPrinter, PdfFilePrinter
from kiosk_app.qt.printing.ticket import print_ticket, render_ticket

TICKET_ID = "0123456789abcdef0123456789abcdef"
PRINTED = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)


def ticket(language: str) -> TicketText:
    return compose_ticket(
        ticket_id=TICKET_ID,
        label="A 042",
        service_name=SERVICES["card_pickup"],
        ahead=3,
        wait_low=10,
        wait_high=25,
        language=language,
        office_name="Ausländerbehörde Darmstadt",
        printed_at=PRINTED,
    )


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_receipt_is_one_80_mm_image_whose_qr_holds_only_the_ticket_id(
    qapp: object, language: str
) -> None:
    image = render_ticket(ticket(language))
    assert image.width() == 640 and image.format() == QImage.Format.Format_Mono
    assert qr_texts(image.convertToFormat(QImage.Format.Format_Grayscale8)) == [TICKET_ID]


def test_escpos_gets_pixels_and_a_cut(qapp: object) -> None:
    device = Dummy()
    printer = EscPosPrinter(PrinterConfig(backend="escpos", dpi=203), device=device)
    assert print_ticket(printer, ticket("ar")) is None
    assert b"\x1dv0\x00" in device.output and b"\x1dV" in device.output


@pytest.mark.parametrize(
    ("language", "resident_words"),
    [("de", {"Wartemarke", "warten", "Minuten"}), ("ar", {"دقيقة"})],
)
def test_the_pdf_holds_the_number_in_german_and_the_residents_language(
    qapp: object, tmp_path: Path, language: str, resident_words: set[str]
) -> None:
    path = print_ticket(PdfFilePrinter(tmp_path), ticket(language))
    assert path == tmp_path / f"ticket-{TICKET_ID}.pdf"
    words = pdf_words(path)
    assert {"A", "042", "10", "25", "3"} <= words
    assert {"Wartemarke", "Karte", "abholen"} <= words  # German always, for the counter
    assert resident_words <= words


def test_no_printer_is_a_print_failure(qapp: object) -> None:
    with pytest.raises(PrinterMissing):
        print_ticket(NoPrinter(), ticket("de"))
