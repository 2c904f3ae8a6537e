"""The counter's side of the walk-in queue (issue 15): call next, recall, start, done, no-show,
send to another service. Each runs in one write transaction with its audit row (no case number:
a ticket names no case; the detail is the ticket's label and service).

"Call next" never hands two clerks the same ticket: it picks the first waiting ticket in call
order (on PostgreSQL with ``FOR UPDATE SKIP LOCKED``, so a concurrent caller skips the row
another one holds) and takes it with a conditional ``UPDATE ... WHERE state = 'waiting'``; when
that changes no row (someone else took it first, which only the conditional update can tell on
SQLite without its writer lock), it picks again."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, select, update

from kiosk_app.core.walk_in import ticket_label

from .database import is_postgres
from .staff.audit import Actor, record
from .tables import walk_in_services, walk_in_tickets
from .walk_in import CALL_ORDER
from .walk_in_calls import record_call
from .walk_in_usage import count_first_call

MAX_CALLS = 3
CALL_ATTEMPTS = 50  # picks before "call next" gives up under extreme contention


class QueueError(Exception):
    """``unknown_ticket``, ``ticket_state`` (not in a state that allows it; the detail says
    which), ``not_your_ticket`` (called to another desk), ``unknown_service``."""

    def __init__(self, code: str, detail: str | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class Desk:
    """The clerk and the counter workstation acting."""

    actor: Actor
    device_id: str
    name: str  # the counter's name, shown on the call display


def call_next(conn: Connection, desk: Desk, day: date, services: Sequence[str]) -> str | None:
    """Call the first waiting ticket of ``services`` to ``desk``; its id, or None when none
    waits. One attempt per transaction is enough on SQLite (writers take turns); the loop is for
    PostgreSQL, where a conditional update may lose to a concurrent caller."""
    for _ in range(CALL_ATTEMPTS):
        query = (
            select(walk_in_tickets.c.ticket_id)
            .where(
                walk_in_tickets.c.day == day,
                walk_in_tickets.c.service.in_(list(services)),
                walk_in_tickets.c.state == "waiting",
            )
            .order_by(*CALL_ORDER)
            .limit(1)
        )
        if is_postgres(conn):
            query = query.with_for_update(skip_locked=True)
        ticket_id = conn.execute(query).scalar_one_or_none()
        if ticket_id is None:
            return None
        taken = conn.execute(
            update(walk_in_tickets)
            .where(walk_in_tickets.c.ticket_id == ticket_id, walk_in_tickets.c.state == "waiting")
            .values(
                state="called",
                calls=1,
                called_at=desk.actor.at,
                last_called_at=desk.actor.at,
                counter_device_id=desk.device_id,
                counter_name=desk.name,
            )
        ).rowcount
        if taken == 1:
            _audit(conn, desk, "walk_in_call", ticket_id)
            row = conn.execute(
                select(walk_in_tickets).where(walk_in_tickets.c.ticket_id == ticket_id)
            ).one()
            count_first_call(conn, row)
            _record(conn, row, desk)
            return str(ticket_id)
    raise QueueError("busy", "the queue is too busy; try again")


def recall(conn: Connection, desk: Desk, ticket_id: str) -> str:
    """Call the ticket again; after the third call a recall marks it missed. The new state."""
    row = _own(conn, desk, ticket_id, ("called",))
    if row.calls >= MAX_CALLS:
        _set(conn, ticket_id, "called", state="missed", finished_at=desk.actor.at)
        _audit(conn, desk, "walk_in_missed", ticket_id)
        return "missed"
    _set(conn, ticket_id, "called", calls=row.calls + 1, last_called_at=desk.actor.at)
    _audit(conn, desk, "walk_in_recall", ticket_id)
    _record(conn, row, desk, row.calls + 1)
    return "called"


def start(conn: Connection, desk: Desk, ticket_id: str) -> None:
    _own(conn, desk, ticket_id, ("called",))
    _set(conn, ticket_id, "called", state="serving", started_at=desk.actor.at)
    _audit(conn, desk, "walk_in_start", ticket_id)


def done(conn: Connection, desk: Desk, ticket_id: str) -> None:
    row = _own(conn, desk, ticket_id, ("called", "serving"))
    values: dict[str, Any] = {"state": "done", "finished_at": desk.actor.at}
    if row.started_at is None:
        values["started_at"] = desk.actor.at
    _set(conn, ticket_id, row.state, **values)
    _audit(conn, desk, "walk_in_done", ticket_id)


def no_show(conn: Connection, desk: Desk, ticket_id: str) -> None:
    _own(conn, desk, ticket_id, ("called",))
    _set(conn, ticket_id, "called", state="no_show", finished_at=desk.actor.at)
    _audit(conn, desk, "walk_in_no_show", ticket_id)


def transfer(conn: Connection, desk: Desk, ticket_id: str, service: str) -> None:
    """Send the ticket to ``service``'s queue: it waits there in the place its issue time gives
    it (not at the end), with its number and calls counted afresh."""
    row = _own(conn, desk, ticket_id, ("called", "serving"))
    known = conn.execute(
        select(walk_in_services.c.service).where(walk_in_services.c.service == service)
    ).first()
    if known is None:
        raise QueueError("unknown_service", "not a walk-in service")
    if service == row.service:
        raise QueueError("ticket_state", "the ticket is in this service already")
    _audit(conn, desk, "walk_in_transfer", ticket_id, f" -> {service}")
    _set(
        conn,
        ticket_id,
        row.state,
        state="waiting",
        service=service,
        calls=0,
        called_at=None,
        last_called_at=None,
        started_at=None,
        counter_device_id=None,
        counter_name=None,
        transferred_from=row.service,
    )


def _record(conn: Connection, row: Any, desk: Desk, call_number: int = 1) -> None:
    """The call as the waiting room's displays read it (``walk_in_calls.py``)."""
    record_call(
        conn,
        day=row.day,
        ticket_id=row.ticket_id,
        label=ticket_label(row.letter, row.number),
        service=row.service,
        language=row.language,
        counter_name=desk.name,
        call_number=call_number,
        at=desk.actor.at,
    )


def _own(conn: Connection, desk: Desk, ticket_id: str, states: tuple[str, ...]) -> Any:
    query = select(walk_in_tickets).where(walk_in_tickets.c.ticket_id == ticket_id)
    row = conn.execute(query.with_for_update()).first()
    if row is None:
        raise QueueError("unknown_ticket")
    if row.state not in states:
        raise QueueError("ticket_state", f"the ticket is {row.state}")
    if row.counter_device_id != desk.device_id:
        raise QueueError("not_your_ticket", "called to another counter")
    return row


def _set(conn: Connection, ticket_id: str, current: str, **values: Any) -> None:
    changed = conn.execute(
        update(walk_in_tickets)
        .where(walk_in_tickets.c.ticket_id == ticket_id, walk_in_tickets.c.state == current)
        .values(**values)
    ).rowcount
    if changed != 1:  # changed under us (PostgreSQL holds the row lock, so only in theory)
        raise QueueError("ticket_state", "the ticket changed meanwhile")


def _audit(conn: Connection, desk: Desk, action: str, ticket_id: str, extra: str = "") -> None:
    row = conn.execute(
        select(walk_in_tickets.c.letter, walk_in_tickets.c.number, walk_in_tickets.c.service).where(
            walk_in_tickets.c.ticket_id == ticket_id
        )
    ).one()
    detail = f"{ticket_label(row.letter, row.number)} {row.service}{extra}"
    record(conn, desk.actor, action, "allowed", detail=detail)
