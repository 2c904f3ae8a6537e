"""The lookup screen: two masked fields filled from the on-screen keypad, then one lookup."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk_app.core.case_number import DIGITS as CASE_DIGITS
from kiosk_app.core.errors import BirthDateInvalid, KioskError

if TYPE_CHECKING:
    from kiosk_app.core.status_lookup import StatusAnswer

log = logging.getLogger(__name__)

BIRTH_DIGITS = 8  # DDMMYYYY
CASE_FIELD = "case"
BIRTH_FIELD = "birth"
EMPTY = "_"

Find = Callable[[str, str], "StatusAnswer"]


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
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._find = find
        self._on_found = on_found
        self._case_mask = f"{prefix}-####-######-#"
        self._prefix = prefix
        self._case = ""
        self._birth = ""
        self._field = CASE_FIELD
        self._error: KioskError | None = None

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
        try:
            if len(self._birth) != BIRTH_DIGITS and len(self._case) == CASE_DIGITS:
                raise BirthDateInvalid(self._birth)
            birth = f"{self._birth[:2]}.{self._birth[2:4]}.{self._birth[4:]}"
            answer = self._find(f"{self._prefix}{self._case}", birth)
        except KioskError as error:
            log.info("lookup refused: %s", type(error).__name__)  # no personal data in logs
            self._error = error
            self.changed.emit()
            return
        self._error = None
        self.changed.emit()
        self._on_found(answer)

    def reset(self) -> None:
        """Session end: forget both fields and any message."""
        self._case, self._birth, self._field, self._error = "", "", CASE_FIELD, None
        self.changed.emit()

    def retranslate(self) -> None:
        self.changed.emit()
