"""The result screen: one found case, put into plain words in the resident's language."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Property, QObject, Signal

from kiosk_app.core.appointments import office_only_appointment, wall_minute
from kiosk_app.core.booking import SERVICES
from kiosk_app.core.catalog import DOCUMENTS, PERMIT_TYPES
from kiosk_app.core.errors import KioskError
from kiosk_app.core.i18n import _
from kiosk_app.core.statuses import STATUS_TEXTS, CaseStatus, next_step
from kiosk_app.core.walk_in import CaseEnds

if TYPE_CHECKING:
    from kiosk_app.core.appointments import Appointment
    from kiosk_app.core.status_lookup import StatusAnswer

# How the screen colours a status: the resident must act, good news, or just information.
_TONES: dict[CaseStatus, str] = {
    CaseStatus.DOCUMENTS_MISSING: "action",
    CaseStatus.APPOINTMENT_REQUIRED: "action",
    CaseStatus.READY_FOR_PICKUP: "good",
    CaseStatus.COMPLETED: "good",
}


def format_date(value: date) -> str:
    from kiosk_app.core import formatting  # Babel loads on the first result, not at start-up

    return formatting.format_date(value)


class ResultViewModel(QObject):
    changed = Signal()

    def __init__(
        self,
        appointments_of: Callable[[bytes], Sequence[Appointment]] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._answer: StatusAnswer | None = None
        # The desk's view of the case's bookings (made here a minute ago included).
        self._appointments_of = appointments_of
        self._appointments: list[Appointment] = []

    def show(self, answer: StatusAnswer) -> None:
        self._answer = answer
        self._appointments = self._read_appointments()
        self.changed.emit()

    def refresh_appointments(self) -> None:
        """After a booking, move or cancellation at this kiosk."""
        self._appointments = self._read_appointments()
        self.changed.emit()

    def _read_appointments(self) -> list[Appointment]:
        if self._answer is None:
            return []
        if self._appointments_of is not None and self._answer.lookup_key:
            try:
                return sorted(self._appointments_of(self._answer.lookup_key), key=_by_start)
            except KioskError:
                pass  # the desk is not ready: show what the lookup brought
        return sorted(self._answer.record.appointments, key=_by_start)

    def reset(self) -> None:
        """Session end: nothing of this case stays on screen or in memory here."""
        self._answer = None
        self._appointments = []
        self.changed.emit()

    def retranslate(self) -> None:
        self.changed.emit()

    @Property(bool, notify=changed)
    def hasResult(self) -> bool:
        return self._answer is not None

    @Property(str, notify=changed)
    def statusTitle(self) -> str:
        return _(STATUS_TEXTS[self._answer.record.status].title) if self._answer else ""

    @Property(str, notify=changed)
    def explanation(self) -> str:
        return _(STATUS_TEXTS[self._answer.record.status].explanation) if self._answer else ""

    @Property(str, notify=changed)
    def nextStep(self) -> str:
        """The status's next step; once the visit it asks for is booked, to come to it."""
        if self._answer is None:
            return ""
        booked = {appointment.service for appointment in self._appointments}
        office = self._office_appointment() is not None
        return _(next_step(self._answer.record.status, booked, office))

    @Property(str, notify=changed)
    def statusKey(self) -> str:
        return str(self._answer.record.status) if self._answer else ""

    @Property(str, notify=changed)
    def tone(self) -> str:
        return _TONES.get(self._answer.record.status, "info") if self._answer else ""

    @Property(str, notify=changed)
    def changedOn(self) -> str:
        if self._answer is None:
            return ""
        return _("Last change: {date}").format(
            date=format_date(self._answer.record.status_changed_on)
        )

    @Property(str, notify=changed)
    def permitType(self) -> str:
        if self._answer is None:
            return ""
        code = self._answer.record.permit_type
        return _(PERMIT_TYPES[code]) if code in PERMIT_TYPES else code

    @Property("QStringList", notify=changed)
    def missingDocuments(self) -> list[str]:
        if self._answer is None:
            return []
        return [_(DOCUMENTS.get(code, code)) for code in self._answer.record.missing_documents]

    def case_ends(self) -> CaseEnds | None:
        """The dates a walk-in ticket's urgency is judged from (``core.walk_in.is_urgent``); the
        import and the change feed carry both, either may be unknown."""
        if self._answer is None:
            return None
        record = self._answer.record
        return CaseEnds(record.permit_valid_until, record.fiktion_valid_until)

    @Property(str, notify=changed)
    def fiktionText(self) -> str:
        until = self._answer.record.fiktion_valid_until if self._answer else None
        if self._answer is None or until is None:
            return ""
        if self._answer.fiktion_valid:
            return _("Your Fiktionsbescheinigung is valid until {date}.").format(
                date=format_date(until)
            )
        return _("Your Fiktionsbescheinigung expired on {date}.").format(date=format_date(until))

    @Property(bool, notify=changed)
    def fiktionValid(self) -> bool:
        return self._answer.fiktion_valid if self._answer else False

    @Property(str, notify=changed)
    def maskedCaseNumber(self) -> str:
        return self._answer.case_number.masked() if self._answer else ""

    @Property("QVariantList", notify=changed)
    def appointments(self) -> list[dict[str, object]]:
        """The case's appointments in one list, soonest first: its bookings (movable and
        cancellable here, numbered by ``index``) and the office's next appointment when it is
        not one of them (``byOffice``: changed at the counter only)."""
        from kiosk_app.qt.viewmodels.booking_words import appointment_when

        entries: list[tuple[datetime, dict[str, object]]] = [
            (
                wall_minute(appointment.start),
                {
                    "bookingId": appointment.booking_id,
                    "index": index,
                    "byOffice": False,
                    "service": appointment.service,
                    "serviceName": _(SERVICES[appointment.service].name)
                    if appointment.service in SERVICES
                    else appointment.service,
                    "when": appointment_when(appointment.start),
                    "pending": appointment.pending_sync,
                },
            )
            for index, appointment in enumerate(self._appointments)
        ]
        office = self._office_appointment()
        if office is not None:
            entry: dict[str, object] = {
                "bookingId": "",
                "index": -1,
                "byOffice": True,
                "service": "",
                "serviceName": "",
                "when": appointment_when(office),
                "pending": False,
            }
            entries.append((wall_minute(office), entry))
        return [entry for _start, entry in sorted(entries, key=lambda pair: pair[0])]

    def _office_appointment(self) -> datetime | None:
        if self._answer is None:
            return None
        record = self._answer.record
        return office_only_appointment(
            record.next_appointment, (*record.appointments, *self._appointments)
        )


def _by_start(appointment: Appointment) -> datetime:
    return appointment.start
