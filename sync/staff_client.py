"""The counter's client of the staff API (``/staff/v1``, ``sync.staff_protocol``): httpx, no Qt.

A ``GatewayClient`` (device token, TLS, bounded bodies) with the staff calls added: every one
also carries the person's session (``X-Staff-Session``). Commands are pushed with the
inherited ``send_commands``. Failures are typed: ``GatewayOffline`` when the gateway could not
be reached or answered too late or with a 5xx (the counter works from its cache), and
``StaffApiError(code, detail)`` for the staff API's error bodies.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, RootModel, ValidationError

from sync import protocol
from sync.client import BadServerData, GatewayClient, GatewayUnreachable, TlsOptions
from sync.form_protocol import (
    FormInbox,
    FormRendition,
    FormStatus,
    FormStatusChange,
    FormSummary,
)
from sync.snippet_protocol import SnippetOut
from sync.staff_protocol import (
    STAFF_SESSION_HEADER,
    FleetPage,
    PasswordChange,
    ReferenceHit,
    SignInRequest,
    StaffCase,
    StaffSession,
    TodayPage,
)
from sync.walk_in_protocol import WalkInBoard, WalkInQueue, WalkInTicket

# httpx logs every request's URL at INFO, and a staff URL names a case or a reference
# (``/staff/v1/cases/DA-…``): nothing personal goes to the counter's logs.
logging.getLogger("httpx").setLevel(logging.WARNING)

# Short: a clerk waits on these; an unreachable gateway sends the counter to its cache quickly.
STAFF_TIMEOUT = httpx.Timeout(5.0, connect=2.0)

Model = TypeVar("Model", bound=BaseModel)


class GatewayOffline(GatewayUnreachable):
    """No answer (connect error, timeout, reset) or a 5xx: the counter goes on offline."""


class StaffApiError(Exception):
    """The gateway refused a staff call: ``code`` as in ``sync.staff_protocol`` (e.g.
    ``wrong_credentials``, ``session_expired``, ``unknown_case``); ``status`` the HTTP status."""

    def __init__(self, code: str, detail: str | None = None, status: int = 400) -> None:
        super().__init__(code if detail is None else f"{code}: {detail}")
        self.code, self.detail, self.status = code, detail, status


class SnippetList(RootModel[list[SnippetOut]]):
    """``GET /staff/v1/snippets``' body: a JSON array."""


