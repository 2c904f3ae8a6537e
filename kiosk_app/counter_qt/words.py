"""The clerk's words: status names, and every counter error code as a sentence (STYLE.md 11).

Constants are ``N_``; ``_()`` translates them where shown, in the clerk's language (de or en).
"""

from __future__ import annotations

from datetime import datetime

from kiosk_app.core.formatting import format_datetime
from kiosk_app.core.i18n import N_, _
from kiosk_app.core.statuses import CaseStatus

STATUS_NAMES: dict[CaseStatus, str] = {
    CaseStatus.RECEIVED: N_("Received"),
    CaseStatus.DOCUMENTS_MISSING: N_("Documents missing"),
    CaseStatus.IN_REVIEW: N_("In review"),
    CaseStatus.AWAITING_OTHER_AUTHORITY: N_("Awaiting another authority"),
    CaseStatus.APPOINTMENT_REQUIRED: N_("Appointment required"),
    CaseStatus.CARD_IN_PRODUCTION: N_("Card in production"),
    CaseStatus.READY_FOR_PICKUP: N_("Ready for pickup"),
    CaseStatus.DECISION_SENT: N_("Decision sent"),
    CaseStatus.COMPLETED: N_("Completed"),
}

MESSAGES: dict[str, str] = {
    "wrong_credentials": N_("The user name or the password is wrong."),
    "password_change_required": N_("Please choose your own password before you start."),
    "offline": N_(
        "The office's server cannot be reached. Signing in needs it; please try again shortly."
    ),
    "session_expired": N_("Your session has ended. Please sign in again."),
    "not_signed_in": N_("Your session has ended. Please sign in again."),
    "not_a_counter": N_("This workstation is not enrolled as a counter."),
    "not_enrolled": N_("This workstation is not enrolled yet (kiosk-app counter enroll)."),
    "unauthorized": N_("This workstation is no longer enrolled at the office's server."),
    "forbidden": N_("Your role does not allow this."),
    "unknown_case": N_("There is no case with this number."),
    "unknown_reference": N_("No printout and no request has this reference."),
    "not_a_reference": N_("This is neither a reference nor a case number."),
    "not_cached": N_(
        "Offline, and this case is not stored on this workstation. "
        "Please try again when the connection is back."
    ),
    "status_changed": N_(
        "The status was changed by someone else meanwhile. Please decide under Conflicts."
    ),
    "booking_not_active": N_("This appointment is no longer active."),
    "password_too_short": N_("The new password needs at least 12 characters."),
    "passwords_differ": N_("The two new passwords differ."),
    "nothing_ticked": N_("Tick at least one document first."),
    "fleet_offline": N_(
        "The office's server cannot be reached, so the devices cannot be shown just now."
    ),
}
ACCOUNT_LOCKED = N_("This account is locked after too many failed sign-ins, until {time}.")
ACCOUNT_LOCKED_NO_TIME = N_("This account is locked after too many failed sign-ins.")
SOMETHING_FAILED = N_("That did not work ({code}). Please try again.")


def status_name(status: str) -> str:
    try:
        return _(STATUS_NAMES[CaseStatus(status)])
    except ValueError:
        return status


def error_message(error: BaseException) -> str:
    """The sentence a clerk reads for ``error`` (a ``CounterError`` or anything else)."""
    code = str(getattr(error, "code", "") or "")
    if code == "account_locked":
        detail = getattr(error, "detail", None)
        try:
            until = datetime.fromisoformat(str(detail)) if detail else None
        except ValueError:
            until = None
        if until is None:
            return _(ACCOUNT_LOCKED_NO_TIME)
        from zoneinfo import ZoneInfo

        from kiosk_app.core.office import OFFICE_TIMEZONE

        if until.tzinfo is not None:
            until = until.astimezone(ZoneInfo(OFFICE_TIMEZONE))
        return _(ACCOUNT_LOCKED).format(time=format_datetime(until))
    return code_message(code or type(error).__name__)


def code_message(code: str) -> str:
    """The sentence for an error or refusal code (``status_changed``, ``offline``, …)."""
    if code in MESSAGES:
        return _(MESSAGES[code])
    return _(SOMETHING_FAILED).format(code=code)
