"""Printer backends, chosen in configuration: a PDF file, CUPS through QPrinter, or an ESC/POS
receipt printer through python-escpos in image mode.

``print_checklist`` runs in a worker thread (``PrintJobs``): QPainter may paint on QImage,
QPdfWriter and QPrinter outside the GUI thread. Every failure is raised as a
``kiosk_app.core.print_errors`` type; nothing of a job is kept once it is printed or failed.
A backend that writes a file instead of paper (``pdf``) returns the file, so the screen can
say where the paper went rather than "take it from the printer".
"""

from __future__ import annotations

import io
import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QBuffer, QIODevice

from kiosk_app.config import KioskConfig, PrinterConfig
from kiosk_app.core.print_errors import (
    PrinterMissing,
    PrinterOffline,
    PrinterOutOfPaper,
    PrinterTimedOut,
    PrintFailed,
)
from kiosk_app.core.printout import PrintoutText

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

    from kiosk_app.qt.printing.a4 import PaintPages

log = logging.getLogger(__name__)


class Printer(Protocol):
    def print_checklist(self, text: PrintoutText) -> Path | None:
        """Print, or raise a ``PrintFailed`` subtype saying why not. Returns the file written
        when the paper went to a file instead of a printer (None: it is on paper)."""


class A4Paper(Protocol):
    """Any A4 paper other than the checklist (the counter's receipt of documents)."""

    @property
    def file_stem(self) -> str:
        """The PDF backend's file name, without ``.pdf``."""

    @property
    def title(self) -> str:
        """The document title (PDF metadata, the CUPS job name)."""

    @property
    def paint(self) -> PaintPages:
        """``paint(painter, device, new_page)``: every page; returns the page count."""


class PaperPrinter(Protocol):
    def print_paper(self, paper: A4Paper) -> Path | None:
        """Print ``paper`` on A4, or raise a ``PrintFailed`` subtype; returns the file written
        instead of paper (the ``pdf`` backend), None when it is on paper."""


class NoPrinter:
    """A kiosk without a printer: the resident photographs the screen instead."""

    def print_checklist(self, text: PrintoutText) -> Path | None:
        raise PrinterMissing()

    def print_paper(self, paper: A4Paper) -> Path | None:
        raise PrinterMissing()


