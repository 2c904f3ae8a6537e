"""What a scan at the counter (or the case field) names: a case, or a resident's request.

The kiosk prints the same kind of reference on a checklist, an appointment confirmation and a
request's receipt (``core.reference``). A reference the gateway does not know as a printout is
tried as a request's receipt, so scanning the receipt's QR code opens the request in the forms
inbox. Requests are read at the gateway only: offline a receipt is not found.
"""

from __future__ import annotations

from typing import Protocol

from kiosk_app.core.reference import looks_like_reference, normalise_reference
from sync.form_protocol import FormRendition

from .errors import CaseNotFound, CounterError
from .views import OpenedCase


class Opens(Protocol):
    def open(self, text: str) -> OpenedCase: ...
    def form(self, receipt: str) -> FormRendition: ...


def open_scanned(desk: Opens, text: str) -> OpenedCase | FormRendition:
    """``desk.open(text)``, or else the request whose receipt carries this reference. Raises
    ``open``'s ``CaseNotFound`` when it is neither (the clerk reads "unknown reference")."""
    try:
        return desk.open(text)
    except CaseNotFound as missing:
        reference = normalise_reference(text)
        if missing.code != "unknown_reference" or not looks_like_reference(reference):
            raise
        try:
            return desk.form(reference)
        except CounterError:
            raise missing from None
