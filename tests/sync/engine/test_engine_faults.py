"""Faults between kiosk and gateway: the page is not applied, the cache is unchanged, the
kiosk keeps answering, and the engine recovers once the fault ends."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from fault_proxy import FAULTS, FaultProxy
from gateway_harness import RunningGateway
from kiosk_harness import KioskCache, enroll

from kiosk_app.core.demo_cases import DemoCase
from kiosk_app.core.statuses import CaseStatus

# Short enough that the "slow" fault (3x) times out quickly, long enough that a first sync
# (changes, leases, free slots, catalog) from a gateway in this process never does on a busy
# CI machine (0.5 s did once).
TIMEOUT_S = 2.0


@pytest.fixture
def proxy(sqlite_gateway: RunningGateway) -> Iterator[FaultProxy]:
    faulty = FaultProxy(sqlite_gateway.url, slow_s=TIMEOUT_S * 3)
    yield faulty
    faulty.close()


@pytest.mark.parametrize("fault", [*FAULTS, "gateway_stopped"])
def test_fault_leaves_the_cache_unchanged_and_sync_recovers(
    kiosk: KioskCache, sqlite_gateway: RunningGateway, proxy: FaultProxy, fault: str
) -> None:
    demo: list[DemoCase] = sqlite_gateway.import_demo(40, seed=5)
    enroll(kiosk, sqlite_gateway, url=proxy.url)
    engine = kiosk.engine(timeout_s=TIMEOUT_S)
    assert engine.sync_once().online
    case = next(c for c in demo if c.record.status is not CaseStatus.COMPLETED)
    sqlite_gateway.set_status(case.case_number.canonical, "completed")
    before = kiosk.snapshot()

    if fault == "gateway_stopped":
        sqlite_gateway.stop()
    else:
        proxy.fault = fault
    status = engine.sync_once()
    assert not status.online and status.reason
    assert kiosk.snapshot() == before

    if fault == "gateway_stopped":
        sqlite_gateway.start()
    proxy.fault = None
    assert engine.sync_once().online
    cursor, count, rows = kiosk.snapshot()
    assert cursor == before[0] + 1 and count == before[1]
    assert ("completed" in {s for _k, s in rows}) and rows != before[2]


def test_backoff_grows_with_failures_and_has_jitter() -> None:
    import random

    from sync.engine import EngineSettings, backoff_delay

    settings = EngineSettings(backoff_base_s=1.0, backoff_cap_s=60.0)
    rng = random.Random(1)
    first = [backoff_delay(1, settings, rng) for _ in range(50)]
    fifth = [backoff_delay(5, settings, rng) for _ in range(50)]
    capped = [backoff_delay(30, settings, rng) for _ in range(50)]
    assert all(0.5 <= d <= 1.0 for d in first) and len(set(first)) > 40
    assert all(8.0 <= d <= 16.0 for d in fifth)
    assert all(30.0 <= d <= 60.0 for d in capped)


def test_the_engine_thread_retries_on_its_own_after_an_outage(
    kiosk: KioskCache, sqlite_gateway: RunningGateway
) -> None:
    import time

    demo = sqlite_gateway.import_demo(20, seed=9)
    enroll(kiosk, sqlite_gateway)
    engine = kiosk.engine(interval_s=0.2, backoff_base_s=0.05, backoff_cap_s=0.3, timeout_s=1)
    engine.start()
    try:
        deadline = time.monotonic() + 10
        while not (kiosk.reports and kiosk.reports[-1].online) and time.monotonic() < deadline:
            time.sleep(0.05)
        sqlite_gateway.stop()
        offline_at = len(kiosk.reports)
        while time.monotonic() < deadline and not any(
            not r.online for r in kiosk.reports[offline_at:]
        ):
            time.sleep(0.05)
        assert any(not r.online for r in kiosk.reports[offline_at:])
        sqlite_gateway.start()
        sqlite_gateway.set_status(demo[0].case_number.canonical, "completed")
        recovered_at = len(kiosk.reports)
        while time.monotonic() < deadline and not any(
            r.online for r in kiosk.reports[recovered_at:]
        ):
            time.sleep(0.05)
        # No local write woke it: the timer's retry brought it back.
        assert any(r.online for r in kiosk.reports[recovered_at:])
    finally:
        engine.stop()


def test_an_outage_is_logged_when_it_starts_and_ends_not_at_every_retry(
    kiosk: KioskCache, sqlite_gateway: RunningGateway, caplog: pytest.LogCaptureFixture
) -> None:
    sqlite_gateway.import_demo(5, seed=5)
    enroll(kiosk, sqlite_gateway)
    engine = kiosk.engine(timeout_s=TIMEOUT_S)
    assert engine.sync_once().online
    sqlite_gateway.stop()
    with caplog.at_level(logging.INFO, logger="sync.engine"):
        for _ in range(5):
            assert not engine.sync_once().online
        sqlite_gateway.start()
        assert engine.sync_once().online
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]
    assert "sync failed" in warnings[0].getMessage()
    assert any("works again after 5 failed attempts" in r.getMessage() for r in caplog.records)
