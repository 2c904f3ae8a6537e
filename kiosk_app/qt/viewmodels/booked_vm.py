"""The confirmation screen of a booking or move: when and where, whether it was booked offline
(final all the same), a code for staff, and printing with the checklist's fallback. The code
is registered for staff (``register_reference``, with the booking) when the paper is made.

A child of ``BookingViewModel`` (QML: ``bookingVm.booked``): it shows what the desk confirmed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk_app.core.catalog import CatalogHolder
from kiosk_app.core.i18n import N_, _, active_language
from kiosk_app.core.print_errors import PrintFailed
from kiosk_app.qt.viewmodels.booking_words import (
    STEP_OFFLINE_FINAL,
    bring_list,
    document_names,
    full_date,
    short_time,
)
from kiosk_app.qt.viewmodels.checklist_vm import QR_PROVIDER
from kiosk_app.qt.viewmodels.paper_print import PaperPrint

if TYPE_CHECKING:
    from kiosk_app.core.appointments import BookingConfirmation
    from kiosk_app.core.checklist import AppointmentBringList, Checklist, RegisterReference
    from kiosk_app.core.status_lookup import StatusAnswer
    from kiosk_app.qt.printing.jobs import PrintJobs
    from kiosk_app.usage_recorder import UsageRecorder

log = logging.getLogger(__name__)


class BookedViewModel(QObject):
    changed = Signal()
    printChanged = Signal()

    def __init__(
        self,
        catalog: CatalogHolder,
        jobs: PrintJobs,
        *,
        office_name: str,
        now: Callable[[], datetime] = datetime.now,
        register_reference: RegisterReference | None = None,
        usage: UsageRecorder | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._jobs = jobs
        self._office_name = office_name
        self._now = now
        self._register_reference = register_reference
        self._usage = usage  # counts papers printed or failed (anonymous, issue 18)
        self._confirmation: BookingConfirmation | None = None
        self._printable: Checklist | None = None
        self._answer: StatusAnswer | None = None  # the case: what it still lacks
        self._paper = PaperPrint()
        catalog.on_replaced(lambda _catalog: self.changed.emit())

    def show(self, confirmation: BookingConfirmation, answer: StatusAnswer) -> None:
        """What the desk confirmed, for the case of ``answer``, ready to print."""
        self._confirmation = confirmation
        self._answer = answer
        self._printable = self._compose_printable(confirmation, answer)
        self._register(self._printable, confirmation, answer)
        self._paper.clear()
        self.changed.emit()
        self.printChanged.emit()

    def reset(self) -> None:
        """Session end: the appointment, its paper and any print job still waiting go."""
        self._jobs.cancel_all()
        self._confirmation = self._printable = None
        self._answer = None
        self._paper.clear()
        self.changed.emit()
        self.printChanged.emit()

    def retranslate(self) -> None:
        self.changed.emit()
        self.printChanged.emit()

    def _register(
        self, printable: Checklist, confirmation: BookingConfirmation, answer: StatusAnswer
    ) -> None:
        """Tell the gateway (through the outbox) which case and booking this paper's code is."""
        if self._register_reference is None or not answer.lookup_key:
            return
        from kiosk_app.core.checklist import PrintedReference

        printed = PrintedReference(
            printable.reference,
            answer.lookup_key,
            printable.document_codes,
            confirmation.appointment.booking_id,
            language=active_language(),  # the resident's session language
        )
        try:
            self._register_reference(printed)
        except Exception as error:  # the screen and the paper work without it
            log.warning("reference not registered: %s", type(error).__name__)

    def _compose_printable(
        self, confirmation: BookingConfirmation, answer: StatusAnswer
    ) -> Checklist:
        """The checklist printout, with its slot for the booked appointment filled."""
        from kiosk_app.core.checklist import (
            STEP_BRING_TO_APPOINTMENT,
            STEP_SHOW_APPOINTMENT_PAPER,
            Checklist,
            ChecklistItem,
            new_reference,
        )

        catalog = self._catalog.current
        service = confirmation.appointment.service
        codes = catalog.documents_for(answer.record.permit_type, service)
        steps = [STEP_BRING_TO_APPOINTMENT, STEP_SHOW_APPOINTMENT_PAPER]
        if confirmation.offline:
            steps.insert(0, STEP_OFFLINE_FINAL)
        return Checklist(
            reference=new_reference(),
            items=tuple(
                ChecklistItem(code, catalog.document_name(code), catalog.explanation(code))
                for code in codes
            ),
            next_steps=tuple(steps),
            masked_case_number=answer.case_number.masked(),
            appointment=confirmation.appointment.start,
            permit_type=catalog.permit_types.get(answer.record.permit_type, ""),
            service=catalog.services.get(service, service),
        )

    # --- printing (the same jobs and failure handling as the checklist) -------------------

    @Slot()
    def print(self) -> None:
        """Print in the resident's language and German; a tap while printing does nothing."""
        if self._printable is None or self._paper.printing:
            return
        from kiosk_app.core.printout import compose_printout

        text = compose_printout(
            self._printable, active_language(), self._office_name, self._now(), confirmation=True
        )
        self._paper.start()
        self.printChanged.emit()
        self._jobs.submit(text, self._print_done)

    def _print_done(self, failure: PrintFailed | None, saved_to: Path | None) -> None:
        self._paper.done(failure, saved_to)
        if self._usage is not None:
            self._usage.paper("confirmation", failure)
        self.printChanged.emit()

    @Slot()
    def showForPhoto(self) -> None:
        self._paper.photo_mode = True
        self.printChanged.emit()

    # --- properties -----------------------------------------------------------------------

    @Property(bool, notify=changed)
    def hasConfirmation(self) -> bool:
        return self._confirmation is not None

    @Property(bool, notify=changed)
    def offline(self) -> bool:
        return self._confirmation is not None and self._confirmation.offline

    @Property(str, notify=changed)
    def service(self) -> str:
        if self._confirmation is None:
            return ""
        code = self._confirmation.appointment.service
        name = self._catalog.current.services.get(code)
        return _(name) if name else code

    @Property(str, notify=changed)
    def date(self) -> str:
        return full_date(self._confirmation.appointment.start) if self._confirmation else ""

    @Property(str, notify=changed)
    def time(self) -> str:
        return short_time(self._confirmation.appointment.start) if self._confirmation else ""

    @Property(str, notify=changed)
    def officeName(self) -> str:
        return self._office_name

    def _bring(self) -> AppointmentBringList | None:
        if self._confirmation is None or self._answer is None:
            return None
        service = self._confirmation.appointment.service
        return bring_list(self._catalog.current, self._answer, service)

    @Property("QStringList", notify=changed)
    def bringMissing(self) -> list[str]:
        """What the office still lacks for the case (as its status lists them): bring it."""
        bring = self._bring()
        return document_names(self._catalog.current, bring.still_missing) if bring else []

    @Property("QStringList", notify=changed)
    def bringAlways(self) -> list[str]:
        """What every appointment of this service needs, from the catalog."""
        bring = self._bring()
        return document_names(self._catalog.current, bring.always) if bring else []

    @Property(str, notify=changed)
    def reference(self) -> str:
        return self._printable.reference if self._printable else ""

    @Property(str, notify=changed)
    def qrSource(self) -> str:
        return f"image://{QR_PROVIDER}/{self._printable.reference}" if self._printable else ""

    @Property(bool, notify=printChanged)
    def printing(self) -> bool:
        return self._paper.printing

    @Property(bool, notify=printChanged)
    def photoMode(self) -> bool:
        return self._paper.photo_mode

    @Property(bool, notify=printChanged)
    def printFailed(self) -> bool:
        return self._paper.failure is not None

    @Property(str, notify=printChanged)
    def printMessage(self) -> str:
        return self._paper.message(
            N_("Your appointment is printed. Please take it from the printer."),
            N_(
                "No printer is connected (demo): your appointment confirmation was saved as a "
                "PDF file: {path}"
            ),
        )
