"""One paper's print job as its screen shows it, shared by the checklist and the appointment
confirmation: printing, printed, failed (then the screen offers the photo alternative), or
shown for a photo by choice."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk_app.core.i18n import _
from kiosk_app.core.print_errors import PrintFailed, print_failure_message


@dataclass
class PaperPrint:
    printing: bool = False
    printed: bool = False
    photo_mode: bool = False
    failure: PrintFailed | None = None

    def clear(self) -> None:
        """A new paper (or none): nothing printed, nothing failed."""
        self.printing = self.printed = self.photo_mode = False
        self.failure = None

    def start(self) -> None:
        self.printing, self.printed, self.failure = True, False, None

    def done(self, failure: PrintFailed | None) -> None:
        self.printing = False
        self.failure = failure
        self.printed = failure is None
        self.photo_mode = failure is not None  # the alternative: photograph the screen

    def message(self, printed: str) -> str:
        """What the screen says now; ``printed`` is the (untranslated) success sentence."""
        if self.printing:
            return _("Printing…")
        if self.failure is not None:
            return print_failure_message(self.failure)
        return _(printed) if self.printed else ""
