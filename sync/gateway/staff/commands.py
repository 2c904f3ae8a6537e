"""The counter's commands (``sync.protocol.Staff*``), applied by ``commands._effects`` in the
command's transaction, exactly once like every command. Each is checked, applied and audited
under the person of its session in that one transaction:

- the device must be a counter (else ``not_a_counter``);
- the named session must be this device's and open at ``command.created_at`` (else
  ``session_invalid``): actions queued offline count after the session ended;
- the person's role must allow staff actions (else ``forbidden``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, update

from sync.protocol import (
    Command,
    CommandResult,
    StaffCaseViewed,
    StaffCheckIn,
    StaffMarkDocuments,
    StaffNoShow,
    StaffSetStatus,
)

from ..case_writes import refresh_bookings, set_status, strike_documents
from ..change_feed import share_feed
from ..slots import OfficeClock
from ..tables import bookings, cases, devices
from .audit import Actor, record
from .roles import may
from .sessions import session_open_at
from .tables import received_documents

STAFF_PAYLOADS = (StaffMarkDocuments, StaffSetStatus, StaffCheckIn, StaffNoShow, StaffCaseViewed)
StaffPayload = StaffMarkDocuments | StaffSetStatus | StaffCheckIn | StaffNoShow | StaffCaseViewed

ACTIONS = {
    "staff_mark_documents": "mark_documents",
    "staff_set_status": "set_status",
    "staff_check_in": "check_in",
    "staff_no_show": "no_show",
    "staff_case_viewed": "read_case_offline",
}


def apply_staff_command(
    conn: Connection, command: Command, device_id: str, now: datetime, clock: OfficeClock
) -> CommandResult:
    payload = command.payload
    assert isinstance(payload, STAFF_PAYLOADS)
    action = ACTIONS[payload.kind]
    case_number = getattr(payload, "case_number", None)
    machine = Actor(None, device_id, now)
    kind = conn.execute(select(devices.c.kind).where(devices.c.device_id == device_id)).scalar_one()
    if kind != "counter":
        return _refused(conn, command, machine, action, case_number, "not_a_counter")
    session = session_open_at(conn, payload.session_id, device_id, command.created_at)
    if session is None:
        return _refused(conn, command, machine, action, case_number, "session_invalid")
    actor = Actor(session.username, device_id, now)
    if not may(session.role, "staff_commands"):
        return _refused(conn, command, actor, action, case_number, "forbidden")
    if isinstance(payload, StaffCheckIn | StaffNoShow):
        return _booking_action(conn, command, payload, actor, action)
    assert case_number is not None
    share_feed(conn)
    current = conn.execute(
        select(cases.c.status).where(cases.c.case_number == case_number).with_for_update()
    ).scalar_one_or_none()
    if current is None:
        return _refused(conn, command, actor, action, case_number, "unknown_case")
    if isinstance(payload, StaffMarkDocuments):
        _receive(conn, payload, actor, command.created_at)
        detail = ",".join(payload.documents)
    elif isinstance(payload, StaffSetStatus):
        if current == payload.status.value:
            detail = f"{current} (already)"  # what the clerk wanted is so: nothing to show
        elif current != payload.expected_status.value:
            reason = f"status_changed: expected {payload.expected_status.value}, is {current}"
            return _refused(conn, command, actor, action, case_number, "status_changed", reason)
        else:
            on = clock.local(command.created_at).date()
            set_status(conn, case_number, payload.status, on)
            detail = f"{current} -> {payload.status.value}"
    else:
        detail = "from the counter's cache (offline)"
    record(conn, actor, action, "allowed", case_number=case_number, detail=detail)
    return CommandResult(seq=command.seq, outcome="applied")


def _receive(
    conn: Connection, payload: StaffMarkDocuments, actor: Actor, received_at: datetime
) -> None:
    """Strike the codes off the missing list and note them received; a code received before
    keeps its first time (the set only grows)."""
    strike_documents(conn, payload.case_number, payload.documents)
    known = set(
        conn.execute(
            select(received_documents.c.code).where(
                received_documents.c.case_number == payload.case_number
            )
        ).scalars()
    )
    rows = [
        {
            "case_number": payload.case_number,
            "code": code,
            "received_at": received_at,
            "username": actor.username,
            "device_id": actor.device_id,
        }
        for code in dict.fromkeys(payload.documents)
        if code not in known
    ]
    if rows:
        conn.execute(received_documents.insert(), rows)


def _booking_action(
    conn: Connection,
    command: Command,
    payload: StaffCheckIn | StaffNoShow,
    actor: Actor,
    action: str,
) -> CommandResult:
    share_feed(conn)
    owner = conn.execute(
        select(bookings.c.case_number).where(bookings.c.booking_id == payload.booking_id)
    ).scalar_one_or_none()
    if owner is None:
        return _refused(conn, command, actor, action, None, "unknown_booking")
    # The case's row lock first, as every booking writer takes it (booking._locked_booking).
    conn.execute(select(cases.c.case_number).where(cases.c.case_number == owner).with_for_update())
    row = conn.execute(select(bookings).where(bookings.c.booking_id == payload.booking_id)).first()
    assert row is not None
    if not row.active:
        return _refused(conn, command, actor, action, owner, "booking_not_active")
    at = command.created_at
    if isinstance(payload, StaffCheckIn):
        if row.checked_in_at is None:
            _set_booking(conn, payload.booking_id, checked_in_at=at)
    else:
        # The resident did not come: the booking ends, and kiosks see it gone from the case.
        _set_booking(conn, payload.booking_id, no_show_at=at, active=False, updated_at=actor.at)
        refresh_bookings(conn, owner)
    record(conn, actor, action, "allowed", case_number=owner, detail=payload.booking_id)
    return CommandResult(seq=command.seq, outcome="applied")


def _set_booking(conn: Connection, booking_id: str, **values: Any) -> None:
    conn.execute(update(bookings).where(bookings.c.booking_id == booking_id).values(**values))


def _refused(
    conn: Connection,
    command: Command,
    actor: Actor,
    action: str,
    case_number: str | None,
    reason: str,
    detail: str | None = None,
) -> CommandResult:
    record(conn, actor, action, "refused", case_number=case_number, detail=detail or reason)
    return CommandResult(seq=command.seq, outcome="rejected", reason=reason)
