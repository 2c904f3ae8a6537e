"""The machine's admin API is not for people: a request to ``/admin/v1/*`` that presents a
staff session (as the bearer token or in ``X-Staff-Session``) is refused 403 ``forbidden``,
naming the role and what it may not do, and audited as refused."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine

from ..database import write_transaction
from ..errors import ApiError
from .audit import Actor, record
from .roles import refusal
from .sessions import presented_session

# What each admin path does, in the refusal's words (``role counter may not import``).
_ADMIN_WORDS = (
    ("/admin/v1/imports", "import"),
    ("/admin/v1/enrollment-codes", "create enrollment codes"),
    ("/admin/v1/devices", "manage devices"),
    ("/admin/v1/cases", "change cases through the admin API"),
    ("/admin/v1/rotate-pepper", "rotate the pepper"),
    ("/admin/v1/documents", "edit the document catalog"),
    ("/admin/v1/services", "edit services"),
    ("/admin/v1/bookings", "list bookings through the admin API"),
    ("/admin/v1/references", "look up references through the admin API"),
    ("/admin/v1/closures", "manage closure days"),
)


def admin_words(path: str) -> str:
    return next((w for prefix, w in _ADMIN_WORDS if path.startswith(prefix)), "use the admin API")


def refuse_staff_session(
    engine: Engine, now: datetime, presented: list[str | None], path: str
) -> None:
    """Raise 403 if any presented token is an open staff session; nothing otherwise."""
    tokens = [token for token in presented if token]
    if not tokens:
        return
    with engine.connect() as conn:
        found = next(
            (s for token in tokens if (s := presented_session(conn, token, now)) is not None),
            None,
        )
    if found is None:
        return
    words = admin_words(path)
    with write_transaction(engine) as conn:
        actor = Actor(found.username, found.device_id, now)
        record(conn, actor, "admin_api", "refused", detail=f"{found.role} may not {words}")
    raise ApiError(403, "forbidden", refusal(found.role, words))
