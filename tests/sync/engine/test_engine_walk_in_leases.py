"""Two real kiosks (encrypted caches, the real sync engine, the walk-in desk) issue walk-in
tickets from their leases while the gateway is out of reach, on SQLite and PostgreSQL with the
clocks fixed (issue 15, offline issuing): numbers never collide, the quota is never exceeded, a
used-up lease says so; back online every ticket reaches the gateway once, in the order issued,
and a counter calls them in that order."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fixed_time import MovableClock
from gateway_harness import RunningGateway
from kiosk_harness import KioskCache, enroll
from sqlalchemy import select
from staff_harness import add_staff, enroll_counter, signed_in

from kiosk_app.appointment_desk import EngineState
from kiosk_app.walk_in_desk import KioskWalkInDesk, WalkInRefused
from sync.gateway.database import make_engine
from sync.gateway.tables import walk_in_tickets

# Tuesday 10 March 2026, 9:00 in Berlin (CET): tickets are issued from 7:30 to 11:00.
NOW = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
SERVICE = "card_pickup"
RULES = {
    "letter": "A",
    "daily_quota": 20,
    "issue_from": "07:30",
    "issue_until": "11:00",
    "urgent_share": 10,
    "urgent_days": 14,
}


@pytest.fixture
def gateway_clock() -> MovableClock:
    return MovableClock(NOW)


@pytest.fixture
def kiosks(tmp_path: Path) -> Iterator[list[KioskCache]]:
    found = []
    for n in (1, 2):
        cache = KioskCache(tmp_path / f"kiosk-{n}" / "cache.db", secrets.token_bytes(32))
        cache.path.parent.mkdir()
        cache.clock = MovableClock(NOW)
        found.append(cache)
    yield found
    for cache in found:
        cache.close()


def gateway_rows(gateway: RunningGateway) -> list[tuple[str, int, str]]:
    engine = make_engine(gateway.settings.db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                select(
                    walk_in_tickets.c.ticket_id, walk_in_tickets.c.number, walk_in_tickets.c.letter
                ).order_by(walk_in_tickets.c.issued_at)
            ).all()
    finally:
        engine.dispose()
    return [(row.ticket_id, row.number, row.letter) for row in rows]


def test_two_kiosks_issue_offline_from_their_leases_and_deliver_once_in_order(
    gateway: RunningGateway, gateway_clock: MovableClock, kiosks: list[KioskCache]
) -> None:
    assert gateway.admin.put(f"/admin/v1/walk-in/{SERVICE}", json=RULES).status_code == 201
    engines, desks = [], []
    for cache in kiosks:
        enroll(cache, gateway)
        engine = cache.engine()
        assert engine.sync_once().online  # leases its numbers (the outbox is empty)
        engines.append(engine)
        offline = EngineState(online=False)  # the office is out of reach from here on
        desks.append(KioskWalkInDesk(cache.connect, offline, clock=cache.clock))
    # Offline: they take turns, half a minute apart, until both leases are used up.
    issued: list[tuple[str, str]] = []  # (ticket id, label shown) in the order of issue
    refused = [False, False]
    while not all(refused):
        for n, desk in enumerate(desks):
            if refused[n]:
                continue
            for clock in (k.clock for k in kiosks):  # time passes for both
                clock.advance(timedelta(seconds=30))
            try:
                ticket = desk.issue(SERVICE, "ar", 0, 0)
            except WalkInRefused as used_up:
                assert used_up.reason == "lease_used_up"  # said so: book instead
                refused[n] = True
                continue
            assert ticket.from_lease
            issued.append((ticket.ticket_id, ticket.label))
    labels = [label for _, label in issued]
    assert len(set(labels)) == len(labels)  # never one number twice
    # A quarter of the 18 normal tickets (4), then of the 14 left (3): the urgent two never lent.
    assert sorted(labels) == [f"A {n:03d}" for n in range(1, 8)]
    # The gateway is back (and the clock past the day's issuing): every ticket arrives once.
    gateway_clock.advance(timedelta(hours=4))
    for engine in engines:
        assert engine.sync_once().online
        assert engine.sync_once().online  # again: nothing is sent twice
    for cache in kiosks:
        assert cache.outbox().counts()["pending"] == 0
        assert not [e for e in cache.outbox().all_entries() if e.state == "parked"]
    rows = gateway_rows(gateway)
    assert [(ticket_id, f"{letter} {number:03d}") for ticket_id, number, letter in rows] == issued
    assert len(rows) <= RULES["daily_quota"]
    # A counter calls them in the order they were issued.
    gateway_clock.now = NOW + timedelta(hours=1)
    add_staff(gateway, "walk.in")
    clerk = signed_in(enroll_counter(gateway, "Schalter 1"), "walk.in")
    called = []
    while (response := clerk.post("/staff/v1/walk-in/call-next")).status_code == 200:
        called.append(response.json()["label"])
        assert clerk.post(f"/staff/v1/walk-in/tickets/{response.json()['ticket_id']}/done")
    assert response.json()["error"] == "queue_empty"
    assert called == labels
