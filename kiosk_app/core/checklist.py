"""What a resident should bring: for a found case (its missing documents) or, without a case,
the catalog's list for a permit type and service. The same checklist feeds the screen and both
printouts, so what is shown and what is printed never differ.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from .catalog import Catalog
from .i18n import N_
from .reference import REFERENCE_LENGTH, REFERENCE_PATTERN, new_reference
from .status_lookup import StatusAnswer
from .statuses import STATUS_TEXTS, CaseStatus

__all__ = [
    "REFERENCE_LENGTH",
    "REFERENCE_PATTERN",
    "AppointmentBringList",
    "Checklist",
    "ChecklistItem",
    "PrintedReference",
    "RegisterReference",
    "bring_to_appointment",
    "checklist_for_case",
    "generic_checklist",
    "new_reference",
]

# Next steps in the order a resident takes them; N_ constants, translated where shown.
# One instruction per way of handing documents in, so no two steps contradict each other:
# in person the originals (staff check them) with a copy to keep; by post copies only.
STEP_BRING_DOCUMENTS = N_(
    "Bring the originals and one copy of each to the counter, or send copies (never "
    "originals) by post with your case number."
)
STEP_BRING_TO_APPOINTMENT = N_("Bring the originals and one copy of each to your appointment.")
STEP_BOOK_APPOINTMENT = N_("Book an appointment at this kiosk or at the counter.")
STEP_SHOW_PAPER = N_("Show this paper at the counter: staff scan the code to see your checklist.")
STEP_SHOW_APPOINTMENT_PAPER = N_(
    "Show this paper at the counter: staff scan the code to see your appointment."
)


@dataclass(frozen=True)
class PrintedReference:
    """A case-bound paper's reference, to be registered at the gateway so that staff who scan
    it can look the case up. Carries the case's lookup key, never its number or birth date."""

    reference: str
    lookup_key: bytes
    documents: tuple[str, ...]  # codes of the documents on the paper
    booking_id: str | None = None  # the appointment confirmed on it
    # The resident's kiosk language: the counter prints its receipt in German and in it.
    language: str | None = None


# Queues the registration (the kiosk: an outbox command); must not block on the network.
RegisterReference = Callable[[PrintedReference], None]


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    name: str  # untranslated (N_ source or catalog text)
    explanation: str


@dataclass(frozen=True)
class Checklist:
    """Everything a checklist shows; texts are untranslated sources, rendered per language."""

    reference: str
    items: tuple[ChecklistItem, ...]
    next_steps: tuple[str, ...]
    masked_case_number: str = ""
    appointment: datetime | None = None
    permit_type: str = ""  # untranslated name, empty when unknown
    service: str = ""  # untranslated name, empty for a case's checklist

    @property
    def document_codes(self) -> tuple[str, ...]:
        return tuple(item.code for item in self.items)


def _items(catalog: Catalog, codes: tuple[str, ...]) -> tuple[ChecklistItem, ...]:
    return tuple(
        ChecklistItem(code, catalog.document_name(code), catalog.explanation(code))
        for code in codes
    )


def checklist_for_case(
    answer: StatusAnswer, catalog: Catalog, reference: str | None = None
) -> Checklist:
    """The found case's missing documents, its next step and its booked appointment."""
    record = answer.record
    steps = [STEP_BRING_DOCUMENTS] if record.missing_documents else []
    status_step = STATUS_TEXTS[record.status].next_step
    if record.status is not CaseStatus.DOCUMENTS_MISSING:
        steps.insert(0, status_step)  # documents_missing's own step says what the list says
    steps.append(STEP_SHOW_PAPER)
    return Checklist(
        reference=reference or new_reference(),
        items=_items(catalog, record.missing_documents),
        next_steps=tuple(steps),
        masked_case_number=answer.case_number.masked(),
        appointment=record.next_appointment,
        permit_type=catalog.permit_types.get(record.permit_type, ""),
    )


def generic_checklist(
    catalog: Catalog, permit_type: str | None, service: str | None, reference: str | None = None
) -> Checklist:
    """Without a case: what the catalog says to bring for ``service`` under ``permit_type``."""
    return Checklist(
        reference=reference or new_reference(),
        items=_items(catalog, catalog.documents_for(permit_type, service)),
        next_steps=(STEP_BOOK_APPOINTMENT, STEP_BRING_TO_APPOINTMENT, STEP_SHOW_PAPER),
        permit_type=catalog.permit_types.get(permit_type or "", ""),
        service=catalog.services.get(service or "", ""),
    )


@dataclass(frozen=True)
class AppointmentBringList:
    """What to bring to an appointment, as document codes in two groups that never overlap:
    what the case still lacks (its missing documents, as the status screen lists them) and
    what the catalog asks for at every appointment of the service."""

    still_missing: tuple[str, ...]
    always: tuple[str, ...]


def bring_to_appointment(
    catalog: Catalog, permit_type: str, missing: tuple[str, ...], service: str
) -> AppointmentBringList:
    """The bring list for an appointment of ``service`` in a case with ``missing`` documents."""
    needed = catalog.documents_for(permit_type, service)
    return AppointmentBringList(
        still_missing=tuple(missing),
        always=tuple(code for code in needed if code not in missing),
    )
