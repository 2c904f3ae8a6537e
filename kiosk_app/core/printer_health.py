"""The last known state of this device's printer, as its print jobs found it, for the device's
status report (the fleet view, issue 18). Thread-safe: jobs write from their worker threads,
the sync engine reads from its own.

``none``: no printer (papers go to a file), or nothing printed since the start."""

from __future__ import annotations

import threading
from typing import Literal

from .print_errors import (
    PrinterMissing,
    PrinterOffline,
    PrinterOutOfPaper,
    PrinterTimedOut,
    PrintFailed,
)

PrinterState = Literal["ok", "paper_low", "paper_out", "offline", "error", "none"]


class PrinterHealth:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state: PrinterState = "none"

    @property
    def state(self) -> PrinterState:
        with self._lock:
            return self._state

    def note(self, state: PrinterState) -> None:
        with self._lock:
            self._state = state

    def note_outcome(
        self, failure: PrintFailed | None, *, to_file: bool = False, paper_low: bool = False
    ) -> None:
        """What one print job found: printed (paper low or not), written to a file, or why not."""
        self.note(outcome_state(failure, to_file=to_file, paper_low=paper_low))


def outcome_state(
    failure: PrintFailed | None, *, to_file: bool = False, paper_low: bool = False
) -> PrinterState:
    if failure is None:
        if to_file:
            return "none"
        return "paper_low" if paper_low else "ok"
    if isinstance(failure, PrinterOutOfPaper):
        return "paper_out"
    if isinstance(failure, PrinterOffline | PrinterMissing | PrinterTimedOut):
        return "offline"
    return "error"


# The process's printer: the kiosk (or counter) has one; its print jobs write here.
PRINTER_HEALTH = PrinterHealth()
