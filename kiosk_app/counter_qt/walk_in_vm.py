"""The counter's walk-in queue ("Wartemarken", issue 15): the waiting tickets of the clerk's
services and the ticket this counter has, with call next, recall, start, done, no-show and
send to another service. Live at the gateway (no cache: a queue read from a copy would call
people who already went); re-read every 5 s while the panel is open, off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk_app.core.catalog import CatalogHolder
from kiosk_app.core.clock import OfficeTime
from kiosk_app.core.formatting import format_time
from kiosk_app.core.i18n import N_, _
from kiosk_app.counter.views import WalkInView
from kiosk_app.counter_qt.desk_port import Desk
from kiosk_app.counter_qt.live_panel import LivePanel
from kiosk_app.counter_qt.words import error_message
from kiosk_app.qt.desk_writes import DeskWrites
from sync.walk_in_protocol import WalkInTicket

REFRESH_MS = 5000
MAX_CALLS = 3  # the gateway's: the recall after the third call marks a ticket missed

# The gateway's refusals in the clerk's words (the queue's own sense of ``offline``, ``forbidden``).
WALK_IN_MESSAGES: dict[str, str] = {
    "queue_empty": N_("Nobody is waiting for your services just now."),
    "busy": N_("Many counters are calling at this moment. Please press once more."),
    "offline": N_(
        "The office's server cannot be reached. The walk-in queue is live there and cannot "
        "be used without it; please try again shortly."
    ),
    "forbidden": N_("Your role does not serve the walk-in queue."),
    "ticket_state": N_(
        "This ticket changed meanwhile (for example at another counter). The list is read again."
    ),
    "not_your_ticket": N_("This ticket was called to another counter."),
    "unknown_ticket": N_("This ticket is no longer in today's queue."),
    "unknown_service": N_("That service takes no walk-in tickets."),
}
STATE_NAMES = {
    "called": N_("Called"),
    "serving": N_("Being served"),
    "done": N_("Done"),
    "no_show": N_("Did not come"),
    "missed": N_("Missed"),
    "waiting": N_("Waiting"),
}


def walk_in_message(error: BaseException) -> str:
    code = str(getattr(error, "code", "") or "")
    if code in WALK_IN_MESSAGES:
        return _(WALK_IN_MESSAGES[code])
    return error_message(error)


class WalkInViewModel(LivePanel):
    changed = Signal()
    rowsChanged = Signal()  # only when the rows' content changed: the list keeps its focus

    def __init__(
        self,
        desk: Desk,
        calls: DeskWrites,
        catalog: CatalogHolder,
        time: OfficeTime,
        refresh_ms: int = REFRESH_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(desk, calls, time, refresh_ms, parent)
        self._catalog = catalog
        self._view: WalkInView | None = None
        self._mine: WalkInTicket | None = None
        self._services: list[str] = []

    @Slot()
    def start(self) -> None:
        """The panel opened: read now (and the services to send to), then every 5 s."""
        super().start()
        self._calls.run(self._desk.walk_in_services, self._read_services)

    # -- reading (LivePanel) -----------------------------------------------------------------
    def _read_work(self) -> Callable[[], object]:
        return self._desk.walk_in_queue

    def _take(self, result: object) -> bool:
        if not isinstance(result, WalkInView):
            return False
        self._view, self._mine = result, result.mine
        return True

    def _forget(self) -> None:
        self._view, self._mine, self._services = None, None, []

    def _failure_message(self, failure: BaseException) -> str:
        return walk_in_message(failure)

    def _build_rows(self) -> list[dict[str, object]]:
        return [self._row(t) for t in self._view.waiting] if self._view else []

    def _read_services(self, services: object, failure: BaseException | None) -> None:
        if failure is None and isinstance(services, list):
            self._services = [str(code) for code in services]
            self.changed.emit()

    # -- acting ------------------------------------------------------------------------------
    @Slot()
    def callNext(self) -> None:
        self._act(self._desk.call_next)

    @Slot()
    def recall(self) -> None:
        if self._mine is not None and self._mine.state == "called":
            ticket_id = self._mine.ticket_id
            self._act(lambda: self._desk.recall(ticket_id))

    @Slot()
    def startServing(self) -> None:
        if self._mine is not None and self._mine.state == "called":
            ticket_id = self._mine.ticket_id
            self._act(lambda: self._desk.start(ticket_id))

    @Slot()
    def done(self) -> None:
        if self._mine is not None:
            ticket_id = self._mine.ticket_id
            self._act(lambda: self._desk.done(ticket_id))

    @Slot()
    def noShow(self) -> None:
        if self._mine is not None and self._mine.state == "called":
            ticket_id = self._mine.ticket_id
            self._act(lambda: self._desk.no_show_ticket(ticket_id))

    @Slot(str)
    def transfer(self, service: str) -> None:
        if self._mine is not None and service:
            ticket_id = self._mine.ticket_id
            self._act(lambda: self._desk.transfer(ticket_id, service))

    def _action_done(self, ticket: object) -> None:
        if isinstance(ticket, WalkInTicket):
            self._notice = self._outcome(ticket)
            self._mine = ticket if ticket.state in ("called", "serving") else None

    def _outcome(self, ticket: WalkInTicket) -> str:
        label = ticket.label
        if ticket.state == "called":
            return _("{label} called to your counter ({calls}. call of {max}).").format(
                label=label, calls=ticket.calls, max=MAX_CALLS
            )
        if ticket.state == "serving":
            return _("{label}: serving started.").format(label=label)
        if ticket.state == "done":
            return _("{label} done.").format(label=label)
        if ticket.state == "no_show":
            return _("{label} marked as not come.").format(label=label)
        if ticket.state == "missed":
            return _("{label} was called three times and is now marked missed.").format(label=label)
        return _("{label} sent to {service}; it waits there in its place.").format(
            label=label, service=self._service_name(ticket.service)
        )

    # -- what QML shows ----------------------------------------------------------------------
    def _service_name(self, code: str) -> str:
        return _(self._catalog.current.services.get(code, code))

    def _row(self, ticket: WalkInTicket) -> dict[str, object]:
        assert self._view is not None
        minutes = max(0, int((self._view.server_time - ticket.issued_at).total_seconds() // 60))
        return {
            "ticketId": ticket.ticket_id,
            "label": ticket.label,
            "service": self._service_name(ticket.service),
            "since": _("{time} ({minutes} min)").format(
                time=format_time(self._local(ticket.issued_at)), minutes=minutes
            ),
            "urgent": ticket.urgent,
            "urgentText": _("urgent") if ticket.urgent else "",
            "calls": str(ticket.calls) if ticket.calls else "–",
        }

    def _get_count(self) -> int:
        return len(self._view.waiting) if self._view else 0

    def _get_summary(self) -> str:
        if self._view is None:
            return _("Reading the queue…") if self._loading else ""
        return _("As of {time}: {waiting} waiting, {elsewhere} at other counters.").format(
            time=format_time(self._local(self._view.server_time)),
            waiting=len(self._view.waiting),
            elsewhere=self._view.elsewhere,
        )

    def _get_has_ticket(self) -> bool:
        return self._mine is not None

    def _get_ticket_label(self) -> str:
        return self._mine.label if self._mine else ""

    def _get_ticket_service(self) -> str:
        return self._service_name(self._mine.service) if self._mine else ""

    def _get_ticket_state(self) -> str:
        if self._mine is None:
            return ""
        state = _(STATE_NAMES.get(self._mine.state, self._mine.state))
        if self._mine.state == "called":
            return _("{state} · {calls}. call of {max}").format(
                state=state, calls=self._mine.calls, max=MAX_CALLS
            )
        return state

    def _get_ticket_urgent(self) -> bool:
        return bool(self._mine and self._mine.urgent)

    def _get_called(self) -> bool:
        return self._mine is not None and self._mine.state == "called"

    def _get_recall_text(self) -> str:
        if self._mine is not None and self._mine.state == "called":
            if self._mine.calls >= MAX_CALLS:
                return _("Mark missed (F9)")
            return _("Recall: {calls}. call of {max} (F9)").format(
                calls=self._mine.calls + 1, max=MAX_CALLS
            )
        return _("Recall (F9)")

    def _get_targets(self) -> list[dict[str, str]]:
        own = self._mine.service if self._mine else None
        return [
            {"code": code, "name": self._service_name(code)}
            for code in self._services
            if code != own
        ]

    rows = Property("QVariantList", LivePanel._get_rows, notify=rowsChanged)
    count = Property(int, _get_count, notify=changed)
    summary = Property(str, _get_summary, notify=changed)
    hasTicket = Property(bool, _get_has_ticket, notify=changed)
    ticketLabel = Property(str, _get_ticket_label, notify=changed)
    ticketService = Property(str, _get_ticket_service, notify=changed)
    ticketState = Property(str, _get_ticket_state, notify=changed)
    ticketUrgent = Property(bool, _get_ticket_urgent, notify=changed)
    called = Property(bool, _get_called, notify=changed)
    recallText = Property(str, _get_recall_text, notify=changed)
    targets = Property("QVariantList", _get_targets, notify=changed)
    message = Property(str, LivePanel._get_message, notify=changed)
    notice = Property(str, LivePanel._get_notice, notify=changed)
    loading = Property(bool, LivePanel._get_loading, notify=changed)
    acting = Property(bool, LivePanel._get_acting, notify=changed)
