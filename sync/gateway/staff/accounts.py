"""Staff accounts: create, check a password with lock-out, change and reset passwords, unlock,
disable. The lock-out counter lives in the database (several gateway processes share it): 5
consecutive failures lock the account for 30 minutes, until it ends or an admin unlocks it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from ..database import as_utc, write_transaction
from .audit import Actor, record
from .passwords import hash_password, one_time_password, verify_password
from .roles import ROLES
from .tables import staff_users

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=30)
Result = TypeVar("Result")


@dataclass(frozen=True)
class StaffUser:
    username: str
    role: str
    services: tuple[str, ...]  # empty: all services
    must_change_password: bool
    failed_attempts: int
    locked_until: datetime | None
    created_at: datetime
    disabled_at: datetime | None

    @classmethod
    def from_row(cls, row: Any) -> StaffUser:
        return cls(
            row.username,
            row.role,
            tuple(row.services or ()),
            bool(row.must_change_password),
            int(row.failed_attempts),
            as_utc(row.locked_until) if row.locked_until else None,
            as_utc(row.created_at),
            as_utc(row.disabled_at) if row.disabled_at else None,
        )

    def locked_at(self, now: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now


class AccountError(Exception):
    """A refused account operation; ``code`` is the staff API's error code."""

    def __init__(self, code: str, detail: str | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail


def find_user(conn: Connection, username: str, *, lock: bool = False) -> StaffUser | None:
    query = select(staff_users).where(staff_users.c.username == username)
    row = conn.execute(query.with_for_update() if lock else query).first()
    return None if row is None else StaffUser.from_row(row)


def list_users(conn: Connection) -> list[StaffUser]:
    rows = conn.execute(select(staff_users).order_by(staff_users.c.username))
    return [StaffUser.from_row(row) for row in rows]


def create_user(
    conn: Connection,
    actor: Actor,
    username: str,
    role: str,
    services: Sequence[str] = (),
    *,
    password: str | None = None,
    must_change_password: bool = True,
) -> str:
    """A new account; returns its password (a one-time password unless one is given: the
    demo's clerk). ``AccountError('user_exists')`` if the name is taken."""
    if role not in ROLES:
        raise AccountError("invalid_role", f"role is one of {', '.join(ROLES)}")
    secret = password or one_time_password()
    try:
        with conn.begin_nested():
            conn.execute(
                insert(staff_users).values(
                    username=username,
                    role=role,
                    services=sorted(set(services)),
                    password_hash=hash_password(secret),
                    must_change_password=must_change_password,
                    failed_attempts=0,
                    created_at=actor.at,
                )
            )
    except IntegrityError:
        raise AccountError("user_exists", f"the account {username} exists already") from None
    record(conn, actor, "create_user", "allowed", detail=f"{username} as {role}")
    return secret


def sign_in_checked(
    engine: Engine,
    actor: Actor,
    username: str,
    password: str,
    action: str,
    on_success: Callable[[Connection, StaffUser], Result],
    *,
    allow_must_change: bool = False,
) -> Result:
    """Check the password; on success run ``on_success`` in the transaction that resets the
    failure count and audits the action. Every refusal is audited too, and raised as
    ``AccountError`` only after its transaction committed (the failure count must stay)."""
    with engine.connect() as conn:
        before = find_user(conn, username)
        stored = _hash_of(conn, username)
    # Outside any transaction: argon2 takes tens of milliseconds, writers must not wait on it.
    if before is not None and before.locked_at(actor.at):
        matches = False  # no verification for a locked account: the lock is the answer
    else:
        usable = before is not None and before.disabled_at is None
        matches = verify_password(stored if usable else None, password)
    refusal: AccountError | None = None
    with write_transaction(engine) as conn:
        user = find_user(conn, username, lock=True)
        if user is None or user.disabled_at is not None:
            # Unknown names are not written down: people type passwords into the name field.
            who = Actor(user.username if user else None, actor.device_id, actor.at)
            record(conn, who, action, "refused", detail="wrong credentials")
            refusal = AccountError("wrong_credentials", "unknown user or wrong password")
        elif user.locked_at(actor.at):
            assert user.locked_until is not None
            record(conn, actor, action, "refused", detail="account locked")
            refusal = AccountError("account_locked", user.locked_until.isoformat())
        elif not matches:
            refusal = _failed(conn, actor, user, action)
        else:
            if user.failed_attempts or user.locked_until:
                _set(conn, username, failed_attempts=0, locked_until=None)
            if user.must_change_password and not allow_must_change:
                record(conn, actor, action, "refused", detail="password change required")
                refusal = AccountError(
                    "password_change_required", "change the one-time password first"
                )
            else:
                result = on_success(conn, user)
                record(conn, actor, action, "allowed")
                return result
    raise refusal


def _hash_of(conn: Connection, username: str) -> str | None:
    found = conn.execute(
        select(staff_users.c.password_hash).where(staff_users.c.username == username)
    ).scalar_one_or_none()
    return None if found is None else str(found)


def _failed(conn: Connection, actor: Actor, user: StaffUser, action: str) -> AccountError:
    # A lock that has run out starts a new count.
    earlier = 0 if user.locked_until is not None else user.failed_attempts
    failures = earlier + 1
    locked_until = actor.at + LOCKOUT if failures >= MAX_FAILURES else None
    _set(conn, user.username, failed_attempts=failures, locked_until=locked_until)
    if locked_until is not None:
        record(conn, actor, action, "refused", detail=f"wrong password {failures}: locked")
        return AccountError("account_locked", locked_until.isoformat())
    record(conn, actor, action, "refused", detail=f"wrong password {failures}")
    return AccountError("wrong_credentials", "unknown user or wrong password")


def _set(conn: Connection, username: str, **values: Any) -> bool:
    done = conn.execute(
        update(staff_users).where(staff_users.c.username == username).values(**values)
    )
    return done.rowcount == 1


def set_password(conn: Connection, username: str, new_password: str) -> None:
    """The person's own new password (after checking the old one)."""
    _set(conn, username, password_hash=hash_password(new_password), must_change_password=False)


def unlock(conn: Connection, actor: Actor, username: str) -> bool:
    """End a lock-out and its count. False: no such account."""
    done = _set(conn, username, failed_attempts=0, locked_until=None)
    if done:
        record(conn, actor, "unlock_user", "allowed", detail=username)
    return done


def disable(conn: Connection, actor: Actor, username: str) -> bool:
    """The person leaves: no more sign-ins, open sessions stop working. False: no such account."""
    done = _set(conn, username, disabled_at=actor.at)
    if done:
        record(conn, actor, "disable_user", "allowed", detail=username)
    return done


def reset_password(conn: Connection, actor: Actor, username: str) -> str | None:
    """A new one-time password (printed once), to be changed at the next sign-in; also ends a
    lock-out. None: no such account."""
    secret = one_time_password()
    done = _set(
        conn,
        username,
        password_hash=hash_password(secret),
        must_change_password=True,
        failed_attempts=0,
        locked_until=None,
    )
    if not done:
        return None
    record(conn, actor, "reset_password", "allowed", detail=username)
    return secret
