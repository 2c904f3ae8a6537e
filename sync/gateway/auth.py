"""Bearer tokens: the admin token (configured) and device tokens (stored as SHA-256 only)."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Connection, Engine, select, update

from sync.staff_protocol import STAFF_SESSION_HEADER

from .context import GatewayContext, get_context
from .database import as_utc, is_postgres, write_transaction
from .errors import ApiError
from .staff.admin_guard import refuse_staff_session
from .tables import devices

LAST_SEEN_RESOLUTION = timedelta(seconds=30)  # fewer writes: last_seen is a hint, not a log

# The two security schemes of the OpenAPI document. They only declare the schemes (so every
# operation says which token it takes); the checks are ``authenticate_device`` and
# ``require_admin``, which answer 401 as ``ErrorBody``.
DEVICE_TOKEN = HTTPBearer(
    scheme_name="deviceToken",
    description="The device token a kiosk received at enrollment (POST /v1/enroll).",
    auto_error=False,
)
ADMIN_TOKEN = HTTPBearer(
    scheme_name="adminToken",
    description="The gateway's admin token (--admin-token-file); none configured: admin API off.",
    auto_error=False,
)
_Context = Annotated[GatewayContext, Depends(get_context)]


def token_hash(token: str) -> str:
    """Tokens are 256-bit random, so an unsalted hash is enough to make a stolen table useless."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def require_admin(request: Request, admin_token: str | None) -> None:
    token = bearer_token(request)
    if admin_token is None or token is None or not hmac.compare_digest(token, admin_token):
        raise ApiError(401, "unauthorized", "admin token required")


@dataclass(frozen=True)
class Device:
    device_id: str
    name: str
    last_applied_seq: int
    kind: str = "kiosk"  # or counter or display (the enrollment code's kind)


def authenticate_device(
    request: Request, engine: Engine, now: datetime, conn: Connection | None = None
) -> Device:
    """The enrolled, unrevoked device presenting this token, or 401. ``conn``: a connection
    the route goes on to write with (a write transaction, or autocommit on PostgreSQL); the
    token is read and ``last_seen`` noted on it. Else on connections of its own."""
    if conn is not None:
        device, seen_long_ago = _device(conn, request, now)
    else:
        with engine.connect() as own:
            if is_postgres(own):  # one statement: no BEGIN and ROLLBACK round trips around it
                own = own.execution_options(isolation_level="AUTOCOMMIT")
            device, seen_long_ago = _device(own, request, now)
    if device.kind == "display" and not _display_may(request):
        # A waiting room's display reads the walk-in queue and its calls, nothing else.
        raise ApiError(403, "forbidden", "a call display reads only the walk-in queue")
    if seen_long_ago and conn is not None:
        # Not in a transaction of its own: on SQLite ``conn`` may hold the one write lock.
        _note_seen(conn, device, now)
    elif seen_long_ago:
        with write_transaction(engine) as own_write:
            _note_seen(own_write, device, now)
    return device


def _display_may(request: Request) -> bool:
    return request.method == "GET" and request.url.path in ("/v1/walk-in", "/v1/walk-in/calls")


def _device(conn: Connection, request: Request, now: datetime) -> tuple[Device, bool]:
    token = bearer_token(request)
    if token is None:
        raise ApiError(401, "unauthorized", "device token required")
    hashed = token_hash(token)
    row = conn.execute(select(devices).where(devices.c.token_hash == hashed)).first()
    if row is None:
        raise ApiError(401, "unauthorized", "unknown device token")
    if row.revoked_at is not None:
        raise ApiError(401, "device_revoked", "this device was revoked; enroll it again")
    seen_long_ago = row.last_seen is None or now - as_utc(row.last_seen) > LAST_SEEN_RESOLUTION
    device = Device(row.device_id, row.name, int(row.last_applied_seq), row.kind)
    return device, seen_long_ago


def _note_seen(conn: Connection, device: Device, now: datetime) -> None:
    conn.execute(
        update(devices).where(devices.c.device_id == device.device_id).values(last_seen=now)
    )


def admin_context(
    request: Request,
    context: _Context,
    _token: Annotated[HTTPAuthorizationCredentials | None, Security(ADMIN_TOKEN)],
) -> GatewayContext:
    """Dependency of every admin route: the context, once the admin token is checked. A
    person's staff session is refused here (403), whatever else the request carries."""
    presented = [bearer_token(request), request.headers.get(STAFF_SESSION_HEADER)]
    refuse_staff_session(context.engine, context.now(), presented, request.url.path)
    require_admin(request, context.settings.admin_token)
    return context


def device_of_request(
    request: Request,
    context: _Context,
    _token: Annotated[HTTPAuthorizationCredentials | None, Security(DEVICE_TOKEN)],
) -> Device:
    """Dependency of every device route but enroll and health: the authenticated device.
    Run before parameters and body are validated, so a caller without a token learns nothing
    about them."""
    return authenticate_device(request, context.engine, context.now())
