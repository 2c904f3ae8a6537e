"""The lookup screen: two masked fields filled from the on-screen keypad, then one lookup.

While the kiosk is slowed down after many failures (``core.attempts``), the lookup waits on a
timer and the screen shows "checking": the GUI thread stays free, the idle reset still works.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot

from kiosk_app.core.case_number import DIGITS as CASE_DIGITS
from kiosk_app.core.errors import BirthDateInvalid, KioskError

if TYPE_CHECKING:
    from kiosk_app.core.status_lookup import StatusAnswer
    from kiosk_app.usage_recorder import UsageRecorder

log = logging.getLogger(__name__)

BIRTH_DIGITS = 8  # DDMMYYYY
CASE_FIELD = "case"
BIRTH_FIELD = "birth"
EMPTY = "_"

Find = Callable[[str, str], "StatusAnswer"]
Delay = Callable[[], timedelta]


def fill_mask(mask: str, digits: str) -> str:
    """Put ``digits`` into the ``#`` slots of ``mask``; open slots show ``_``."""
    out, pending = [], iter(digits)
    for char in mask:
        out.append(next(pending, EMPTY) if char == "#" else char)
    return "".join(out)


class LookupViewModel(QObject):
    changed = Signal()

    def __init__(
        self,
        find: Find,
        on_found: Callable[[StatusAnswer], None],
        *,
        prefix: str,
        delay: Delay = lambda: timedelta(0),
        usage: UsageRecorder | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._find = find
        self._usage = usage  # counts each lookup's outcome (anonymous, issue 18)
        self._on_found = on_found
        self._delay = delay
        self._case_mask = f"{prefix}-####-######-#"
        self._prefix = prefix
        self._case = ""
        self._birth = ""
        self._field = CASE_FIELD
        self._error: KioskError | None = None
        self._pending: tuple[str, str] | None = None  # what "check" was pressed with
        self._wait = QTimer(self)
        self._wait.setSingleShot(True)
        self._wait.timeout.connect(self._look_up)

    @Property(str, notify=changed)
    def caseDigits(self) -> str:
        return self._case

    @Property(str, notify=changed)
    def birthDigits(self) -> str:
        return self._birth

    @Property(str, notify=changed)
    def caseDisplay(self) -> str:
        return fill_mask(self._case_mask, self._case)

    @Property(str, notify=changed)
    def birthDisplay(self) -> str:
        return fill_mask("##.##.####", self._birth)

    @Property(str, notify=changed)
    def activeField(self) -> str:
        return self._field

    @Property(bool, notify=changed)
    def checking(self) -> bool:
        """A lookup is waiting out the kiosk's slowdown (shown as a normal "checking")."""
        return self._pending is not None

    @Property(str, notify=changed)
    def errorText(self) -> str:
        # Made on every read, so a language switch re-renders it in the new language.
        if self._error is None:
            return ""
        from kiosk_app.core.messages import user_message  # pulls in Babel: not at start-up

        return user_message(self._error)

    @Slot(str)
    def typeDigit(self, digit: str) -> None:
        if not (len(digit) == 1 and digit.isdigit()):
            return
        if self._field == CASE_FIELD:
            if len(self._case) < CASE_DIGITS:
                self._case += digit
            elif len(self._birth) < BIRTH_DIGITS:  # a full number moves on to the birth date
                self._field, self._birth = BIRTH_FIELD, self._birth + digit
            if len(self._case) == CASE_DIGITS and not self._birth:
                self._field = BIRTH_FIELD
        elif len(self._birth) < BIRTH_DIGITS:
            self._birth += digit
        self._error = None
        self.changed.emit()

    @Slot()
    def erase(self) -> None:
        if self._field == BIRTH_FIELD and not self._birth:
            self._field = CASE_FIELD
        if self._field == CASE_FIELD:
            self._case = self._case[:-1]
        else:
            self._birth = self._birth[:-1]
        self._error = None
        self.changed.emit()

    @Slot()
    def clear(self) -> None:
        """Empty the active field."""
        if self._field == CASE_FIELD:
            self._case = ""
        else:
            self._birth = ""
        self._error = None
        self.changed.emit()

    @Slot(str)
    def switchField(self, field: str) -> None:
        if field in (CASE_FIELD, BIRTH_FIELD):
            self._field = field
            self.changed.emit()

    @Slot()
    def submit(self) -> None:
        if self._pending is not None:
            return  # already checking: another tap changes nothing
        if len(self._birth) != BIRTH_DIGITS and len(self._case) == CASE_DIGITS:
            self._refuse(BirthDateInvalid(self._birth))
            return
        birth = f"{self._birth[:2]}.{self._birth[2:4]}.{self._birth[4:]}"
        self._pending = (f"{self._prefix}{self._case}", birth)
        wait_ms = round(self._delay().total_seconds() * 1000)
        if wait_ms <= 0:
            self._look_up()
            return
        self._error = None
        self.changed.emit()
        self._wait.start(wait_ms)

    @Slot()
    def _look_up(self) -> None:
        pending, self._pending = self._pending, None
        if pending is None:
            return  # the session ended while it waited
        try:
            answer = self._find(*pending)
        except KioskError as error:
            self._refuse(error)
            return
        self._error = None
        self.changed.emit()
        if self._usage is not None:
            self._usage.lookup_found(answer.record.status)
        self._on_found(answer)

    def _refuse(self, error: KioskError) -> None:
        log.info("lookup refused: %s", type(error).__name__)  # no personal data in logs
        if self._usage is not None:
            self._usage.lookup_refused(error)
        self._error = error
        self.changed.emit()

    def reset(self) -> None:
        """Session end: forget both fields, any message and a lookup still waiting."""
        self._wait.stop()
        self._case, self._birth, self._field, self._error = "", "", CASE_FIELD, None
        self._pending = None
        self.changed.emit()

    def retranslate(self) -> None:
        self.changed.emit()
