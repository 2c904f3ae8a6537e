"""Appointments in the cache: synced bookings, the overlay of this kiosk's own operations,
leases, the free-slot snapshot, and the offline booking's writes in one transaction."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from kiosk_app.core.appointments import Appointment
from kiosk_app.core.booking import (
    AlreadyBookedForService,
    BookingNotFound,
    OfficeClosed,
    OutsideBookingWindow,
    Slot,
    slots_for_day,
)
from kiosk_app.core.leases import LeaseNotHeld, NoFreeSlotOffline
from kiosk_app.core.office_days import OfficeDays
from kiosk_app.core.status_lookup import CaseRecord
from kiosk_app.core.statuses import CaseStatus
from kiosk_app.store import appointments as appointments_module
from kiosk_app.store.appointments import BookingOp, BookingOps, NewOp, overlay, queue_offline
from kiosk_app.store.cases import CaseCache
from kiosk_app.store.connection import Connection
from kiosk_app.store.free_slots import FreeSlotStore
from kiosk_app.store.leases import LeaseStore, StoredLease
from kiosk_app.store.outbox import Outbox
from kiosk_app.store.sync_state import SyncState
from sync.protocol import BookingInfo, CaseState

TODAY = date(2026, 11, 23)  # a Monday
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # gateway time
KEY = bytes(range(32))
OTHER = bytes(range(1, 33))
B1, B2, B3 = "1" * 32, "2" * 32, "3" * 32
SLOTS = slots_for_day("biometrics", TODAY + timedelta(days=2))  # Wednesday morning
RECORD = CaseRecord(CaseStatus.IN_REVIEW, date(2026, 11, 1), "study_16b")


def lease(slot: Slot, minutes: int = 60, taken_by: str | None = None) -> StoredLease:
    return StoredLease(
        slot.slot_id, slot.service, slot.start, NOW + timedelta(minutes=minutes), taken_by
    )


def offline(conn: Connection, op: NewOp, now: datetime = NOW) -> Appointment | None:
    return queue_offline(
        conn,
        op,
        {"book": "book_slot", "move": "move_booking", "cancel": "cancel_booking"}[op.action],
        '{"test": true}',
        gateway_now=now,
        today=TODAY,
        created_at=now,
    )


@pytest.fixture
def case(conn: Connection) -> Connection:
    CaseCache(conn).put_many([(KEY, RECORD), (OTHER, RECORD)])
    return conn


def test_synced_bookings_land_with_the_page_and_show_on_the_status(conn: Connection) -> None:
    state = SyncState(conn)
    state.enroll("https://gw.example", "dev", "token", b"p" * 32, 1)
    booked = BookingInfo(booking_id=B1, service="biometrics", start=SLOTS[0].start)
    case_state = CaseState(
        status=CaseStatus.IN_REVIEW,
        status_changed_on=date(2026, 11, 1),
        permit_type="study_16b",
        bookings=[booked],
    )
    state.apply_page([(KEY, case_state)], [], next_cursor=3)
    record = CaseCache(conn).get(KEY)
    assert record is not None
    assert record.appointments == (Appointment(B1, "biometrics", SLOTS[0].start),)
    state.apply_page([(KEY, case_state.model_copy(update={"bookings": []}))], [], 4)
    assert CaseCache(conn).get(KEY).appointments == ()  # type: ignore[union-attr]


def test_bookings_survive_a_resync_swap(conn: Connection) -> None:
    state = SyncState(conn)
    state.enroll("https://gw.example", "dev", "token", b"p" * 32, 1)
    state.begin_resync(2, b"q" * 32)
    mine = Appointment(B1, "biometrics", SLOTS[0].start)
    state.apply_page([(KEY, CaseRecord(**{**RECORD.__dict__, "appointments": (mine,)}))], [], 9)
    state.finish_resync()
    assert CaseCache(conn).get(KEY).appointments == (mine,)  # type: ignore[union-attr]


def test_overlay_never_shows_a_booking_twice_nor_loses_it() -> None:
    start, later = SLOTS[0].start, SLOTS[1].start
    synced = Appointment(B1, "biometrics", start)

    def op(op_id: int, action: str, when: datetime | None, state: str = "pending") -> BookingOp:
        return BookingOp(op_id, B1, KEY, action, "biometrics", None, when, state, None, NOW, None)

    booked = op(1, "book", start)
    assert overlay([], [booked]) == [Appointment(B1, "biometrics", start, True)]
    # The feed brought it while the op is still there: shown once, as synced.
    assert overlay([synced], [booked]) == [synced]
    moved = op(2, "move", later, "applied")
    assert overlay([synced], [booked, moved]) == [Appointment(B1, "biometrics", later, True)]
    assert overlay([Appointment(B1, "biometrics", later)], [moved]) == [
        Appointment(B1, "biometrics", later)
    ]
    assert overlay([synced], [op(3, "cancel", None)]) == []
    assert overlay([synced], [op(3, "cancel", None, "rejected")]) == [synced]
    assert overlay([], [op(4, "book", start, "rejected")]) == []


def test_offline_booking_takes_the_lease_and_queues_the_command(case: Connection) -> None:
    LeaseStore(case).put([lease(SLOTS[0]), lease(SLOTS[1])])
    shown = offline(case, NewOp("book", B1, KEY, SLOTS[0].slot_id))
    assert shown == Appointment(B1, "biometrics", SLOTS[0].start, pending_sync=True)
    assert BookingOps(case).appointments(KEY) == [shown]
    assert {le.slot_id: le.taken_by for le in LeaseStore(case).all()} == {
        SLOTS[0].slot_id: B1,
        SLOTS[1].slot_id: None,
    }
    [entry] = Outbox(case).all_entries()
    [row] = BookingOps(case).all()
    assert (row.state, row.outbox_seq, entry.kind) == ("pending", entry.seq, "book_slot")
    # The command reaches the gateway: applied, still shown until the feed has it.
    Outbox(case).acknowledge([entry.seq])
    assert BookingOps(case).all()[0].state == "applied"
    assert BookingOps(case).appointments(KEY) == [shown]


def test_an_offline_booking_on_a_closed_day_writes_nothing(case: Connection) -> None:
    LeaseStore(case).put([lease(SLOTS[0])])  # leased before the office closed the day
    closed = OfficeDays("HE", {SLOTS[0].start.date(): "Betriebsausflug"})
    with pytest.raises(OfficeClosed):
        queue_offline(
            case,
            NewOp("book", B1, KEY, SLOTS[0].slot_id),
            "book_slot",
            '{"test": true}',
            gateway_now=NOW,
            today=TODAY,
            created_at=NOW,
            office_days=closed,
        )
    assert Outbox(case).all_entries() == [] and BookingOps(case).all() == []
    assert [le.taken_by for le in LeaseStore(case).all()] == [None]


def test_offline_rules(case: Connection) -> None:
    LeaseStore(case).put([lease(SLOTS[0]), lease(SLOTS[1]), lease(SLOTS[2], minutes=1)])
    with pytest.raises(LeaseNotHeld):  # leased, but not this one
        offline(case, NewOp("book", B1, KEY, SLOTS[3].slot_id))
    offline(case, NewOp("book", B1, KEY, SLOTS[0].slot_id))
    with pytest.raises(AlreadyBookedForService) as already:
        offline(case, NewOp("book", B2, KEY, SLOTS[1].slot_id))
    assert already.value.booking_id == B1
    with pytest.raises(LeaseNotHeld):  # taken already
        offline(case, NewOp("book", B2, OTHER, SLOTS[0].slot_id))
    with pytest.raises(LeaseNotHeld):  # one minute left: inside the safety margin
        offline(case, NewOp("book", B2, OTHER, SLOTS[2].slot_id))
    offline(case, NewOp("book", B2, OTHER, SLOTS[1].slot_id))
    with pytest.raises(NoFreeSlotOffline):  # nothing usable left for the service
        offline(case, NewOp("book", B3, bytes(32), SLOTS[3].slot_id))
    with pytest.raises(BookingNotFound):
        offline(case, NewOp("cancel", B3, KEY))
    with pytest.raises(OutsideBookingWindow):
        offline(
            case, NewOp("book", B3, bytes(32), Slot("biometrics", NOW.replace(tzinfo=None)).slot_id)
        )
    assert len(Outbox(case).all_entries()) == 2


def test_offline_move_and_cancel(case: Connection) -> None:
    LeaseStore(case).put([lease(SLOTS[0]), lease(SLOTS[1])])
    offline(case, NewOp("book", B1, KEY, SLOTS[0].slot_id))
    moved = offline(case, NewOp("move", B1, KEY, SLOTS[1].slot_id))
    assert moved == Appointment(B1, "biometrics", SLOTS[1].start, True)
    assert BookingOps(case).appointments(KEY) == [moved]
    assert offline(case, NewOp("cancel", B1, KEY)) is None
    assert BookingOps(case).appointments(KEY) == []
    assert [e.kind for e in Outbox(case).all_entries()] == [
        "book_slot",
        "move_booking",
        "cancel_booking",
    ]


@pytest.mark.parametrize("failing", ["mark_taken", "append", "_insert"])
def test_the_three_offline_writes_are_one_transaction(
    case: Connection, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    LeaseStore(case).put([lease(SLOTS[0])])
    owner = {
        "mark_taken": LeaseStore,
        "append": Outbox,
        "_insert": BookingOps,
    }[failing]

    def crash(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("crash")

    monkeypatch.setattr(owner, failing, crash)
    with pytest.raises(RuntimeError):
        offline(case, NewOp("book", B1, KEY, SLOTS[0].slot_id))
    assert not case.in_transaction
    assert LeaseStore(case).all()[0].taken_by is None
    assert Outbox(case).all_entries() == []
    assert BookingOps(case).all() == []


def test_lease_grant_keeps_what_the_gateway_does_not_know_yet(case: Connection) -> None:
    leases = LeaseStore(case)
    leases.put([lease(s) for s in SLOTS[:4]])
    offline(case, NewOp("book", B1, KEY, SLOTS[0].slot_id))  # command still in the outbox
    offline(case, NewOp("book", B2, OTHER, SLOTS[1].slot_id))
    Outbox(case).acknowledge([2])  # B2's command is at the gateway: its lease is history
    expired = lease(SLOTS[3], minutes=-5)
    leases.put([expired])
    assert leases.keep(NOW) == [SLOTS[0].slot_id, SLOTS[2].slot_id]
    renewed = NOW + timedelta(hours=1)
    leases.apply_grant([(SLOTS[0].slot_id, renewed), (SLOTS[4].slot_id, renewed)])
    assert {(le.slot_id, le.taken_by, le.expires_at) for le in leases.all()} == {
        (SLOTS[0].slot_id, B1, renewed),
        (SLOTS[4].slot_id, None, renewed),
    }


def test_a_lease_granted_as_this_kiosk_booked_its_slot_online_is_spent(
    case: Connection,
) -> None:
    """Seen in the soak on PostgreSQL: the gateway granted a slot to this kiosk, then this
    kiosk booked that slot online (its own lease: allowed, and used up), and the booking's
    answer was stored before the grant's. The lease must not be offered offline: the gateway
    refuses the command (slot_taken) after the resident was told it is booked."""
    ops = BookingOps(case)
    op = NewOp("book", B1, KEY, SLOTS[0].slot_id)
    sending = ops.begin_sending(op, NOW)
    ops.record_online(op, "biometrics", SLOTS[0].start, NOW, sending)
    leases = LeaseStore(case)
    renewed = NOW + timedelta(minutes=20)
    leases.apply_grant([(SLOTS[0].slot_id, renewed), (SLOTS[1].slot_id, renewed)])
    assert {(le.slot_id, le.taken_by) for le in leases.all()} == {
        (SLOTS[0].slot_id, B1),
        (SLOTS[1].slot_id, None),
    }
    usable = leases.book().usable("biometrics", NOW)
    assert [lease.slot_id for lease in usable] == [SLOTS[1].slot_id]
    with pytest.raises(LeaseNotHeld):
        offline(case, NewOp("book", B2, OTHER, SLOTS[0].slot_id))
    # Not renewed as an unsent booking's lease: the gateway's next grant lets it go.
    assert leases.keep(NOW) == [SLOTS[1].slot_id]


def test_free_slot_snapshot_is_replaced_whole(conn: Connection) -> None:
    free = FreeSlotStore(conn)
    day = TODAY + timedelta(days=2)
    free.replace([s.slot_id for s in SLOTS[:3]] + ["nonsense@2026-01-01T00:00#1"], NOW)
    assert [sid for sid, _ in free.for_service("biometrics", day, day)] == [
        s.slot_id for s in SLOTS[:3]
    ]
    free.replace([SLOTS[5].slot_id], NOW)
    assert free.count() == 1 and free.fetched_at == NOW
    assert free.for_service("biometrics", TODAY, TODAY) == []


def test_online_operation_and_an_interrupted_one(case: Connection) -> None:
    ops = BookingOps(case)
    FreeSlotStore(case).replace([SLOTS[0].slot_id, SLOTS[1].slot_id], NOW)
    op = NewOp("book", B1, KEY, SLOTS[0].slot_id)
    sending = ops.begin_sending(op, NOW)
    assert ops.appointments(KEY) == []  # not shown before the gateway confirms
    ops.record_online(op, "biometrics", SLOTS[0].start, NOW, sending)
    assert ops.appointments(KEY) == [Appointment(B1, "biometrics", SLOTS[0].start, True)]
    assert FreeSlotStore(case).count() == 1
    # A crash while a second request was in flight: the next start cancels it at the gateway.
    other = NewOp("book", B2, OTHER, SLOTS[1].slot_id)
    interrupted = ops.begin_sending(other, NOW)
    assert ops.abandon_sending(lambda o: f'{{"cancel": "{o.booking_id}"}}', NOW) == 1
    [entry] = Outbox(case).all_entries()
    assert (entry.kind, entry.payload) == ("cancel_booking", f'{{"cancel": "{B2}"}}')
    with pytest.raises(appointments_module.OperationAbandoned):
        ops.record_online(other, "biometrics", SLOTS[1].start, NOW, interrupted)
    assert ops.appointments(OTHER) == []
    assert ops.retire(op.id for op in ops.in_state("applied")) == 1
