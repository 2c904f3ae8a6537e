"""Domain errors: what went wrong, as types. ``messages.user_message`` says it to the resident."""

from __future__ import annotations

from datetime import datetime


class KioskError(Exception):
    """Base of every error a resident can cause by what they type or do."""


class CaseNumberIncomplete(KioskError):
    """Too few or too many digits for a case number."""


class NumberLooksMistyped(KioskError):
    """The check character does not fit: a typo, caught before any lookup."""


class BirthDateInvalid(KioskError):
    """Not a date we can read, or a day that does not exist."""


class BirthDateInFuture(KioskError):
    """A birth date after today."""


class CaseNotFound(KioskError):
    """No case for this number *and* birth date; deliberately does not say which was wrong."""


class NumberPaused(KioskError):
    """Lookups of this one case number are paused after repeated failures; others are not."""

    def __init__(self, until: datetime) -> None:
        super().__init__(until.isoformat())
        self.until = until
