"""The words of a printed walk-in ticket (issue 15): the number large, the service, the people
waiting before and the estimated wait, in the resident's language with German alongside, and a
QR code carrying only the ticket id. No personal data. No Qt here: ``kiosk_app.qt.printing``
lays it out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .i18n import N_
from .languages import is_right_to_left
from .printout import OFFICE_LANGUAGE, PRINTED_AT, Bilingual, Translation

TICKET_TITLE = N_("Walk-in ticket")
TICKET_SERVICE = N_("For: {service}")
TICKET_AHEAD = N_("People waiting before you: {count}")
TICKET_WAIT = N_("Estimated wait: {low} to {high} minutes")
TICKET_NOTE = N_("Please wait until your number is shown on the screen and called.")
TICKET_STAFF_NOTE = N_("For staff: scan the code to find this ticket.")


@dataclass(frozen=True)
class TicketText:
    """Everything on the ticket, already translated."""

    language: str
    right_to_left: bool
    office_name: str
    ticket_id: str  # the QR code's only content
    label: str  # "A 042", printed large
    title: Bilingual
    service: Bilingual
    ahead: Bilingual
    wait: Bilingual
    printed_at: Bilingual
    note: Bilingual
    staff_note: Bilingual

    @property
    def file_stem(self) -> str:
        return f"ticket-{self.ticket_id}"


def compose_ticket(
    *,
    ticket_id: str,
    label: str,
    service_name: str,
    ahead: int,
    wait_low: int,
    wait_high: int,
    language: str,
    office_name: str,
    printed_at: datetime,
    locale_dir: Path | None = None,
) -> TicketText:
    """Translate the ticket into ``language`` and German; ``service_name`` is the catalog's
    untranslated service name."""
    resident = Translation(language, locale_dir)
    german = Translation(OFFICE_LANGUAGE, locale_dir) if language != OFFICE_LANGUAGE else None

    def pair(message: str, **values: object) -> Bilingual:
        own = resident(message).format(**values)
        return Bilingual(own, german(message).format(**values) if german else "")

    def moment(tr: Translation) -> str:
        return tr(PRINTED_AT).format(datetime=tr.moment(printed_at))

    return TicketText(
        language=language,
        right_to_left=is_right_to_left(language),
        office_name=office_name,
        ticket_id=ticket_id,
        label=label,
        title=pair(TICKET_TITLE),
        service=Bilingual(
            resident(TICKET_SERVICE).format(service=resident(service_name)),
            german(TICKET_SERVICE).format(service=german(service_name)) if german else "",
        ),
        ahead=pair(TICKET_AHEAD, count=ahead),
        wait=pair(TICKET_WAIT, low=wait_low, high=wait_high),
        printed_at=Bilingual(moment(resident), moment(german) if german else ""),
        note=pair(TICKET_NOTE),
        staff_note=pair(TICKET_STAFF_NOTE),
    )
