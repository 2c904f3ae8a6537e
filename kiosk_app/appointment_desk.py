"""The kiosk's ``AppointmentDesk`` (``kiosk_app.core.appointments``): booking, moving and
cancelling over the encrypted cache and the gateway, without Qt.

- Reads (``days``, ``times``, ``appointments``) come from the cache only and return at once.
- Online, a write goes straight to the gateway (``POST /v1/bookings``, a few seconds' timeout)
  with a booking id chosen here (uuid4 hex), and is recorded in the cache so it shows at once.
- When no connection can be made (nothing was sent), or the engine already reports offline and
  the slot is leased to this kiosk, the write is made offline: from a lease, in one transaction
  with its outbox command (``store.appointments.queue_offline``). Final for the resident.
- When a booking request was sent but no answer came, its outcome is unknown: a
  ``cancel_booking`` for its id goes to the outbox (the gateway refuses a later ``book`` for a
  cancelled id) and ``BookingUnconfirmed`` tells the resident nothing was booked. A move
  without an answer also raises ``BookingUnconfirmed`` but is not undone: the booking is at
  the old time or the new one (the feed tells; the same move again is answered "moved"). A
  cancel without an answer is queued in the outbox and counts as done. Either way a lease of
  ours on the slot is spent: the gateway may have used it up for the lost request.
- A change to a booking whose own command still waits in the outbox goes through the outbox
  too (the gateway may not know the booking yet), so a move then needs a leased slot.
- No day the office is closed is offered or booked, from a lease neither: the state's public
  holidays (``core.office_days``) and the closure days of the gateway's catalog.

Threads: any thread may call the desk. Writes (``book``, ``move``, ``cancel``) block their
caller (call them off the GUI thread) and run one at a time in the desk's own writer thread on
its own cache connection; reads use a connection of the calling thread (opened on first use,
closed when that thread ends), so the GUI thread's reads never wait for a write that is
talking to the gateway. Use one desk per cache per process: a new desk cancels the online
bookings a previous process left in flight (``recover``).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import uuid
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import NoReturn, TypeVar

import httpx

from kiosk_app.core.appointments import (
    Appointment,
    BookingConfirmation,
    BookingUnconfirmed,
    DayFree,
    MoveUnconfirmed,
    TimeChoice,
)
from kiosk_app.core.booking import (
    AlreadyBookedForService,
    BookingNotFound,
    BookingWindow,
    OfficeClosed,
    OutsideBookingWindow,
    Slot,
    SlotTaken,
)
from kiosk_app.core.clock import OfficeTime
from kiosk_app.core.errors import KioskError
from kiosk_app.core.leases import SAFETY_MARGIN, LeaseNotHeld, gateway_now
from kiosk_app.core.office import DEFAULT_STATE
from kiosk_app.core.office_days import OfficeDays, public_holidays
from kiosk_app.store.appointments import (
    BookingOp,
    BookingOps,
    NewOp,
    OperationAbandoned,
    queue_offline,
)
from kiosk_app.store.catalog_snapshot import CatalogSnapshotStore
from kiosk_app.store.free_slots import FreeSlotStore
from kiosk_app.store.leases import LeaseStore
from kiosk_app.store.sync_state import SyncState
from kiosk_app.store.transactions import Connection
from sync import protocol
from sync.client import (
    DeviceUnauthorized,
    GatewayClient,
    GatewayError,
    GatewayNotReached,
    TlsOptions,
)
from sync.engine import EngineSettings, SyncEngine, SyncStatus

log = logging.getLogger(__name__)

_T = TypeVar("_T")
ClientFactory = Callable[[str, str], GatewayClient]  # (gateway url, device token)


@dataclass(frozen=True)
class DeskSettings:
    timeout_s: float = 4.0  # a booking answer slower than this counts as "unknown outcome"
    connect_timeout_s: float = 2.0  # no connection within this: offline, book from a lease
    window: BookingWindow = field(default_factory=BookingWindow)
    margin: timedelta = SAFETY_MARGIN  # a lease is used only this long before its expiry
    tls: TlsOptions = field(default_factory=TlsOptions)
    office_state: str = DEFAULT_STATE  # German state whose public holidays close the office


class EngineState:
    """What the desk knows of the sync engine, thread-safe: the latest report (pass
    ``report`` to the engine, or call it from the engine's report callback) and how to wake
    the engine after a command was queued (``wake``, e.g. ``engine.wake``)."""

    def __init__(self, online: bool = False, wake: Callable[[], None] | None = None) -> None:
        self._lock = threading.Lock()
        self._online = online
        self.wake = wake

    def report(self, status: SyncStatus) -> None:
        with self._lock:
            self._online = status.online

    @property
    def online(self) -> bool:
        with self._lock:
            return self._online

    def mark_unreachable(self) -> None:
        """The desk could not connect: offline until the engine reports a good round."""
        with self._lock:
            self._online = False

    def queued(self) -> None:
        if self.wake is not None:
            self.wake()


def default_client_factory(settings: DeskSettings) -> ClientFactory:
    timeout = httpx.Timeout(settings.timeout_s, connect=settings.connect_timeout_s)
    return lambda url, token: GatewayClient(url, token, tls=settings.tls, timeout=timeout)


_REFUSALS: dict[str, Callable[[protocol.BookingOutcome, str], KioskError]] = {
    "slot_taken": lambda _o, slot_id: SlotTaken(slot_id),
    "already_booked": lambda o, _s: AlreadyBookedForService(o.existing_booking_id or ""),
    "outside_window": lambda _o, slot_id: OutsideBookingWindow(slot_id),
    "not_found": lambda o, _s: BookingNotFound(o.booking.booking_id if o.booking else ""),
    "lease_not_held": lambda _o, slot_id: LeaseNotHeld(slot_id),
    "office_closed": lambda _o, slot_id: OfficeClosed(slot_id),
}


def _refusal(outcome: protocol.BookingOutcome, slot_id: str | None) -> KioskError:
    make = _REFUSALS.get(outcome.reason or "")
    if make is None:  # unknown_lookup_key: this kiosk's cache is behind the gateway
        return BookingUnconfirmed(outcome.reason or "refused")
    return make(outcome, slot_id or "")


def _cancel_payload(op: BookingOp | NewOp) -> str:
    return protocol.CancelBooking(
        booking_id=op.booking_id, lookup_key=op.lookup_key.hex()
    ).model_dump_json()


class KioskAppointmentDesk:
    """``AppointmentDesk`` over the cache (``open_connection``) and the gateway."""

    def __init__(
        self,
        open_connection: Callable[[], Connection],
        client_factory: ClientFactory | None = None,
        engine: EngineState | None = None,
        *,
        settings: DeskSettings | None = None,
        today: Callable[[], date] = date.today,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.settings = settings or DeskSettings()
        self._open = open_connection
        self._client_factory = client_factory or default_client_factory(self.settings)
        self.engine = engine or EngineState()
        self._today = today
        self._clock = clock
        self._local = threading.local()
        self._lock = threading.Lock()
        self._client: GatewayClient | None = None
        self._client_key: tuple[str, str] | None = None
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="desk-writer")
        self._write(self.recover)
        # The holiday library costs ~0.15 s on first use: pay it here, not when a resident
        # opens the calendar.
        self._writer.submit(public_holidays, self.settings.office_state, today().year)

    def _write(self, work: Callable[..., _T], *args: object) -> _T:
        """Run ``work`` in the writer thread and wait for it (its exception is raised here)."""
        return self._writer.submit(work, *args).result()

    # -- plumbing ----------------------------------------------------------------------------
    def _conn(self) -> Connection:
        conn: Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._open()
            self._local.conn = conn
        return conn

    def _close_own_connection(self) -> None:
        conn: Connection | None = getattr(self._local, "conn", None)
        if conn is not None:
            self._local.conn = None
            conn.close()

    def _gateway_client(self) -> GatewayClient | None:
        """The client for the enrolled gateway, or ``None`` before enrollment."""
        state = SyncState(self._conn())
        url, token = state.gateway_url, state.device_token
        if url is None or token is None:
            return None
        with self._lock:
            if self._client is None or self._client_key != (url, token):
                if self._client is not None:
                    self._client.close()
                self._client = self._client_factory(url, token)
                self._client_key = (url, token)
            return self._client

    def close(self) -> None:
        """Close the gateway client, the writer thread's connection and the caller's (other
        threads' connections close when those threads end)."""
        with contextlib.suppress(RuntimeError):  # closed before
            self._write(self._close_own_connection)
        self._writer.shutdown(wait=True)
        self._close_own_connection()
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None

    def recover(self) -> int:
        """Cancel at the gateway every online booking a previous run left in flight (it was
        never shown as confirmed). Returns how many."""
        abandoned = BookingOps(self._conn()).abandon_sending(_cancel_payload, self._clock())
        if abandoned:
            log.info("%d interrupted online booking(s) queued for cancellation", abandoned)
            self.engine.queued()
        return abandoned

    def _gateway_now(self, conn: Connection) -> datetime:
        return gateway_now(self._clock(), SyncState(conn).server_offset_s)

    def _office_days(self, conn: Connection) -> OfficeDays:
        """Public holidays, and the closure days of the last catalog from the gateway."""
        closures = CatalogSnapshotStore(conn).closed_days()
        return OfficeDays(self.settings.office_state, dict.fromkeys(closures, ""))

    # -- reads -------------------------------------------------------------------------------
    @property
    def online(self) -> bool:
        return self.engine.online

    def _bookable(self, service: str, first: date, last: date) -> dict[str, tuple[datetime, bool]]:
        """slot_id → (start, leased) this kiosk can book now, from ``first`` to ``last``; none
        on a closed day (a lease granted before the day was closed is not used)."""
        conn = self._conn()
        closed = self._office_days(conn).is_closed
        bookable: dict[str, tuple[datetime, bool]] = {}
        if self.online:
            taken = BookingOps(conn).locally_taken_slots()
            for slot_id, start in FreeSlotStore(conn).for_service(service, first, last):
                if slot_id not in taken and not closed(start.date()):
                    bookable[slot_id] = (start, False)
        leases = LeaseStore(conn).book(self.settings.margin)
        for lease in leases.usable(service, self._gateway_now(conn)):
            start = Slot.parse(lease.slot_id).start
            if first <= start.date() <= last and not closed(start.date()):
                bookable[lease.slot_id] = (start, True)
        return bookable

    def days(self, service: str) -> list[DayFree]:
        days = self.settings.window.days(self._today())
        if not days:
            return []
        counts = Counter(
            start.date() for start, _ in self._bookable(service, days[0], days[-1]).values()
        )
        return [DayFree(day, counts.get(day, 0)) for day in days]

    def times(self, service: str, day: date) -> list[TimeChoice]:
        """One choice per start time (counters are the office's business). Online, a free slot
        is offered before a leased one, so the leases stay for offline use."""
        window_days = self.settings.window.days(self._today())
        if day not in window_days:
            return []
        best: dict[datetime, tuple[bool, str]] = {}
        for slot_id, (start, leased) in self._bookable(service, day, day).items():
            choice = (leased if self.online else not leased, slot_id)
            if start not in best or choice < best[start]:
                best[start] = choice
        return [TimeChoice(best[start][1], start) for start in sorted(best)]

    def appointments(self, lookup_key: bytes) -> list[Appointment]:
        return BookingOps(self._conn()).appointments(lookup_key)

    def _current(self, lookup_key: bytes, booking_id: str) -> Appointment:
        for appointment in self.appointments(lookup_key):
            if appointment.booking_id == booking_id:
                return appointment
        raise BookingNotFound(booking_id)

    def _leased(self, slot_id: str) -> bool:
        conn = self._conn()
        book = LeaseStore(conn).book(self.settings.margin)
        lease = book.leases.get(slot_id)
        return lease is not None and any(
            usable.slot_id == slot_id
            for usable in book.usable(lease.service, self._gateway_now(conn))
        )

    # -- writes ------------------------------------------------------------------------------
    def _checked_slot(self, slot_id: str) -> Slot:
        slot = Slot.parse(slot_id)
        if not self.settings.window.contains(slot, self._today()):
            raise OutsideBookingWindow(slot_id)
        if self._office_days(self._conn()).is_closed(slot.start.date()):
            raise OfficeClosed(slot_id)
        return slot

    def _offline(self, op: NewOp) -> Appointment | None:
        payload = protocol.booking_command(op.action, op.booking_id, op.lookup_key, op.slot_id)
        conn = self._conn()
        appointment = queue_offline(
            conn,
            op,
            payload.kind,
            payload.model_dump_json(),
            gateway_now=self._gateway_now(conn),
            today=self._today(),
            created_at=self._clock(),
            window=self.settings.window,
            margin=self.settings.margin,
            office_days=self._office_days(conn),
        )
        log.info("%s queued offline", op.action)
        self.engine.queued()
        return appointment

    def _request(self, op: NewOp) -> protocol.BookingRequest:
        return protocol.BookingRequest(
            action=op.action,  # type: ignore[arg-type]
            booking_id=op.booking_id,
            lookup_key=op.lookup_key.hex(),
            slot_id=op.slot_id,
        )

    def book(self, lookup_key: bytes, slot_id: str) -> BookingConfirmation:
        return self._write(self._book, lookup_key, slot_id)

    def move(self, lookup_key: bytes, booking_id: str, slot_id: str) -> BookingConfirmation:
        return self._write(self._move, lookup_key, booking_id, slot_id)

    def cancel(self, lookup_key: bytes, booking_id: str) -> None:
        self._write(self._cancel, lookup_key, booking_id)

    def _book(self, lookup_key: bytes, slot_id: str) -> BookingConfirmation:
        slot = self._checked_slot(slot_id)
        ops = BookingOps(self._conn())
        for appointment in ops.appointments(lookup_key):
            if appointment.service == slot.service:
                raise AlreadyBookedForService(appointment.booking_id)
        op = NewOp("book", uuid.uuid4().hex, bytes(lookup_key), slot_id)
        client = self._gateway_client()
        if client is None or (not self.online and self._leased(slot_id)):
            return self._confirmed_offline(op)
        sending = ops.begin_sending(op, self._clock())
        try:
            outcome = client.book(self._request(op))
        except GatewayNotReached:
            ops.drop_sending(sending)
            self.engine.mark_unreachable()
            return self._confirmed_offline(op)
        except DeviceUnauthorized:
            ops.drop_sending(sending)  # refused before anything was booked
            raise BookingUnconfirmed("device unauthorized") from None
        except GatewayError as error:
            self._unconfirmed(ops, sending, op, type(error).__name__)
        if outcome.outcome == "refused":
            ops.drop_sending(sending)
            if outcome.reason == "slot_taken":
                ops.discard_free(slot_id)
            raise _refusal(outcome, slot_id)
        if outcome.outcome != "booked" or outcome.booking is None:
            self._unconfirmed(ops, sending, op, f"unexpected outcome {outcome.outcome}")
        booked = outcome.booking
        try:
            ops.record_online(op, booked.service, booked.start, self._clock(), sending)
        except OperationAbandoned:
            raise BookingUnconfirmed("interrupted") from None
        log.info("booked online")
        return BookingConfirmation(
            Appointment(op.booking_id, booked.service, booked.start, True), offline=False
        )

    def _confirmed_offline(self, op: NewOp) -> BookingConfirmation:
        appointment = self._offline(op)
        assert appointment is not None
        return BookingConfirmation(appointment, offline=True)

    def _unconfirmed(self, ops: BookingOps, sending: int, op: NewOp, why: str) -> NoReturn:
        """No answer to a sent booking: cancel its id through the outbox, tell the resident."""
        log.warning("booking outcome unknown (%s); its id is cancelled", why)
        cancel = NewOp("cancel", op.booking_id, op.lookup_key)
        ops.unconfirmed(sending, cancel, _cancel_payload(cancel), self._clock())
        self.engine.queued()
        raise BookingUnconfirmed(why)

    def _move(self, lookup_key: bytes, booking_id: str, slot_id: str) -> BookingConfirmation:
        slot = self._checked_slot(slot_id)
        current = self._current(lookup_key, booking_id)
        if current.service != slot.service:
            raise BookingNotFound(booking_id)
        ops = BookingOps(self._conn())
        op = NewOp("move", booking_id, bytes(lookup_key), slot_id)
        client = self._gateway_client()
        if (
            client is None
            or ops.unsent(booking_id)  # the gateway may not know the booking yet
            or (not self.online and self._leased(slot_id))
        ):
            return self._confirmed_offline(op)
        sending = ops.begin_sending(op, self._clock())
        try:
            outcome = client.book(self._request(op))
        except GatewayNotReached:
            ops.drop_sending(sending)
            self.engine.mark_unreachable()
            return self._confirmed_offline(op)
        except GatewayError as error:
            # Sent, no answer: the booking is at the old or the new time; the feed will tell,
            # and the same move again (same id and slot) is answered "moved" if it happened.
            log.warning("move outcome unknown (%s)", type(error).__name__)
            ops.unconfirmed(sending, None, None, self._clock())
            raise MoveUnconfirmed(type(error).__name__) from None
        if outcome.outcome == "refused":
            ops.drop_sending(sending)
            if outcome.reason == "slot_taken":
                ops.discard_free(slot_id)
            raise _refusal(outcome, slot_id)
        if outcome.outcome != "moved" or outcome.booking is None:
            ops.unconfirmed(sending, None, None, self._clock())
            raise MoveUnconfirmed(f"unexpected outcome {outcome.outcome}")
        moved = outcome.booking
        try:
            ops.record_online(op, moved.service, moved.start, self._clock(), sending, current.start)
        except OperationAbandoned:
            raise MoveUnconfirmed("interrupted") from None
        log.info("moved online")
        return BookingConfirmation(
            Appointment(booking_id, moved.service, moved.start, True), offline=False
        )

    def _cancel(self, lookup_key: bytes, booking_id: str) -> None:
        current = self._current(lookup_key, booking_id)
        ops = BookingOps(self._conn())
        op = NewOp("cancel", booking_id, bytes(lookup_key))
        client = self._gateway_client()
        if client is None or not self.online or ops.unsent(booking_id):
            self._offline(op)  # a cancel needs no lease: always possible offline
            return
        try:
            outcome = client.book(self._request(op))
        except GatewayNotReached:
            self.engine.mark_unreachable()
            self._offline(op)
            return
        except GatewayError as error:
            # Sent, no answer: cancelling again through the outbox is harmless and final.
            log.warning("cancel outcome unknown (%s); queued", type(error).__name__)
            self._offline(op)
            return
        if outcome.outcome == "refused":
            raise _refusal(outcome, None)
        ops.record_online(op, current.service, None, self._clock())
        log.info("cancelled online")


def start_desk_and_engine(
    open_connection: Callable[[], Connection],
    report: Callable[[SyncStatus], None] | None = None,
    *,
    engine_settings: EngineSettings | None = None,
    desk_settings: DeskSettings | None = None,
    client_factory: ClientFactory | None = None,
    start: bool = True,
    time: OfficeTime | None = None,
) -> tuple[KioskAppointmentDesk, SyncEngine]:
    """One kiosk's booking side: a sync engine (its own thread and connection, started unless
    ``start=False``) whose reports reach both ``report`` and the desk's ``EngineState``, and a
    desk that wakes the engine after queuing a command, both reading ``time`` (default: the
    system clock in the office's time zone). For the app and the simulation."""
    time = time or OfficeTime()
    engine_settings = replace(engine_settings or EngineSettings(), clock=time.utc_now)
    state = EngineState()

    def both(status: SyncStatus) -> None:
        state.report(status)
        if report is not None:
            report(status)

    engine = SyncEngine(open_connection, both, engine_settings)
    state.wake = engine.wake
    desk = KioskAppointmentDesk(
        open_connection,
        client_factory,
        state,
        settings=desk_settings,
        today=time.today,
        clock=time.utc_now,
    )
    if start:
        engine.start()
    return desk, engine
