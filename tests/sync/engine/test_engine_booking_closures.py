"""A kiosk over a real encrypted cache against the real gateway on loopback (SQLite and
PostgreSQL): a day staff close at the gateway reaches the kiosk with the catalog, and the kiosk,
offline, offers and books none of it, not even from a lease it still holds; public holidays are
never offered. The gateway's clock and the desk's day are fixed to an instant chosen here."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from gateway_harness import demo_row
from kiosk_harness import KioskCache, enroll

from kiosk_app.appointment_desk import DeskSettings, EngineState, KioskAppointmentDesk
from kiosk_app.core.booking import OfficeClosed, Slot
from kiosk_app.core.demo_cases import DemoCase, generate
from kiosk_app.core.lookup_key import derive_lookup_key
from kiosk_app.store.catalog_snapshot import CatalogSnapshotStore
from kiosk_app.store.connection import open_cache
from kiosk_app.store.leases import LeaseStore
from kiosk_app.store.meta import CacheMeta
from sync.engine import EngineSettings, SyncEngine

# Wednesday 23 December 2026, 9:00 in Darmstadt: leases go to 24, 28 and 29 December.
NOW = datetime(2026, 12, 23, 8, 0, tzinfo=UTC)
TODAY = date(2026, 12, 23)
CHRISTMAS, CLOSED = date(2026, 12, 25), date(2026, 12, 28)
SERVICE = "biometrics"


class FixedClock:
    def __init__(self, instant: datetime) -> None:
        self.instant = instant

    def __call__(self) -> datetime:
        return self.instant

    def advance(self, delta: timedelta) -> None:
        self.instant += delta


@pytest.fixture
def gateway_clock() -> FixedClock:
    return FixedClock(NOW)


@dataclass
class Kiosk:
    cache: KioskCache
    desk: KioskAppointmentDesk
    engine: SyncEngine
    cases: list[DemoCase]

    def key(self, case: DemoCase) -> bytes:
        pepper = CacheMeta(self.cache.connect()).pepper
        assert pepper is not None
        return derive_lookup_key(pepper, case.case_number, case.birth_date)

    def free_on(self, day: date) -> int:
        return next(d.free for d in self.desk.days(SERVICE) if d.day == day)

    def leased_days(self) -> set[date]:
        leases = LeaseStore(self.cache.connect()).all()
        return {lease.start.date() for lease in leases if lease.service == SERVICE}


@pytest.fixture
def booth(gateway: Any, kiosk: KioskCache) -> Iterator[Kiosk]:
    cases = list(generate(8, 3, TODAY))
    assert not gateway.import_rows([demo_row(case) for case in cases])["rejected"]
    enroll(kiosk, gateway)
    state = EngineState()

    def open_connection() -> Any:
        return open_cache(kiosk.path, kiosk.key)

    # The catalog is fetched on every round, leases only on the first (or after a booking).
    settings = EngineSettings(
        interval_s=0.2,
        backoff_base_s=0.05,
        backoff_cap_s=0.5,
        timeout_s=5.0,
        slots_interval_s=3600.0,
        catalog_interval_s=0.0,
    )
    engine = SyncEngine(open_connection, state.report, settings)
    desk = KioskAppointmentDesk(
        open_connection,
        engine=state,
        settings=DeskSettings(timeout_s=3.0, connect_timeout_s=1.0),
        today=lambda: TODAY,
    )
    yield Kiosk(kiosk, desk, engine, cases)
    desk.close()


def test_a_closed_day_is_not_offered_offline_even_from_a_held_lease(gateway, booth) -> None:
    assert booth.engine.sync_once().online
    assert booth.leased_days() == {date(2026, 12, 24), CLOSED, date(2026, 12, 29)}
    assert booth.free_on(CLOSED) > 0
    assert booth.free_on(CHRISTMAS) == 0  # a public holiday is never offered
    held = next(
        lease.slot_id
        for lease in LeaseStore(booth.cache.connect()).all()
        if lease.service == SERVICE and lease.start.date() == CLOSED
    )

    closing = gateway.admin.put(f"/admin/v1/closures/{CLOSED}", json={"reason": "Umzug"})
    assert closing.status_code == 201
    assert booth.engine.sync_once().online  # brings the catalog, not a new lease grant
    assert CatalogSnapshotStore(booth.cache.connect()).closed_days() == {CLOSED}
    assert CLOSED in booth.leased_days()  # still held here: the kiosk must not use it

    gateway.stop()
    assert not booth.engine.sync_once().online
    assert not booth.desk.online
    assert booth.free_on(CLOSED) == 0 and booth.desk.times(SERVICE, CLOSED) == []
    assert booth.free_on(date(2026, 12, 24)) == 1  # other leases still serve offline
    key = booth.key(booth.cases[0])
    with pytest.raises(OfficeClosed):
        booth.desk.book(key, held)
    assert booth.desk.appointments(key) == []
    assert booth.cache.outbox().counts()["pending"] == 0  # nothing queued for the closed day
    [other] = booth.desk.times(SERVICE, date(2026, 12, 29))
    confirmation = booth.desk.book(key, other.slot_id)
    assert confirmation.offline and Slot.parse(other.slot_id).start == other.start

    gateway.start()
    assert booth.engine.sync_once().online
    rows = gateway.admin.get("/admin/v1/bookings", params={"day": "2026-12-29"}).json()
    assert [row["booking_id"] for row in rows] == [confirmation.appointment.booking_id]
    assert CLOSED not in booth.leased_days()  # the gateway withdrew it; the kiosk forgot it
