"""CounterDesk's walk-in calls against a real gateway on loopback (SQLite and PostgreSQL), clocks
fixed on a Tuesday 09:00 within the issuing hours: two counters share one queue, each knows its
own ticket and cannot act on the other's; without the gateway every call says ``offline`` and
nothing is queued for later (the queue is live)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from counter_harness import CLERK, PASSWORD, add_clerk, enrolled_desk
from fixed_time import MovableClock
from gateway_harness import RunningGateway

from kiosk_app.core.clock import OfficeTime
from kiosk_app.counter.cache import CounterCache
from kiosk_app.counter.desk import CounterError, NotSignedIn

NOW = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)  # Tuesday, 9:00 in Berlin
RULES = {"letter": "A", "daily_quota": 40, "issue_from": "07:30", "issue_until": "11:00"}


@pytest.fixture
def gateway_clock() -> MovableClock:
    return MovableClock(NOW)


@pytest.fixture
def counter_clock() -> MovableClock:
    return MovableClock(NOW)


def _issue(gateway: RunningGateway, count: int) -> list[str]:
    answer = gateway.admin.put("/admin/v1/walk-in/card_pickup", json=RULES)
    assert answer.status_code == 201, answer.text
    kiosk = gateway.enroll("Kiosk Foyer")
    ids = []
    for seq in range(1, count + 1):
        ticket_id = uuid.uuid4().hex
        payload = {
            "kind": "issue_walk_in_ticket",
            "ticket_id": ticket_id,
            "service": "card_pickup",
            "language": "uk",
            "urgent": False,
            "estimate_low": 5,
            "estimate_high": 15,
        }
        body = {"seq": seq, "created_at": NOW.isoformat(), "payload": payload}
        assert kiosk.push([body]).status_code == 200
        ids.append(ticket_id)
    return ids


def test_two_counters_each_know_their_own_ticket(
    gateway: RunningGateway, counter_cache: CounterCache, office_time: OfficeTime, tmp_path
) -> None:
    first, second = _issue(gateway, 2)
    add_clerk(gateway)
    add_clerk(gateway, "clerk.two")
    near = enrolled_desk(gateway, counter_cache, office_time)
    other_cache = CounterCache.open(tmp_path / "other.db", b"k" * 32)
    far = enrolled_desk(gateway, other_cache, office_time)
    try:
        with pytest.raises(NotSignedIn):
            near.walk_in_queue()
        near.sign_in(CLERK, PASSWORD)
        far.sign_in("clerk.two", PASSWORD)
        assert [t.label for t in near.walk_in_queue().waiting] == ["A 001", "A 002"]
        assert near.call_next().ticket_id == first
        assert far.call_next().ticket_id == second
        seen = near.walk_in_queue()
        assert (seen.mine and seen.mine.ticket_id, seen.waiting, seen.elsewhere) == (first, [], 1)
        with pytest.raises(CounterError) as refused:
            near.done(second)
        assert refused.value.code == "not_your_ticket"
        assert near.done(first).state == "done"
        assert near.walk_in_queue().mine is None
        with pytest.raises(CounterError) as empty:
            near.call_next()
        assert empty.value.code == "queue_empty"
        assert near.walk_in_services() == ["card_pickup"]
    finally:
        far.close()
        other_cache.close()
        near.close()


def test_without_the_gateway_every_walk_in_call_says_offline(
    gateway: RunningGateway, counter_cache: CounterCache, office_time: OfficeTime
) -> None:
    [ticket] = _issue(gateway, 1)
    add_clerk(gateway)
    desk = enrolled_desk(gateway, counter_cache, office_time)
    try:
        desk.sign_in(CLERK, PASSWORD)
        gateway.stop()
        calls = [
            desk.walk_in_queue,
            desk.walk_in_services,
            desk.call_next,
            lambda: desk.recall(ticket),
            lambda: desk.transfer(ticket, "hand_in_documents"),
        ]
        for call in calls:
            with pytest.raises(CounterError) as offline:
                call()
            assert offline.value.code == "offline"
        assert not desk.online and desk.status().pending == 0  # nothing queued for later
    finally:
        gateway.start()
        desk.close()
