"""One paper's print job as its screen shows it, shared by the checklist and the appointment
confirmation: printing, printed, saved as a file instead (the ``pdf`` backend: no paper came
out, so the screen says where it went), failed (then the screen offers the photo alternative),
or shown for a photo by choice."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk_app.core.i18n import _, active_language
from kiosk_app.core.languages import is_right_to_left
from kiosk_app.core.print_errors import PrintFailed, print_failure_message


@dataclass
class PaperPrint:
    printing: bool = False
    printed: bool = False
    photo_mode: bool = False
    failure: PrintFailed | None = None
    saved_to: Path | None = None  # the file the paper went to instead of a printer

    def clear(self) -> None:
        """A new paper (or none): nothing printed, nothing failed."""
        self.printing = self.printed = self.photo_mode = False
        self.failure = None
        self.saved_to = None

    def start(self) -> None:
        self.printing, self.printed, self.failure, self.saved_to = True, False, None, None

    def done(self, failure: PrintFailed | None, saved_to: Path | None = None) -> None:
        self.printing = False
        self.failure = failure
        self.printed = failure is None
        self.saved_to = saved_to if failure is None else None
        self.photo_mode = failure is not None  # the alternative: photograph the screen

    def message(self, printed: str, saved: str) -> str:
        """What the screen says now; ``printed`` is the (untranslated) success sentence,
        ``saved`` the one for a paper saved as a file, with its ``{path}``."""
        if self.printing:
            return _("Printing…")
        if self.failure is not None:
            return print_failure_message(self.failure)
        if self.photo_mode:
            return ""  # the screen to photograph: nothing on it says "printed"
        if self.saved_to is not None:
            path = str(self.saved_to)
            if is_right_to_left(active_language()):
                path = f"\u2066{path}\u2069"  # a path reads left to right inside Arabic text
            return _(saved).format(path=path)
        return _(printed) if self.printed else ""
