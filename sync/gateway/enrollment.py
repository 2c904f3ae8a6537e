"""One-time enrollment codes (stored hashed) traded for a device id and token."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import Connection, insert, select, update

from .auth import token_hash
from .database import as_utc
from .tables import devices, enrollment_codes

# No 0/O, 1/I/L: the code is read off a screen and typed on a kiosk.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12


@dataclass(frozen=True)
class IssuedCode:
    code: str
    expires_at: datetime


@dataclass(frozen=True)
class NewDevice:
    device_id: str
    device_token: str


class CodeRefused(Exception):
    """Unknown, used or expired: deliberately one answer for all three."""


def normalise_code(code: str) -> str:
    return "".join(char for char in code.upper() if char.isalnum())


DeviceKind = Literal["kiosk", "counter", "display"]
DEVICE_KINDS: tuple[DeviceKind, ...] = ("kiosk", "counter", "display")


def create_code(
    conn: Connection, now: datetime, ttl: timedelta, kind: DeviceKind = "kiosk"
) -> IssuedCode:
    """A fresh code for a device of ``kind``; only its hash is stored, so it can be shown
    exactly once."""
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    expires = now + ttl
    conn.execute(
        insert(enrollment_codes).values(
            code_hash=token_hash(code), created_at=now, expires_at=expires, kind=kind
        )
    )
    return IssuedCode(code, expires)


def redeem_code(conn: Connection, code: str, device_name: str, now: datetime) -> NewDevice:
    """Use the code up and enroll a device in the same transaction."""
    hashed = token_hash(normalise_code(code))
    row = conn.execute(
        select(
            enrollment_codes.c.expires_at, enrollment_codes.c.used_at, enrollment_codes.c.kind
        ).where(enrollment_codes.c.code_hash == hashed)
    ).first()
    if row is None or row.used_at is not None or as_utc(row.expires_at) <= now:
        raise CodeRefused()
    device = NewDevice(uuid.uuid4().hex, secrets.token_urlsafe(32))
    used = conn.execute(
        update(enrollment_codes)
        .where(enrollment_codes.c.code_hash == hashed, enrollment_codes.c.used_at.is_(None))
        .values(used_at=now, device_id=device.device_id)
    )
    if used.rowcount != 1:  # another enrollment won the race
        raise CodeRefused()
    conn.execute(
        insert(devices).values(
            device_id=device.device_id,
            name=device_name,
            token_hash=token_hash(device.device_token),
            enrolled_at=now,
            last_applied_seq=0,
            last_seen=now,
            kind=row.kind,  # the code decides: a kiosk, a counter or a call display
        )
    )
    return device
