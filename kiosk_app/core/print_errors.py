"""Why a printout did not come out, as types, and the one place that says it to the resident.

Every message ends with the alternative the kiosk then offers: the checklist on screen, with
its code, to photograph.
"""

from __future__ import annotations

from .i18n import N_, _


class PrintFailed(Exception):
    """The printer did not print; the subclass says why (never with personal data)."""

    message = N_("The printer is not working at the moment.")


class PrinterMissing(PrintFailed):
    """No printer is configured, or the configured one is not connected."""

    message = N_("This kiosk has no printer available right now.")


class PrinterOffline(PrintFailed):
    message = N_("The printer is switched off or not connected.")


class PrinterOutOfPaper(PrintFailed):
    message = N_("The printer has run out of paper.")


class PrinterTimedOut(PrintFailed):
    message = N_("The printer did not answer in time.")


PHOTO_ALTERNATIVE = N_("Please take a photo of the screen instead. Staff can scan its code.")


def print_failure_message(error: PrintFailed) -> str:
    """The translated sentence for ``error``, followed by the alternative."""
    return f"{_(error.message)} {_(PHOTO_ALTERNATIVE)}"
