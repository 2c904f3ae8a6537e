"""The kiosk's walk-in desk against a real gateway on loopback (issue 15, online issuing): the
board, a ticket queued in the real SQLCipher outbox, pushed by the real sync engine and read
back with its number; a used-up quota refused plainly; offline, nothing queued.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from fixed_time import MovableClock, fixed_office_time

from kiosk_app.backend import KioskBackend, key_providers, open_backend
from kiosk_app.config import KioskConfig
from kiosk_app.store.connection import open_cache
from kiosk_app.store.keys import resolve_key
from kiosk_app.store.outbox import Outbox
from kiosk_app.walk_in_desk import WalkInOffline, WalkInRefused
from sync.engine import EngineSettings, SyncEngine
from sync.enroll import enroll_kiosk
from sync.gateway.database import make_engine
from sync.gateway.demo import seed_demo
from sync.gateway.server import GatewayServer
from sync.gateway.settings import GatewaySettings

# Tuesday 10 March 2026, 9:00 in Berlin: the demo's walk-in services issue from 7:30 to 12:00.
NOW = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
ADMIN = "walk-in-desk-admin-" + secrets.token_hex(8)
SERVICE = "card_pickup"


@dataclass
class OnlineKiosk:
    backend: KioskBackend
    gateway: GatewayServer
    sync: SyncEngine


def wait_until(condition: object, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.02)


@pytest.fixture
def online(tmp_path: Path) -> Iterator[OnlineKiosk]:
    db_url = f"sqlite:///{tmp_path / 'gateway.db'}"
    clock = MovableClock(NOW)
    gateway = GatewayServer(GatewaySettings(db_url=db_url, admin_token=ADMIN, clock=clock)).start()
    engine = make_engine(db_url)
    seed_demo(engine, 12, 5, NOW.date())
    engine.dispose()
    code = httpx.post(
        f"{gateway.url}/admin/v1/enrollment-codes", headers={"Authorization": f"Bearer {ADMIN}"}
    ).json()["code"]
    config = KioskConfig(state_dir=tmp_path / "kiosk", demo=True, time=fixed_office_time(clock))
    config.state_dir.mkdir()
    conn = open_cache(config.cache_path, resolve_key(key_providers(config)))
    enroll_kiosk(conn, gateway.url, code, device_name="walk-in-desk")
    conn.close()
    backend = open_backend(config)
    settings = EngineSettings(interval_s=5, backoff_base_s=0.1, backoff_cap_s=0.4, timeout_s=2)
    sync = backend.start_sync_engine(lambda _status: None, settings)
    wait_until(lambda: backend.desk.online)
    try:
        yield OnlineKiosk(backend, gateway, sync)
    finally:
        sync.stop()
        backend.close()
        gateway.stop()


def set_quota(kiosk: OnlineKiosk, quota: int) -> None:
    rules = {"letter": "A", "daily_quota": quota, "issue_from": "07:30", "issue_until": "12:00"}
    response = httpx.put(
        f"{kiosk.gateway.url}/admin/v1/walk-in/{SERVICE}",
        json={**rules, "urgent_share": 0},
        headers={"Authorization": f"Bearer {ADMIN}"},
    )
    response.raise_for_status()


def test_a_ticket_is_issued_online_with_its_number_and_wait(online: OnlineKiosk) -> None:
    desk = online.backend.walk_in
    board = desk.board()
    card = next(s for s in board.services if s.service == SERVICE)
    assert card.open and card.letter == "A" and card.waiting == 0

    first = desk.issue(SERVICE, "ar", card.estimate.low, card.estimate.high)
    assert (first.label, first.ahead, first.language) == ("A 001", 0, "ar")
    assert first.wait_low <= first.wait_high
    second = desk.issue(SERVICE, "de", 5, 20)
    assert (second.label, second.ahead) == ("A 002", 1)
    assert (second.wait_low, second.wait_high) == (5, 20)  # the estimate shown is recorded
    assert next(s for s in desk.board().services if s.service == SERVICE).waiting == 2


def test_a_used_up_quota_is_refused_plainly(online: OnlineKiosk) -> None:
    set_quota(online, 1)
    desk = online.backend.walk_in
    assert desk.issue(SERVICE, "de", 0, 5).label == "A 001"
    with pytest.raises(WalkInRefused) as refused:
        desk.issue(SERVICE, "de", 0, 5)
    assert refused.value.reason == "quota_exhausted"
    card = next(s for s in desk.board().services if s.service == SERVICE)
    assert card.refusal == "quota_exhausted" and not card.open


def test_offline_nothing_is_queued(online: OnlineKiosk) -> None:
    online.gateway.stop()
    online.sync.wake()
    wait_until(lambda: not online.backend.desk.online)
    desk = online.backend.walk_in
    with pytest.raises(WalkInOffline):
        desk.board()
    with pytest.raises(WalkInOffline):
        desk.issue(SERVICE, "de", 0, 5)
    conn = online.backend.open_connection()
    try:
        assert not [e for e in Outbox(conn).all_entries() if e.kind == "issue_walk_in_ticket"]
    finally:
        conn.close()
