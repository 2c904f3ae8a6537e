"""Commands the gateway refused or that arrived as voids: what staff must look at.

A kiosk parks a command the gateway refuses on its merits (a slot taken meanwhile, a lease no
longer held, an unknown case) and keeps it for staff review; the gateway stores what the
command named beside its outcome (``command_log.detail``), resolved to the case *number*, so
staff can reach the resident. After a restore from backup this is where a booking that could
not be replayed shows up (docs/gateway.md "Backup and restore").
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, or_, select

from sync.protocol import (
    BookSlot,
    CancelBooking,
    Command,
    IssueWalkInTicket,
    MarkDocumentsReceived,
    MoveBooking,
    RegisterReference,
    ReportUsage,
    StaffCaseViewed,
    StaffCheckIn,
    StaffMarkDocuments,
    StaffNoShow,
    StaffSetStatus,
    SubmitForm,
    VoidCommand,
)

from .case_keys import resolve_case
from .database import as_utc
from .tables import bookings, cases, command_log, devices


def conflict_detail(conn: Connection, command: Command) -> str:
    """JSON of what a refused or void command named, for ``command_log.detail``."""
    payload = command.payload
    detail: dict[str, Any] = {"created_at": command.created_at.isoformat()}
    if isinstance(payload, VoidCommand):
        detail["reason"] = payload.reason
        return json.dumps(detail, ensure_ascii=False)
    if isinstance(payload, StaffMarkDocuments | StaffSetStatus | StaffCaseViewed):
        detail.update(case_number=payload.case_number, session_id=payload.session_id)
        if isinstance(payload, StaffMarkDocuments):
            detail["documents"] = list(payload.documents)
        elif isinstance(payload, StaffSetStatus):
            # What the clerk saw, what they wanted, and what it is now: shown to them.
            detail.update(
                expected_status=payload.expected_status.value,
                wanted_status=payload.status.value,
                current_status=conn.execute(
                    select(cases.c.status).where(cases.c.case_number == payload.case_number)
                ).scalar_one_or_none(),
            )
        return json.dumps(detail, ensure_ascii=False)
    if isinstance(payload, ReportUsage):
        # Anonymous figures name no case: only how many were refused.
        detail["figures"] = len(payload.counts)
        return json.dumps(detail, ensure_ascii=False)
    if isinstance(payload, IssueWalkInTicket):
        # A refused walk-in ticket names no case: its service and whether it was urgent.
        detail.update(ticket_id=payload.ticket_id, service=payload.service, urgent=payload.urgent)
        return json.dumps(detail, ensure_ascii=False)
    if isinstance(payload, StaffCheckIn | StaffNoShow):
        detail.update(
            booking_id=payload.booking_id,
            session_id=payload.session_id,
            case_number=conn.execute(
                select(bookings.c.case_number).where(bookings.c.booking_id == payload.booking_id)
            ).scalar_one_or_none(),
        )
        return json.dumps(detail, ensure_ascii=False)
    if isinstance(payload, SubmitForm):
        # A refused form (issue 17): which form and receipt, never its answers.
        key = payload.lookup_key
        detail.update(
            receipt=payload.receipt,
            form_id=payload.form_id,
            case_number=resolve_case(conn, key) if key else None,
        )
        return json.dumps(detail, ensure_ascii=False)
    detail["case_number"] = resolve_case(conn, payload.lookup_key)
    if isinstance(payload, BookSlot | MoveBooking):
        detail.update(booking_id=payload.booking_id, slot_id=payload.slot_id)
    elif isinstance(payload, CancelBooking):
        detail["booking_id"] = payload.booking_id
    elif isinstance(payload, MarkDocumentsReceived):
        detail["documents"] = list(payload.documents)
    elif isinstance(payload, RegisterReference):
        detail.update(reference=payload.reference, booking_id=payload.booking_id)
    return json.dumps(detail, ensure_ascii=False)


@dataclass(frozen=True)
class Conflict:
    device_id: str
    device_name: str
    seq: int
    kind: str
    outcome: str  # rejected, or applied for a void
    reason: str | None  # the refusal (slot_taken, …) or the void's reason
    at: datetime  # when the gateway answered it (UTC)
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def case_number(self) -> str | None:
        found = self.detail.get("case_number")
        return None if found is None else str(found)


def list_conflicts(conn: Connection, since: datetime | None = None) -> list[Conflict]:
    """Refused and void commands of every device, oldest first (``since``: answered then or
    later, UTC)."""
    query = (
        select(
            command_log.c.device_id,
            devices.c.name,
            command_log.c.seq,
            command_log.c.kind,
            command_log.c.outcome,
            command_log.c.response,
            command_log.c.applied_at,
            command_log.c.detail,
        )
        .join(devices, devices.c.device_id == command_log.c.device_id)
        .where(or_(command_log.c.outcome == "rejected", command_log.c.kind == "void"))
        # A refused walk-in ticket (closed, quota used up) was answered to the kiosk at once and
        # names nobody to contact: it is no conflict for staff.
        .where(command_log.c.kind != "issue_walk_in_ticket")
        .order_by(command_log.c.applied_at, command_log.c.device_id, command_log.c.seq)
    )
    if since is not None:
        query = query.where(command_log.c.applied_at >= since)
    found = []
    for row in conn.execute(query):
        detail = json.loads(row.detail) if row.detail else {}
        reason = json.loads(row.response).get("reason") or detail.get("reason")
        found.append(
            Conflict(
                row.device_id,
                row.name,
                int(row.seq),
                row.kind,
                row.outcome,
                reason,
                as_utc(row.applied_at),
                detail,
            )
        )
    return found
