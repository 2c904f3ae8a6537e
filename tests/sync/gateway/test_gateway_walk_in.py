"""The walk-in queue at a real gateway on loopback (issue 15), on SQLite and PostgreSQL with the
clock fixed: walk-in services managed by the admin, tickets issued by a kiosk's exactly-once
command within the opening hours, quota and urgent share, and the counter's queue. Twenty
counters pressing "call next" at once never get the same ticket."""

from __future__ import annotations

import argparse
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from threading import Barrier
from typing import Any

import pytest
from fixed_time import MovableClock
from sqlalchemy import select
from staff_harness import Clerk, add_staff, audit, enroll_counter, signed_in

from sync.gateway.cli import add_gateway_commands
from sync.gateway.conflicts import list_conflicts
from sync.gateway.database import make_engine
from sync.gateway.demo import seed_demo
from sync.gateway.tables import usage_hourly, walk_in_tickets
from sync.protocol import CommandsResponse
from sync.walk_in_protocol import WalkInBoard, WalkInQueue, WalkInTicket

# Tuesday 10 March 2026, 9:00 in Berlin (CET): tickets are issued from 7:30 to 11:00.
NOW = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
GOOD_FRIDAY = datetime(2026, 4, 3, 8, 0, tzinfo=UTC)
RULES = {
    "letter": "A",
    "daily_quota": 40,
    "issue_from": "07:30",
    "issue_until": "11:00",
    "urgent_share": 25,
    "urgent_days": 14,
}
SERVICE, OTHER = "card_pickup", "hand_in_documents"


@pytest.fixture
def gateway_clock() -> MovableClock:
    return MovableClock(NOW)


def set_walk_in(gateway: Any, service: str = SERVICE, **rules: Any) -> Any:
    return gateway.admin.put(f"/admin/v1/walk-in/{service}", json={**RULES, **rules})


class Kiosk:
    """A kiosk that issues tickets through its outbox (one command per push)."""

    def __init__(self, device: Any) -> None:
        self.device = device
        self.seq = 0

    def push(self, payload: dict[str, Any], seq: int | None = None) -> Any:
        if seq is None:
            self.seq += 1
            seq = self.seq
        body = {"seq": seq, "created_at": NOW.isoformat(), "payload": payload}
        response = self.device.push([body])
        assert response.status_code == 200, response.text
        return CommandsResponse.model_validate_json(response.content).results[0]

    def issue(self, service: str = SERVICE, urgent: bool = False) -> tuple[str, Any]:
        ticket_id = uuid.uuid4().hex
        result = self.push(ticket_payload(ticket_id, service, urgent))
        return ticket_id, result

    def ticket(self, ticket_id: str) -> WalkInTicket:
        response = self.device.client.get(f"/v1/walk-in/tickets/{ticket_id}")
        assert response.status_code == 200, response.text
        return WalkInTicket.model_validate_json(response.content)


def ticket_payload(ticket_id: str, service: str = SERVICE, urgent: bool = False) -> dict[str, Any]:
    return {
        "kind": "issue_walk_in_ticket",
        "ticket_id": ticket_id,
        "service": service,
        "language": "ar",
        "urgent": urgent,
        "estimate_low": 10,
        "estimate_high": 25,
    }


@pytest.fixture
def kiosk(gateway: Any) -> Kiosk:
    assert set_walk_in(gateway).status_code == 201
    return Kiosk(gateway.enroll())


def clerks(gateway: Any, count: int) -> list[Clerk]:
    add_staff(gateway, "walk.in")
    return [
        signed_in(enroll_counter(gateway, f"Schalter {n}"), "walk.in") for n in range(1, count + 1)
    ]


def call_next(clerk: Clerk, *services: str) -> Any:
    params = {"service": list(services)} if services else None
    return clerk.post("/staff/v1/walk-in/call-next", params=params)


def act(clerk: Clerk, ticket_id: str, action: str, **params: str) -> Any:
    return clerk.post(f"/staff/v1/walk-in/tickets/{ticket_id}/{action}", params=params)


def stored_tickets(gateway: Any) -> list[Any]:
    engine = make_engine(gateway.settings.db_url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(select(walk_in_tickets)))
    finally:
        engine.dispose()


# --- services -------------------------------------------------------------------------------


