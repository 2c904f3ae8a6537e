"""The kiosk's walk-in desk against a real gateway on loopback (issue 15): the board, a ticket
queued in the real SQLCipher outbox, pushed by the real sync engine and read back with its
number; a used-up quota refused plainly; offline, tickets from the kiosk's lease that reach the
gateway once it is back, in order, each once; a lease used up says so; without a lease, nothing
queued.
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
from sqlalchemy import select

from kiosk_app.backend import KioskBackend, key_providers, open_backend
from kiosk_app.config import KioskConfig
from kiosk_app.store.connection import open_cache
from kiosk_app.store.keys import resolve_key
from kiosk_app.store.outbox import Outbox
from kiosk_app.walk_in_desk import OfflineBoard, WalkInOffline, WalkInRefused
from sync.engine import EngineSettings, SyncEngine
from sync.enroll import enroll_kiosk
from sync.gateway.database import make_engine
from sync.gateway.demo import seed_demo
from sync.gateway.server import GatewayServer
from sync.gateway.settings import GatewaySettings
from sync.gateway.tables import walk_in_tickets

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
    wait_until(lambda: lease_numbers(backend) > 0)  # the first round leased numbers
    try:
        yield OnlineKiosk(backend, gateway, sync)
    finally:
        sync.stop()
        backend.close()
        gateway.stop()


def lease_numbers(backend: KioskBackend) -> int:
    conn = backend.open_connection()
    try:
        row = conn.execute("SELECT sum(last_number - next_number + 1) FROM ticket_leases")
        return int(row.fetchone()[0] or 0)
    finally:
        conn.close()


def queued_tickets(backend: KioskBackend) -> list[str]:
    conn = backend.open_connection()
    try:
        return [e.payload for e in Outbox(conn).all_entries() if e.kind == "issue_walk_in_ticket"]
    finally:
        conn.close()


def gateway_labels(kiosk: OnlineKiosk) -> list[str]:
    engine = make_engine(kiosk.gateway.settings.db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                select(walk_in_tickets.c.letter, walk_in_tickets.c.number).order_by(
                    walk_in_tickets.c.issued_at
                )
            ).all()
    finally:
        engine.dispose()
    return [f"{letter} {number:03d}" for letter, number in rows]


def go_offline(kiosk: OnlineKiosk) -> None:
    kiosk.gateway.stop()
    kiosk.sync.wake()
    wait_until(lambda: not kiosk.backend.desk.online)


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
    # A 001 to A 005 are this kiosk's lease (for offline): online numbers come after them.
    assert (first.label, first.ahead, first.language) == ("A 006", 0, "ar")
    assert first.wait_low <= first.wait_high and not first.from_lease
    second = desk.issue(SERVICE, "de", 5, 20)
    assert (second.label, second.ahead) == ("A 007", 1)
    assert (second.wait_low, second.wait_high) == (5, 20)  # the estimate shown is recorded
    assert next(s for s in desk.board().services if s.service == SERVICE).waiting == 2


def test_a_used_up_quota_is_refused_plainly(online: OnlineKiosk) -> None:
    set_quota(online, 6)  # lowered after the kiosk leased five: one left online
    desk = online.backend.walk_in
    assert desk.issue(SERVICE, "de", 0, 5).label == "A 006"
    # The quota is used up online; the kiosk's own lease is its share: issued from it.
    labels = [desk.issue(SERVICE, "de", 0, 5).label for _ in range(5)]
    assert labels == ["A 001", "A 002", "A 003", "A 004", "A 005"]
    with pytest.raises(WalkInRefused) as refused:
        desk.issue(SERVICE, "de", 0, 5)
    assert refused.value.reason == "quota_exhausted"
    card = next(s for s in desk.board().services if s.service == SERVICE)
    assert card.refusal == "quota_exhausted" and not card.open
    wait_until(lambda: len(gateway_labels(online)) == 6)


def test_offline_tickets_come_from_the_lease_and_reach_the_gateway_in_order(
    online: OnlineKiosk,
) -> None:
    desk = online.backend.walk_in
    online_card = next(s for s in desk.board().services if s.service == SERVICE)
    go_offline(online)
    board = desk.board()
    assert isinstance(board, OfflineBoard)
    card = next(s for s in board.services if s.service == SERVICE)
    # The last estimate known, and what the lease still holds.
    assert (card.open, card.left_normal) == (True, 5)
    assert (card.estimate.low, card.estimate.high) == (
        online_card.estimate.low,
        online_card.estimate.high,
    )
    tickets = [desk.issue(SERVICE, "fa", 0, 0) for _ in range(5)]
    assert [t.label for t in tickets] == ["A 001", "A 002", "A 003", "A 004", "A 005"]
    assert all(t.from_lease and t.wait_low == card.estimate.low for t in tickets)
    # Used up: said plainly (the screen offers booking instead).
    with pytest.raises(WalkInRefused) as refused:
        desk.issue(SERVICE, "fa", 0, 0)
    assert refused.value.reason == "lease_used_up"
    assert not next(s for s in desk.board().services if s.service == SERVICE).open
    assert len(queued_tickets(online.backend)) == 5
    # Back: every ticket reaches the gateway once, in the order issued.
    online.gateway.start()
    online.sync.wake()
    wait_until(lambda: not queued_tickets(online.backend))
    assert gateway_labels(online) == ["A 001", "A 002", "A 003", "A 004", "A 005"]
    # A new lease comes after every number issued or lent.
    online.sync.wake()
    wait_until(lambda: online.backend.desk.online and lease_numbers(online.backend) > 0)
    ticket = desk.issue(SERVICE, "de", 0, 5)
    assert (ticket.label, ticket.from_lease) == ("A 011", False)  # A 006 to A 010: the new lease


def test_offline_without_a_lease_nothing_is_queued(online: OnlineKiosk) -> None:
    conn = online.backend.open_connection()
    try:
        conn.execute("DELETE FROM ticket_leases")
    finally:
        conn.close()
    go_offline(online)
    desk = online.backend.walk_in
    with pytest.raises(WalkInOffline):
        desk.board()
    with pytest.raises(WalkInOffline):
        desk.issue(SERVICE, "de", 0, 5)
    assert queued_tickets(online.backend) == []
