"""The case view: opened by a scan or a typed reference or case number; documents, status,
appointments and the kiosk printouts of one case, and the receipt of documents.

Every desk call runs in a worker (``DeskWrites``); answers come back in the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk_app.core.catalog import CatalogHolder
from kiosk_app.core.clock import OfficeTime
from kiosk_app.core.formatting import format_datetime
from kiosk_app.core.i18n import _
from kiosk_app.core.languages import language as language_named
from kiosk_app.core.print_errors import PrintFailed, print_failure_message
from kiosk_app.core.printout import OFFICE_LANGUAGE, Translation
from kiosk_app.core.statuses import STATUS_TEXTS, CaseStatus
from kiosk_app.counter.scanned import open_scanned
from kiosk_app.counter.views import OpenedCase
from kiosk_app.counter_qt.desk_port import Desk
from kiosk_app.counter_qt.words import error_message, status_name
from kiosk_app.qt.desk_writes import DeskWrites
from sync.form_protocol import FormRendition
from sync.staff_protocol import StaffBooking

# The status that follows once nothing is missing any more.
NEXT_WHEN_COMPLETE = {CaseStatus.DOCUMENTS_MISSING: CaseStatus.IN_REVIEW}
PrintReceipt = Callable[[OpenedCase, list[str]], Path | None]


class CaseViewModel(QObject):
    changed = Signal()
    # The lists QML builds delegates from notify only when their content changes: a Repeater
    # whose model is re-read rebuilds its delegates, and the keyboard focus on a checkbox or a
    # button in it would be lost at every tick (found with the keyboard on a real display).
    listsChanged = Signal()
    # A scanned or typed reference that is a resident's request (the kiosk receipt's QR code),
    # not a case: the desk opens the forms inbox at it (DeskScreen.qml).
    formScanned = Signal(str)

    def __init__(
        self,
        desk: Desk,
        calls: DeskWrites,
        catalog: CatalogHolder,
        time: OfficeTime,
        print_receipt: PrintReceipt,
        on_action: Callable[[], None] = lambda: None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._desk = desk
        self._calls = calls
        self._catalog = catalog
        self._time = time
        self._print_receipt = print_receipt
        self._on_action = on_action  # after a write: the status line and today re-read
        self._opened: OpenedCase | None = None
        self._online = True  # the gateway answered at the last desk call
        self._ticked: set[str] = set()
        self._chosen_status = ""
        self._message = ""
        self._notice = ""
        self._busy = False
        self._generation = 0  # answers for a case that is no longer shown are dropped
        self._lists: tuple[object, ...] = ()
        self.changed.connect(self._compare_lists)

    # -- opening ------------------------------------------------------------------------------
    @Slot(str)
    def open(self, text: str) -> None:
        """A scanned or typed reference, or a case number."""
        text = text.strip()
        if not text:
            return
        self._generation += 1
        self._run(lambda: open_scanned(self._desk, text), self._opened_any, keep_notice=False)

    def _opened_any(self, opened: object) -> None:
        if isinstance(opened, FormRendition):
            self.formScanned.emit(opened.summary.receipt)
        else:
            self._opened_case(opened)

    def _opened_case(self, opened: object) -> None:
        assert isinstance(opened, OpenedCase)
        if self._opened is None or opened.case.case_number != self._opened.case.case_number:
            self._ticked = set()
            self._chosen_status = ""
        self._opened = opened
        self._ticked &= set(opened.case.missing_documents)

    # -- documents ------------------------------------------------------------------------------
    @Slot(str)
    def toggleMissing(self, code: str) -> None:
        if self._opened is None or code not in self._opened.case.missing_documents:
            return
        self._ticked ^= {code}
        self.changed.emit()

    @Slot()
    def markReceived(self) -> None:
        if self._opened is None:
            return
        if not self._ticked:
            self._message = error_message(_Code("nothing_ticked"))
            self.changed.emit()
            return
        number = self._opened.case.case_number
        codes = [c for c in self._opened.case.missing_documents if c in self._ticked]
        self._ticked = set()
        self._run(lambda: self._desk.mark_received(number, codes), self._opened_case, write=True)

    # -- status ---------------------------------------------------------------------------------
    @Slot(str)
    def chooseStatus(self, status: str) -> None:
        self._chosen_status = status if status in {s.value for s in CaseStatus} else ""
        self.changed.emit()

    @Slot()
    def applyStatus(self) -> None:
        """Change to the chosen status (the clerk saw the preview)."""
        if self._opened is None or not self._chosen_status:
            return
        self._set_status(CaseStatus(self._chosen_status))

    @Slot()
    def applyNextStatus(self) -> None:
        """The status that follows a complete set of documents (documents_missing → in_review)."""
        following = self._next_status()
        if following is not None:
            self._set_status(following)

    def _set_status(self, status: CaseStatus) -> None:
        assert self._opened is not None
        number, seen = self._opened.case.case_number, self._opened.case.status
        self._chosen_status = ""
        self._run(
            lambda: self._desk.set_status(number, status, seen), self._opened_case, write=True
        )

    def _next_status(self) -> CaseStatus | None:
        if self._opened is None or self._opened.case.missing_documents:
            return None
        return NEXT_WHEN_COMPLETE.get(self._opened.case.status)

    # -- appointments ---------------------------------------------------------------------------
    @Slot(str)
    def checkIn(self, booking_id: str) -> None:
        self._booking_action(lambda: self._desk.check_in(booking_id))

    @Slot(str)
    def noShow(self, booking_id: str) -> None:
        self._booking_action(lambda: self._desk.no_show(booking_id))

    def _booking_action(self, action: Callable[[], None]) -> None:
        if self._opened is None:
            return
        number = self._opened.case.case_number

        def act_then_read() -> OpenedCase:
            action()
            return self._desk.open(number)

        self._run(act_then_read, self._opened_case, write=True)

    # -- receipt --------------------------------------------------------------------------------
    @Slot()
    def printReceipt(self) -> None:
        if self._opened is None or self._busy:
            return
        opened, received = self._opened, self._received_today()
        self._run(lambda: self._print_receipt(opened, received), self._printed)

    def _printed(self, saved_to: object) -> None:
        if isinstance(saved_to, Path):
            self._notice = _("Receipt saved as {file}").format(file=saved_to.name)
        else:
            self._notice = _("The receipt is printing.")

    def _received_today(self) -> list[str]:
        if self._opened is None:
            return []
        today = self._time.today()
        return [
            document.code
            for document in self._opened.case.received_documents
            if document.received_at.astimezone(self._time.zone).date() == today
        ]

    # -- plumbing -------------------------------------------------------------------------------
    def _run(
        self,
        work: Callable[[], object],
        done: Callable[[object], None],
        *,
        write: bool = False,
        keep_notice: bool = True,
    ) -> None:
        generation = self._generation
        self._busy = True
        self._message = ""
        if not keep_notice:
            self._notice = ""
        self.changed.emit()

        def work_and_contact() -> tuple[object, bool]:
            # Whether the gateway was reachable, read in the worker (the desk's lock may wait).
            return work(), self._desk.online

        def finished(answer: object, failure: BaseException | None) -> None:
            if generation != self._generation:
                return  # cleared or another case opened meanwhile
            self._busy = False
            if failure is None:
                assert isinstance(answer, tuple)
                result, self._online = answer
                done(result)
            elif isinstance(failure, PrintFailed):
                self._message = print_failure_message(failure)
            else:
                self._message = error_message(failure)
            if write:
                self._on_action()
            self.changed.emit()

        self._calls.run(work_and_contact, finished)

    def clear(self) -> None:
        """Sign-out or lock: the case leaves the screen."""
        self._generation += 1
        self._opened = None
        self._ticked = set()
        self._chosen_status = ""
        self._message = ""
        self._notice = ""
        self._busy = False
        self.changed.emit()

    def retranslate(self) -> None:
        self.changed.emit()

    @property
    def opened(self) -> OpenedCase | None:
        return self._opened

    # -- what QML reads -------------------------------------------------------------------------
    def _get_loaded(self) -> bool:
        return self._opened is not None

    def _get_case_number(self) -> str:
        return self._opened.case.case_number if self._opened else ""

    def _get_status(self) -> str:
        return self._opened.case.status.value if self._opened else ""

    def _get_status_name(self) -> str:
        return status_name(self._opened.case.status) if self._opened else ""

    def _get_permit(self) -> str:
        if self._opened is None:
            return ""
        permit = self._opened.case.permit_type
        return _(self._catalog.current.permit_types.get(permit, permit))

    def _get_source(self) -> str:
        if self._opened is None:
            return ""
        if self._opened.source == "gateway":
            return _("Current, from the office's server")
        when = format_datetime(self._opened.fetched_at.astimezone(self._time.zone))
        if self._online:  # re-read here after an action: the gateway has it or will shortly
            return _("As stored on this workstation at {time}").format(time=when)
        return _("Offline: as stored on this workstation at {time}").format(time=when)

    def _get_resident_language(self) -> str:
        code = self._resident_language()
        if code is None:
            return _("not known (no kiosk printout)")
        return language_named(code).native_name if _known(code) else code

    def _resident_language(self) -> str | None:
        return self._opened.language if self._opened else None

    def _get_missing(self) -> list[dict[str, object]]:
        if self._opened is None:
            return []
        catalog = self._catalog.current
        return [
            {"code": code, "name": _(catalog.document_name(code))}
            for code in self._opened.case.missing_documents
        ]

    def _get_ticked_count(self) -> int:
        return len(self._ticked)

    def _get_ticked_codes(self) -> list[str]:
        return sorted(self._ticked)

    def _current_lists(self) -> tuple[object, ...]:
        return (
            self._get_missing(),
            self._get_received(),
            self._get_appointments(),
            self._get_printouts(),
            self._get_status_choices(),
        )

    @Slot()
    def _compare_lists(self) -> None:
        lists = self._current_lists()
        if lists != self._lists:
            self._lists = lists
            self.listsChanged.emit()

    def _get_received(self) -> list[dict[str, object]]:
        if self._opened is None:
            return []
        catalog = self._catalog.current
        pending = self._opened.pending_documents
        return [
            {
                "name": _(catalog.document_name(document.code)),
                "when": format_datetime(document.received_at.astimezone(self._time.zone)),
                "pending": document.code in pending,
            }
            for document in self._opened.case.received_documents
        ]

    def _get_appointments(self) -> list[dict[str, object]]:
        if self._opened is None:
            return []
        services = self._catalog.current.services
        pending = self._opened.pending_bookings
        return [
            {
                "bookingId": booking.booking_id,
                "when": format_datetime(booking.start),
                "service": _(services.get(booking.service, booking.service)),
                "state": _booking_state(booking),
                "open": booking.active and not booking.checked_in_at and not booking.no_show_at,
                "pending": booking.booking_id in pending,
            }
            for booking in self._opened.case.bookings
        ]

    def _get_printouts(self) -> list[dict[str, object]]:
        if self._opened is None:
            return []
        rows = []
        for printout in self._opened.case.printouts:
            code = printout.language
            rows.append(
                {
                    "when": format_datetime(printout.created_at.astimezone(self._time.zone)),
                    "device": printout.device_name or _("unknown kiosk"),
                    "language": language_named(code).native_name if _known(code) else "–",
                    "reference": printout.reference,
                }
            )
        return rows

    def _get_next_status(self) -> str:
        following = self._next_status()
        return following.value if following is not None else ""

    def _get_next_status_name(self) -> str:
        following = self._next_status()
        return status_name(following) if following is not None else ""

    def _get_status_choices(self) -> list[dict[str, str]]:
        current = self._opened.case.status if self._opened else None
        return [
            {"code": status.value, "name": status_name(status)}
            for status in CaseStatus
            if status != current
        ]

    def _get_chosen_status(self) -> str:
        return self._chosen_status

    def _preview(self, language: str) -> tuple[str, str]:
        if not self._chosen_status:
            return "", ""
        texts = STATUS_TEXTS[CaseStatus(self._chosen_status)]
        tr = Translation(language)
        return tr(texts.title), tr(texts.explanation)

    def _get_preview_german(self) -> list[str]:
        return list(self._preview(OFFICE_LANGUAGE))

    def _get_preview_resident(self) -> list[str]:
        code = self._resident_language()
        if code is None or code == OFFICE_LANGUAGE or not _known(code):
            return []
        return list(self._preview(code))

    def _get_preview_right_to_left(self) -> bool:
        code = self._resident_language()
        return bool(code and _known(code) and language_named(code).right_to_left)

    def _get_message(self) -> str:
        return self._message

    def _get_notice(self) -> str:
        return self._notice

    def _get_busy(self) -> bool:
        return self._busy

    def _get_pending(self) -> bool:
        return bool(self._opened and self._opened.pending)

    loaded = Property(bool, _get_loaded, notify=changed)
    caseNumber = Property(str, _get_case_number, notify=changed)
    status = Property(str, _get_status, notify=changed)
    statusName = Property(str, _get_status_name, notify=changed)
    permit = Property(str, _get_permit, notify=changed)
    source = Property(str, _get_source, notify=changed)
    residentLanguage = Property(str, _get_resident_language, notify=changed)
    missing = Property("QVariantList", _get_missing, notify=listsChanged)
    tickedCount = Property(int, _get_ticked_count, notify=changed)
    tickedCodes = Property("QVariantList", _get_ticked_codes, notify=changed)
    received = Property("QVariantList", _get_received, notify=listsChanged)
    appointments = Property("QVariantList", _get_appointments, notify=listsChanged)
    printouts = Property("QVariantList", _get_printouts, notify=listsChanged)
    nextStatus = Property(str, _get_next_status, notify=changed)
    nextStatusName = Property(str, _get_next_status_name, notify=changed)
    statusChoices = Property("QVariantList", _get_status_choices, notify=listsChanged)
    chosenStatus = Property(str, _get_chosen_status, notify=changed)
    previewGerman = Property("QVariantList", _get_preview_german, notify=changed)
    previewResident = Property("QVariantList", _get_preview_resident, notify=changed)
    previewRightToLeft = Property(bool, _get_preview_right_to_left, notify=changed)
    message = Property(str, _get_message, notify=changed)
    notice = Property(str, _get_notice, notify=changed)
    busy = Property(bool, _get_busy, notify=changed)
    pending = Property(bool, _get_pending, notify=changed)


class _Code(Exception):
    """A refusal made here (no desk call): carries a ``code`` like the desk's errors."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _known(code: str | None) -> bool:
    if not code:
        return False
    try:
        language_named(code)
    except KeyError:
        return False
    return True


def _booking_state(booking: StaffBooking) -> str:
    if not booking.active:
        return _("Cancelled")
    if booking.no_show_at is not None:
        return _("Did not come")
    if booking.checked_in_at is not None:
        return _("Checked in")
    return _("Expected")
