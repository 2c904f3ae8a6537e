"""The booking screens: service, day, time, confirm, confirmation; moving and cancelling.

Reads (free days and times, the case's appointments) come from the desk's cache at once.
Writes (book, move, cancel) may wait on the office, so they run in a worker thread
(``DeskWrites``) and come back through one queued signal; meanwhile the screen shows a calm
progress state and ignores further taps. The flow (``core.flow``) decides which screen shows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk_app.core.appointments import (
    Appointment,
    AppointmentDesk,
    BookingConfirmation,
    DayFree,
    TimeChoice,
)
from kiosk_app.core.catalog import CatalogHolder
from kiosk_app.core.errors import KioskError
from kiosk_app.core.flow import BookingMode, KioskFlow, Screen
from kiosk_app.core.i18n import _
from kiosk_app.qt.desk_writes import DeskWrites
from kiosk_app.qt.viewmodels.booked_vm import BookedViewModel
from kiosk_app.qt.viewmodels.booking_words import (
    NEXT_DAY,
    NEXT_RETRY,
    NEXT_TIME,
    bring_list,
    calendar_cells,
    document_names,
    full_date,
    month_span,
    next_option,
    short_time,
    weekday_names,
)

if TYPE_CHECKING:
    from kiosk_app.core.checklist import AppointmentBringList, RegisterReference
    from kiosk_app.core.status_lookup import StatusAnswer
    from kiosk_app.qt.printing.jobs import PrintJobs
    from kiosk_app.usage_recorder import UsageRecorder

log = logging.getLogger(__name__)


class BookingViewModel(QObject):
    changed = Signal()  # choices, lists
    busyChanged = Signal()  # a write running, its refusal

    def __init__(
        self,
        desk: AppointmentDesk,
        flow: KioskFlow,
        catalog: CatalogHolder,
        jobs: PrintJobs,
        *,
        office_name: str,
        on_appointments_changed: Callable[[], None] = lambda: None,
        now: Callable[[], datetime] = datetime.now,
        register_reference: RegisterReference | None = None,
        usage: UsageRecorder | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._desk = desk
        self._usage = usage  # counts bookings made, moved, cancelled (anonymous, issue 18)
        self._flow = flow
        self._catalog = catalog
        self._jobs = jobs
        self._office_name = office_name
        self._on_appointments_changed = on_appointments_changed
        self._now = now
        self._writes = DeskWrites(self)
        self._answer: StatusAnswer | None = None
        self._days: list[DayFree] = []
        self._times: list[TimeChoice] = []
        self._subject: Appointment | None = None  # being moved or cancelled
        self._booked = BookedViewModel(
            catalog,
            jobs,
            office_name=office_name,
            now=now,
            register_reference=register_reference,
            usage=usage,
            parent=self,
        )
        self._error: KioskError | None = None
        self._next = ""
        self._notice = ""
        self._busy = False
        flow.on_screen_changed(self._screen_changed)
        catalog.on_replaced(lambda _catalog: self.changed.emit())

    # --- the case -------------------------------------------------------------------------

    def remember_case(self, answer: StatusAnswer) -> None:
        """The lookup found a case; bookings are bound to it through its lookup key."""
        self._answer = answer
        self._notice = ""
        self.changed.emit()

    def _screen_changed(self, screen: Screen) -> None:
        choice = self._flow.booking
        if screen is not Screen.BOOK_CONFIRM and screen is not Screen.CANCEL_CONFIRM:
            self._clear_error()
        try:
            if screen is Screen.BOOK_DAY and choice is not None and choice.service:
                self._days = self._desk.days(choice.service)
            elif screen is Screen.BOOK_TIME and choice and choice.service and choice.day:
                self._times = self._desk.times(choice.service, choice.day)
        except KioskError as error:
            self._days, self._times = [], []
            self._refused(error)
        if screen is Screen.RESULT:
            self._subject = None
            self._on_appointments_changed()  # e.g. after a write whose outcome is unknown
        self.changed.emit()

    # --- steps ----------------------------------------------------------------------------

    @Slot()
    def startBooking(self) -> None:
        if self._answer is None or self._busy:
            return
        self._notice = ""
        self._flow.start_booking()

    @Slot(str)
    def startMove(self, booking_id: str) -> None:
        subject = self._appointment(booking_id)
        if subject is None or self._busy:
            return
        self._notice, self._subject = "", subject
        self._flow.start_move(booking_id, subject.service)

    @Slot(str)
    def startCancel(self, booking_id: str) -> None:
        subject = self._appointment(booking_id)
        if subject is None or self._busy:
            return
        self._notice, self._subject = "", subject
        self._flow.start_cancel(booking_id, subject.service)

    @Slot(str)
    def chooseService(self, code: str) -> None:
        if self._flow.screen is Screen.BOOK_SERVICE and code in self._catalog.current.services:
            self._flow.choose_service(code)

    @Slot(str)
    def chooseDay(self, iso_day: str) -> None:
        if self._flow.screen is not Screen.BOOK_DAY:
            return
        day = date.fromisoformat(iso_day)
        if any(d.day == day and d.free > 0 for d in self._days):
            self._flow.choose_day(day)

    @Slot(str)
    def chooseTime(self, slot_id: str) -> None:
        if self._flow.screen is Screen.BOOK_TIME and any(t.slot_id == slot_id for t in self._times):
            self._flow.choose_time(slot_id)

    @Slot()
    def back(self) -> None:
        """One screen back; ignored while a write runs (its answer belongs on this screen)."""
        if not self._busy:
            self._flow.back()

    @Slot()
    def finish(self) -> None:
        """From the confirmation (or a refusal that ends here) to the case's result."""
        if not self._busy:
            self._flow.back_to_result()

    @Slot()
    def chooseAgain(self) -> None:
        """The next option after a refusal: another time, another day, or the result."""
        if self._busy or self._error is None:
            return
        if self._next == NEXT_TIME:
            self._flow.choose_again(Screen.BOOK_TIME)
        elif self._next == NEXT_DAY:
            self._flow.choose_again(Screen.BOOK_DAY)
        elif self._next == NEXT_RETRY:
            self._clear_error()
            if self._flow.screen is Screen.CANCEL_CONFIRM:
                self.confirmCancel()
            else:
                self.confirm()
        else:
            self._flow.back_to_result()

    # --- writes ---------------------------------------------------------------------------

    @Slot()
    def confirm(self) -> None:
        """Book (or move to) the chosen time; a second tap while it runs does nothing."""
        choice = self._flow.booking
        if self._busy or self._answer is None or choice is None or choice.slot_id is None:
            return
        if self._flow.screen is not Screen.BOOK_CONFIRM:
            return
        key, slot_id, booking_id = self._answer.lookup_key, choice.slot_id, choice.booking_id
        desk = self._desk
        if choice.mode is BookingMode.MOVE and booking_id is not None:
            self._start_write(lambda: desk.move(key, booking_id, slot_id), self._confirmed)
        else:
            self._start_write(lambda: desk.book(key, slot_id), self._confirmed)

    @Slot()
    def confirmCancel(self) -> None:
        choice = self._flow.booking
        if self._busy or self._answer is None or choice is None or choice.booking_id is None:
            return
        if self._flow.screen is not Screen.CANCEL_CONFIRM:
            return
        key, booking_id, desk = self._answer.lookup_key, choice.booking_id, self._desk
        self._start_write(lambda: desk.cancel(key, booking_id), self._cancelled)

    def _start_write(self, work: Callable[[], object], success: Callable[[Any], None]) -> None:
        self._busy = True
        self._clear_error(emit=False)
        self.busyChanged.emit()

        def done(result: object, failure: BaseException | None) -> None:
            self._busy = False
            if failure is None:
                success(result)
            elif isinstance(failure, KioskError):
                self._refused(failure)
            else:  # a bug must not leave the resident stuck on a spinner
                log.error("booking write failed unexpectedly: %s", type(failure).__name__)
                self._refused(KioskError())
            self.busyChanged.emit()

        self._writes.run(work, done)

    def _confirmed(self, confirmation: BookingConfirmation) -> None:
        if self._usage is not None:
            choice = self._flow.booking
            moved = choice is not None and choice.mode is BookingMode.MOVE
            appointment = confirmation.appointment
            self._usage.booking(
                "moved" if moved else "made", appointment.service, appointment.start
            )
        if self._answer is not None:
            self._booked.show(confirmation, self._answer)
        self._on_appointments_changed()
        self._flow.booked()

    def _cancelled(self, _result: object) -> None:
        subject = self._subject
        if self._usage is not None:
            self._usage.booking("cancelled", subject.service if subject else self._service())
        self._notice = (
            _("Your appointment on {date} at {time} is cancelled.").format(
                date=full_date(subject.start), time=short_time(subject.start)
            )
            if subject is not None
            else _("Your appointment is cancelled.")
        )
        self._on_appointments_changed()
        self._flow.back_to_result()

    def _refused(self, error: KioskError) -> None:
        choice = self._flow.booking
        self._error = error
        self._next = next_option(error, choice.mode if choice else BookingMode.BOOK)
        self.busyChanged.emit()

    def _clear_error(self, *, emit: bool = True) -> None:
        if self._error is not None:
            self._error, self._next = None, ""
            if emit:
                self.busyChanged.emit()

    # --- session --------------------------------------------------------------------------

    def reset(self) -> None:
        """Session end (start over, idle): forget the case, every choice and any answer or
        print job still on its way."""
        self._writes.forget_all()
        self._booked.reset()
        self._answer = self._subject = None
        self._days, self._times = [], []
        self._error, self._next, self._notice = None, "", ""
        self._busy = False
        self.changed.emit()
        self.busyChanged.emit()

    def retranslate(self) -> None:
        self._booked.retranslate()
        self.changed.emit()
        self.busyChanged.emit()

    def clear_notice(self) -> None:
        if self._notice:
            self._notice = ""
            self.changed.emit()

    # --- helpers --------------------------------------------------------------------------

    def _appointment(self, booking_id: str) -> Appointment | None:
        if self._answer is None:
            return None
        try:
            appointments = self._desk.appointments(self._answer.lookup_key)
        except KioskError:
            appointments = list(self._answer.record.appointments)
        return next((a for a in appointments if a.booking_id == booking_id), None)

    def _service(self) -> str:
        choice = self._flow.booking
        return choice.service or "" if choice is not None else ""

    def _service_name(self, code: str) -> str:
        name = self._catalog.current.services.get(code)
        return _(name) if name else code

    def _chosen_time(self) -> TimeChoice | None:
        choice = self._flow.booking
        if choice is None or choice.slot_id is None:
            return None
        return next((t for t in self._times if t.slot_id == choice.slot_id), None)

    def _booked_services(self) -> set[str]:
        if self._answer is None:
            return set()
        try:
            return {a.service for a in self._desk.appointments(self._answer.lookup_key)}
        except KioskError:
            return {a.service for a in self._answer.record.appointments}

    # --- properties: the case and the steps -----------------------------------------------

    @Property(QObject, constant=True)
    def booked(self) -> BookedViewModel:
        """The confirmation screen's own view model."""
        return self._booked

    @Property(bool, notify=changed)
    def canBook(self) -> bool:
        return self._answer is not None and bool(self._answer.lookup_key)

    @Property(str, notify=changed)
    def mode(self) -> str:
        choice = self._flow.booking
        return str(choice.mode) if choice is not None else ""

    @Property(str, notify=changed)
    def notice(self) -> str:
        """Shown on the result after a cancellation."""
        return self._notice

    @Property(str, notify=changed)
    def officeName(self) -> str:
        return self._office_name

    @Property(bool, notify=changed)
    def online(self) -> bool:
        try:
            return bool(self._desk.online)
        except KioskError:
            return False

    @Property("QVariantList", notify=changed)
    def services(self) -> list[dict[str, object]]:
        booked = self._booked_services()
        return [
            {
                "code": code,
                "name": _(name),
                "booked": code in booked,
                "note": _("You already have this appointment: move or cancel it on your status.")
                if code in booked
                else "",
            }
            for code, name in self._catalog.current.services.items()
        ]

    @Property(str, notify=changed)
    def serviceName(self) -> str:
        return self._service_name(self._service()) if self._service() else ""

    @Property(str, notify=changed)
    def calendarTitle(self) -> str:
        return month_span(self._days)

    @Property("QStringList", notify=changed)
    def weekdays(self) -> list[str]:
        return weekday_names()

    @Property("QVariantList", notify=changed)
    def calendar(self) -> list[dict[str, object]]:
        """Whole weeks, Monday first, covering the booking window; days outside it are blank."""
        return calendar_cells(self._days)

    @Property(bool, notify=changed)
    def noFreeDays(self) -> bool:
        return self._flow.screen is Screen.BOOK_DAY and not any(d.free for d in self._days)

    @Property(str, notify=changed)
    def dayText(self) -> str:
        choice = self._flow.booking
        return full_date(choice.day) if choice is not None and choice.day else ""

    @Property("QVariantList", notify=changed)
    def times(self) -> list[dict[str, str]]:
        return [
            {
                "slotId": t.slot_id,
                "label": short_time(t.start),
                "accessibleName": _("{date} at {time}").format(
                    date=full_date(t.start), time=short_time(t.start)
                ),
            }
            for t in self._times
        ]

    @Property(str, notify=changed)
    def timeText(self) -> str:
        chosen = self._chosen_time()
        return short_time(chosen.start) if chosen is not None else ""

    def _bring(self) -> AppointmentBringList | None:
        service = self._service()
        if not service or self._answer is None:
            return None
        return bring_list(self._catalog.current, self._answer, service)

    @Property("QStringList", notify=changed)
    def bringMissing(self) -> list[str]:
        """What the office still lacks for the case (as its status lists them): bring it."""
        bring = self._bring()
        return document_names(self._catalog.current, bring.still_missing) if bring else []

    @Property("QStringList", notify=changed)
    def bringAlways(self) -> list[str]:
        """What every appointment of the chosen service needs, from the catalog."""
        bring = self._bring()
        return document_names(self._catalog.current, bring.always) if bring else []

    @Property(str, notify=changed)
    def subjectText(self) -> str:
        """The appointment being moved or cancelled, in words."""
        if self._subject is None:
            return ""
        return _("{service} on {date} at {time}").format(
            service=self._service_name(self._subject.service),
            date=full_date(self._subject.start),
            time=short_time(self._subject.start),
        )

    # --- properties: writing --------------------------------------------------------------

    @Property(bool, notify=busyChanged)
    def busy(self) -> bool:
        return self._busy

    @Property(str, notify=busyChanged)
    def busyText(self) -> str:
        if not self._busy:
            return ""
        choice = self._flow.booking
        if choice is not None and choice.mode is BookingMode.CANCEL:
            return _("Cancelling your appointment…")
        return _("Booking your appointment…")

    @Property(str, notify=busyChanged)
    def errorText(self) -> str:
        from kiosk_app.core.messages import user_message

        return user_message(self._error) if self._error is not None else ""

    @Property(str, notify=busyChanged)
    def errorKind(self) -> str:
        return type(self._error).__name__ if self._error is not None else ""

    @Property(str, notify=busyChanged)
    def nextOption(self) -> str:
        return self._next
