"""Staff sessions: a 256-bit token (stored as SHA-256) bound to one person and one counter,
valid until ``expires_at`` (``GatewaySettings.staff_session_ttl``) or sign-out. A counter's
command names its session by id; it counts if that session was open at the command's time."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, insert, select, update

from ..database import as_utc
from .tables import staff_sessions, staff_users


@dataclass(frozen=True)
class OpenedSession:
    session_id: str
    token: str  # the secret, shown once
    expires_at: datetime


@dataclass(frozen=True)
class SignedIn:
    """The person behind a valid session presented with a request."""

    session_id: str
    username: str
    role: str
    services: tuple[str, ...]
    device_id: str
    expires_at: datetime


def session_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def open_session(
    conn: Connection, username: str, device_id: str, now: datetime, ttl: timedelta
) -> OpenedSession:
    opened = OpenedSession(uuid.uuid4().hex, secrets.token_urlsafe(32), now + ttl)
    conn.execute(
        insert(staff_sessions).values(
            session_id=opened.session_id,
            token_hash=session_token_hash(opened.token),
            username=username,
            device_id=device_id,
            created_at=now,
            expires_at=opened.expires_at,
        )
    )
    return opened


def presented_session(conn: Connection, token: str, now: datetime) -> SignedIn | None:
    """The open session of this token, of an account not disabled; else None. Which device
    presents it is the caller's check (``sessions_device_matches``)."""
    row = conn.execute(
        select(staff_sessions, staff_users.c.role, staff_users.c.services)
        .join(staff_users, staff_users.c.username == staff_sessions.c.username)
        .where(
            staff_sessions.c.token_hash == session_token_hash(token),
            staff_sessions.c.ended_at.is_(None),
            staff_users.c.disabled_at.is_(None),
        )
    ).first()
    if row is None or as_utc(row.expires_at) <= now:
        return None
    return SignedIn(
        row.session_id,
        row.username,
        row.role,
        tuple(row.services or ()),
        row.device_id,
        as_utc(row.expires_at),
    )


def end_session(conn: Connection, session_id: str, now: datetime) -> None:
    conn.execute(
        update(staff_sessions)
        .where(staff_sessions.c.session_id == session_id, staff_sessions.c.ended_at.is_(None))
        .values(ended_at=now)
    )


@dataclass(frozen=True)
class SessionAtTime:
    username: str
    role: str


def session_open_at(
    conn: Connection, session_id: str, device_id: str, at: datetime
) -> SessionAtTime | None:
    """The session's person if the session belongs to ``device_id`` and was open at ``at``
    (created_at <= at < min(expires_at, ended_at)): actions queued offline still count after
    the session ended."""
    row = conn.execute(
        select(staff_sessions, staff_users.c.role)
        .join(staff_users, staff_users.c.username == staff_sessions.c.username)
        .where(staff_sessions.c.session_id == session_id)
    ).first()
    if row is None or row.device_id != device_id:
        return None
    end = as_utc(row.expires_at)
    if row.ended_at is not None:
        end = min(end, as_utc(row.ended_at))
    if not as_utc(row.created_at) <= at < end:
        return None
    return SessionAtTime(row.username, row.role)