class StaffClient(GatewayClient):
    def __init__(
        self,
        base_url: str,
        device_token: str,
        *,
        tls: TlsOptions | None = None,
        timeout: httpx.Timeout = STAFF_TIMEOUT,
    ) -> None:
        super().__init__(base_url, device_token, tls=tls, timeout=timeout)

    # -- sessions ------------------------------------------------------------
    def sign_in(self, username: str, password: str) -> StaffSession:
        """``POST /staff/v1/sessions``."""
        body = SignInRequest(username=username, password=password)
        return self._staff("POST", "/staff/v1/sessions", StaffSession, body=body)

    def change_password(self, username: str, password: str, new_password: str) -> None:
        """``POST /staff/v1/password`` (no session: also for the one-time password)."""
        body = PasswordChange(username=username, password=password, new_password=new_password)
        self._staff("POST", "/staff/v1/password", None, body=body)

    def sign_out(self, session_token: str) -> None:
        """``DELETE /staff/v1/sessions/current``: ends the session at the gateway."""
        self._staff("DELETE", "/staff/v1/sessions/current", None, session=session_token)

    # -- reads (audited at the gateway) -----------------------------------------------------------
    def today(self, session_token: str, day: date | None = None) -> TodayPage:
        params = {"day": day.isoformat()} if day else None
        return self._staff("GET", "/staff/v1/today", TodayPage, session_token, params=params)

    def case(self, session_token: str, case_number: str) -> StaffCase:
        path = f"/staff/v1/cases/{quote(case_number, safe='')}"
        return self._staff("GET", path, StaffCase, session_token)

    def reference(self, session_token: str, reference: str) -> ReferenceHit:
        path = f"/staff/v1/references/{quote(reference, safe='')}"
        return self._staff("GET", path, ReferenceHit, session_token)

    def fleet(self, session_token: str, silent_minutes: int | None = None) -> FleetPage:
        """``GET /staff/v1/fleet`` (supervisors and admins): every device's state."""
        params = {"silent_minutes": str(silent_minutes)} if silent_minutes else None
        return self._staff("GET", "/staff/v1/fleet", FleetPage, session_token, params=params)

    # -- the walk-in queue (issue 15; online only, audited at the gateway) ----------------------
    def walk_in_queue(self, session_token: str) -> WalkInQueue:
        """``GET /staff/v1/walk-in/queue``: today's open tickets of the person's services."""
        return self._staff("GET", "/staff/v1/walk-in/queue", WalkInQueue, session_token)

    def walk_in_board(self) -> WalkInBoard:
        """``GET /v1/walk-in`` (device token): every walk-in service, for "send to"."""
        return self._staff("GET", "/v1/walk-in", WalkInBoard)

    def call_next(self, session_token: str) -> WalkInTicket:
        """``POST /staff/v1/walk-in/call-next``: ``queue_empty`` when none waits."""
        return self._staff("POST", "/staff/v1/walk-in/call-next", WalkInTicket, session_token)

    def ticket_action(
        self, session_token: str, ticket_id: str, action: str, to: str | None = None
    ) -> WalkInTicket:
        """``POST /staff/v1/walk-in/tickets/{id}/{action}``: ``recall``, ``start``, ``done``,
        ``no-show``, ``transfer`` (with ``to``, the walk-in service)."""
        path = f"/staff/v1/walk-in/tickets/{quote(ticket_id, safe='')}/{action}"
        params = {"to": to} if to is not None else None
        return self._staff("POST", path, WalkInTicket, session_token, params=params)

    # -- the forms inbox (issue 17; online only, audited at the gateway) ----------------------
    def forms(
        self, session_token: str, *, form_id: str | None = None, status: FormStatus | None = None
    ) -> FormInbox:
        """``GET /staff/v1/forms``: the newest forms residents submitted, newest first; only
        one form's or one state's if given."""
        query = {k: v for k, v in (("form_id", form_id), ("status", status)) if v is not None}
        return self._staff("GET", "/staff/v1/forms", FormInbox, session_token, params=query)

    def form(self, session_token: str, receipt: str) -> FormRendition:
        """``GET /staff/v1/forms/{receipt}``: one form in German."""
        path = f"/staff/v1/forms/{quote(receipt, safe='')}"
        return self._staff("GET", path, FormRendition, session_token)

    def set_form_status(self, session_token: str, receipt: str, status: FormStatus) -> FormSummary:
        """``POST /staff/v1/forms/{receipt}/status``: new, in_progress or done."""
        path = f"/staff/v1/forms/{quote(receipt, safe='')}/status"
        body = FormStatusChange(status=status)
        return self._staff("POST", path, FormSummary, session_token, body=body)

    # -- the knowledge base (issue 16) ------------------------------------------------------
    def staff_snippets(self, session_token: str) -> list[SnippetOut]:
        """``GET /staff/v1/snippets``: every snippet, each language's current text and state."""
        return self._staff("GET", "/staff/v1/snippets", SnippetList, session_token).root

    def push_commands(self, commands: list[protocol.Command]) -> protocol.CommandsResponse:
        """The counter's outbox to ``/v1/commands`` (the kiosk's push, device token only)."""
        return self.send_commands(commands)

    # -- one staff request ------------------------------------------------------------
    def _staff(
        self,
        method: str,
        path: str,
        model: type[Model] | None,
        session: str | None = None,
        *,
        body: BaseModel | None = None,
        params: dict[str, str] | None = None,
    ) -> Model:
        headers = {STAFF_SESSION_HEADER: session} if session else {}
        if body is not None:
            headers["Content-Type"] = "application/json"
        content = body.model_dump_json().encode() if body is not None else None
        try:
            with self._http.stream(
                method, path, content=content, params=params, headers=headers
            ) as response:
                raw = self._read_bounded(response)
        except httpx.HTTPError as error:  # connect, timeout, reset, protocol
            raise GatewayOffline(type(error).__name__) from error
        status = response.status_code
        if status >= 500:
            raise GatewayOffline(f"HTTP {status}")
        if status >= 400:
            try:
                error_body = protocol.ErrorBody.model_validate_json(raw)
            except ValidationError:
                raise StaffApiError(f"http_{status}", None, status) from None
            raise StaffApiError(error_body.error, error_body.detail, status)
        if model is None:
            return None  # type: ignore[return-value]
        try:
            return model.model_validate_json(raw)
        except ValidationError as error:
            raise BadServerData(f"{model.__name__}: {error.error_count()} problems") from error
