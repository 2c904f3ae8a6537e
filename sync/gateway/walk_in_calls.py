"""The calls of walk-in tickets as the waiting room's displays read them (issue 15).

Every call (the first and each recall) adds one row to ``walk_in_calls`` in the transaction that
calls, numbered ``max(seq) + 1``. A display reads the rows above the highest number it has seen.
No call may ever commit below a number a display has already read: on SQLite writers take turns
(``BEGIN IMMEDIATE``); on PostgreSQL the caller holds a transaction-scoped advisory lock from
numbering to commit, so calls commit in the order of their numbers (a call is a rare, short
write: a few a minute per office)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, text

from sync.walk_in_protocol import WalkInCall

from .database import as_utc
from .tables import walk_in_calls

CALL_LOCK = 0x6B67_0003  # advisory lock purpose (see change_feed's keys)
LATEST = 8  # calls a display gets when it starts without a cursor
PAGE = 100

_PG_LOCK_CALLS = text("SELECT pg_advisory_xact_lock(:purpose, hashtext(current_schema()))")


def record_call(
    conn: Connection,
    *,
    day: date,
    ticket_id: str,
    label: str,
    service: str,
    language: str,
    counter_name: str,
    call_number: int,
    at: datetime,
) -> int:
    """Number and store one call, in the caller's write transaction; its number."""
    if conn.dialect.name == "postgresql":
        conn.execute(_PG_LOCK_CALLS, {"purpose": CALL_LOCK})
    top = conn.execute(select(func.max(walk_in_calls.c.seq))).scalar_one_or_none()
    seq = int(top or 0) + 1
    conn.execute(
        insert(walk_in_calls).values(
            seq=seq,
            day=day,
            ticket_id=ticket_id,
            label=label,
            service=service,
            language=language,
            counter_name=counter_name,
            call_number=call_number,
            called_at=at,
        )
    )
    return seq


def calls_after(conn: Connection, after: int) -> list[WalkInCall]:
    """The calls numbered above ``after``, oldest first (at most ``PAGE``)."""
    rows = conn.execute(
        select(walk_in_calls)
        .where(walk_in_calls.c.seq > after)
        .order_by(walk_in_calls.c.seq)
        .limit(PAGE)
    )
    return [_out(row) for row in rows]


def latest_calls(conn: Connection, day: date) -> tuple[list[WalkInCall], int]:
    """The day's last ``LATEST`` calls, oldest first, and the cursor to go on from (the highest
    number of any day: earlier days' calls are never shown)."""
    top = int(conn.execute(select(func.max(walk_in_calls.c.seq))).scalar_one_or_none() or 0)
    rows = conn.execute(
        select(walk_in_calls)
        .where(walk_in_calls.c.day == day)
        .order_by(walk_in_calls.c.seq.desc())
        .limit(LATEST)
    )
    return [_out(row) for row in reversed(list(rows))], top


def _out(row: Any) -> WalkInCall:
    return WalkInCall(
        seq=row.seq,
        ticket_id=row.ticket_id,
        label=row.label,
        service=row.service,
        language=row.language,
        counter_name=row.counter_name,
        call_number=row.call_number,
        called_at=as_utc(row.called_at),
    )
