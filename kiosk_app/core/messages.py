"""The one place where a domain error becomes words for the resident."""

from __future__ import annotations

from .errors import (
    BirthDateInFuture,
    BirthDateInvalid,
    CaseNotFound,
    CaseNumberIncomplete,
    KioskError,
    NumberLooksMistyped,
    TooManyAttempts,
)
from .formatting import format_time
from .i18n import N_, _

_MESSAGES: dict[type[KioskError], str] = {
    CaseNumberIncomplete: N_(
        "A case number has 11 digits after DA. Please check the number on your letter."
    ),
    NumberLooksMistyped: N_(
        "This number looks mistyped. Please compare it digit by digit with your letter."
    ),
    BirthDateInvalid: N_("Please enter your date of birth as day, month and year."),
    BirthDateInFuture: N_("This date of birth is in the future. Please check it."),
    CaseNotFound: N_(
        "We could not find a case with this number and date of birth. "
        "Please check both, or ask at the counter."
    ),
}


def user_message(error: KioskError) -> str:
    """The translated sentence a resident reads for ``error``."""
    if isinstance(error, TooManyAttempts):
        template = (
            N_("This kiosk is paused after many failed attempts. Please try again after {time}.")
            if error.kiosk_wide
            else N_("Too many failed attempts. Please wait until {time} or ask at the counter.")
        )
        return _(template).format(time=format_time(error.until))
    for kind, template in _MESSAGES.items():
        if isinstance(error, kind):
            return _(template)
    return _("Something went wrong. Please ask at the counter.")
