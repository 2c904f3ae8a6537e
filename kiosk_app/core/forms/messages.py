"""What a form screen says for each error code of ``engine.validate``, in the resident's
language (English source strings, as the kiosk's other messages)."""

from __future__ import annotations

from kiosk_app.core.i18n import N_, _

FORM_ERROR_MESSAGES: dict[str, str] = {
    "required": N_("Please answer this question."),
    "must_be_yes": N_("Please confirm this to continue."),
    "wrong_type": N_("This answer does not fit the question."),
    "too_short": N_("This answer is too short."),
    "too_long": N_("This answer is too long."),
    "bad_pattern": N_("This answer does not have the expected form."),
    "not_latin": N_("Please use Latin letters (A–Z) here."),
    "bad_date": N_("This date does not exist."),
    "date_too_early": N_("This date is too early."),
    "date_too_late": N_("This date is too late."),
    "too_small": N_("This number is too small."),
    "too_large": N_("This number is too large."),
    "unknown_code": N_("Please choose one of the answers shown."),
    "not_shown": N_("This question does not apply to your answers."),
    "unknown_field": N_("This question is not part of the form."),
    "language_missing": N_("Please choose the language you wrote in."),
}


def error_message(code: str) -> str:
    """The message for an error code, translated into the active language."""
    return _(FORM_ERROR_MESSAGES[code])
