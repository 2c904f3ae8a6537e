"""The appointment desk over a real encrypted cache, with a scripted gateway client: what it
books online, offline from leases, and when the outcome is unknown (no gateway process here;
``test_engine_booking_gateway.py`` runs the same paths against the real one)."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from kiosk_app.appointment_desk import EngineState, KioskAppointmentDesk
from kiosk_app.core.appointments import Appointment, BookingUnconfirmed
from kiosk_app.core.booking import (
    AlreadyBookedForService,
    BookingNotFound,
    OutsideBookingWindow,
    Slot,
    SlotTaken,
    slots_for_day,
)
from kiosk_app.core.leases import LeaseNotHeld, NoFreeSlotOffline
from kiosk_app.core.status_lookup import CaseRecord
from kiosk_app.core.statuses import CaseStatus
from kiosk_app.store.appointments import BookingOps
from kiosk_app.store.cases import CaseCache
from kiosk_app.store.connection import Connection, open_cache
from kiosk_app.store.free_slots import FreeSlotStore
from kiosk_app.store.leases import LeaseStore, StoredLease
from kiosk_app.store.outbox import Outbox
from kiosk_app.store.sync_state import SyncState
from sync import protocol
from sync.client import GatewayClient, GatewayNotReached, GatewayUnreachable
from sync.engine import SyncStatus

TODAY = date(2026, 11, 23)  # a Monday
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
KEY, OTHER = bytes(range(32)), bytes(range(1, 33))
DAY = TODAY + timedelta(days=2)
SLOTS = slots_for_day("biometrics", DAY)


@dataclass
class ScriptedClient:
    """Stands in for ``GatewayClient.book``: answers from ``answer``, records requests."""

    answer: Callable[[protocol.BookingRequest], protocol.BookingOutcome]
    requests: list[protocol.BookingRequest] = field(default_factory=list)

    def book(self, request: protocol.BookingRequest) -> protocol.BookingOutcome:
        self.requests.append(request)
        return self.answer(request)

    def close(self) -> None:
        pass


def accept(request: protocol.BookingRequest) -> protocol.BookingOutcome:
    if request.action == "cancel":
        return protocol.BookingOutcome(outcome="cancelled")
    slot = Slot.parse(request.slot_id or "")
    info = protocol.BookingInfo(
        booking_id=request.booking_id, service=slot.service, start=slot.start
    )
    outcome = "booked" if request.action == "book" else "moved"
    return protocol.BookingOutcome(outcome=outcome, booking=info)  # type: ignore[arg-type]


def fail(error: Exception) -> Callable[[protocol.BookingRequest], protocol.BookingOutcome]:
    def raise_it(_request: protocol.BookingRequest) -> protocol.BookingOutcome:
        raise error

    return raise_it


def refuse(reason: str, existing: str | None = None) -> Callable[..., protocol.BookingOutcome]:
    return lambda _r: protocol.BookingOutcome(
        outcome="refused",
        reason=reason,  # type: ignore[arg-type]
        existing_booking_id=existing,
    )


@dataclass
class Kiosk:
    path: Path
    key: bytes
    client: ScriptedClient
    state: EngineState
    clock: list[datetime]
    opened: list[Connection] = field(default_factory=list)
    desks: list[KioskAppointmentDesk] = field(default_factory=list)

    def connect(self) -> Connection:
        conn = open_cache(self.path, self.key)
        self.opened.append(conn)
        return conn

    def desk(self) -> KioskAppointmentDesk:
        desk = KioskAppointmentDesk(
            lambda: open_cache(self.path, self.key),
            lambda _url, _token: self.client,  # type: ignore[arg-type,return-value]
            self.state,
            today=lambda: TODAY,
            clock=lambda: self.clock[0],
        )
        self.desks.append(desk)
        return desk

    def lease(self, *slots: Slot, minutes: int = 60) -> None:
        LeaseStore(self.connect()).put(
            StoredLease(s.slot_id, s.service, s.start, NOW + timedelta(minutes=minutes), None)
            for s in slots
        )


@pytest.fixture
def kiosk(tmp_path: Path) -> Iterator[Kiosk]:
    kiosk = Kiosk(
        tmp_path / "cache.db",
        secrets.token_bytes(32),
        ScriptedClient(accept),
        EngineState(True),
        [NOW],
    )
    conn = kiosk.connect()
    SyncState(conn).enroll("https://gw.example", "dev", "token", b"p" * 32, 1)
    record = CaseRecord(CaseStatus.IN_REVIEW, date(2026, 11, 1), "study_16b")
    CaseCache(conn).put_many([(KEY, record), (OTHER, record)])
    FreeSlotStore(conn).replace([s.slot_id for s in SLOTS[:5]], NOW)
    yield kiosk
    for desk in kiosk.desks:
        desk.close()
    for conn in kiosk.opened:
        conn.close()


def free_on(desk: KioskAppointmentDesk, day: date = DAY) -> int:
    return next(d.free for d in desk.days("biometrics") if d.day == day)


def test_online_booking_shows_at_once_and_leaves_the_calendar(kiosk: Kiosk) -> None:
    desk = kiosk.desk()
    assert free_on(desk) == 5 and len(desk.days("biometrics")) == 28
    confirmation = desk.book(KEY, SLOTS[0].slot_id)
    assert not confirmation.offline
    booked = confirmation.appointment
    assert booked == Appointment(booked.booking_id, "biometrics", SLOTS[0].start, True)
    assert len(booked.booking_id) == 32 and kiosk.client.requests[0].booking_id == booked.booking_id
    assert desk.appointments(KEY) == [booked]
    assert free_on(desk) == 4
    assert SLOTS[0].slot_id not in [t.slot_id for t in desk.times("biometrics", DAY)]
    with pytest.raises(AlreadyBookedForService):  # one per case and service, checked locally
        desk.book(KEY, SLOTS[1].slot_id)
    moved = desk.move(KEY, booked.booking_id, SLOTS[2].slot_id)
    assert desk.appointments(KEY) == [moved.appointment]
    assert moved.appointment.start == SLOTS[2].start
    desk.cancel(KEY, booked.booking_id)
    assert desk.appointments(KEY) == []
    assert [r.action for r in kiosk.client.requests] == ["book", "move", "cancel"]
    assert Outbox(kiosk.connect()).all_entries() == []


def test_refusals_map_to_the_core_errors(kiosk: Kiosk) -> None:
    desk = kiosk.desk()
    kiosk.client.answer = refuse("slot_taken")
    with pytest.raises(SlotTaken):
        desk.book(KEY, SLOTS[0].slot_id)
    assert free_on(desk) == 4  # not offered again
    kiosk.client.answer = refuse("already_booked", "9" * 32)
    with pytest.raises(AlreadyBookedForService) as already:
        desk.book(KEY, SLOTS[1].slot_id)
    assert already.value.booking_id == "9" * 32
    kiosk.client.answer = refuse("outside_window")
    with pytest.raises(OutsideBookingWindow):
        desk.book(KEY, SLOTS[1].slot_id)
    with pytest.raises(OutsideBookingWindow):  # checked before asking anyone
        desk.book(KEY, Slot("biometrics", datetime(2026, 11, 23, 10, 0)).slot_id)
    with pytest.raises(BookingNotFound):
        desk.cancel(KEY, "8" * 32)
    assert desk.appointments(KEY) == [] and BookingOps(kiosk.connect()).all() == []


def test_unreachable_gateway_books_from_a_lease_confirmed_at_once(kiosk: Kiosk) -> None:
    kiosk.lease(SLOTS[5], SLOTS[6])
    desk = kiosk.desk()
    kiosk.client.answer = fail(GatewayNotReached("ConnectError"))
    with pytest.raises(LeaseNotHeld):  # the chosen time is not leased to this kiosk
        desk.book(KEY, SLOTS[0].slot_id)
    assert not desk.online  # the calendar now offers only leased times
    assert [t.slot_id for t in desk.times("biometrics", DAY)] == [
        SLOTS[5].slot_id,
        SLOTS[6].slot_id,
    ]
    confirmation = desk.book(KEY, SLOTS[5].slot_id)
    assert confirmation.offline and confirmation.appointment.pending_sync
    assert desk.appointments(KEY) == [confirmation.appointment]
    [entry] = Outbox(kiosk.connect()).all_entries()
    assert entry.kind == "book_slot"
    assert json.loads(entry.payload)["booking_id"] == confirmation.appointment.booking_id
    assert free_on(desk) == 1
    # Offline, a leased slot is booked without waiting for the network at all.
    asked = len(kiosk.client.requests)
    desk.book(OTHER, SLOTS[6].slot_id)
    assert len(kiosk.client.requests) == asked
    with pytest.raises(NoFreeSlotOffline):
        desk.book(bytes(32), SLOTS[1].slot_id)
    # Offline cancel of a booking goes through the outbox too.
    desk.cancel(KEY, confirmation.appointment.booking_id)
    assert desk.appointments(KEY) == []
    assert [e.kind for e in Outbox(kiosk.connect()).all_entries()] == [
        "book_slot",
        "book_slot",
        "cancel_booking",
    ]


def test_a_lease_near_its_expiry_in_gateway_time_is_not_used(kiosk: Kiosk) -> None:
    kiosk.lease(SLOTS[5], minutes=4)
    kiosk.state.mark_unreachable()
    desk = kiosk.desk()
    assert free_on(desk) == 1
    # The gateway's clock runs 2.5 minutes ahead of ours: 1.5 minutes left, inside the margin.
    SyncState(kiosk.connect()).record_offset(150.0)
    assert free_on(desk) == 0
    kiosk.client.answer = fail(GatewayNotReached("ConnectError"))
    with pytest.raises(NoFreeSlotOffline):
        desk.book(KEY, SLOTS[5].slot_id)
    assert Outbox(kiosk.connect()).all_entries() == []


def test_unknown_outcome_cancels_the_id_and_tells_the_resident(kiosk: Kiosk) -> None:
    kiosk.lease(SLOTS[5])
    desk = kiosk.desk()
    kiosk.client.answer = fail(GatewayUnreachable("ReadTimeout"))
    with pytest.raises(BookingUnconfirmed):
        desk.book(KEY, SLOTS[0].slot_id)
    sent = kiosk.client.requests[-1].booking_id
    [entry] = Outbox(kiosk.connect()).all_entries()
    assert entry.kind == "cancel_booking" and json.loads(entry.payload)["booking_id"] == sent
    assert desk.appointments(KEY) == []
    assert LeaseStore(kiosk.connect()).all()[0].taken_by is None  # no lease was spent
    # Even if the late booking reaches the feed before the cancel is sent, it is not shown.
    conn = kiosk.connect()
    shown = CaseRecord(
        CaseStatus.IN_REVIEW,
        date(2026, 11, 1),
        "study_16b",
        appointments=(Appointment(sent, "biometrics", SLOTS[0].start),),
    )
    CaseCache(conn).put_many([(KEY, shown)])
    assert desk.appointments(KEY) == []


def test_a_restart_cancels_a_booking_left_in_flight(kiosk: Kiosk) -> None:
    desk = kiosk.desk()
    in_flight: list[str] = []

    def crash(request: protocol.BookingRequest) -> protocol.BookingOutcome:
        in_flight.append(request.booking_id)
        raise KeyboardInterrupt  # the process dies while waiting for the answer

    kiosk.client.answer = crash
    with pytest.raises(KeyboardInterrupt):
        desk.book(KEY, SLOTS[0].slot_id)
    restarted = kiosk.desk()
    assert restarted.appointments(KEY) == []
    [entry] = Outbox(kiosk.connect()).all_entries()
    assert (entry.kind, json.loads(entry.payload)["booking_id"]) == ("cancel_booking", in_flight[0])


def test_not_enrolled_books_only_from_leases(tmp_path: Path) -> None:
    key = secrets.token_bytes(32)
    open_cache(tmp_path / "c.db", key).close()
    desk = KioskAppointmentDesk(lambda: open_cache(tmp_path / "c.db", key), today=lambda: TODAY)
    try:
        assert all(d.free == 0 for d in desk.days("biometrics"))
        with pytest.raises(NoFreeSlotOffline):
            desk.book(KEY, SLOTS[0].slot_id)
    finally:
        desk.close()


def test_the_gateway_client_type_is_what_the_factory_makes(kiosk: Kiosk) -> None:
    made: list[tuple[str, str]] = []

    def factory(url: str, token: str) -> GatewayClient:
        made.append((url, token))
        return kiosk.client  # type: ignore[return-value]

    desk = KioskAppointmentDesk(
        lambda: open_cache(kiosk.path, kiosk.key), factory, EngineState(True), today=lambda: TODAY
    )
    try:
        desk.book(KEY, SLOTS[0].slot_id)
        desk.book(OTHER, SLOTS[1].slot_id)
        assert made == [("https://gw.example", "token")]  # one client, reused
    finally:
        desk.close()


def test_an_unanswered_request_for_a_leased_slot_spends_the_lease(kiosk: Kiosk) -> None:
    """The gateway may have used our lease up for the lost request: booking offline from it
    later could be refused, so it is not offered again."""
    kiosk.lease(SLOTS[5], SLOTS[6])
    desk = kiosk.desk()
    kiosk.client.answer = fail(GatewayUnreachable("ReadTimeout"))
    with pytest.raises(BookingUnconfirmed):
        desk.book(KEY, SLOTS[5].slot_id)
    kiosk.state.mark_unreachable()
    assert [t.slot_id for t in desk.times("biometrics", DAY)] == [SLOTS[6].slot_id]
    # A move whose answer never came: not undone (the feed will say), its lease spent too.
    kiosk.client.answer = accept
    kiosk.state.report(_online())
    booked = desk.book(KEY, SLOTS[0].slot_id).appointment
    kiosk.client.answer = fail(GatewayUnreachable("ReadTimeout"))
    with pytest.raises(BookingUnconfirmed):
        desk.move(KEY, booked.booking_id, SLOTS[6].slot_id)
    assert desk.appointments(KEY) == [booked]
    assert {le.slot_id for le in LeaseStore(kiosk.connect()).all() if le.taken_by} == {
        SLOTS[5].slot_id,
        SLOTS[6].slot_id,
    }
    assert [e.kind for e in Outbox(kiosk.connect()).all_entries()] == ["cancel_booking"]


def test_a_restart_after_a_move_in_flight_queues_nothing(kiosk: Kiosk) -> None:
    kiosk.lease(SLOTS[5])
    desk = kiosk.desk()
    booked = desk.book(KEY, SLOTS[0].slot_id).appointment

    def crash(_request: protocol.BookingRequest) -> protocol.BookingOutcome:
        raise KeyboardInterrupt

    kiosk.client.answer = crash
    with pytest.raises(KeyboardInterrupt):
        desk.move(KEY, booked.booking_id, SLOTS[5].slot_id)
    restarted = kiosk.desk()
    assert restarted.appointments(KEY) == [booked]
    assert Outbox(kiosk.connect()).all_entries() == []
    assert LeaseStore(kiosk.connect()).all()[0].taken_by == booked.booking_id


def _online() -> SyncStatus:
    return SyncStatus(online=True, last_success=NOW, pending_commands=0, parked_commands=0)
