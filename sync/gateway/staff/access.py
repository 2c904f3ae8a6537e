"""Who is calling ``/staff/v1``: the counter (device token) and the person signed in at it
(``X-Staff-Session``), checked before parameters and body; and what their role allows. Every
refusal past the device token is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials

from sync.staff_protocol import STAFF_SESSION_HEADER

from ..auth import DEVICE_TOKEN, Device, authenticate_device
from ..context import GatewayContext, get_context
from ..database import write_transaction
from ..errors import ApiError
from .audit import Actor, record
from .roles import ACTION_WORDS, Permission, may, refusal
from .sessions import SignedIn, presented_session

STAFF_SESSION = APIKeyHeader(
    name=STAFF_SESSION_HEADER,
    scheme_name="staffSession",
    description="The session token from POST /staff/v1/sessions, with the counter's device "
    "token as the bearer.",
    auto_error=False,
)
_Context = Annotated[GatewayContext, Depends(get_context)]


@dataclass(frozen=True)
class Counter:
    """An authenticated counter workstation (no person yet)."""

    context: GatewayContext
    device: Device
    now: datetime

    def refuse(self, action: str, code: str, detail: str, status: int = 403) -> ApiError:
        """Audit a refusal under the machine and return the error to raise."""
        with write_transaction(self.context.engine) as conn:
            record(
                conn, Actor(None, self.device.device_id, self.now), action, "refused", detail=detail
            )
        return ApiError(status, code, detail)


@dataclass(frozen=True)
class StaffCaller:
    """A person signed in at the counter that presents their session."""

    context: GatewayContext
    device: Device
    session: SignedIn
    now: datetime

    @property
    def actor(self) -> Actor:
        return Actor(self.session.username, self.device.device_id, self.now)

    def require(self, permission: Permission, action: str) -> None:
        """403 ``forbidden`` (audited) unless the person's role allows ``permission``."""
        if may(self.session.role, permission):
            return
        words = ACTION_WORDS[permission]
        with write_transaction(self.context.engine) as conn:
            record(
                conn, self.actor, action, "refused", detail=f"{self.session.role} may not {words}"
            )
        raise ApiError(403, "forbidden", refusal(self.session.role, words))


def counter_of_request(
    request: Request,
    context: _Context,
    _token: Annotated[HTTPAuthorizationCredentials | None, Security(DEVICE_TOKEN)],
) -> Counter:
    """The counter presenting its device token: 401 without one, 403 ``not_a_counter`` for a
    kiosk."""
    now = context.now()
    device = authenticate_device(request, context.engine, now)
    counter = Counter(context, device, now)
    if device.kind != "counter":
        raise counter.refuse("staff_api", "not_a_counter", "this device is not a counter")
    return counter


def staff_of_request(
    request: Request,
    counter: Annotated[Counter, Depends(counter_of_request)],
    _session: Annotated[str | None, Security(STAFF_SESSION)],
) -> StaffCaller:
    """The person whose open session this counter presents; 401 ``session_expired`` when the
    session ended, expired, or belongs to another workstation."""
    token = request.headers.get(STAFF_SESSION_HEADER)
    if not token:
        raise ApiError(401, "session_expired", "sign in first")
    with counter.context.engine.connect() as conn:
        session = presented_session(conn, token, counter.now)
    if session is None:
        raise counter.refuse("staff_api", "session_expired", "session ended or expired", 401)
    if session.device_id != counter.device.device_id:
        with write_transaction(counter.context.engine) as conn:
            who = Actor(session.username, counter.device.device_id, counter.now)
            record(conn, who, "staff_api", "refused", detail="session of another workstation")
        raise ApiError(401, "session_expired", "this session belongs to another workstation")
    return StaffCaller(counter.context, counter.device, session, counter.now)
