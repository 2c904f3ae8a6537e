"""The words of the dated receipt a resident takes after submitting a form (issue 17), in the
resident's language and German (German only for a German session). No Qt: the renderer in
``kiosk_app.qt.printing.form_receipt`` lays them out.

The kiosk stands in the office, so its time of submitting is the office's time of receipt, also
offline: the kiosk's clock corrected by the server-time offset of its last sync. An extension
application received on or before the permit's last valid day carries the "received in time"
note (§ 81 (4) AufenthG: the old permit counts as continuing until the decision); the receipt
never states or suggests a decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ..i18n import N_
from ..languages import is_right_to_left
from ..printout import OFFICE_LANGUAGE, Bilingual, Translation
from .definition import FormDef

EXTENSION_FORM = "extend_permit"
TITLE = N_("Confirmation of receipt")
REQUEST = N_("Request: {title}")
REFERENCE = N_("Reference: {reference}")
KIOSK = N_("Received at: {office}, kiosk {kiosk}")
RECEIVED = N_("Date and time of receipt: {datetime}")
IN_TIME = N_(
    "Your application to extend your residence permit was received on {date}, before your "
    "permit ends on {end}: it was received in time. Under Section 81 (4) of the Residence Act "
    "your permit is, as a rule, treated as continuing until the office decides on your "
    "application. Keep this receipt and show it when asked for your permit."
)
NOT_A_DECISION = N_(
    "This confirms that the office received your request. It is not a decision on it."
)
STAFF_NOTE = N_("For staff: the code holds the request's reference in the forms inbox.")


@dataclass(frozen=True)
class FormReceiptText:
    """Everything printed, already translated."""

    language: str
    right_to_left: bool
    office_name: str
    receipt: str  # the reference in the QR code
    title: Bilingual
    request: Bilingual
    reference_line: Bilingual
    kiosk: Bilingual
    received: Bilingual
    in_time: Bilingual | None  # only for an extension application before the permit's end
    not_a_decision: Bilingual
    staff_note: Bilingual

    @property
    def file_stem(self) -> str:
        return f"form-receipt-{self.receipt}"


def received_in_time(form_id: str, received_on: date, permit_ends: date | None) -> bool:
    """An extension application made on or before the permit's last valid day."""
    return form_id == EXTENSION_FORM and permit_ends is not None and received_on <= permit_ends


def compose_form_receipt(
    form: FormDef,
    *,
    receipt: str,
    language: str,
    office_name: str,
    kiosk: str,
    received_at: datetime,
    permit_ends: date | None,
    locale_dir: Path | None = None,
) -> FormReceiptText:
    """``received_at``: the office's wall time of receipt (the kiosk's clock judged with the
    server-time offset of the last sync); ``permit_ends`` the case's permit end date if known."""
    resident = Translation(language, locale_dir)
    german = Translation(OFFICE_LANGUAGE, locale_dir) if language != OFFICE_LANGUAGE else None
    rtl = is_right_to_left(language)

    def ltr(text: str) -> str:  # references and device names read left to right
        return f"\u2066{text}\u2069" if rtl else text

    def pair(message: str, **values: str) -> Bilingual:
        own = resident(message).format(**values)
        return Bilingual(own, german(message).format(**values) if german else "")

    def dated(message: str, tr: Translation, **values: str) -> str:
        return tr(message).format(**values)

    def both(message: str, make: dict[str, object]) -> Bilingual:
        def one(tr: Translation, is_resident: bool) -> str:
            values = {
                key: (value(tr) if callable(value) else str(value)) for key, value in make.items()
            }
            if is_resident and rtl:
                values = {
                    key: ltr(v) if key in ("reference", "kiosk", "office") else v
                    for key, v in values.items()
                }
            return dated(message, tr, **values)

        return Bilingual(one(resident, True), one(german, False) if german else "")

    in_time = None
    if received_in_time(form.id, received_at.date(), permit_ends):
        assert permit_ends is not None
        in_time = both(
            IN_TIME,
            {
                "date": lambda tr: tr.long_date(received_at.date()),
                "end": lambda tr: tr.long_date(permit_ends),
            },
        )
    return FormReceiptText(
        language=language,
        right_to_left=rtl,
        office_name=office_name,
        receipt=receipt,
        title=pair(TITLE),
        request=Bilingual(
            resident(REQUEST).format(title=resident(form.title)),
            german(REQUEST).format(title=form.title) if german else "",
        ),
        reference_line=both(REFERENCE, {"reference": receipt}),
        kiosk=both(KIOSK, {"office": office_name, "kiosk": kiosk}),
        received=both(RECEIVED, {"datetime": lambda tr: tr.moment(received_at)}),
        in_time=in_time,
        not_a_decision=pair(NOT_A_DECISION),
        staff_note=pair(STAFF_NOTE),
    )
