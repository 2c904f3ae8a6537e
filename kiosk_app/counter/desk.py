"""CounterDesk: the one object the counter UI talks to (docs/counter.md).

Blocking and thread-safe: the Qt layer calls it from worker threads, never the GUI thread.
Online, reads go to the gateway (audited there) and land in the cache; offline, they come from
the cache and a ``StaffCaseViewed`` is queued so the audit log still gets the read. Actions are
queued in the outbox in the transaction of their local effect and pushed at once when online.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TypeVar

from kiosk_app.core.case_number import CaseNumber
from kiosk_app.core.clock import OfficeTime
from kiosk_app.core.errors import CaseNumberIncomplete, NumberLooksMistyped
from kiosk_app.core.print_errors import (
    PrinterMissing,
    PrinterOffline,
    PrinterOutOfPaper,
    PrintFailed,
)
from kiosk_app.core.reference import looks_like_reference, normalise_reference
from kiosk_app.core.statuses import CaseStatus
from kiosk_app.core.usage_events import UsageCount, hour_of
from sync.client import BadServerData, DeviceUnauthorized, GatewayError, GatewayUnreachable
from sync.device_status import StatusReporter
from sync.form_protocol import FormInbox, FormRendition, FormStatus, FormSummary
from sync.protocol import (
    MAX_COMMANDS,
    Command,
    StaffCaseViewed,
    StaffCheckIn,
    StaffMarkDocuments,
    StaffNoShow,
    StaffSetStatus,
)
from sync.staff_client import StaffApiError, StaffClient
from sync.staff_protocol import FleetPage, Printout, StaffCase, StaffSession
from sync.walk_in_protocol import WalkInTicket

from .cache import Answer, CachedCase, CounterCache
from .effects import StaffPayload, apply_command
from .errors import (
    ActionRejected,
    CaseNotFound,
    CounterError,
    NotEnrolled,
    NotSignedIn,
    SignInRefused,
)
from .snippet_shelf import SnippetShelf
from .views import CaseSource, Conflict, DayRow, OpenedCase, SyncStatus, WalkInView

__all__ = [
    "ActionRejected",
    "CaseNotFound",
    "Conflict",
    "CounterDesk",
    "CounterError",
    "DayRow",
    "NotEnrolled",
    "NotSignedIn",
    "OpenedCase",
    "SignInRefused",
    "SyncStatus",
    "WalkInView",
]

log = logging.getLogger(__name__)

T = TypeVar("T")
_AT_COUNTER = ("called", "serving")  # a ticket this counter still has
ClientFactory = Callable[[str, str], StaffClient]  # (gateway URL, device token) -> client
_NOT_FOUND = {"unknown_case", "unknown_reference"}
_PRINTER_FAULTS: dict[type[PrintFailed], str] = {
    PrinterOutOfPaper: "paper_out",
    PrinterOffline: "offline",
    PrinterMissing: "offline",
}


class CounterDesk:
    """The counter's operations over its cache and the staff API.

    ``client_factory(url, device_token)`` makes the ``StaffClient`` (tests shorten timeouts);
    default: ``StaffClient`` for the cache's enrollment. Raises ``NotEnrolled`` without one.
    """

    def __init__(
        self,
        cache: CounterCache,
        office_time: OfficeTime,
        client_factory: ClientFactory = StaffClient,
    ) -> None:
        enrollment = cache.enrollment()
        if enrollment is None:
            raise NotEnrolled("not_enrolled")
        self._cache = cache
        self._time = office_time
        self._client = client_factory(enrollment.gateway_url, enrollment.device_token)
        self._state = threading.Lock()  # session, online, last contact, server offset
        self._push_lock = threading.Lock()  # one push at a time: sequence order, no doubles
        self._session: StaffSession | None = None
        self._online: bool | None = None  # None: not tried yet (the gateway is tried)
        self._last_contact: datetime | None = None
        self._offset = timedelta(0)  # gateway's clock minus ours, from the sign-in
        self._called_here: list[str] = []  # walk-in tickets this counter still has, by call
        self._status_reporter = StatusReporter("counter", office_time.utc_now)
        cache.prune(office_time.today())

    # -- the session ------------------------------------------------------------
    def sign_in(self, username: str, password: str) -> StaffSession:
        """``POST /staff/v1/sessions``; raises ``SignInRefused(code)`` (``offline`` when the
        gateway cannot be reached). Refreshes today's appointments on success."""
        try:
            session = self._client.sign_in(username, password)
        except GatewayUnreachable:
            self._contact(False)
            raise SignInRefused("offline") from None
        except StaffApiError as error:
            self._contact(True)
            raise SignInRefused(error.code, error.detail) from None
        except (ValueError, GatewayError) as error:  # bad username form, bad server data
            raise SignInRefused(
                "wrong_credentials" if isinstance(error, ValueError) else "bad_answer"
            ) from None
        with self._state:
            self._session = session
            self._offset = session.server_time - self._time.utc_now()
        self._contact(True)
        self.refresh_today()
        return session

    def change_password(self, username: str, old: str, new: str) -> None:
        """``POST /staff/v1/password``; raises ``SignInRefused(code)`` (``offline``,
        ``wrong_credentials``, ``password_too_short``, …)."""
        try:
            self._client.change_password(username, old, new)
        except GatewayUnreachable:
            self._contact(False)
            raise SignInRefused("offline") from None
        except StaffApiError as error:
            self._contact(True)
            raise SignInRefused(error.code, error.detail) from None
        except ValueError:
            raise SignInRefused("password_too_short") from None
        self._contact(True)

    def sign_out(self) -> None:
        """Forget the session here (always) and end it at the gateway (best effort). Actions
        already queued keep their session and are still sent."""
        with self._state:
            session, self._session = self._session, None
        if session is None:
            return
        try:
            self._client.sign_out(session.session_token)
        except (GatewayError, StaffApiError) as error:
            log.info("sign-out not confirmed by the gateway (%s)", type(error).__name__)

    @property
    def session(self) -> StaffSession | None:
        """The signed-in person's session, or ``None``."""
        with self._state:
            return self._session

    # -- reading ------------------------------------------------------------
    def today(self) -> list[DayRow]:
        """Today's appointments from the cache (filled by the sync), queued check-ins and
        no-shows applied, in start order."""
        pending_bookings = self._cache.pending_bookings()
        pending_statuses = self._cache.pending_statuses()
        rows: list[DayRow] = []
        for (
            booking_id,
            start,
            service,
            number,
            status,
            checked_in,
            no_show,
        ) in self._cache.day_appointments(self._time.today()):
            queued = pending_bookings.get(booking_id)
            rows.append(
                DayRow(
                    booking_id=booking_id,
                    start=start,
                    service=service,
                    case_number=number,
                    masked=_masked(number),
                    status=pending_statuses.get(number, CaseStatus(status)),
                    checked_in=checked_in or queued == "staff_check_in",
                    no_show=no_show or queued == "staff_no_show",
                    pending=queued is not None or number in pending_statuses,
                )
            )
        return rows

    def open(self, text: str) -> OpenedCase:
        """Open a case by a scanned or typed reference (spaces, dashes, case ignored) or a
        case number. Online: read at the gateway and cached. Offline: from the cache, with a
        ``StaffCaseViewed`` queued. Raises ``CaseNotFound`` (``unknown_case``,
        ``unknown_reference``, ``not_a_reference``, ``not_cached``), ``NotSignedIn``."""
        session = self._require_session()
        case_number, reference = _parse_opening(text)
        if self._online is not False:
            try:
                if reference is not None:
                    hit = self._client.reference(session.session_token, reference)
                    case, printout = hit.case, hit.printout
                else:
                    case, printout = self._client.case(session.session_token, case_number), None
            except GatewayUnreachable:
                self._contact(False)
            except StaffApiError as error:
                self._contact(True)
                self._raise_for(error)
            except BadServerData:
                log.warning("bad case data from the gateway; reading the cache")
            else:
                self._contact(True)
                now = self._time.utc_now()
                self._cache.store_case(case, now, self._time.today())
                return self._opened(CachedCase(case, now), "gateway", printout)
        return self.read_cached(text, session=session)

    def read_cached(self, text: str, *, session: StaffSession | None = None) -> OpenedCase:
        """``open`` from the cache alone (offline). With ``session``, the read is queued as a
        ``StaffCaseViewed`` for the gateway's audit log; ``session=None`` queues nothing (the
        benchmark, the UI re-showing a case it already opened)."""
        case_number, reference = _parse_opening(text)
        if reference is not None:
            cached = self._cache.find(reference=reference)
        else:
            cached = self._cache.find(case_number=case_number)
        if cached is None:
            raise CaseNotFound("not_cached")
        case_number = cached.case.case_number
        if session is not None:
            viewed = StaffCaseViewed(session_id=session.session_id, case_number=case_number)
            self._cache.append(viewed, self._time.utc_now(), self._time.today())
            cached = replace(cached, maybe_pending=True)
        printout = None
        if reference is not None:
            printout = next((p for p in cached.case.printouts if p.reference == reference), None)
        return self._opened(cached, "cache", printout)

    def fleet(self) -> FleetPage:
        """Every device of the office as the gateway sees it (supervisors and admins; a
        clerk's try is refused and audited there). Online only: raises ``CounterError``
        ``fleet_offline`` without the gateway, ``forbidden`` for a clerk, ``NotSignedIn``."""
        session = self._require_session()
        try:
            page = self._client.fleet(session.session_token)
        except GatewayUnreachable:
            self._contact(False)
            raise CounterError("fleet_offline") from None
        except StaffApiError as error:
            self._contact(True)
            self._raise_for(error)
            raise  # not reached: _raise_for always raises
        except BadServerData:
            raise CounterError("fleet_offline", "bad data") from None
        self._contact(True)
        return page

    # -- the walk-in queue (issue 15): live at the gateway, never from the cache ----------------
    def walk_in_queue(self) -> WalkInView:
        """Today's open walk-in tickets of the clerk's services and the one this counter has.
        Online only: ``CounterError`` ``offline`` without the gateway (a queue read from a
        cache would call people who are already gone), ``forbidden`` for a role that does not
        serve walk-ins, ``NotSignedIn``."""
        with self._state:
            called_here = list(self._called_here)
        queue = self._walk_in(lambda token: self._client.walk_in_queue(token))
        at_counters = {t.ticket_id: t for t in queue.tickets if t.state in _AT_COUNTER}
        still = [ticket_id for ticket_id in called_here if ticket_id in at_counters]
        mine = at_counters[still[-1]] if still else None  # the latest called here
        with self._state:
            if self._called_here == called_here:  # no action answered while we read
                self._called_here = still
        return WalkInView(
            server_time=queue.server_time,
            waiting=[t for t in queue.tickets if t.state == "waiting"],
            mine=mine,
            elsewhere=len(at_counters) - len(still),
        )

    def walk_in_services(self) -> list[str]:
        """The walk-in services (catalog codes, by ticket letter): where a ticket can be sent."""
        self._require_session()
        board = self._walk_in(lambda _token: self._client.walk_in_board())
        return [state.service for state in sorted(board.services, key=lambda s: s.letter)]

    def call_next(self) -> WalkInTicket:
        """Call the next ticket (urgent first, then by issue) to this counter. ``CounterError``
        ``queue_empty`` when none waits, ``busy``, ``offline``, ``forbidden``."""
        return self._ticket(lambda token: self._client.call_next(token))

    def recall(self, ticket_id: str) -> WalkInTicket:
        """Call the ticket again; the recall after the third call marks it ``missed``."""
        return self._ticket(lambda token: self._client.ticket_action(token, ticket_id, "recall"))

    def start(self, ticket_id: str) -> WalkInTicket:
        """The holder came: serving starts."""
        return self._ticket(lambda token: self._client.ticket_action(token, ticket_id, "start"))

    def done(self, ticket_id: str) -> WalkInTicket:
        return self._ticket(lambda token: self._client.ticket_action(token, ticket_id, "done"))

    def no_show_ticket(self, ticket_id: str) -> WalkInTicket:
        """The holder did not come after being called (``no_show`` is an appointment's)."""
        return self._ticket(lambda token: self._client.ticket_action(token, ticket_id, "no-show"))

    def transfer(self, ticket_id: str, service: str) -> WalkInTicket:
        """Send the ticket to ``service``'s queue (a walk-in service), in its issue place."""
        return self._ticket(
            lambda token: self._client.ticket_action(token, ticket_id, "transfer", service)
        )

    def _ticket(self, call: Callable[[str], WalkInTicket]) -> WalkInTicket:
        ticket = self._walk_in(call)
        with self._state:
            kept = [t for t in self._called_here if t != ticket.ticket_id]
            self._called_here = kept + ([ticket.ticket_id] if ticket.state in _AT_COUNTER else [])
        return ticket

    def _walk_in(self, call: Callable[[str], T]) -> T:
        session = self._require_session()
        try:
            answer = call(session.session_token)
        except GatewayUnreachable:
            self._contact(False)
            raise CounterError("offline") from None
        except StaffApiError as error:
            self._contact(True)
            self._raise_for(error)
            raise  # not reached: _raise_for always raises
        except BadServerData:
            raise CounterError("bad_answer") from None
        self._contact(True)
        return answer

    # -- the forms inbox (issue 17): live at the gateway, never from the cache ------------------
    def forms(self, form_id: str | None = None, status: FormStatus | None = None) -> FormInbox:
        """The newest forms residents submitted at kiosks, newest received first; only one
        form's or one state's if given. Online only (the answers are never cached here):
        ``CounterError`` ``offline`` without the gateway, ``forbidden``, ``NotSignedIn``."""
        return self._walk_in(
            lambda token: self._client.forms(token, form_id=form_id, status=status)
        )

    def form(self, receipt: str) -> FormRendition:
        """One form in German (``offline``, ``unknown_form``, ``forbidden``)."""
        return self._walk_in(lambda token: self._client.form(token, receipt))

    def set_form_status(self, receipt: str, status: FormStatus) -> FormSummary:
        """Set a form's processing state; the gateway notes who and when and audits it. Online
        only, never queued: ``offline``, ``unknown_form``, ``forbidden``."""
        return self._walk_in(lambda token: self._client.set_form_status(token, receipt, status))

    # -- the knowledge base (issue 16): read at the gateway, kept for offline ----------------
    def snippets(self) -> SnippetShelf:
        """Every snippet with each language's current text and state: from the gateway when it
        answers (then cached), else as last cached, saying so (``source``, ``read_at``).
        ``CounterError`` ``offline`` only when it never answered here, ``NotSignedIn``."""
        try:
            found = self._walk_in(lambda token: self._client.staff_snippets(token))
            # The office's data (fees, hours) comes with the kiosks' feed (device token).
            office = self._walk_in(lambda _token: self._client.snippets()).model_dump(mode="json")[
                "office"
            ]
        except CounterError as error:
            if error.code not in ("offline", "bad_answer"):
                raise
            cached, read_at, cached_office = self._cache.cached_snippets()
            if read_at is None:
                raise
            return SnippetShelf(tuple(cached), "cache", read_at, cached_office)
        read_at = self._time.utc_now()
        self._cache.store_snippets(found, read_at, office)
        return SnippetShelf(tuple(found), "gateway", read_at, office)

    # -- actions (queued, pushed at once when online) ---------------------------------------
    def mark_received(self, case_number: str, codes: list[str]) -> OpenedCase:
        """Tick off documents the resident handed in. Never a conflict (received only grows).
        Returns the case as it now looks here."""
        session = self._require_session()
        number = self._cached_number(case_number)
        payload = StaffMarkDocuments(
            session_id=session.session_id, case_number=number, documents=list(dict.fromkeys(codes))
        )
        self._act(payload)
        return self._reopen(number)

    def set_status(
        self, case_number: str, status: CaseStatus, expected_status: CaseStatus
    ) -> OpenedCase:
        """Change the case's status from ``expected_status`` (what the clerk saw). If the
        gateway answers at once with ``status_changed``, raises ``ActionRejected`` naming the
        new ``Conflict``; a refusal that comes later shows up in ``conflicts()``."""
        session = self._require_session()
        number = self._cached_number(case_number)
        payload = StaffSetStatus(
            session_id=session.session_id,
            case_number=number,
            status=CaseStatus(status),
            expected_status=CaseStatus(expected_status),
        )
        self._act(payload)
        return self._reopen(number)

    def check_in(self, booking_id: str) -> None:
        """The resident of this booking arrived. Raises ``ActionRejected`` on an immediate
        refusal (e.g. the booking is no longer active)."""
        session = self._require_session()
        self._act(StaffCheckIn(session_id=session.session_id, booking_id=booking_id))

    def no_show(self, booking_id: str) -> None:
        """The resident of this booking did not come. As ``check_in``."""
        session = self._require_session()
        self._act(StaffNoShow(session_id=session.session_id, booking_id=booking_id))

    # -- conflicts and state ------------------------------------------------------------
    def conflicts(self) -> list[Conflict]:
        """Refused actions the clerk has not resolved yet, oldest first."""
        return self._cache.conflicts()

    def resolve(self, conflict_id: int, apply_again: bool) -> None:
        """Close a conflict: ``apply_again`` queues the wanted status on the gateway's current
        status (``status_changed`` only; ``CounterError("current_status_unknown")`` until the
        case was read again); otherwise the action is dropped."""
        found = next((c for c in self._cache.conflicts() if c.conflict_id == conflict_id), None)
        if found is None:
            raise CounterError("unknown_conflict")
        now, today = self._time.utc_now(), self._time.today()
        if not apply_again:
            self._cache.resolve(conflict_id, now, today)
            return
        if not found.can_apply_again or found.case_number is None or found.wanted_status is None:
            raise CounterError("cannot_apply_again")
        number, wanted, current = found.case_number, found.wanted_status, found.current_status
        if current is None:
            self._refresh_case(number)
            found = next(c for c in self._cache.conflicts() if c.conflict_id == conflict_id)
            current = found.current_status
            if current is None:
                raise CounterError("current_status_unknown")
        session = self._require_session()
        again = StaffSetStatus(
            session_id=session.session_id,
            case_number=number,
            status=wanted,
            expected_status=current,
        )
        seq = self._cache.resolve(conflict_id, now, today, again=again)
        self._push_and_check(seq)

    def pending_count(self) -> int:
        """Commands queued and not yet acknowledged by the gateway."""
        return self._cache.pending_count()

    @property
    def online(self) -> bool:
        """The last contact with the gateway succeeded."""
        with self._state:
            return bool(self._online)

    def status(self) -> SyncStatus:
        """Online, pending, conflicts, signed in, last contact: one consistent snapshot."""
        with self._state:
            online, signed_in, last = (
                bool(self._online),
                self._session is not None,
                self._last_contact,
            )
        return SyncStatus(
            online=online,
            pending=self._cache.pending_count(),
            conflicts=self._cache.conflict_count(),
            signed_in=signed_in,
            last_contact=last,
        )

    # -- used by CounterSync -------------------------------------------------------------------
    def push(self) -> list[Answer]:
        """Send the outbox in order until it is empty or the gateway cannot be reached; the
        answers are written to the cache as they come. An unreachable gateway raises nothing
        (``online`` turns false); with nothing to send it checks the gateway is there."""
        answers: list[Answer] = []
        with self._push_lock:
            self._queue_usage()
            while True:
                queued = self._cache.to_send(MAX_COMMANDS)
                if not queued:
                    if not answers:
                        self._probe()
                    break
                commands = [
                    Command(seq=q.seq, created_at=q.created_at, payload=q.payload) for q in queued
                ]
                try:
                    response = self._client.push_commands(commands)
                except GatewayUnreachable as error:
                    self._contact(False)
                    self._cache.record_attempt([q.seq for q in queued], type(error).__name__)
                    break
                except GatewayError as error:  # unauthorized, sequence gap, refused batch
                    self._contact(not isinstance(error, DeviceUnauthorized))
                    log.error(
                        "the gateway refused the counter's commands: %s", type(error).__name__
                    )
                    self._cache.record_attempt([q.seq for q in queued], type(error).__name__)
                    break
                self._contact(True)
                got = self._cache.answer(response.results, self._time.utc_now(), self._time.today())
                answers.extend(got)
                if not got:
                    break  # the gateway answered none of them: do not loop
        for answer in answers:
            if answer.conflict_id is not None:
                self._refresh_conflicted(answer)
        return answers

    def report_status(self) -> bool:
        """Send this workstation's status report for the fleet view when it is due (changed,
        or every few minutes): outbox backlog, last contact, online. Never raises."""
        oldest = self._cache.to_send(1)
        with self._state:
            online, last = bool(self._online), self._last_contact
        return self._status_reporter.offer(
            lambda report: self._client.report_status(report),
            backlog=self._cache.pending_count(),
            oldest_pending=oldest[0].created_at if oldest else None,
            last_sync_at=last,
            online=online,
        )

    def count_receipt(self, failure: PrintFailed | None, language: str | None = None) -> None:
        """A receipt of documents printed (``failure`` None) or failed, in the resident's
        ``language`` (anonymous usage figure, issue 18); never raises."""
        try:
            hour, word = hour_of(self._time.utc_now()), "printed" if failure is None else "failed"
            lang = language or ""
            self._cache.add_usage(UsageCount(hour, "receipt_printed", language=lang, outcome=word))
            if failure is not None:
                fault = _PRINTER_FAULTS.get(type(failure), "error")
                self._cache.add_usage(UsageCount(hour, "printer_fault", outcome=fault))
        except Exception as error:  # a figure is never worth a clerk's error message
            log.warning("receipt figure dropped: %s", type(error).__name__)

    def refresh_today(self) -> None:
        """``GET /staff/v1/today`` into the cache (when signed in), and a new day's pruning."""
        self._cache.prune(self._time.today())
        session = self.session
        if session is None:
            return
        try:
            # Our office day, not the gateway's: both sides of midnight agree on what is kept.
            page = self._client.today(session.session_token, self._time.today())
        except GatewayUnreachable:
            self._contact(False)
            return
        except StaffApiError as error:
            self._contact(True)
            if error.code == "session_expired":
                self._forget_session(session)
            log.info("today's list refused: %s", error.code)
            return
        except GatewayError:
            log.warning("bad today page from the gateway; keeping the cached one")
            return
        self._contact(True)
        self._cache.store_today(page, self._time.utc_now(), self._time.today())

    def close(self) -> None:
        self._client.close()

    # -- inside ------------------------------------------------------------
    def _contact(self, ok: bool) -> None:
        with self._state:
            self._online = ok
            if ok:
                self._last_contact = self._time.utc_now()

    def _queue_usage(self) -> None:
        """Counted figures into the outbox, to go with this push (``store.usage``)."""
        try:
            self._cache.flush_usage(self._time.utc_now(), self._time.today())
        except Exception as error:  # they wait for the next push
            log.warning("usage figures not queued: %s", type(error).__name__)

    def _probe(self) -> None:
        try:
            self._client.health()
        except GatewayError:
            self._contact(False)
        else:
            self._contact(True)

    def _require_session(self) -> StaffSession:
        with self._state:
            session, offset = self._session, self._offset
        if session is None:
            raise NotSignedIn("not_signed_in")
        if session.expires_at <= self._time.utc_now() + offset:
            self._forget_session(session)
            raise NotSignedIn("session_expired")
        return session

    def _forget_session(self, session: StaffSession) -> None:
        with self._state:
            if self._session is session:
                self._session = None

    def _raise_for(self, error: StaffApiError) -> None:
        if error.code == "session_expired":
            session = self.session
            if session is not None:
                self._forget_session(session)
            raise NotSignedIn("session_expired") from None
        if error.code in _NOT_FOUND:
            raise CaseNotFound(error.code) from None
        raise CounterError(error.code, error.detail) from None

    def _cached_number(self, case_number: str) -> str:
        """The case number as the cache (and the gateway) spell it; the case must be open."""
        for candidate in (case_number, _canonical(case_number)):
            if candidate is not None and self._cache.cached_case(candidate) is not None:
                return candidate
        raise CaseNotFound("not_cached")

    def _act(self, payload: StaffPayload) -> None:
        seq = self._cache.append(payload, self._time.utc_now(), self._time.today())
        if self._online is not False:
            self._push_and_check(seq)

    def _push_and_check(self, seq: int | None) -> None:
        for answer in self.push():
            if answer.seq == seq and answer.conflict_id is not None:
                raise ActionRejected(answer.reason or "rejected", answer.conflict_id)

    def _refresh_conflicted(self, answer: Answer) -> None:
        """Read the case of a refused action again, so the clerk sees the current status."""
        conflict = next(
            (c for c in self._cache.conflicts() if c.conflict_id == answer.conflict_id), None
        )
        if conflict is not None and conflict.case_number is not None:
            self._refresh_case(conflict.case_number)

    def _refresh_case(self, case_number: str) -> None:
        session = self.session
        if session is None:
            return
        try:
            case = self._client.case(session.session_token, case_number)
        except GatewayUnreachable:
            self._contact(False)
            return
        except (StaffApiError, GatewayError):
            return
        self._contact(True)
        self._cache.store_case(case, self._time.utc_now(), self._time.today())

    def _reopen(self, case_number: str) -> OpenedCase:
        cached = self._cache.cached_case(case_number)
        if cached is None:  # pruned under our feet: cannot happen within one day
            raise CaseNotFound("not_cached")
        return self._opened(cached, "cache", None)

    def _opened(
        self, cached: CachedCase, source: CaseSource, printout: Printout | None
    ) -> OpenedCase:
        case = cached.case
        language = _language(case, printout)
        if not cached.maybe_pending:  # the common case at the counter: nothing queued for it
            return OpenedCase(case, source, cached.fetched_at, printout, language)
        received = {document.code for document in case.received_documents}
        booking_ids = [booking.booking_id for booking in case.bookings]
        pending_documents: set[str] = set()
        pending_status: CaseStatus | None = None
        pending_bookings: set[str] = set()
        today = self._time.today()
        for queued in self._cache.pending_for(case.case_number, booking_ids):
            payload = queued.payload
            if isinstance(payload, StaffMarkDocuments):
                pending_documents.update(c for c in payload.documents if c not in received)
            elif isinstance(payload, StaffSetStatus):
                pending_status = payload.status
            elif isinstance(payload, StaffCheckIn | StaffNoShow):
                pending_bookings.add(payload.booking_id)
            case = apply_command(case, payload, queued.created_at, today)
        return OpenedCase(
            case=case,
            source=source,
            fetched_at=cached.fetched_at,
            printout=printout,
            language=language,
            pending_documents=frozenset(pending_documents),
            pending_status=pending_status,
            pending_bookings=frozenset(pending_bookings),
        )


def _canonical(text: str) -> str | None:
    try:
        return CaseNumber.parse(text).canonical
    except (CaseNumberIncomplete, NumberLooksMistyped):
        return None


def _parse_opening(text: str) -> tuple[str, str | None]:
    """(case number, None) for a case number, ("", reference) for a reference. A reference is
    10 characters and a case number 11 digits or more, so the order cannot mislead (the
    reference goes first: it is what a scanner sends)."""
    reference = normalise_reference(text)
    if looks_like_reference(reference):
        return "", reference
    number = _canonical(text)
    if number is not None:
        return number, None
    raise CaseNotFound("not_a_reference")


def _masked(case_number: str) -> str:
    try:
        return CaseNumber.parse(case_number).masked()
    except (CaseNumberIncomplete, NumberLooksMistyped):
        return "••••" + case_number[-4:]


def _language(case: StaffCase, printout: Printout | None) -> str | None:
    """The resident's kiosk language: the scanned paper's, else the latest printout's."""
    if printout is not None and printout.language:
        return printout.language
    with_language = [p for p in case.printouts if p.language]
    if not with_language:
        return None
    return max(with_language, key=lambda p: p.created_at).language
