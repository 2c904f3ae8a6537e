"""The kiosk's walk-in desk (issue 15), online issuing only, without Qt.

- ``board`` reads the walk-in services now from the gateway (``GET /v1/walk-in``).
- ``issue`` queues the exactly-once ``issue_walk_in_ticket`` command in the outbox, wakes the
  sync engine to push it at once, waits until the gateway answered it (the command left the
  outbox: applied; or it was parked with the rule it broke) and reads the ticket's number
  (``GET /v1/walk-in/tickets/{id}``).
- Offline (the engine reports no connection, or the gateway cannot be reached) the desk
  issues from this kiosk's ticket leases (``store.ticket_leases``, kept by the sync engine):
  ``board`` is an ``OfflineBoard`` of the leased services with the last estimate known, and
  ``issue`` takes the lease's next number in the transaction that queues the command (with the
  lease, the number and the instant of issue), so the ticket is final at once and reaches the
  gateway when it is back. A lease used up (or expired) is ``WalkInRefused("lease_used_up")``
  (book instead); no lease at all is ``WalkInOffline``. Online, a ``quota_exhausted`` refusal also
  falls back to the kiosk's own lease (its numbers are its share of the quota).

Both calls block (call them off the GUI thread). The ticket carries no personal data: the
service, the language chosen, the estimate shown.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import httpx

from kiosk_app.appointment_desk import EngineState
from kiosk_app.core.errors import KioskError
from kiosk_app.core.leases import gateway_now
from kiosk_app.core.walk_in import ticket_label
from kiosk_app.store.outbox import Outbox
from kiosk_app.store.sync_state import SyncState
from kiosk_app.store.ticket_leases import TicketLeaseStore
from kiosk_app.store.transactions import Connection, transaction
from sync import protocol
from sync.client import GatewayClient, GatewayError, TlsOptions
from sync.walk_in_protocol import WaitRange, WalkInBoard, WalkInServiceState, WalkInTicket

log = logging.getLogger(__name__)
KIND = "issue_walk_in_ticket"


class WalkInOffline(KioskError):
    """No connection to the office: tickets need it (for now)."""


class WalkInRefused(KioskError):
    """The gateway refused the ticket: ``quota_exhausted``, ``walk_in_closed``,
    ``office_closed`` or ``unknown_service``; offline, ``lease_used_up`` (this kiosk gave out
    every number it may give without the office)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class WalkInUnconfirmed(KioskError):
    """The command was queued but no answer came in time: the ticket may still be issued later
    (the outbox delivers it), but this resident was told to ask at the counter."""


@dataclass(frozen=True)
class IssuedTicket:
    ticket_id: str
    label: str  # "A 042"
    service: str
    language: str
    ahead: int
    wait_low: int  # minutes
    wait_high: int
    from_lease: bool = False  # issued offline: ``ahead`` unknown, the wait the last known one


class OfflineBoard(WalkInBoard):
    """The board offline, from this kiosk's leases: ``waiting`` unknown (0), ``estimate`` the
    last one known (approximate), ``left_normal`` what the leases still hold."""


@dataclass(frozen=True)
class WalkInSettings:
    timeout_s: float = 4.0
    connect_timeout_s: float = 2.0
    answer_within_s: float = 8.0  # the push and the gateway's answer together
    poll_s: float = 0.01
    tls: TlsOptions = field(default_factory=TlsOptions)


