"""The walk-in ticket screen (issue 15): choose the service from the gateway's board (offline:
from the kiosk's ticket lease), issue the ticket, print it; show the number large, the people
waiting before and the estimated wait as a range.

States: ``loading`` (the board is read), ``choose``, ``issuing`` (the ticket is queued, pushed
and read back), ``printing``, ``issued`` (printed: take it; or the print failed: the number
stays large on screen), ``refused`` (no tickets left or issuing closed: offer booking
instead; offline also when this kiosk's lease is used up), ``offline`` (no connection and no
lease to issue from: never pretended), ``unconfirmed`` (no answer in time: ask at the
counter). The gateway is only talked to in worker threads (``DeskWrites``), the printer in
the print worker (``PrintJobs``). Offline with a lease the board is the lease's
(``OfflineBoard``): the tiles and the ticket say the wait is the last estimate, approximate.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk_app.core.catalog import CatalogHolder
from kiosk_app.core.flow import KioskFlow, Screen
from kiosk_app.core.i18n import N_, _, active_language
from kiosk_app.core.languages import LANGUAGES
from kiosk_app.core.print_errors import PrintFailed
from kiosk_app.core.walk_in import CaseEnds, is_urgent, office_local
from kiosk_app.core.walk_in_ticket import (
    TICKET_AHEAD,
    TICKET_WAIT,
    TicketText,
    compose_ticket,
)
from kiosk_app.qt.desk_writes import DeskWrites
from kiosk_app.qt.translator import LanguageSwitcher

if TYPE_CHECKING:
    from kiosk_app.qt.printing.jobs import PrintJobs
    from kiosk_app.usage_recorder import UsageRecorder
    from kiosk_app.walk_in_desk import IssuedTicket, KioskWalkInDesk
    from sync.walk_in_protocol import WalkInBoard, WalkInServiceState

log = logging.getLogger(__name__)

WalkInSource = Callable[[], "KioskWalkInDesk | None"]

QUOTA, CLOSED = "quota_exhausted", "walk_in_closed"
# Why a service gives no ticket now, as the choice tile says it.
CLOSED_NOTES = {
    "quota_exhausted": N_("No tickets left for today"),
    "walk_in_closed": N_("No tickets at this time of day"),
    "office_closed": N_("The office is closed today"),
}
WAITING_NOTE = N_("{count} waiting · about {low} to {high} minutes")
# Offline the kiosk issues from its lease (``walk_in_desk``): how many wait is unknown and the
# wait is the last estimate known.
OFFLINE_NOTE = N_("About {low} to {high} minutes (approximate)")
APPROXIMATE = N_(
    "The office cannot be reached right now: the wait is the last estimate known, approximate."
)
OFFLINE = N_(
    "Walk-in tickets need a connection to the office, and there is none right now. "
    "Please ask at the counter, or try again in a few minutes."
)
REFUSED_QUOTA = N_(
    "All walk-in tickets for today are taken. You can book the next free appointment instead."
)
REFUSED_CLOSED = N_(
    "No walk-in tickets are issued now. You can book the next free appointment instead."
)
LEASE_USED_UP = N_(
    "This kiosk cannot issue more walk-in tickets until the office can be reached again. "
    "You can book the next free appointment instead."
)
NO_LEASE_LEFT = N_("No more tickets here until the connection is back")
UNCONFIRMED = N_("We could not confirm your ticket. Please ask at the counter.")
PRINTED = N_("Please take your ticket from the printer.")
SAVED = N_("Your ticket was saved as a file: {path}")
PRINT_FAILED = N_(
    "The ticket could not be printed. Please remember your number or take a photo of it."
)


class WalkInViewModel(QObject):
    changed = Signal()

    def __init__(
        self,
        desk: WalkInSource,
        flow: KioskFlow,
        switcher: LanguageSwitcher,
        catalog: CatalogHolder,
        jobs: PrintJobs,
        *,
        office_name: str,
        now: Callable[[], datetime] = datetime.now,
        usage: UsageRecorder | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._desk = desk
        self._flow = flow
        self._switcher = switcher
        self._catalog = catalog
        self._jobs = jobs
        self._office_name = office_name
        self._now = now
        self._usage = usage
        self._writes = DeskWrites(self)
        self._state = "loading"
        self._board: WalkInBoard | None = None
        self._approximate = False  # the board is the kiosk's leases (offline)
        self._ticket: IssuedTicket | None = None
        self._refusal = ""
        self._case: CaseEnds | None = None
        self._print_failed = False
        self._saved_to: Path | None = None
        self.paper: TicketText | None = None  # the last ticket sent to the printer
        flow.on_screen_changed(self._screen_changed)

    # --- steps ----------------------------------------------------------------------------

    @Slot()
    def start(self, case: CaseEnds | None = None) -> None:
        """From the welcome screen (anonymous), or from a case's result screen with the case's
        permit and Fiktion end dates (``case``): then the ticket counts as urgent when one ends
        within the service's ``urgent_days``. Only that flag leaves the kiosk."""
        self.reset()
        self._case = case
        self._flow.walk_in()
        self._load_board()

    def urgent_for(self, service: WalkInServiceState) -> bool:
        """Whether a ticket for ``service`` taken now counts as urgent (never without a case)."""
        if self._case is None:
            return False
        now = self._now()
        today = (office_local(now) if now.tzinfo is not None else now).date()
        case = self._case
        return is_urgent(today, service.urgent_days, case.permit_ends, case.fiktion_until)

    def _screen_changed(self, screen: Screen) -> None:
        if screen is not Screen.WALK_IN:
            self._writes.forget_all()

    def reset(self) -> None:
        self._writes.forget_all()
        self._state, self._board, self._ticket, self._refusal = "loading", None, None, ""
        self._print_failed, self._saved_to, self.paper = False, None, None
        self.changed.emit()

    def retranslate(self) -> None:
        self.changed.emit()

    def _set(self, state: str) -> None:
        self._state = state
        self.changed.emit()

    def _load_board(self) -> None:
        desk = self._desk()
        if desk is None:
            self._set("offline")
            return
        self._set("loading")
        self._writes.run(desk.board, self._board_read)

    def _board_read(self, board: WalkInBoard | None, failure: BaseException | None) -> None:
        if failure is not None or board is None:
            from kiosk_app.walk_in_desk import WalkInOffline  # loaded by the desk already

            if not isinstance(failure, WalkInOffline):
                log.warning("walk-in board failed: %s", type(failure).__name__)
            self._set("offline")
            return
        from kiosk_app.walk_in_desk import OfflineBoard

        self._board = board
        self._approximate = isinstance(board, OfflineBoard)
        self._set("choose")

    @Slot(str)
    def switchLanguage(self, code: str) -> None:
        self._switcher.switch(code)
        self._flow.set_language(code)

    @Slot(str)
    def chooseService(self, code: str) -> None:
        desk = self._desk()
        if self._state != "choose" or self._board is None or desk is None:
            return
        service = next((s for s in self._board.services if s.service == code), None)
        if service is None:
            return
        urgent = self.urgent_for(service)
        # The urgent share: an urgent case may still get a ticket once the others are used up.
        reserve = urgent and service.refusal == "quota_exhausted" and service.left_urgent > 0
        if not service.open and not reserve:
            refusal = "lease_used_up" if self._approximate else service.refusal
            self._refused(refusal or "walk_in_closed")
            return
        language = self._flow.language
        estimate = (service.estimate_urgent if urgent else None) or service.estimate
        self._set("issuing")
        self._writes.run(
            lambda: desk.issue(code, language, estimate.low, estimate.high, urgent), self._issued
        )

    def _issued(self, ticket: IssuedTicket | None, failure: BaseException | None) -> None:
        if failure is not None or ticket is None:
            from kiosk_app.walk_in_desk import WalkInOffline, WalkInRefused, WalkInUnconfirmed

            if isinstance(failure, WalkInRefused):
                self._refused(failure.reason)
            elif isinstance(failure, WalkInOffline):
                self._set("offline")
            else:  # no answer in time; a bug must not leave the resident on a spinner either
                if not isinstance(failure, WalkInUnconfirmed):
                    log.error("walk-in ticket failed unexpectedly: %s", type(failure).__name__)
                self._set("unconfirmed")
            return
        self._ticket = ticket
        self._set("printing")
        self._print(ticket)

    def _refused(self, reason: str) -> None:
        self._refusal = reason
        if reason == QUOTA and self._usage is not None:
            self._usage.record("walk_in_ticket", outcome="quota_exhausted")
        self._set("refused")

    def _print(self, ticket: IssuedTicket) -> None:
        from kiosk_app.qt.printing.ticket import print_ticket

        text = compose_ticket(
            ticket_id=ticket.ticket_id,
            label=ticket.label,
            service_name=self._catalog.current.services.get(ticket.service, ticket.service),
            ahead=ticket.ahead,
            wait_low=ticket.wait_low,
            wait_high=ticket.wait_high,
            language=ticket.language,
            office_name=self._office_name,
            printed_at=self._now(),
        )
        self.paper = text
        printer = self._jobs.printer
        self._jobs.submit_work(lambda: print_ticket(printer, text), self._printed)

    def _printed(self, failure: PrintFailed | None, saved_to: Path | None) -> None:
        if self._state != "printing":
            return  # the session ended meanwhile
        self._print_failed = failure is not None
        self._saved_to = saved_to
        if self._usage is not None:
            outcome = "printer_failed" if failure is not None else "issued"
            self._usage.record("walk_in_ticket", outcome=outcome)
        self._set("issued")

    @Slot()
    def bookInstead(self) -> None:
        """No ticket today: identify to book the next free appointment."""
        if self._state in ("refused", "offline"):
            self._flow.book_instead()

    @Slot()
    def back(self) -> None:
        if self._state in ("issuing", "printing"):
            return  # its answer belongs on this screen
        if self._state == "refused" and self._board is not None:
            self._set("choose")
            return
        self._flow.back()

    @Slot()
    def finish(self) -> None:
        self._flow.home()

    # --- what the screen shows ------------------------------------------------------------

    @Property(str, notify=changed)
    def state(self) -> str:
        return self._state

    @Property("QVariantList", notify=changed)
    def services(self) -> list[dict[str, Any]]:
        if self._board is None:
            return []
        out = []
        for service in self._board.services:
            name = self._catalog.current.services.get(service.service, service.service)
            if service.open and self._approximate:
                note = _(OFFLINE_NOTE).format(low=service.estimate.low, high=service.estimate.high)
            elif service.open:
                note = _(WAITING_NOTE).format(
                    count=service.waiting, low=service.estimate.low, high=service.estimate.high
                )
            elif self._approximate:  # offline: this kiosk's lease is used up
                note = _(NO_LEASE_LEFT)
            else:
                closed = CLOSED_NOTES.get(service.refusal or "") or CLOSED_NOTES[CLOSED]
                note = _(closed)
            out.append(
                {"code": service.service, "name": _(name), "note": note, "open": service.open}
            )
        return out

    @Property("QVariantList", notify=changed)
    def languages(self) -> list[dict[str, str]]:
        return [{"code": lang.code, "nativeName": lang.native_name} for lang in LANGUAGES]

    @Property(str, notify=changed)
    def message(self) -> str:
        if self._state == "offline":
            return _(OFFLINE)
        if self._state == "refused":
            if self._refusal == "lease_used_up":
                return _(LEASE_USED_UP)
            refused = REFUSED_QUOTA if self._refusal == QUOTA else REFUSED_CLOSED
            return _(refused)
        if self._state == "unconfirmed":
            return _(UNCONFIRMED)
        if self._state == "issued":
            if self._print_failed:
                return _(PRINT_FAILED)
            if self._saved_to is not None:
                return _(SAVED).format(path=f"\u2066{self._saved_to}\u2069")
            return _(PRINTED)
        return ""

    @Property(bool, notify=changed)
    def offerBooking(self) -> bool:
        return self._state == "refused" and self._refusal != "unknown_service"

    @Property(bool, notify=changed)
    def printFailed(self) -> bool:
        return self._print_failed

    @Property(str, notify=changed)
    def ticketLabel(self) -> str:
        return self._ticket.label if self._ticket is not None else ""

    @Property(str, notify=changed)
    def aheadText(self) -> str:
        if self._ticket is None:
            return ""
        if self._ticket.from_lease:  # issued offline: how many wait is unknown
            return _(APPROXIMATE)
        return _(TICKET_AHEAD).format(count=self._ticket.ahead)

    @Property(str, notify=changed)
    def waitText(self) -> str:
        if self._ticket is None:
            return ""
        return _(TICKET_WAIT).format(low=self._ticket.wait_low, high=self._ticket.wait_high)

    @Property(str, notify=changed)
    def language(self) -> str:
        return active_language()
