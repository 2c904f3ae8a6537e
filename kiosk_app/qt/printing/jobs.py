"""Print jobs off the GUI thread, with a deadline: the screen never freezes on a printer.

The one bridge back (STYLE.md 2): the worker emits ``finished`` with the job number, the
failure (or None) and the file the paper was saved to instead of printed (or None); Qt queues
it into the GUI thread. A job past its deadline is reported as
timed out at once; if the printer answers later, that answer is dropped.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from itertools import count
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from kiosk_app.core.print_errors import PrinterTimedOut, PrintFailed
from kiosk_app.core.printer_health import PRINTER_HEALTH, PrinterHealth

if TYPE_CHECKING:  # the backends load on the first print, not at start-up
    from kiosk_app.core.printout import PrintoutText
    from kiosk_app.qt.printing.backends import Printer

log = logging.getLogger(__name__)

# done(failure, saved_to): failure None means it worked; saved_to names the file when the
# backend wrote one instead of printing (the ``pdf`` backend), None for paper.
Done = Callable[[PrintFailed | None, Path | None], None]


class PrintJobs(QObject):
    finished = Signal(int, object, object)  # job number, PrintFailed or None, Path or None

    def __init__(
        self,
        printer: Printer,
        timeout_s: float,
        parent: QObject | None = None,
        health: PrinterHealth = PRINTER_HEALTH,
    ) -> None:
        super().__init__(parent)
        self.printer = printer
        self.health = health  # the last state found, for the device's status report
        self.timeout_s = timeout_s
        self._numbers = count(1)
        self._waiting: dict[int, Done] = {}
        self.finished.connect(self._finished)

    @property
    def busy(self) -> bool:
        return bool(self._waiting)

    def submit(self, text: PrintoutText, done: Done) -> int:
        """Print ``text`` in a worker thread; ``done(error, saved_to)`` runs later in the GUI
        thread."""
        printer = self.printer
        return self.submit_work(lambda: printer.print_checklist(text), done)

    def submit_work(self, job: Callable[[], Path | None], done: Done) -> int:
        """Run any paper's ``job`` (it prints and returns the file written instead, or raises
        ``PrintFailed``) like ``submit``: in a worker thread, with the deadline."""
        number = next(self._numbers)
        self._waiting[number] = done
        printer = self.printer

        def work() -> None:
            failure: PrintFailed | None = None
            saved_to: Path | None = None
            try:
                saved_to = job()
            except PrintFailed as error:
                failure = error
            except Exception:  # a bug in a backend must still end the job for the resident
                log.exception("print job failed unexpectedly")
                failure = PrintFailed()
            low = bool(getattr(printer, "paper_low", False))
            self.health.note_outcome(failure, to_file=saved_to is not None, paper_low=low)
            self.finished.emit(number, failure, saved_to)

        # Daemon: a printer that never answers must not keep the kiosk from shutting down.
        threading.Thread(target=work, name=f"print-{number}", daemon=True).start()
        QTimer.singleShot(
            round(self.timeout_s * 1000),
            self,
            lambda: self._deadline(number),
        )
        return number

    def _deadline(self, number: int) -> None:
        if number in self._waiting:  # no answer in time: the printer counts as unreachable
            self.health.note("offline")
            self._finished(number, PrinterTimedOut(), None)

    @Slot(int, object, object)
    def _finished(self, number: int, failure: PrintFailed | None, saved_to: Path | None) -> None:
        done = self._waiting.pop(number, None)
        if done is not None:  # None: the deadline already answered for this job
            done(failure, saved_to)

    def cancel_all(self) -> None:
        """Session end: late answers of running jobs go nowhere."""
        self._waiting.clear()
