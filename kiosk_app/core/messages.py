"""The one place where a domain error becomes words for the resident."""

from __future__ import annotations

from .appointments import BookingUnconfirmed, MoveUnconfirmed
from .booking import (
    AlreadyBookedForService,
    BookingNotFound,
    OfficeClosed,
    OutsideBookingWindow,
    SlotTaken,
)
from .errors import (
    BirthDateInFuture,
    BirthDateInvalid,
    CaseNotFound,
    CaseNumberIncomplete,
    KioskError,
    NumberLooksMistyped,
    NumberPaused,
)
from .formatting import format_time
from .i18n import N_, _
from .leases import LeaseNotHeld, NoFreeSlotOffline

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
    SlotTaken: N_("Someone has just booked this time. Please choose another one."),
    AlreadyBookedForService: N_(
        "You already have an appointment for this. You can move or cancel it."
    ),
    # Before OutsideBookingWindow, of which it is a kind: the first match wins.
    OfficeClosed: N_(
        "The office is closed on this day (public holiday or closure day). "
        "Please choose another day."
    ),
    OutsideBookingWindow: N_(
        "This time cannot be booked. Please choose a day from tomorrow within the next four weeks."
    ),
    BookingNotFound: N_("We could not find this appointment. Please ask at the counter."),
    NoFreeSlotOffline: N_(
        "This kiosk is offline and has no free appointments left for this. "
        "Please try again later or ask at the counter."
    ),
    LeaseNotHeld: N_("This time is no longer free at this kiosk. Please choose another one."),
    MoveUnconfirmed: N_(
        "The office did not answer, so we cannot say yet whether your appointment was moved. "
        "Please look it up again in a few minutes."
    ),
    BookingUnconfirmed: N_(
        "The office did not answer, so nothing was booked. Please try again in a moment."
    ),
}


def user_message(error: KioskError) -> str:
    """The translated sentence a resident reads for ``error``."""
    if isinstance(error, NumberPaused):
        # Read by whoever guessed at this number, and by its owner if they come meanwhile.
        template = N_(
            "After several failed attempts, this case number is paused until {time}. "
            "Please ask at the counter."
        )
        return _(template).format(time=format_time(error.until))
    for kind, template in _MESSAGES.items():
        if isinstance(error, kind):
            return _(template)
    return _("Something went wrong. Please ask at the counter.")