class KioskWalkInDesk:
    """Walk-in tickets over the cache's outbox and the enrolled gateway."""

    def __init__(
        self,
        open_connection: Callable[[], Connection],
        engine: EngineState,
        *,
        settings: WalkInSettings | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.settings = settings or WalkInSettings()
        self._open = open_connection
        self.engine = engine
        self._clock = clock
        self._lock = threading.Lock()  # one ticket at a time, one connection
        self._client_lock = threading.Lock()
        self._gateway: GatewayClient | None = None
        self._gateway_key: tuple[str, str] | None = None

    def _client(self, conn: Connection) -> GatewayClient:
        """The client for the enrolled gateway, kept between tickets (its TLS context and
        connection are reused); a new one after a new enrollment."""
        state = SyncState(conn)
        url, token = state.gateway_url, state.device_token
        if url is None or token is None:
            raise WalkInOffline("not enrolled")
        with self._client_lock:
            if self._gateway is None or self._gateway_key != (url, token):
                if self._gateway is not None:
                    self._gateway.close()
                timeout = httpx.Timeout(
                    self.settings.timeout_s, connect=self.settings.connect_timeout_s
                )
                self._gateway = GatewayClient(url, token, tls=self.settings.tls, timeout=timeout)
                self._gateway_key = (url, token)
            return self._gateway

    def close(self) -> None:
        with self._client_lock:
            if self._gateway is not None:
                self._gateway.close()
                self._gateway = None

    def board(self) -> WalkInBoard:
        """The walk-in services now; offline the ``OfflineBoard`` of this kiosk's leases, or
        ``WalkInOffline`` when it holds none."""
        conn = self._open()
        try:
            if self.engine.online:
                try:
                    return self._client(conn).walk_in_board()
                except GatewayError as error:
                    log.info("walk-in board not reached: %s", type(error).__name__)
            return self._offline_board(conn)
        finally:
            conn.close()

    def _gateway_now(self, conn: Connection) -> datetime:
        return gateway_now(self._clock(), SyncState(conn).server_offset_s)

    def _offline_board(self, conn: Connection) -> OfflineBoard:
        now = self._gateway_now(conn)
        rows = conn.execute(
            "SELECT service, letter, day, estimate_low, estimate_high FROM ticket_leases"
            " ORDER BY letter, first_number DESC"
        ).fetchall()
        if not rows:
            raise WalkInOffline("offline, no lease")
        store, found = TicketLeaseStore(conn), {}
        for service, letter, _day, low, high in rows:
            if service in found:
                continue  # the newest lease's estimate is the last known
            left = store.left(service, now)
            found[service] = WalkInServiceState(
                service=service,
                letter=letter,
                open=left > 0,
                refusal=None if left > 0 else "quota_exhausted",
                left_normal=left,
                left_urgent=left,
                waiting=0,
                estimate=WaitRange(low=low, high=high),
            )
        day = date.fromisoformat(rows[0][2])
        return OfflineBoard(server_time=now, day=day, services=list(found.values()))

    def issue(
        self, service: str, language: str, wait_low: int, wait_high: int, urgent: bool = False
    ) -> IssuedTicket:
        """Queue the ticket, push it, read its number; offline (or with the quota used up
        online) from this kiosk's lease. Refusals raise ``WalkInRefused``. ``urgent``: judged
        from the case on the result screen (``core.walk_in.is_urgent``), only the flag goes."""
        with self._lock:
            conn = self._open()
            try:
                if not self.engine.online:
                    return self._issue_from_lease(conn, service, language, urgent)
                try:
                    return self._issue(conn, service, language, wait_low, wait_high, urgent)
                except WalkInRefused as refused:
                    if refused.reason != "quota_exhausted":
                        raise
                    return self._issue_from_lease(conn, service, language, urgent)
            finally:
                conn.close()

    def _issue_from_lease(
        self, conn: Connection, service: str, language: str, urgent: bool = False
    ) -> IssuedTicket:
        """The lease's next number and the command that carries it, in one transaction: a
        crash before it commits issued nothing, after it the ticket is final and queued."""
        ticket_id = uuid.uuid4().hex
        with transaction(conn):
            now = self._gateway_now(conn)
            taken = TicketLeaseStore(conn).take(service, now)
            if taken is None:
                held = conn.execute(
                    "SELECT 1 FROM ticket_leases WHERE service = ?", (service,)
                ).fetchone()
                if self.engine.online:  # the gateway said the quota is used up
                    raise WalkInRefused("quota_exhausted")
                if held is None:
                    raise WalkInOffline("offline, no lease")
                raise WalkInRefused("lease_used_up")
            payload = protocol.IssueWalkInTicket(
                ticket_id=ticket_id,
                service=service,
                language=language,
                urgent=urgent,
                estimate_low=min(taken.estimate_low, protocol.MAX_ESTIMATE_MINUTES),
                estimate_high=min(taken.estimate_high, protocol.MAX_ESTIMATE_MINUTES),
                lease_id=taken.lease_id,
                number=taken.number,
                issued_at=now,
            ).model_dump_json()
            Outbox(conn).append(KIND, payload, self._clock())
        self.engine.queued()  # delivered at once when the gateway is reachable
        return IssuedTicket(
            ticket_id=ticket_id,
            label=ticket_label(taken.letter, taken.number),
            service=service,
            language=language,
            ahead=0,
            wait_low=taken.estimate_low,
            wait_high=taken.estimate_high,
            from_lease=True,
        )

    def _issue(
        self,
        conn: Connection,
        service: str,
        language: str,
        low: int,
        high: int,
        urgent: bool = False,
    ) -> IssuedTicket:
        ticket_id = uuid.uuid4().hex
        payload = protocol.IssueWalkInTicket(
            ticket_id=ticket_id,
            service=service,
            language=language,
            urgent=urgent,
            estimate_low=min(low, protocol.MAX_ESTIMATE_MINUTES),
            estimate_high=min(high, protocol.MAX_ESTIMATE_MINUTES),
        ).model_dump_json()
        seq = Outbox(conn).append(KIND, payload, self._clock())
        self.engine.queued()  # the engine pushes at once
        deadline = time.monotonic() + self.settings.answer_within_s
        while True:
            row = conn.execute("SELECT state, last_error FROM outbox WHERE seq = ?", (seq,))
            found = row.fetchone()
            if found is None:  # acknowledged: the gateway numbered it
                break
            if found[0] == "parked":
                raise WalkInRefused(str(found[1] or "refused"))
            if time.monotonic() > deadline:
                log.warning("walk-in ticket command %d not answered in time", seq)
                raise WalkInUnconfirmed(ticket_id)
            time.sleep(self.settings.poll_s)
        try:
            ticket = self._client(conn).walk_in_ticket(ticket_id)
        except GatewayError as error:
            log.warning("walk-in ticket not read back: %s", type(error).__name__)
            raise WalkInUnconfirmed(ticket_id) from None
        return issued(ticket)


def issued(ticket: WalkInTicket) -> IssuedTicket:
    estimate = ticket.estimate_given
    return IssuedTicket(
        ticket_id=ticket.ticket_id,
        label=ticket.label,
        service=ticket.service,
        language=ticket.language,
        ahead=ticket.ahead,
        wait_low=estimate.low,
        wait_high=estimate.high,
    )
