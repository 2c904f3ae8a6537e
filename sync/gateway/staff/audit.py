"""The append-only audit log: every staff read of a case and every staff action, allowed or
refused, written in the transaction of the read or write (a read whose audit row cannot be
written returns nothing). Read by the data-protection officer (``kiosk-app gateway audit``)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import Connection, insert, select

from ..database import as_utc
from .tables import audit_log

Outcome = Literal["allowed", "refused"]
MAX_DETAIL = 200


@dataclass(frozen=True)
class Actor:
    """Who acts: a person at a device, or the machine (``username`` None: admin token, CLI)."""

    username: str | None
    device_id: str | None
    at: datetime  # UTC, the gateway's clock (a command: the gateway's time of applying it)


def record(
    conn: Connection,
    actor: Actor,
    action: str,
    outcome: Outcome,
    *,
    case_number: str | None = None,
    detail: str = "",
) -> None:
    """One audit row. ``detail`` is short and never personal data (codes, reasons)."""
    record_many(conn, actor, action, outcome, [case_number], detail=detail)


def record_many(
    conn: Connection,
    actor: Actor,
    action: str,
    outcome: Outcome,
    case_numbers: Iterable[str | None],
    *,
    detail: str = "",
) -> None:
    """One audit row per case (a day's list reads many cases at once)."""
    rows = [
        {
            "at": actor.at,
            "username": actor.username,
            "device_id": actor.device_id,
            "action": action,
            "case_number": number,
            "outcome": outcome,
            "detail": detail[:MAX_DETAIL],
        }
        for number in case_numbers
    ]
    if rows:
        conn.execute(insert(audit_log), rows)


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    username: str | None
    device_id: str | None
    action: str
    case_number: str | None
    outcome: str
    detail: str


def audit_entries(
    conn: Connection,
    *,
    case_number: str | None = None,
    username: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[AuditEntry]:
    """Entries of a case or a person (or both), oldest first; ``since`` inclusive, ``until``
    exclusive (UTC)."""
    query = select(audit_log).order_by(audit_log.c.at, audit_log.c.id)
    if case_number is not None:
        query = query.where(audit_log.c.case_number == case_number)
    if username is not None:
        query = query.where(audit_log.c.username == username)
    if since is not None:
        query = query.where(audit_log.c.at >= since)
    if until is not None:
        query = query.where(audit_log.c.at < until)
    return [
        AuditEntry(
            int(row.id),
            as_utc(row.at),
            row.username,
            row.device_id,
            row.action,
            row.case_number,
            row.outcome,
            row.detail,
        )
        for row in conn.execute(query)
    ]


CSV_HEADER = ("id", "at_utc", "username", "device_id", "action", "case_number", "outcome", "detail")


def audit_csv(entries: Iterable[AuditEntry]) -> str:
    """``;``-separated as the office's spreadsheets read it (the bookings CSV does the same)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for entry in entries:
        writer.writerow(
            (
                entry.id,
                entry.at.isoformat(),
                entry.username or "",
                entry.device_id or "",
                entry.action,
                entry.case_number or "",
                entry.outcome,
                entry.detail,
            )
        )
    return out.getvalue()
