"""The appointment desk and the sync engine over a real encrypted cache against the real gateway
on loopback: online book, move and cancel; offline bookings from leases while the gateway is
stopped, there exactly once after it returns; used-up and expiring leases; an unknown outcome
leaves no booking behind."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fault_proxy import FaultProxy
from fixed_time import MovableClock, fixed_office_time, fixed_today
from gateway_harness import ADMIN_TOKEN, RunningGateway, running_gateway
from kiosk_harness import KioskCache, enroll

from kiosk_app.appointment_desk import DeskSettings, KioskAppointmentDesk, start_desk_and_engine
from kiosk_app.core.appointments import Appointment, BookingUnconfirmed
from kiosk_app.core.demo_cases import DemoCase
from kiosk_app.core.leases import NoFreeSlotOffline
from kiosk_app.core.lookup_key import derive_lookup_key
from kiosk_app.store.appointments import BookingOps
from kiosk_app.store.cases import CaseCache
from kiosk_app.store.connection import open_cache
from kiosk_app.store.leases import LeaseStore, StoredLease
from kiosk_app.store.meta import CacheMeta
from kiosk_app.store.outbox import Outbox
from kiosk_app.store.sync_state import SyncState
from sync.engine import EngineSettings, SyncEngine
from sync.gateway.settings import GatewaySettings

SERVICE = "biometrics"
LEASES_PER_DAY = 3
LEASE_DAYS = 2


@pytest.fixture
def gateway(tmp_path: Path) -> Iterator[RunningGateway]:
    settings = GatewaySettings(
        db_url=f"sqlite:///{tmp_path / 'gw.db'}",
        admin_token=ADMIN_TOKEN,
        leases_per_service_day=LEASES_PER_DAY,
        lease_days=LEASE_DAYS,
        clock=MovableClock(),
    )
    with running_gateway(settings) as running:
        yield running


@dataclass
class Booth:
    """One kiosk: its cache, engine (driven by hand with ``sync``) and desk."""

    kiosk: KioskCache
    gateway: RunningGateway
    desk: KioskAppointmentDesk
    engine: SyncEngine
    cases: list[DemoCase]

    def key(self, case: DemoCase) -> bytes:
        pepper = CacheMeta(self.kiosk.connect()).pepper
        assert pepper is not None
        return derive_lookup_key(pepper, case.case_number, case.birth_date)

    def sync(self) -> None:
        status = self.engine.sync_once()
        assert status.online, status.reason
        assert status.pending_commands == 0 and status.parked_commands == 0

    def leases(self) -> list[StoredLease]:
        return [le for le in LeaseStore(self.kiosk.connect()).all() if le.service == SERVICE]

    def at_gateway(self, day: date) -> list[dict[str, Any]]:
        response = self.gateway.admin.get("/admin/v1/bookings", params={"day": day.isoformat()})
        response.raise_for_status()
        return list(response.json())

    def everywhere_at_gateway(self) -> list[dict[str, Any]]:
        days = [fixed_today() + timedelta(days=n) for n in range(1, 29)]
        return [row for day in days for row in self.at_gateway(day)]


def make_booth(
    kiosk: KioskCache, gateway: RunningGateway, url: str | None = None, timeout_s: float = 3.0
) -> Booth:
    cases = gateway.import_demo(14, seed=5)
    enroll(kiosk, gateway, url=url)
    desk, engine = start_desk_and_engine(
        lambda: open_cache(kiosk.path, kiosk.key),
        kiosk.reports.append,
        engine_settings=EngineSettings(
            interval_s=0.2, backoff_base_s=0.05, backoff_cap_s=0.5, slots_interval_s=0.0
        ),
        desk_settings=DeskSettings(timeout_s=timeout_s, connect_timeout_s=1.0),
        start=False,
        time=fixed_office_time(kiosk.clock),
    )
    return Booth(kiosk, gateway, desk, engine, cases)


@pytest.fixture
def booth(kiosk: KioskCache, gateway: RunningGateway) -> Iterator[Booth]:
    booth = make_booth(kiosk, gateway)
    booth.sync()
    yield booth
    booth.desk.close()
    booth.engine.stop()


def test_online_book_move_cancel(booth: Booth) -> None:
    desk = booth.desk
    assert desk.online
    day = next(d.day for d in desk.days(SERVICE) if d.free > 2)
    free_before = next(d.free for d in desk.days(SERVICE) if d.day == day)
    first, second = desk.times(SERVICE, day)[:2]
    key = booth.key(booth.cases[0])

    booked = desk.book(key, first.slot_id)
    assert not booked.offline and booked.appointment.start == first.start
    [row] = booth.at_gateway(day)
    assert (row["booking_id"], row["source"]) == (booked.appointment.booking_id, "online")
    assert desk.appointments(key) == [booked.appointment]  # pending_sync until the feed has it
    assert next(d.free for d in desk.days(SERVICE) if d.day == day) < free_before

    booth.sync()
    synced = replace(booked.appointment, pending_sync=False)
    assert desk.appointments(key) == [synced]
    assert CaseCache(booth.kiosk.connect()).get(key).appointments == (synced,)  # type: ignore[union-attr]
    assert BookingOps(booth.kiosk.connect()).all() == []  # confirmed by the feed: retired

    moved = desk.move(key, synced.booking_id, second.slot_id)
    assert not moved.offline and moved.appointment.start == second.start
    [row] = booth.at_gateway(day)
    assert row["slot_id"] == second.slot_id
    booth.sync()
    assert desk.appointments(key) == [replace(moved.appointment, pending_sync=False)]

    desk.cancel(key, synced.booking_id)
    assert desk.appointments(key) == []
    assert booth.at_gateway(day) == []
    booth.sync()
    assert desk.appointments(key) == [] and BookingOps(booth.kiosk.connect()).all() == []


def test_offline_bookings_from_leases_reach_the_gateway_exactly_once(booth: Booth) -> None:
    desk = booth.desk
    leases = booth.leases()
    assert len(leases) == LEASES_PER_DAY * LEASE_DAYS
    booth.gateway.stop()
    # The desk still believes it is online: the failed connection sends it to the lease.
    shown: dict[bytes, Appointment] = {}
    for case, lease in zip(booth.cases, leases[:-1], strict=False):
        confirmation = desk.book(booth.key(case), lease.slot_id)
        assert confirmation.offline and confirmation.appointment.start == lease.start
        shown[booth.key(case)] = confirmation.appointment
    assert not desk.online
    # A move and a cancel made offline go through the outbox too.
    moved_key, cancelled_key = booth.key(booth.cases[0]), booth.key(booth.cases[1])
    moved = desk.move(moved_key, shown[moved_key].booking_id, leases[-1].slot_id)
    assert moved.offline and moved.appointment.start == leases[-1].start
    shown[moved_key] = moved.appointment
    assert desk.appointments(moved_key) == [moved.appointment]
    desk.cancel(cancelled_key, shown.pop(cancelled_key).booking_id)
    assert desk.appointments(cancelled_key) == []
    # Every lease of the service is used (a slot freed offline is not leased to anyone).
    assert all(d.free == 0 for d in desk.days(SERVICE))
    with pytest.raises(NoFreeSlotOffline):
        desk.book(booth.key(booth.cases[-1]), leases[0].slot_id)
    assert not booth.engine.sync_once().online  # the engine notices too

    booth.gateway.start()
    booth.sync()
    rows = booth.everywhere_at_gateway()
    assert sorted(r["booking_id"] for r in rows) == sorted(a.booking_id for a in shown.values())
    assert {r["source"] for r in rows} == {"offline"}
    for key, appointment in shown.items():
        assert desk.appointments(key) == [replace(appointment, pending_sync=False)]
    assert desk.appointments(cancelled_key) == []
    booth.sync()  # nothing is sent twice
    assert len(booth.everywhere_at_gateway()) == len(shown)
    assert BookingOps(booth.kiosk.connect()).all() == []
    # Used leases became bookings; the gateway topped the kiosk up again.
    assert {le.taken_by for le in booth.leases()} == {None}
    assert len(booth.leases()) == LEASES_PER_DAY * LEASE_DAYS
    assert desk.online
    [row] = [r for r in rows if r["booking_id"] == moved.appointment.booking_id]
    assert row["slot_id"] == leases[-1].slot_id


def test_a_lease_past_expiry_by_gateway_time_is_not_used(booth: Booth) -> None:
    leases = booth.leases()
    booth.gateway.stop()
    assert not booth.engine.sync_once().online
    left = min(le.expires_at for le in leases) - booth.kiosk.clock()
    # As if the last sync had measured the gateway's clock this far ahead of ours: a minute
    # of each lease is left, less than the safety margin.
    SyncState(booth.kiosk.connect()).record_offset(left.total_seconds() - 60)
    assert all(d.free == 0 for d in booth.desk.days(SERVICE))
    with pytest.raises(NoFreeSlotOffline):
        booth.desk.book(booth.key(booth.cases[0]), leases[0].slot_id)
    assert Outbox(booth.kiosk.connect()).all_entries() == []
    assert {le.taken_by for le in booth.leases()} == {None}


def test_unknown_outcome_is_unconfirmed_and_leaves_no_booking(
    kiosk: KioskCache, gateway: RunningGateway
) -> None:
    proxy = FaultProxy(gateway.url, slow_s=1.5)
    booth = make_booth(kiosk, gateway, url=proxy.url, timeout_s=0.5)
    try:
        booth.sync()
        desk = booth.desk
        day = next(d.day for d in desk.days(SERVICE) if d.free > 0)
        choice = desk.times(SERVICE, day)[0]
        key = booth.key(booth.cases[0])
        proxy.fault = "slow"  # the gateway books, the answer comes too late
        with pytest.raises(BookingUnconfirmed):
            desk.book(key, choice.slot_id)
        time.sleep(1.2)  # let the late answer go (the booking was made at the gateway)
        proxy.fault = None
        assert desk.appointments(key) == []
        [entry] = Outbox(kiosk.connect()).all_entries()
        assert entry.kind == "cancel_booking"
        booth.sync()
        assert booth.everywhere_at_gateway() == []
        assert desk.appointments(key) == []
        # The same id can never be booked again (a request still on its way is refused).
        [sent] = [op for op in BookingOps(kiosk.connect()).all() if op.action == "book"]
        token = SyncState(kiosk.connect()).device_token
        late = gateway.admin.post(
            "/v1/bookings",
            headers={"Authorization": f"Bearer {token}"},
            json={
                "action": "book",
                "booking_id": sent.booking_id,
                "lookup_key": key.hex(),
                "slot_id": choice.slot_id,
            },
        )
        assert late.json()["outcome"] == "refused"
        # And the resident can simply book again.
        again = desk.book(key, choice.slot_id)
        assert [r["booking_id"] for r in booth.at_gateway(day)] == [again.appointment.booking_id]
    finally:
        booth.desk.close()
        booth.engine.stop()
        proxy.close()


def test_engine_thread_and_desk_together(booth: Booth) -> None:
    """The engine running in its thread while residents book: nothing lost, nothing twice."""
    booth.engine.start()
    try:
        desk = booth.desk
        made: list[str] = []
        lock = threading.Lock()

        def resident(key: bytes) -> None:
            for day in desk.days(SERVICE):
                for choice in desk.times(SERVICE, day.day):
                    try:
                        confirmation = desk.book(key, choice.slot_id)
                    except Exception:  # someone else was quicker: try the next time
                        continue
                    with lock:
                        made.append(confirmation.appointment.booking_id)
                    return

        keys = [booth.key(case) for case in booth.cases[:8]]  # the harness's connections
        threads = [threading.Thread(target=resident, args=(key,)) for key in keys]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(made) == 8
        deadline = time.monotonic() + 10
        while BookingOps(booth.kiosk.connect()).all() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert BookingOps(booth.kiosk.connect()).all() == []
        assert sorted(r["booking_id"] for r in booth.everywhere_at_gateway()) == sorted(made)
        for case in booth.cases[:8]:
            [appointment] = desk.appointments(booth.key(case))
            assert appointment.booking_id in made and not appointment.pending_sync
    finally:
        booth.engine.stop()
