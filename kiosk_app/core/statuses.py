"""The case status lifecycle and what a resident should read for each (DOMAIN.md)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .i18n import N_


class CaseStatus(StrEnum):
    RECEIVED = "received"
    DOCUMENTS_MISSING = "documents_missing"
    IN_REVIEW = "in_review"
    AWAITING_OTHER_AUTHORITY = "awaiting_other_authority"
    APPOINTMENT_REQUIRED = "appointment_required"
    CARD_IN_PRODUCTION = "card_in_production"
    READY_FOR_PICKUP = "ready_for_pickup"
    DECISION_SENT = "decision_sent"
    COMPLETED = "completed"


@dataclass(frozen=True)
class StatusText:
    """Untranslated texts (``N_``); translate with ``_()`` when shown."""

    title: str
    explanation: str
    next_step: str


STATUS_TEXTS: dict[CaseStatus, StatusText] = {
    CaseStatus.RECEIVED: StatusText(
        N_("Your application has arrived"),
        N_(
            "If you applied before your permit expired, your stay remains lawful "
            "while we decide (§81(4) Residence Act)."
        ),
        N_("Nothing to do now. We will contact you if we need anything."),
    ),
    CaseStatus.DOCUMENTS_MISSING: StatusText(
        N_("We need more documents"),
        N_("Your application cannot go ahead until we have the documents listed below."),
        N_("Bring or send the missing documents. The checklist says which."),
    ),
    CaseStatus.IN_REVIEW: StatusText(
        N_("We are working on your application"),
        N_("A member of staff is checking your application."),
        N_("Nothing to do now."),
    ),
    CaseStatus.AWAITING_OTHER_AUTHORITY: StatusText(
        N_("Another authority must agree"),
        N_(
            "We have asked another authority, for example the Federal Employment Agency "
            "(§39 Residence Act), to agree. This usually takes a few weeks."
        ),
        N_("Nothing to do now. We will contact you when the answer is here."),
    ),
    CaseStatus.APPOINTMENT_REQUIRED: StatusText(
        N_("Please book an appointment"),
        N_("We need to see you in person, for example for fingerprints and a photo for your card."),
        N_("Book an appointment at this kiosk or at the counter."),
    ),
    CaseStatus.CARD_IN_PRODUCTION: StatusText(
        N_("Your card is being produced"),
        N_("The Federal Printing Office is producing your card. This usually takes 4 to 6 weeks."),
        N_("Nothing to do now. We will tell you when the card is ready."),
    ),
    CaseStatus.READY_FOR_PICKUP: StatusText(
        N_("Your card is ready"),
        N_("You can pick up your card. The PIN letter comes to you by post."),
        N_("Book a pickup appointment and bring your passport."),
    ),
    CaseStatus.DECISION_SENT: StatusText(
        N_("A decision was sent to you by post"),
        N_("Please read the letter we sent you. For your privacy, the kiosk does not show it."),
        N_("If you have questions about the letter, book a consultation."),
    ),
    CaseStatus.COMPLETED: StatusText(
        N_("This case is closed"),
        N_("There is nothing open in this case."),
        N_("For a new application, book an appointment."),
    ),
}


# A visit already booked answers "book an appointment": the next step is then to come to it.
STEP_COME_TO_APPOINTMENT = N_(
    "You have an appointment (below). Please come on time and bring the documents it lists."
)
STEP_COME_FOR_PICKUP = N_("Your pickup appointment is below. Please bring your passport.")
PICKUP_SERVICE = "card_pickup"


def next_step(status: CaseStatus, booked_services: set[str], office_appointment: bool) -> str:
    """The next step for ``status`` (untranslated), given the services the case has upcoming
    bookings for and whether the office set an appointment of its own."""
    if status is CaseStatus.APPOINTMENT_REQUIRED and (booked_services or office_appointment):
        return STEP_COME_TO_APPOINTMENT
    if status is CaseStatus.READY_FOR_PICKUP and PICKUP_SERVICE in booked_services:
        return STEP_COME_FOR_PICKUP
    return STATUS_TEXTS[status].next_step
