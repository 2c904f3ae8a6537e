"""The kiosk's walk-in desk (issue 15), online issuing only, without Qt.

- ``board`` reads the walk-in services now from the gateway (``GET /v1/walk-in``).
- ``issue`` queues the exactly-once ``issue_walk_in_ticket`` command in the outbox, wakes the
  sync engine to push it at once, waits until the gateway answered it (the command left the
  outbox: applied; or it was parked with the rule it broke) and reads the ticket's number
  (``GET /v1/walk-in/tickets/{id}``).
- Offline (the engine reports no connection, or the gateway cannot be reached) nothing is
  queued: ``WalkInOffline``. Tickets from leased number blocks are a later slice.

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
from datetime import UTC, datetime

import httpx

from kiosk_app.appointment_desk import EngineState
from kiosk_app.core.errors import KioskError
from kiosk_app.store.outbox import Outbox
from kiosk_app.store.sync_state import SyncState
from kiosk_app.store.transactions import Connection
from sync import protocol
from sync.client import GatewayClient, GatewayError, TlsOptions
from sync.walk_in_protocol import WalkInBoard, WalkInTicket

log = logging.getLogger(__name__)
KIND = "issue_walk_in_ticket"


class WalkInOffline(KioskError):
    """No connection to the office: tickets need it (for now)."""


class WalkInRefused(KioskError):
    """The gateway refused the ticket: ``quota_exhausted``, ``walk_in_closed``,
    ``office_closed`` or ``unknown_service``."""

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
        """The walk-in services now; ``WalkInOffline`` without a connection."""
        if not self.engine.online:
            raise WalkInOffline("offline")
        conn = self._open()
        try:
            return self._client(conn).walk_in_board()
        except GatewayError as error:
            log.info("walk-in board not reached: %s", type(error).__name__)
            raise WalkInOffline("not reached") from None
        finally:
            conn.close()

    def issue(self, service: str, language: str, wait_low: int, wait_high: int) -> IssuedTicket:
        """Queue the ticket, push it, read its number. Refusals raise ``WalkInRefused``."""
        if not self.engine.online:
            raise WalkInOffline("offline")
        with self._lock:
            conn = self._open()
            try:
                return self._issue(conn, service, language, wait_low, wait_high)
            finally:
                conn.close()

    def _issue(
        self, conn: Connection, service: str, language: str, low: int, high: int
    ) -> IssuedTicket:
        ticket_id = uuid.uuid4().hex
        payload = protocol.IssueWalkInTicket(
            ticket_id=ticket_id,
            service=service,
            language=language,
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
