"""Every way a printer fails becomes a typed failure, a translated message and no leftovers."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from escpos import constants
from escpos.exceptions import Error as EscposError
from escpos.printer import Dummy
from samples import case_checklist, printout

from kiosk_app.config import KioskConfig, PrinterConfig
from kiosk_app.core import i18n
from kiosk_app.core.print_errors import (
    PHOTO_ALTERNATIVE,
    PrinterMissing,
    PrinterOffline,
    PrinterOutOfPaper,
    PrinterTimedOut,
    PrintFailed,
    print_failure_message,
)
from kiosk_app.core.printout import PrintoutText
from kiosk_app.qt.printing.backends import (
    CupsPrinter,
    EscPosPrinter,
    NoPrinter,
    PdfFilePrinter,
    make_printer,
)
from kiosk_app.qt.printing.jobs import PrintJobs

ESCPOS = PrinterConfig(backend="escpos", escpos_device="/dev/does-not-exist/lp0")


class StatusPrinter(Dummy):
    """An ESC/POS printer that answers status queries with fixed bytes."""

    def __init__(self, online: bytes, paper: bytes) -> None:
        super().__init__()
        self._answers = {constants.RT_STATUS_ONLINE: online, constants.RT_STATUS_PAPER: paper}
        self._last = b""

    def _raw(self, msg: bytes) -> None:
        self._last = msg
        super()._raw(msg)

    def _read(self) -> bytes:
        return self._answers.get(self._last, b"")


class BrokenPrinter(Dummy):
    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error

    def _raw(self, msg: bytes) -> None:
        raise self.error


@pytest.fixture
def text(qapp: object) -> PrintoutText:
    return printout(case_checklist(), "en")


def test_no_printer_configured(text: PrintoutText) -> None:
    with pytest.raises(PrinterMissing):
        NoPrinter().print_checklist(text)
    assert isinstance(make_printer(KioskConfig(printer=PrinterConfig(backend="none"))), NoPrinter)


def test_receipt_printer_not_plugged_in(text: PrintoutText) -> None:
    with pytest.raises(PrinterMissing):
        EscPosPrinter(ESCPOS).print_checklist(text)


@pytest.mark.parametrize(
    ("device", "failure"),
    [
        (StatusPrinter(online=bytes([constants.RT_MASK_ONLINE]), paper=b"\x00"), PrinterOffline),
        (
            StatusPrinter(online=b"\x00", paper=bytes([constants.RT_MASK_NOPAPER])),
            PrinterOutOfPaper,
        ),
        (BrokenPrinter(OSError("usb gone")), PrinterOffline),
        (BrokenPrinter(TimeoutError()), PrinterTimedOut),
        (BrokenPrinter(EscposError("jam")), PrintFailed),
    ],
    ids=["offline", "out-of-paper", "unplugged-mid-job", "timeout", "error"],
)
def test_receipt_printer_failures(
    text: PrintoutText, device: Dummy, failure: type[PrintFailed]
) -> None:
    with pytest.raises(failure) as raised:
        EscPosPrinter(ESCPOS, device=device).print_checklist(text)
    assert type(raised.value) is failure


def test_cups_printer_that_does_not_exist(text: PrintoutText) -> None:
    with pytest.raises(PrinterMissing):
        CupsPrinter("no-such-printer-here").print_checklist(text)


def test_pdf_into_a_folder_that_cannot_exist(text: PrintoutText, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with pytest.raises(PrinterMissing):
        PdfFilePrinter(blocker / "printouts").print_checklist(text)


def test_pdf_printer_leaves_only_the_printout_and_says_where(
    text: PrintoutText, tmp_path: Path
) -> None:
    printer = PdfFilePrinter(tmp_path)
    saved_to = printer.print_checklist(text)
    assert [p.name for p in tmp_path.iterdir()] == [printer.path_for(text.reference).name]
    assert saved_to == printer.path_for(text.reference)  # the screen names this file


@pytest.mark.parametrize(
    "failure", [PrintFailed, PrinterMissing, PrinterOffline, PrinterOutOfPaper, PrinterTimedOut]
)
def test_each_failure_has_its_own_german_message_with_the_alternative(
    failure: type[PrintFailed],
) -> None:
    i18n.activate("de")
    try:
        message = print_failure_message(failure())
        assert message.endswith(i18n._(PHOTO_ALTERNATIVE))
        assert i18n._(failure.message) != failure.message  # translated, not the English source
        assert "fotografieren" in message
    finally:
        i18n.activate("en")
    messages = {print_failure_message(kind()) for kind in PrintFailed.__subclasses__()}
    assert len(messages) == len(PrintFailed.__subclasses__())


class HangingPrinter:
    def __init__(self) -> None:
        self.release = threading.Event()

    def print_checklist(self, text: PrintoutText) -> None:
        self.release.wait(10)


def test_a_hanging_printer_times_out_without_freezing_the_screen(
    qtbot: object, text: PrintoutText
) -> None:
    printer = HangingPrinter()
    jobs = PrintJobs(printer, timeout_s=0.3)
    answers: list[PrintFailed | None] = []
    started = time.monotonic()
    jobs.submit(text, lambda failure, _saved_to: answers.append(failure))
    assert time.monotonic() - started < 0.1  # submit returns at once: the GUI thread is free
    qtbot.waitUntil(lambda: bool(answers), timeout=3000)  # type: ignore[attr-defined]
    assert isinstance(answers[0], PrinterTimedOut)
    printer.release.set()
    qtbot.wait(200)  # type: ignore[attr-defined]
    assert len(answers) == 1  # the late answer is dropped
    assert not jobs.busy
