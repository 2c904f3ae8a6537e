"""A booking made online stays on the kiosk's list after a pull that did not carry it yet, and
leaves the kiosk's own operations only once the feed shows it (or after a bound, when the feed
never will): the real desk, engine and encrypted cache against the real gateway on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta

import pytest
from fixed_time import fixed_office_time
from gateway_harness import RunningGateway
from kiosk_harness import KioskCache, enroll

from kiosk_app.appointment_desk import DeskSettings, KioskAppointmentDesk, start_desk_and_engine
from kiosk_app.core.lookup_key import derive_lookup_key
from kiosk_app.store.appointments import BookingOps
from kiosk_app.store.cases import CaseCache
from kiosk_app.store.connection import open_cache
from kiosk_app.store.meta import CacheMeta
from sync.engine import EngineSettings, SyncEngine

SERVICE = "biometrics"
BOUND_S = 600.0


@contextmanager
def older_transaction_in_flight(db_url: str) -> Iterator[None]:
    """A write transaction of the gateway's database that began (took its id) before what the
    block does and is still open: PostgreSQL's feed holds back every later change until it ends
    (sync/gateway/change_feed.py), as it does while a long import runs."""
    import psycopg

    with psycopg.connect(db_url.replace("+psycopg", "")) as holder:
        holder.execute("SELECT pg_current_xact_id()")
        try:
            yield
        finally:
            holder.rollback()


class Kiosk:
    def __init__(self, kiosk: KioskCache, gateway: RunningGateway) -> None:
        self.cache, self.gateway = kiosk, gateway
        self.case = gateway.import_demo(3, seed=5)[0]
        enroll(kiosk, gateway)
        self.desk, self.engine = start_desk_and_engine(
            lambda: open_cache(kiosk.path, kiosk.key),
            kiosk.reports.append,
            engine_settings=EngineSettings(slots_interval_s=0.0, unshown_op_bound_s=BOUND_S),
            desk_settings=DeskSettings(timeout_s=3.0, connect_timeout_s=1.0),
            start=False,
            time=fixed_office_time(kiosk.clock),
        )
        self.sync()
        pepper = CacheMeta(kiosk.connect()).pepper
        assert pepper is not None
        self.key = derive_lookup_key(pepper, self.case.case_number, self.case.birth_date)

    def sync(self) -> None:
        status = self.engine.sync_once()
        assert status.online and status.pending_commands == 0, status.reason

    def first_free_slot(self) -> str:
        day = next(d.day for d in self.desk.days(SERVICE) if d.free > 0)
        return self.desk.times(SERVICE, day)[0].slot_id

    def synced_bookings(self) -> list[str]:
        record = CaseCache(self.cache.connect()).get(self.key)
        assert record is not None
        return [a.booking_id for a in record.appointments]

    def operations(self) -> list[str]:
        return [op.action for op in BookingOps(self.cache.connect()).all()]


@pytest.fixture
def booth(kiosk: KioskCache, gateway: RunningGateway) -> Iterator[Kiosk]:
    booth = Kiosk(kiosk, gateway)
    yield booth
    booth.desk.close()
    booth.engine.stop()


@pytest.mark.parametrize("gateway_db_url", ["postgresql"], indirect=True)
def test_a_booking_the_pull_does_not_carry_yet_stays_listed(
    booth: Kiosk, gateway_db_url: str
) -> None:
    desk: KioskAppointmentDesk = booth.desk
    with older_transaction_in_flight(gateway_db_url):
        booked = desk.book(booth.key, booth.first_free_slot())
        assert desk.appointments(booth.key) == [booked.appointment]
        booth.sync()
        # The race: the pull completed after the booking, yet its pages held the booking back.
        assert booth.synced_bookings() == []
        # The resident who looks up again still sees the appointment, as not yet synced.
        assert desk.appointments(booth.key) == [booked.appointment]
        assert booth.operations() == ["book"]
    booth.sync()
    assert booth.synced_bookings() == [booked.appointment.booking_id]
    assert desk.appointments(booth.key) == [replace(booked.appointment, pending_sync=False)]
    assert booth.operations() == []


@pytest.mark.parametrize("gateway_db_url", ["sqlite"], indirect=True)
def test_a_booking_cancelled_elsewhere_before_any_pull_leaves_after_the_bound(
    booth: Kiosk,
) -> None:
    desk: KioskAppointmentDesk = booth.desk
    engine: SyncEngine = booth.engine
    booked = desk.book(booth.key, booth.first_free_slot())
    other = booth.gateway.enroll("Schalter 2")
    body = {"action": "cancel", "booking_id": booked.appointment.booking_id}
    answer = other.client.post("/v1/bookings", json={**body, "lookup_key": booth.key.hex()})
    assert answer.json()["outcome"] == "cancelled"
    booth.sync()
    # The feed never lists it; the kiosk cannot tell that from a change held back, so it
    # keeps showing its own booking (as not yet synced) until the bound has passed.
    assert booth.synced_bookings() == []
    assert desk.appointments(booth.key) == [booked.appointment]
    booth.cache.clock.advance(timedelta(seconds=engine.settings.unshown_op_bound_s - 1))
    booth.sync()
    assert desk.appointments(booth.key) == [booked.appointment]
    booth.cache.clock.advance(timedelta(seconds=1))
    booth.sync()
    assert desk.appointments(booth.key) == [] and booth.operations() == []
