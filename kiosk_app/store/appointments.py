"""Appointments in the cache: the case's synced bookings overlaid with this kiosk's own booking
operations (``booking_ops``) until the change feed confirms them.

An offline operation is one transaction: the lease it takes, its outbox command and its
``booking_ops`` row (``queue_offline``), so a ``kill -9`` at any point leaves either all three
or none: a booking shown as confirmed is never lost, and never sent twice.

Life of an operation: ``sending`` (online request in flight; a crash leaves it there, and
``abandon_sending`` cancels it at the gateway), ``pending`` (its command waits in the outbox),
``applied`` (the gateway has it; still shown as ``pending_sync`` until the synced bookings
show it, then ``op_retirement`` retires it), ``rejected`` (refused, or never confirmed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from kiosk_app.core.appointments import Appointment
from kiosk_app.core.booking import (
    AlreadyBookedForService,
    BookingNotFound,
    BookingWindow,
    OfficeClosed,
    OutsideBookingWindow,
    Slot,
)
from kiosk_app.core.leases import SAFETY_MARGIN, LeaseNotHeld, NoFreeSlotOffline
from kiosk_app.core.office_days import OfficeDays

from .cases import appointments_from_json
from .free_slots import FreeSlotStore
from .leases import LeaseStore
from .outbox import Outbox
from .replay import BookingJournal
from .transactions import Connection, transaction

SHOWN_STATES = ("pending", "applied")
_COLUMNS = (
    "id, booking_id, lookup_key, action, service, slot_id, start, state, outbox_seq,"
    " created_at, reason"
)


# Builds the JSON of a ``cancel_booking`` command for an operation (the store knows no protocol).
CancelPayload = Callable[["BookingOp"], str]


class OperationAbandoned(Exception):
    """The online request's row was no longer ``sending`` when its answer came (a restarted
    desk cancelled it): the booking must not be shown as confirmed."""


@dataclass(frozen=True)
class BookingOp:
    id: int
    booking_id: str
    lookup_key: bytes
    action: str  # book, move, cancel
    service: str
    slot_id: str | None
    start: datetime | None
    state: str
    outbox_seq: int | None
    created_at: datetime
    reason: str | None


_OpRow = tuple[int, str, bytes, str, str, str | None, str | None, str, int | None, str, str | None]


def _op(row: _OpRow) -> BookingOp:
    op_id, booking_id, key, action, service, slot_id, start, state, seq, created, reason = row
    return BookingOp(
        op_id,
        booking_id,
        bytes(key),
        action,
        service,
        slot_id,
        None if start is None else datetime.fromisoformat(start),
        state,
        seq,
        datetime.fromisoformat(created),
        reason,
    )


def overlay(synced: Sequence[Appointment], ops: Iterable[BookingOp]) -> list[Appointment]:
    """The case's appointments as the resident should see them: the synced ones, changed by
    this kiosk's unconfirmed operations (in the order they were made). Keyed by booking id, so
    a booking is never shown twice, and one the feed has caught up with shows as synced."""
    base = {appointment.booking_id: appointment for appointment in synced}
    shown = dict(base)
    for op in ops:
        if op.state not in SHOWN_STATES:
            continue
        if op.action == "cancel":
            shown.pop(op.booking_id, None)
            continue
        if op.start is None:
            continue
        in_feed = base.get(op.booking_id)
        if in_feed is not None and in_feed.start == op.start and in_feed.service == op.service:
            shown[op.booking_id] = in_feed
        elif op.action == "book" or op.booking_id in shown:
            shown[op.booking_id] = Appointment(op.booking_id, op.service, op.start, True)
    return sorted(shown.values(), key=lambda a: (a.start, a.booking_id))


@dataclass(frozen=True)
class NewOp:
    """An operation about to be made: what ``queue_offline`` and ``record_online`` write."""

    action: str
    booking_id: str
    lookup_key: bytes
    slot_id: str | None = None  # book and move


class BookingOps:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    # -- reads ---------------------------------------------------------------------------
    def synced(self, lookup_key: bytes) -> tuple[Appointment, ...]:
        row = self.connection.execute(
            "SELECT bookings FROM cases WHERE lookup_key = ?", (bytes(lookup_key),)
        ).fetchone()
        return () if row is None else appointments_from_json(row[0])

    def for_case(self, lookup_key: bytes) -> list[BookingOp]:
        rows = self.connection.execute(
            f"SELECT {_COLUMNS} FROM booking_ops WHERE lookup_key = ? ORDER BY id",
            (bytes(lookup_key),),
        ).fetchall()
        return [_op(row) for row in rows]

    def appointments(self, lookup_key: bytes) -> list[Appointment]:
        return overlay(self.synced(lookup_key), self.for_case(lookup_key))

    def all(self) -> list[BookingOp]:
        rows = self.connection.execute(f"SELECT {_COLUMNS} FROM booking_ops ORDER BY id")
        return [_op(row) for row in rows.fetchall()]

    def in_state(self, *states: str) -> list[BookingOp]:
        marks = ", ".join("?" for _ in states)
        rows = self.connection.execute(
            f"SELECT {_COLUMNS} FROM booking_ops WHERE state IN ({marks}) ORDER BY id", states
        )
        return [_op(row) for row in rows.fetchall()]

    def locally_taken_slots(self) -> set[str]:
        """Slots this kiosk booked or moved to that may still look free in the snapshot."""
        rows = self.connection.execute(
            "SELECT slot_id FROM booking_ops WHERE slot_id IS NOT NULL"
            " AND action IN ('book', 'move') AND state IN ('sending', 'pending', 'applied')"
        )
        return {str(row[0]) for row in rows}

    def unsent(self, booking_id: str) -> bool:
        """Whether a command about this booking still waits in the outbox: the gateway may not
        know the booking yet, so further changes to it go through the outbox too."""
        row = self.connection.execute(
            "SELECT 1 FROM booking_ops WHERE booking_id = ? AND state = 'pending' LIMIT 1",
            (booking_id,),
        ).fetchone()
        return row is not None

    # -- writes (inside the caller's transaction, or their own) ----------------------------
    def _insert(
        self,
        op: NewOp,
        service: str,
        start: datetime | None,
        state: str,
        created_at: datetime,
        outbox_seq: int | None = None,
        reason: str | None = None,
    ) -> int:
        cursor = self.connection.execute(
            "INSERT INTO booking_ops (booking_id, lookup_key, action, service, slot_id, start,"
            " state, outbox_seq, created_at, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                op.booking_id,
                bytes(op.lookup_key),
                op.action,
                service,
                op.slot_id,
                None if start is None else start.isoformat(),
                state,
                outbox_seq,
                created_at.isoformat(),
                reason,
            ),
        )
        return int(cursor.lastrowid or 0)

    def begin_sending(self, op: NewOp, created_at: datetime) -> int:
        """Note an online book or move before its request leaves, so a crash mid-request can
        be cleaned up (``abandon_sending``). Returns the row id."""
        slot = Slot.parse(op.slot_id or "")
        with transaction(self.connection):
            return self._insert(op, slot.service, slot.start, "sending", created_at)

    def drop_sending(self, op_id: int) -> None:
        """Nothing was booked (not sent, or refused): forget the note."""
        with transaction(self.connection):
            self.connection.execute(
                "DELETE FROM booking_ops WHERE id = ? AND state = 'sending'", (op_id,)
            )

    def record_online(
        self,
        op: NewOp,
        service: str,
        start: datetime | None,
        created_at: datetime,
        sending_id: int | None = None,
        previous_start: datetime | None = None,
    ) -> None:
        """The gateway confirmed an online operation: show it at once (``applied``), drop the
        slot from the free snapshot, mark a lease of ours on it as used, and keep it in the
        booking journal (a restored gateway may have lost it; ``previous_start``: where a
        moved booking was). Raises ``OperationAbandoned`` when the ``sending`` note was
        cancelled meanwhile."""
        with transaction(self.connection):
            BookingJournal(self.connection).record(
                op.booking_id,
                op.lookup_key,
                op.action,
                op.slot_id,
                start,
                previous_start,
                created_at,
            )
            if sending_id is not None:
                updated = self.connection.execute(
                    "UPDATE booking_ops SET state = 'applied', start = ?, service = ?"
                    " WHERE id = ? AND state = 'sending'",
                    (None if start is None else start.isoformat(), service, sending_id),
                ).rowcount
                if updated != 1:
                    raise OperationAbandoned(op.booking_id)
            else:
                self._insert(op, service, start, "applied", created_at)
            if op.slot_id is not None:
                FreeSlotStore(self.connection).discard(op.slot_id)
                LeaseStore(self.connection).mark_taken(op.slot_id, op.booking_id)

    def discard_free(self, slot_id: str) -> None:
        """The gateway said this slot is taken: stop offering it until the next snapshot."""
        with transaction(self.connection):
            FreeSlotStore(self.connection).discard(slot_id)

    def unconfirmed(
        self,
        sending_id: int,
        cancel: NewOp | None,
        cancel_payload: str | None,
        created_at: datetime,
        reason: str = "unconfirmed",
    ) -> None:
        """The answer to an online request never came, so it was not shown to the resident.
        One transaction: the note becomes ``rejected``; a lease of ours on its slot is spent
        (the gateway may have used it up for this request, so a later offline booking from it
        could be refused); and for a booking, a ``cancel_booking`` for its id is queued (a late
        success is undone; the gateway refuses a later ``book`` for a cancelled id). A move is
        not undone: the booking is at the old time or the new one, and the feed will say."""
        with transaction(self.connection):
            row = self.connection.execute(
                "SELECT service, slot_id, booking_id FROM booking_ops"
                " WHERE id = ? AND state = 'sending'",
                (sending_id,),
            ).fetchone()
            if row is None:
                return
            service, slot_id, booking_id = str(row[0]), row[1], str(row[2])
            self.connection.execute(
                "UPDATE booking_ops SET state = 'rejected', reason = ? WHERE id = ?",
                (reason, sending_id),
            )
            if slot_id is not None:
                LeaseStore(self.connection).mark_taken(str(slot_id), booking_id)
            if cancel is not None and cancel_payload is not None:
                seq = Outbox(self.connection).append("cancel_booking", cancel_payload, created_at)
                self._insert(cancel, service, None, "pending", created_at, seq)

    def abandon_sending(self, cancel_payload: CancelPayload, created_at: datetime) -> int:
        """After a restart: every request still ``sending`` was never shown as confirmed;
        each booking is cancelled at the gateway (``unconfirmed``). Returns how many."""
        stale = self.in_state("sending")
        for op in stale:
            if op.action == "book":
                cancel = NewOp("cancel", op.booking_id, op.lookup_key)
                self.unconfirmed(op.id, cancel, cancel_payload(op), created_at, "interrupted")
            else:
                self.unconfirmed(op.id, None, None, created_at, "interrupted")
        return len(stale)

    def retire(self, op_ids: Iterable[int]) -> int:
        """Forget these applied operations: the synced bookings show them
        (``op_retirement``)."""
        with transaction(self.connection):
            total = 0
            for op_id in op_ids:
                total += self.connection.execute(
                    "DELETE FROM booking_ops WHERE id = ? AND state = 'applied'", (op_id,)
                ).rowcount
        return total


def queue_offline(
    connection: Connection,
    op: NewOp,
    command_kind: str,
    command_payload: str,
    *,
    gateway_now: datetime,
    today: date,
    created_at: datetime,
    window: BookingWindow | None = None,
    margin: timedelta = SAFETY_MARGIN,
    office_days: OfficeDays | None = None,
) -> Appointment | None:
    """Book, move or cancel without the gateway, in ONE transaction: the booking rules are
    checked against the case's appointments as shown, a ``book``/``move`` takes the lease of
    its slot (never past expiry minus ``margin``, judged in gateway time), the outbox command
    and the ``booking_ops`` row are written. Returns the appointment as it now stands (``None``
    after a cancel).

    Raises ``OutsideBookingWindow`` (``OfficeClosed`` on a day the office is closed, by
    ``office_days``: the default state's holidays if not given), ``AlreadyBookedForService``,
    ``BookingNotFound``, ``LeaseNotHeld`` (the slot is not, or no longer, leased to this kiosk)
    or ``NoFreeSlotOffline`` (no usable lease for the service is left at all).
    """
    window = window or BookingWindow()
    office_days = office_days or OfficeDays()
    ops = BookingOps(connection)
    with transaction(connection):
        shown = {a.booking_id: a for a in ops.appointments(op.lookup_key)}
        slot: Slot | None = None
        if op.action in ("book", "move"):
            slot = Slot.parse(op.slot_id or "")
            if not window.contains(slot, today):
                raise OutsideBookingWindow(slot.slot_id)
            if office_days.is_closed(slot.start.date()):
                raise OfficeClosed(slot.slot_id)
        if op.action == "book":
            assert slot is not None
            for appointment in shown.values():
                if appointment.service == slot.service:
                    raise AlreadyBookedForService(appointment.booking_id)
            service = slot.service
        else:
            current = shown.get(op.booking_id)
            if current is None or (slot is not None and slot.service != current.service):
                raise BookingNotFound(op.booking_id)
            service = current.service
        if slot is not None:
            leases = LeaseStore(connection)
            book = leases.book(margin)
            try:
                book.take(slot.slot_id, gateway_now)
            except LeaseNotHeld:
                if not book.usable(slot.service, gateway_now):
                    raise NoFreeSlotOffline(slot.service) from None
                raise
            leases.mark_taken(slot.slot_id, op.booking_id)
        seq = Outbox(connection).append(command_kind, command_payload, created_at)
        ops._insert(op, service, None if slot is None else slot.start, "pending", created_at, seq)
    if slot is None:
        return None
    return Appointment(op.booking_id, service, slot.start, pending_sync=True)
