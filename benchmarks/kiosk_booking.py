"""Booking at the kiosk, as a resident waits for it: the desk's ``book`` from the tap on
"confirm" to the confirmation, over a real encrypted cache and a gateway process on loopback.

booking_online_ms    median ``desk.book`` online (``POST /v1/bookings`` + recording it in the
                     cache); baseline: a bare ``GET /v1/health`` round trip on the same client
                     → ``booking_online_ratio``.
booking_offline_ms   median ``desk.book`` with the gateway stopped, from slots leased to the
                     kiosk (lease, outbox command and operation in one durable transaction);
                     baseline: one durable write transaction on the same cache (an outbox
                     append) → ``booking_offline_ratio``.

``python -m benchmarks.kiosk_booking [--quick]`` prints the figures.
"""

from __future__ import annotations

import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import httpx

from kiosk_app.appointment_desk import DeskSettings, EngineState, KioskAppointmentDesk
from kiosk_app.core.booking import SERVICES
from kiosk_app.core.demo_cases import generate
from kiosk_app.core.lookup_key import derive_lookup_key
from kiosk_app.store.connection import open_cache
from kiosk_app.store.meta import CacheMeta
from kiosk_app.store.outbox import Outbox
from kiosk_app.store.sync_state import SyncState
from sync.engine import EngineSettings, SyncEngine
from sync.enroll import enroll_kiosk
from sync.gateway.app import create_app
from sync.gateway.demo import seed_demo
from sync.gateway.process import GatewayProcess
from sync.gateway.settings import GatewaySettings

SEED = 41
# Enough leases for the offline samples: every service, 10 a day, the next 5 bookable days.
LEASE_OPTIONS = ("--leases-per-day", "10", "--lease-days", "5")


def _median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 2)


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def measure_kiosk_booking(workdir: Path, *, quick: bool) -> dict[str, float]:
    samples = 20 if quick else 60
    workdir.mkdir(parents=True, exist_ok=True)
    db_url = f"sqlite:///{workdir / 'gateway.db'}"
    today = date.today()
    app = create_app(GatewaySettings(db_url=db_url))
    engine = app.state.gateway.engine
    try:
        seed_demo(engine, samples * 2 + 10, SEED, today)
    finally:
        engine.dispose()
    admin = "bench-" + secrets.token_hex(8)
    server = GatewayProcess(db_url, admin, options=LEASE_OPTIONS).start()
    key = secrets.token_bytes(32)
    cache = workdir / "cache.db"
    try:
        code = httpx.post(
            f"{server.url}/admin/v1/enrollment-codes",
            headers={"Authorization": f"Bearer {admin}"},
        ).json()["code"]
        conn = open_cache(cache, key)
        enroll_kiosk(conn, server.url, str(code), device_name="bench")
        sync = SyncEngine(lambda: open_cache(cache, key), lambda _s: None, EngineSettings())
        assert sync.sync_once().online
        pepper = CacheMeta(conn).pepper
        assert pepper is not None
        keys = [
            derive_lookup_key(pepper, case.case_number, case.birth_date)
            for case in generate(samples * 2 + 10, SEED, today)
        ]
        state = EngineState(online=True)
        desk = KioskAppointmentDesk(
            lambda: open_cache(cache, key), engine=state, settings=DeskSettings()
        )
        services = sorted(SERVICES)

        def book_one(case_key: bytes, service: str) -> float:
            """The time from "confirm" to the confirmation (the calendar was read before)."""
            day = next(d.day for d in desk.days(service) if d.free)
            slot_id = desk.times(service, day)[0].slot_id
            return _timed(lambda: desk.book(case_key, slot_id))

        online, health = [], []
        client = httpx.Client(
            base_url=server.url,
            headers={"Authorization": f"Bearer {SyncState(conn).device_token}"},
        )
        for n in range(samples):
            health.append(_timed(lambda: client.get("/v1/health").raise_for_status()))
            online.append(book_one(keys[n], services[n % len(services)]))
        client.close()

        server.stop()  # the outage: every further booking comes from the kiosk's leases
        state.mark_unreachable()
        offline, durable = [], []
        outbox = Outbox(conn)
        for n in range(samples, samples * 2):
            durable.append(
                _timed(lambda: outbox.append("void", '{"kind":"void"}', datetime.now(UTC)))
            )
            offline.append(book_one(keys[n], services[n % len(services)]))
        desk.close()
        conn.close()
    finally:
        server.stop()
    result = {
        "booking_online_ms": _median_ms(online),
        "booking_online_baseline_ms": _median_ms(health),
        "booking_offline_ms": _median_ms(offline),
        "booking_offline_baseline_ms": _median_ms(durable),
    }
    result["booking_online_ratio"] = round(
        result["booking_online_ms"] / result["booking_online_baseline_ms"], 2
    )
    result["booking_offline_ratio"] = round(
        result["booking_offline_ms"] / result["booking_offline_baseline_ms"], 2
    )
    return result


if __name__ == "__main__":
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-booking-") as tmp:
        print(measure_kiosk_booking(Path(tmp), quick="--quick" in sys.argv))
