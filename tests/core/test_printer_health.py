"""What the fleet view is told about a printer, from what its last print job found."""

from __future__ import annotations

import pytest

from kiosk_app.core.print_errors import (
    PrinterMissing,
    PrinterOffline,
    PrinterOutOfPaper,
    PrinterTimedOut,
    PrintFailed,
)
from kiosk_app.core.printer_health import PrinterHealth, outcome_state


@pytest.mark.parametrize(
    ("failure", "to_file", "paper_low", "state"),
    [
        (None, False, False, "ok"),
        (None, False, True, "paper_low"),
        (None, True, False, "none"),
        (PrinterOutOfPaper(), False, False, "paper_out"),
        (PrinterOffline(), False, False, "offline"),
        (PrinterMissing(), False, False, "offline"),
        (PrinterTimedOut(), False, False, "offline"),
        (PrintFailed(), False, False, "error"),
    ],
)
def test_outcome_state(failure, to_file, paper_low, state) -> None:
    assert outcome_state(failure, to_file=to_file, paper_low=paper_low) == state


def test_health_starts_unknown_and_keeps_the_last_outcome() -> None:
    health = PrinterHealth()
    assert health.state == "none"
    health.note_outcome(PrinterOutOfPaper())
    assert health.state == "paper_out"
    health.note_outcome(None)
    assert health.state == "ok"
