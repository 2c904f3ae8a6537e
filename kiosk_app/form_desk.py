"""The kiosk's forms desk (issue 17), without Qt: a reviewed form goes into the encrypted
outbox as one ``submit_form`` command and the sync engine is woken to push it.

The receipt reference is chosen once per submission by the caller (the screen), so a second
tap, a retry or a ``kill -9`` after the write never makes a second form: the command is in the
outbox or not, and the gateway stores a receipt once. Online or offline is the same path; the
time of receipt is the kiosk's clock corrected by the server-time offset measured at the last
sync (``core.leases.gateway_now``). Form answers live only in the outbox: once the gateway
acknowledges the command it is deleted, never kept for a replay (``store.replay``).

``submit`` blocks on the cache (call it off the GUI thread).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from kiosk_app.core.forms.definition import FormDef
from kiosk_app.core.forms.engine import Answer
from kiosk_app.core.leases import gateway_now
from kiosk_app.store.outbox import Outbox
from kiosk_app.store.sync_state import SyncState
from kiosk_app.store.transactions import Connection
from sync.client import TlsOptions

log = logging.getLogger(__name__)
KIND = "submit_form"


@dataclass(frozen=True)
class CaseRequestState:
    """One request of the case on the result screen: ``waiting`` (in this kiosk's outbox, not
    yet at the office), or the office's ``new`` / ``in_progress`` / ``done``."""

    form_id: str
    submitted_at: datetime
    status: str


@dataclass(frozen=True)
class SubmittedForm:
    receipt: str
    received_at: datetime  # UTC, judged with the gateway's clock offset
    kiosk: str  # this kiosk's device id (printed on the receipt); "" when not enrolled
    seq: int  # its outbox number


class KioskFormDesk:
    def __init__(
        self,
        open_connection: Callable[[], Connection],
        *,
        wake: Callable[[], None] | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        tls: TlsOptions | None = None,
    ) -> None:
        self._tls = tls
        self._open = open_connection
        self.wake = wake
        self._clock = clock
        self._lock = threading.Lock()

    def submit(
        self,
        form: FormDef,
        answers: dict[str, Answer],
        *,
        receipt: str,
        language: str,
        lookup_key: bytes | None,
    ) -> SubmittedForm:
        from sync.form_protocol import submit_form_command

        with self._lock:
            conn = self._open()
            try:
                state = SyncState(conn)
                received_at = gateway_now(self._clock(), state.server_offset_s)
                command = submit_form_command(
                    form,
                    answers,
                    receipt=receipt,
                    language=language,
                    lookup_key=lookup_key,
                    submitted_at=received_at,
                )
                outbox = Outbox(conn)
                seq = _queued_seq(conn, receipt)
                if seq is None:  # a retry of the same submission finds it queued already
                    seq = outbox.append(KIND, command.model_dump_json(), self._clock())
                kiosk = state.device_id or ""
            finally:
                conn.close()
        log.info("%s queued (command %d)", KIND, seq)  # never the form's answers
        if self.wake is not None:
            self.wake()
        return SubmittedForm(receipt, received_at, kiosk, seq)

    def case_requests(self, lookup_key: bytes) -> list[CaseRequestState]:
        """The case's requests: those still in this kiosk's outbox (``waiting``), then the
        office's (read live, 2 s at most; offline: only the waiting ones). Newest first."""
        conn = self._open()
        try:
            waiting = _waiting(conn, lookup_key.hex())
            state = SyncState(conn)
            url, token = state.gateway_url, state.device_token
        finally:
            conn.close()
        office: list[CaseRequestState] = []
        if url is not None and token is not None:
            import httpx

            from sync.client import GatewayClient, GatewayError

            timeout = httpx.Timeout(2.0, connect=1.0)
            tls = self._tls or TlsOptions()
            try:
                with GatewayClient(url, token, tls=tls, timeout=timeout) as gw:
                    found = gw.case_requests(lookup_key).requests
                office = [CaseRequestState(r.form_id, r.submitted_at, r.status) for r in found]
            except GatewayError as error:
                log.info("case requests not read: %s", type(error).__name__)
        return sorted(waiting + office, key=lambda r: r.submitted_at, reverse=True)


def _waiting(conn: Connection, key_hex: str) -> list[CaseRequestState]:
    rows = conn.execute(
        "SELECT json_extract(payload, '$.form_id'), json_extract(payload, '$.submitted_at')"
        " FROM outbox WHERE kind = ? AND state = 'pending'"
        " AND json_extract(payload, '$.lookup_key') = ?",
        (KIND, key_hex),
    ).fetchall()
    return [
        CaseRequestState(form_id, datetime.fromisoformat(at), "waiting") for form_id, at in rows
    ]


def _queued_seq(conn: Connection, receipt: str) -> int | None:
    row = conn.execute(
        "SELECT seq FROM outbox WHERE kind = ? AND json_extract(payload, '$.receipt') = ?",
        (KIND, receipt),
    ).fetchone()
    return int(row[0]) if row else None