class PdfFilePrinter:
    """Writes ``checklist-<reference>.pdf`` into a folder (demo and tests): no paper comes
    out, and ``print_checklist`` returns the file so the screen can name it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path_for(self, reference: str) -> Path:
        return self.folder / f"checklist-{reference}.pdf"

    def print_checklist(self, text: PrintoutText) -> Path | None:
        from kiosk_app.qt.printing.a4 import write_a4_pdf

        return self._write(self.path_for(text.reference), lambda path: write_a4_pdf(text, path))

    def print_paper(self, paper: A4Paper) -> Path | None:
        from kiosk_app.qt.printing.a4 import write_pdf

        target = self.folder / f"{paper.file_stem}.pdf"
        return self._write(target, lambda path: write_pdf(paper.paint, paper.title, path))

    def write_file(self, target: Path, write: Callable[[Path], object]) -> Path:
        """Any paper (the walk-in ticket): written beside ``target``, then renamed."""
        return self._write(target, write)

    def _write(self, target: Path, write: Callable[[Path], object]) -> Path:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise PrinterMissing() from error
        # Written beside the target and renamed: a crash leaves no half file under the name.
        handle, temporary = tempfile.mkstemp(prefix=".printing-", suffix=".pdf", dir=self.folder)
        os.close(handle)
        try:
            write(Path(temporary))
            os.replace(temporary, target)
        except OSError as error:
            raise PrintFailed() from error
        finally:
            Path(temporary).unlink(missing_ok=True)
        return target


class CupsPrinter:
    """A4 through QPrinter to a CUPS queue (``name`` empty: the system's default printer).

    Qt spools to a temporary file that it removes after handing it to CUPS; cupsd itself
    keeps nothing with ``PreserveJobFiles No`` (packaging/README.md).
    """

    def __init__(self, name: str = "") -> None:
        self.name = name

    def print_checklist(self, text: PrintoutText) -> Path | None:
        from kiosk_app.qt.printing.a4 import paint_a4

        return self._print(
            "Checkliste",
            lambda painter, device, new_page: paint_a4(painter, device, text, new_page),
        )

    def print_paper(self, paper: A4Paper) -> Path | None:
        return self._print(paper.title, paper.paint)

    def print_pages(self, title: str, paint: PaintPages) -> Path | None:
        """Any paper painted on A4 (the walk-in ticket)."""
        return self._print(title, paint)

    def _print(self, title: str, paint: PaintPages) -> Path | None:
        from PySide6.QtGui import QPainter
        from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

        info = QPrinterInfo.printerInfo(self.name) if self.name else QPrinterInfo.defaultPrinter()
        if info.isNull():
            raise PrinterMissing()
        if info.state() == QPrinter.PrinterState.Error:
            raise PrinterOffline()
        printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
        printer.setDocName(title)
        printer.setCopyCount(1)
        from kiosk_app.qt.printing.a4 import prepare_a4

        prepare_a4(printer)
        painter = QPainter()
        if not painter.begin(printer):
            raise PrinterOffline()
        try:
            paint(painter, printer, printer.newPage)
        finally:
            painter.end()
        if printer.printerState() in (QPrinter.PrinterState.Error, QPrinter.PrinterState.Aborted):
            raise PrintFailed()
        return None


def open_escpos_device(spec: str, timeout_s: float) -> Any:
    """A python-escpos printer for ``spec``: ``dummy``, ``tcp://host[:port]``,
    ``usb:VID:PID`` (hex) or a device file such as ``/dev/usb/lp0``."""
    from escpos import printer as escpos_printer

    if spec == "dummy":
        return escpos_printer.Dummy()
    if spec.startswith("tcp://"):
        host, _, port = spec.removeprefix("tcp://").partition(":")
        return escpos_printer.Network(host, int(port or 9100), timeout=timeout_s)
    if spec.startswith("usb:"):
        vendor, product = (int(part, 16) for part in spec.removeprefix("usb:").split(":"))
        return escpos_printer.Usb(vendor, product, timeout=int(timeout_s * 1000))
    if not Path(spec).exists():
        raise PrinterMissing()
    return escpos_printer.File(spec)


def to_pil(image: QImage) -> Any:
    """A QImage as a PIL image, through an in-memory PNG (nothing on disk)."""
    from PIL import Image

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    pil = Image.open(io.BytesIO(bytes(buffer.data().data())))
    pil.load()
    return pil.convert("1")


class EscPosPrinter:
    """An 80 mm thermal printer: the receipt goes as one raster image (``GS v 0``)."""

    def __init__(self, config: PrinterConfig, device: Any = None) -> None:
        self.config = config
        self._device = device  # tests pass escpos's Dummy (or a failing stand-in)
        self.paper_low = False  # the printer's near-end sensor at the last print (fleet view)

    def print_checklist(self, text: PrintoutText) -> Path | None:
        from kiosk_app.qt.printing.receipt import render_receipt

        return self.print_image(render_receipt(text, self.config.dpi, self.config.receipt_width_mm))

    def print_image(self, image: QImage) -> Path | None:
        """Print one rendered receipt (1-bit, the paper's width) and cut."""
        device = self._device
        try:
            if device is None:
                device = open_escpos_device(self.config.escpos_device, self.config.timeout_s)
            _declare_width(device, image.width(), self.config.receipt_width_mm)
            self.paper_low = self._check_status(device)
            device.image(to_pil(image), impl="bitImageRaster", fragment_height=960)
            device.cut()
        except PrintFailed:
            raise
        except TimeoutError as error:
            raise PrinterTimedOut() from error
        except Exception as error:  # python-escpos raises many types; all mean "did not print"
            raise _escpos_failure(error) from error
        finally:
            if device is not None and self._device is None:
                _close_quietly(device)
        return None

    @staticmethod
    def _check_status(device: Any) -> bool:
        """Ask the printer first where it can answer (network, serial, USB; not files); True
        when its paper is near its end (python-escpos: 2 adequate, 1 near end, 0 none)."""
        if not hasattr(device, "_read") or type(device).__name__ in ("File", "Dummy"):
            return False
        try:
            online = device.is_online()
            paper = device.paper_status()
        except NotImplementedError:
            return False
        if not online:
            raise PrinterOffline()
        if paper == 0:
            raise PrinterOutOfPaper()
        return bool(paper == 1)


def _declare_width(device: Any, pixels: int, millimetres: float) -> None:
    """Tell python-escpos the paper width we render for (its generic profile knows none)."""
    data = dict(device.profile.profile_data)
    data["media"] = {**data.get("media", {}), "width": {"mm": millimetres, "pixels": pixels}}
    device.profile.profile_data = data  # on this instance: the profile class stays shared


def _escpos_failure(error: Exception) -> PrintFailed:
    from escpos import exceptions

    log.warning("receipt printer failed: %s", type(error).__name__)
    if isinstance(error, FileNotFoundError):
        return PrinterMissing()
    if isinstance(error, exceptions.DeviceNotFoundError | exceptions.USBNotFoundError | OSError):
        return PrinterOffline()  # configured, but not answering: unplugged or switched off
    return PrintFailed()


def _close_quietly(device: Any) -> None:
    try:
        device.close()
    except Exception:  # closing a printer that already failed must not hide the first error
        log.debug("closing the receipt printer failed", exc_info=True)


def make_paper_printer(config: KioskConfig) -> PaperPrinter:
    """The A4 backend the configuration names; an 80 mm receipt printer prints no A4."""
    printer = config.printer
    if printer.backend == "pdf":
        return PdfFilePrinter(config.printout_dir)
    if printer.backend == "cups":
        return CupsPrinter(printer.cups_printer)
    return NoPrinter()


def make_printer(config: KioskConfig) -> Printer:
    """The backend the configuration names."""
    printer = config.printer
    if printer.backend == "pdf":
        return PdfFilePrinter(config.printout_dir)
    if printer.backend == "cups":
        return CupsPrinter(printer.cups_printer)
    if printer.backend == "escpos":
        return EscPosPrinter(printer)
    return NoPrinter()
