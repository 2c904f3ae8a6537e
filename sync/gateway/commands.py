"""Commands pushed by kiosks, applied exactly once in per-device sequence.

Each command runs in its own transaction that checks the sequence, applies the effects, stores
the answer and advances ``last_applied_seq`` together: a repeat is answered as before, a gap is
refused, and a rejected command still advances the sequence so it never blocks the ones after it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import Connection, Engine, insert, select, update

from sync.protocol import (
    BookingRequest,
    BookSlot,
    CancelBooking,
    Command,
    CommandResult,
    IssueWalkInTicket,
    MarkDocumentsReceived,
    MoveBooking,
    RegisterReference,
    ReportUsage,
    SubmitForm,
    VoidCommand,
)

from .booking import BookingPolicy, apply_booking
from .case_writes import mark_documents_received
from .conflicts import conflict_detail
from .database import write_transaction
from .forms import submit_form
from .references import register_reference
from .staff.commands import STAFF_PAYLOADS, apply_staff_command
from .tables import command_log, devices
from .usage import UsageError, add_usage, to_count
from .walk_in import Office, issue_ticket

_ACTIONS: dict[str, Literal["book", "move", "cancel"]] = {
    "book_slot": "book",
    "move_booking": "move",
    "cancel_booking": "cancel",
}


class SequenceGapError(Exception):
    def __init__(self, expected_seq: int) -> None:
        super().__init__(expected_seq)
        self.expected_seq = expected_seq


@dataclass(frozen=True)
class Applied:
    results: list[CommandResult]
    last_applied_seq: int


def apply_commands(
    engine: Engine,
    device_id: str,
    commands: Sequence[Command],
    now: datetime,
    policy: BookingPolicy,
) -> Applied:
    """Apply in order; raises ``SequenceGapError`` at the first gap (earlier ones stay applied)."""
    results: list[CommandResult] = []
    last = 0
    for command in commands:
        with write_transaction(engine) as conn:
            result, last = _apply_one(conn, device_id, command, now, policy)
        results.append(result)
    if not commands:
        with engine.connect() as conn:
            last = _last_applied(conn, device_id, lock=False)
    return Applied(results, last)


def _apply_one(
    conn: Connection, device_id: str, command: Command, now: datetime, policy: BookingPolicy
) -> tuple[CommandResult, int]:
    last = _last_applied(conn, device_id, lock=True)
    if command.seq <= last:
        return _repeat(conn, device_id, command.seq), last
    if command.seq > last + 1:
        raise SequenceGapError(last + 1)
    result = _effects(conn, command, device_id, now, policy)
    noted = result.outcome == "rejected" or isinstance(command.payload, VoidCommand)
    conn.execute(
        insert(command_log).values(
            device_id=device_id,
            seq=command.seq,
            kind=command.payload.kind,
            outcome=result.outcome,
            response=result.model_dump_json(),
            applied_at=now,
            # What staff need to act on a refused command (``conflicts.py``).
            detail=conflict_detail(conn, command) if noted else None,
        )
    )
    conn.execute(
        update(devices).where(devices.c.device_id == device_id).values(last_applied_seq=command.seq)
    )
    return result, command.seq


def _last_applied(conn: Connection, device_id: str, *, lock: bool) -> int:
    query = select(devices.c.last_applied_seq).where(devices.c.device_id == device_id)
    # The device row lock makes two concurrent pushes of one device take turns (PostgreSQL);
    # SQLite's BEGIN IMMEDIATE already does.
    return int(conn.execute(query.with_for_update() if lock else query).scalar_one())


def _repeat(conn: Connection, device_id: str, seq: int) -> CommandResult:
    stored = conn.execute(
        select(command_log.c.response).where(
            command_log.c.device_id == device_id, command_log.c.seq == seq
        )
    ).scalar_one_or_none()
    reason = CommandResult.model_validate_json(stored).reason if stored else None
    return CommandResult(seq=seq, outcome="duplicate", reason=reason)


def _effects(
    conn: Connection, command: Command, device_id: str, now: datetime, policy: BookingPolicy
) -> CommandResult:
    payload = command.payload
    if isinstance(payload, VoidCommand):
        # The kiosk parked a command this gateway refused as malformed; the number is used up.
        return CommandResult(seq=command.seq, outcome="applied")
    if isinstance(payload, BookSlot | MoveBooking | CancelBooking):
        # Booked offline from a lease: honoured while the lease is this device's (booking.py).
        request = BookingRequest(
            action=_ACTIONS[payload.kind],
            booking_id=payload.booking_id,
            lookup_key=payload.lookup_key,
            slot_id=None if isinstance(payload, CancelBooking) else payload.slot_id,
        )
        outcome = apply_booking(conn, policy, request, device_id, now, offline=True)
        if outcome.outcome == "refused":
            return CommandResult(seq=command.seq, outcome="rejected", reason=outcome.reason)
        return CommandResult(seq=command.seq, outcome="applied")
    if isinstance(payload, STAFF_PAYLOADS):
        # A clerk's action from a counter, under the person of the session it names.
        return apply_staff_command(conn, command, device_id, now, policy.clock)
    if isinstance(payload, ReportUsage):
        # Anonymous counts (issue 18): refused whole when one leaves the vocabulary.
        try:
            counts = [to_count(figure) for figure in payload.counts]
        except UsageError:
            return CommandResult(seq=command.seq, outcome="rejected", reason="bad_usage")
        add_usage(conn, device_id, counts)
        return CommandResult(seq=command.seq, outcome="applied")
    if isinstance(payload, IssueWalkInTicket):
        # A walk-in ticket (issue 15): numbered now, or refused with the rule it broke.
        office = Office(policy.state, policy.clock.timezone)
        refusal = issue_ticket(conn, payload, device_id, now, office)
        if refusal is not None:
            return CommandResult(seq=command.seq, outcome="rejected", reason=refusal)
        return CommandResult(seq=command.seq, outcome="applied")
    if isinstance(payload, SubmitForm):
        # A resident's form (issue 17), stored once under its receipt.
        refusal = submit_form(conn, payload, device_id, now, policy.clock)
        if refusal is not None:
            return CommandResult(seq=command.seq, outcome="rejected", reason=refusal)
        return CommandResult(seq=command.seq, outcome="applied")
    if isinstance(payload, RegisterReference):
        # A printed paper's QR code, for staff to scan; a repeat of the reference changes nothing.
        if not register_reference(conn, payload, device_id, command.created_at):
            return CommandResult(seq=command.seq, outcome="rejected", reason="unknown_lookup_key")
        return CommandResult(seq=command.seq, outcome="applied")
    if not isinstance(payload, MarkDocumentsReceived):
        return CommandResult(seq=command.seq, outcome="rejected", reason="not_supported")
    if not mark_documents_received(conn, payload.lookup_key, payload.documents):
        return CommandResult(seq=command.seq, outcome="rejected", reason="unknown_lookup_key")
    return CommandResult(seq=command.seq, outcome="applied")