def test_walk_in_services_are_managed_by_the_admin(gateway: Any) -> None:
    assert set_walk_in(gateway).status_code == 201
    assert set_walk_in(gateway, daily_quota=50).status_code == 200
    assert set_walk_in(gateway, "no_such_service", letter="B").json()["error"] == "unknown_service"
    assert set_walk_in(gateway, OTHER).json()["error"] == "letter_taken"
    late = set_walk_in(gateway, OTHER, letter="B", issue_from="11:00", issue_until="10:00")
    assert (late.status_code, late.json()["error"]) == (422, "bad_hours")
    listed = gateway.admin.get("/admin/v1/walk-in").json()
    assert [(row["service"], row["daily_quota"]) for row in listed] == [(SERVICE, 50)]
    assert gateway.admin.delete(f"/admin/v1/walk-in/{SERVICE}").status_code == 204
    assert gateway.admin.get("/admin/v1/walk-in").json() == []


def _run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="kiosk-app")
    add_gateway_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(list(argv))
    return int(args.func(args))


def test_cli_sets_and_lists_walk_in_services(
    gateway: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", gateway.settings.db_url]
    hours = ["--from", "07:30", "--to", "11:00", "--urgent-share", "20", "--letter", "A"]
    assert _run("gateway", "walk-in", "set", SERVICE, *db, "--quota", "30", *hours) == 0
    assert "eingerichtet" in capsys.readouterr().out
    assert _run("gateway", "walk-in", "set", OTHER, *db, "--quota", "5", *hours) == 1
    assert "anderen Leistung" in capsys.readouterr().err
    assert _run("gateway", "walk-in", "set", SERVICE, *db, "--quota", "0", *hours) == 2
    assert "daily_quota" in capsys.readouterr().err
    assert _run("gateway", "walk-in", "list", *db) == 0
    out = capsys.readouterr().out
    assert "A  card_pickup" in out and "30 je Tag" in out and "07:30–11:00" in out
    assert "dringend 20 %" in out
    assert gateway.admin.get("/admin/v1/walk-in").json()[0]["daily_quota"] == 30


# --- issuing --------------------------------------------------------------------------------


def test_a_ticket_is_issued_once_and_carries_its_number_and_estimate(
    gateway: Any, kiosk: Kiosk
) -> None:
    ticket_id, result = kiosk.issue()
    assert result.outcome == "applied"
    # The answer got lost; the kiosk sends the same command again: applied once.
    again = kiosk.push(ticket_payload(ticket_id), seq=1)
    assert again.outcome == "duplicate"
    # Queued twice by mistake (a new number, the same ticket): still one ticket.
    assert kiosk.push(ticket_payload(ticket_id)).outcome == "applied"
    ticket = kiosk.ticket(ticket_id)
    assert (ticket.label, ticket.state, ticket.language, ticket.ahead) == (
        "A 001",
        "waiting",
        "ar",
        0,
    )
    assert (ticket.estimate_given.low, ticket.estimate_given.high) == (10, 25)
    second, _ = kiosk.issue()
    assert kiosk.ticket(second).label == "A 002" and kiosk.ticket(second).ahead == 1
    assert len(stored_tickets(gateway)) == 2
    board = WalkInBoard.model_validate_json(kiosk.device.client.get("/v1/walk-in").content)
    [state] = board.services
    assert (state.open, state.waiting, state.left_normal, state.left_urgent) == (True, 2, 28, 38)
    assert state.estimate.high > state.estimate.low


def test_issuing_outside_the_hours_or_on_a_holiday_is_refused(
    gateway: Any, gateway_clock: MovableClock, kiosk: Kiosk
) -> None:
    gateway_clock.now = NOW.replace(hour=10)  # 11:00 in Berlin: the end is exclusive
    assert kiosk.issue()[1].reason == "walk_in_closed"
    gateway_clock.now = NOW.replace(hour=6, minute=29)
    assert kiosk.issue()[1].reason == "walk_in_closed"
    gateway_clock.now = GOOD_FRIDAY
    assert kiosk.issue()[1].reason == "office_closed"
    board = WalkInBoard.model_validate_json(kiosk.device.client.get("/v1/walk-in").content)
    assert [(s.open, s.refusal) for s in board.services] == [(False, "office_closed")]
    gateway_clock.now = NOW
    assert kiosk.issue(OTHER)[1].reason == "unknown_service"
    assert stored_tickets(gateway) == []
    # Answered to the kiosk at once: nothing for staff to follow up.
    engine = make_engine(gateway.settings.db_url)
    try:
        with engine.connect() as conn:
            assert list_conflicts(conn) == []
    finally:
        engine.dispose()


def test_the_urgent_share_is_kept_for_urgent_cases(gateway: Any, kiosk: Kiosk) -> None:
    set_walk_in(gateway, daily_quota=4, urgent_share=50)
    assert [kiosk.issue()[1].outcome for _ in range(3)] == ["applied", "applied", "rejected"]
    assert kiosk.issue()[1].reason == "quota_exhausted"
    assert [kiosk.issue(urgent=True)[1].outcome for _ in range(3)] == [
        "applied",
        "applied",
        "rejected",
    ]
    rows = stored_tickets(gateway)
    assert sorted(row.urgent for row in rows) == [False, False, True, True]


def test_concurrent_issuing_never_exceeds_the_quota(gateway: Any, kiosk: Kiosk) -> None:
    set_walk_in(gateway, daily_quota=12, urgent_share=0)
    kiosks = [kiosk] + [Kiosk(gateway.enroll(f"kiosk-{n}")) for n in range(5)]
    barrier = Barrier(len(kiosks))

    def issue_four(one: Kiosk) -> list[str]:
        barrier.wait()
        return [one.issue()[1].outcome for _ in range(4)]

    with ThreadPoolExecutor(len(kiosks)) as pool:
        outcomes = [o for found in pool.map(issue_four, kiosks) for o in found]
    assert outcomes.count("applied") == 12
    assert sorted(row.number for row in stored_tickets(gateway)) == list(range(1, 13))


# --- the counter ----------------------------------------------------------------------------


def test_twenty_counters_calling_at_once_never_share_a_ticket(gateway: Any, kiosk: Kiosk) -> None:
    issued = [kiosk.issue()[0] for _ in range(24)]
    urgent = [kiosk.issue(urgent=True)[0] for _ in range(6)]
    desks = clerks(gateway, 20)
    barrier = Barrier(len(desks))

    def calls(clerk: Clerk) -> list[str]:
        barrier.wait()
        found = []
        while True:
            response = call_next(clerk, SERVICE)
            if response.status_code == 404:
                assert response.json()["error"] == "queue_empty"
                return found
            assert response.status_code == 200, response.text
            found.append(WalkInTicket.model_validate_json(response.content).ticket_id)

    with ThreadPoolExecutor(len(desks)) as pool:
        called = [ticket for found in pool.map(calls, desks) for ticket in found]
    assert len(called) == len(set(called)) == 30
    assert set(called) == set(issued) | set(urgent)
    rows = stored_tickets(gateway)
    assert all(row.state == "called" and row.calls == 1 for row in rows)
    # Every ticket went to one counter, and the audit names each call once, without a case.
    entries = [e for e in audit(gateway) if e.action == "walk_in_call"]
    assert len(entries) == 30 and all(e.case_number is None for e in entries)


def test_urgent_tickets_are_called_first_then_in_order_of_issue(
    gateway: Any, gateway_clock: MovableClock, kiosk: Kiosk
) -> None:
    first, _ = kiosk.issue()
    gateway_clock.advance(timedelta(minutes=1))
    second, _ = kiosk.issue()
    gateway_clock.advance(timedelta(minutes=1))
    urgent, _ = kiosk.issue(urgent=True)
    [clerk] = clerks(gateway, 1)
    queue = WalkInQueue.model_validate_json(clerk.get("/staff/v1/walk-in/queue").content)
    assert [t.ticket_id for t in queue.tickets] == [urgent, first, second]
    assert [t.ahead for t in queue.tickets] == [0, 1, 2]
    order = [call_next(clerk).json()["ticket_id"] for _ in range(3)]
    assert order == [urgent, first, second]
    assert call_next(clerk).status_code == 404


def test_recall_three_times_marks_the_ticket_missed(gateway: Any, kiosk: Kiosk) -> None:
    ticket_id, _ = kiosk.issue()
    [clerk] = clerks(gateway, 1)
    assert call_next(clerk).json()["calls"] == 1
    assert act(clerk, ticket_id, "recall").json()["calls"] == 2
    assert act(clerk, ticket_id, "recall").json()["calls"] == 3
    missed = act(clerk, ticket_id, "recall")
    assert (missed.status_code, missed.json()["state"]) == (200, "missed")
    again = act(clerk, ticket_id, "recall")
    assert (again.status_code, again.json()["error"]) == (409, "ticket_state")


def test_start_done_no_show_and_transfer(gateway: Any, kiosk: Kiosk) -> None:
    set_walk_in(gateway, OTHER, letter="B")
    served, _ = kiosk.issue()
    absent, _ = kiosk.issue()
    moved, _ = kiosk.issue()
    near, far = clerks(gateway, 2)
    assert call_next(near).json()["ticket_id"] == served
    # Another counter cannot act on a ticket called to this one.
    assert act(far, served, "start").json()["error"] == "not_your_ticket"
    assert act(near, served, "start").json()["state"] == "serving"
    assert act(near, served, "done").json()["state"] == "done"
    assert call_next(near).json()["ticket_id"] == absent
    assert act(near, absent, "no-show").json()["state"] == "no_show"
    assert call_next(near).json()["ticket_id"] == moved
    sent = act(near, moved, "transfer", to=OTHER).json()
    assert (sent["state"], sent["service"], sent["label"], sent["calls"]) == (
        "waiting",
        OTHER,
        "A 003",
        0,
    )
    assert act(near, moved, "transfer", to="application").json()["error"] == "ticket_state"
    assert call_next(far, SERVICE).status_code == 404
    assert call_next(far, OTHER).json()["ticket_id"] == moved
    actions = [e.action for e in audit(gateway) if e.action.startswith("walk_in")]
    assert actions.count("walk_in_transfer") == 1 and actions.count("walk_in_done") == 1


def test_no_ticket_row_or_answer_holds_personal_data(gateway: Any, kiosk: Kiosk) -> None:
    found = gateway.import_demo(count=5)
    numbers = {case.case_number.canonical for case in found}
    births = {case.birth_date.isoformat() for case in found}
    ticket_id, _ = kiosk.issue(urgent=True)
    [clerk] = clerks(gateway, 1)
    answer = call_next(clerk).text
    columns = set(walk_in_tickets.c.keys())
    assert not columns & {"case_number", "birth_date", "lookup_key", "name"}
    stored = " ".join(str(value) for row in stored_tickets(gateway) for value in row)
    texts = [answer, kiosk.device.client.get(f"/v1/walk-in/tickets/{ticket_id}").text, stored]
    for text in texts:
        assert not any(number in text for number in numbers)
        assert not any(birth in text for birth in births)


def test_the_demo_gateway_has_walk_in_services(gateway: Any) -> None:
    engine = make_engine(gateway.settings.db_url)
    try:
        seed_demo(engine, 3, 2026, NOW.date())
        seed_demo(engine, 3, 2026, NOW.date())  # again: nothing changes
    finally:
        engine.dispose()
    listed = gateway.admin.get("/admin/v1/walk-in").json()
    assert [(row["letter"], row["service"]) for row in listed] == [
        ("A", SERVICE),
        ("B", OTHER),
    ]


def test_the_first_call_counts_the_real_wait_and_the_estimate_error(
    gateway: Any, gateway_clock: MovableClock, kiosk: Kiosk
) -> None:
    set_walk_in(gateway, OTHER, letter="B")
    ticket_id, _ = kiosk.issue()  # estimate given: 10 to 25 minutes
    gateway_clock.advance(timedelta(minutes=20))
    [clerk] = clerks(gateway, 1)
    assert call_next(clerk).json()["ticket_id"] == ticket_id
    # Sent on and called again there: its wait was counted once, at the first call.
    act(clerk, ticket_id, "transfer", to=OTHER)
    assert call_next(clerk, OTHER).json()["ticket_id"] == ticket_id
    engine = make_engine(gateway.settings.db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(usage_hourly).order_by(usage_hourly.c.kind)).all()
    finally:
        engine.dispose()
    assert [
        (row.kind, row.device_id, row.language, row.service, row.bucket, row.count, row.value_sum)
        for row in rows
    ] == [
        ("walk_in_estimate_error", kiosk.device.enrollment.device_id, "ar", SERVICE, "", 1, 2.5),
        ("walk_in_wait", kiosk.device.enrollment.device_id, "ar", SERVICE, "16-30", 1, 20.0),
    ]
