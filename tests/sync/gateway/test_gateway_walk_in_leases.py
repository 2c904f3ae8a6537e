"""Walk-in ticket leases at a real gateway on loopback (issue 15, offline issuing), on SQLite and
PostgreSQL with the clock fixed: two kiosks lease blocks of numbers, go offline and issue from
them; back online their tickets arrive late, in order, each once; numbers never collide, the
quota is never exceeded, and counters call the tickets."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fixed_time import MovableClock
from staff_harness import add_staff, enroll_counter, signed_in

from sync.protocol import CommandsResponse
from sync.walk_in_protocol import WalkInBoard, WalkInLease, WalkInLeases, WalkInTicket

# Tuesday 10 March 2026, 9:00 in Berlin (CET): tickets are issued from 7:30 to 11:00.
NOW = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
RULES = {
    "letter": "A",
    "daily_quota": 20,
    "issue_from": "07:30",
    "issue_until": "11:00",
    "urgent_share": 0,
    "urgent_days": 14,
}
SERVICE = "card_pickup"


@pytest.fixture
def gateway_clock() -> MovableClock:
    return MovableClock(NOW)


class Kiosk:
    def __init__(self, device: Any) -> None:
        self.device = device
        self.seq = 0

    def leases(self) -> list[WalkInLease]:
        response = self.device.client.post("/v1/walk-in/leases")
        assert response.status_code == 200, response.text
        return WalkInLeases.model_validate_json(response.content).leases

    def payload(self, **extra: Any) -> dict[str, Any]:
        return {
            "kind": "issue_walk_in_ticket",
            "ticket_id": uuid.uuid4().hex,
            "service": SERVICE,
            "language": "uk",
            "estimate_low": 10,
            "estimate_high": 25,
            **extra,
        }

    def push(self, payloads: list[dict[str, Any]]) -> list[Any]:
        commands = []
        for payload in payloads:
            self.seq += 1
            commands.append({"seq": self.seq, "created_at": NOW.isoformat(), "payload": payload})
        response = self.device.push(commands)
        assert response.status_code == 200, response.text
        return CommandsResponse.model_validate_json(response.content).results

    def ticket(self, ticket_id: str) -> WalkInTicket:
        response = self.device.client.get(f"/v1/walk-in/tickets/{ticket_id}")
        assert response.status_code == 200, response.text
        return WalkInTicket.model_validate_json(response.content)


def offline_ticket(kiosk: Kiosk, lease: WalkInLease, number: int, at: datetime) -> dict[str, Any]:
    return kiosk.payload(lease_id=lease.lease_id, number=number, issued_at=at.isoformat())


def board(kiosk: Kiosk) -> WalkInBoard:
    return WalkInBoard.model_validate_json(kiosk.device.client.get("/v1/walk-in").content)


def test_two_kiosks_issue_offline_from_their_leases_and_deliver_late_in_order(
    gateway: Any, gateway_clock: MovableClock
) -> None:
    assert gateway.admin.put(f"/admin/v1/walk-in/{SERVICE}", json=RULES).status_code == 201
    first, second = Kiosk(gateway.enroll("kiosk-1")), Kiosk(gateway.enroll("kiosk-2"))
    [one] = first.leases()
    [two] = second.leases()
    # A quarter of what is left, at most five: 5 of 20, then 3 of the 15 left.
    assert (one.letter, one.first_number, one.last_number, one.used) == ("A", 1, 5, 0)
    assert (two.first_number, two.last_number) == (6, 8)
    assert one.expires_at == datetime(2026, 3, 10, 10, 0, tzinfo=UTC)  # 11:00 in Berlin
    assert first.leases() == [one]  # asked again: kept, not grown
    # Leased numbers count against the quota while unused.
    assert board(first).services[0].left_normal == 12
    # Online, a third kiosk gets the number after every lent one.
    third = Kiosk(gateway.enroll("kiosk-3"))
    online = third.payload()
    assert third.push([online])[0].outcome == "applied"
    assert third.ticket(online["ticket_id"]).label == "A 009"
    # The gateway goes away; both kiosks issue from their blocks, kiosk 2 until it runs out.
    issued_one = [offline_ticket(first, one, n, NOW + timedelta(minutes=n)) for n in (1, 2, 3)]
    issued_two = [
        offline_ticket(second, two, n, NOW + timedelta(minutes=n - 5, seconds=30))
        for n in (6, 7, 8)
    ]
    # Back after issuing has ended: late, but judged at the kiosk's instant within the lease.
    gateway_clock.now = NOW + timedelta(hours=3)
    assert board(first).services[0].refusal == "walk_in_closed"
    assert [r.outcome for r in first.push(issued_one)] == ["applied"] * 3
    assert [r.outcome for r in second.push(issued_two)] == ["applied"] * 3
    # Sent again (the answer got lost): no ticket twice.
    first.seq = 0
    assert [r.outcome for r in first.push(issued_one)] == ["duplicate"] * 3
    labels = [first.ticket(p["ticket_id"]).label for p in issued_one]
    labels += [second.ticket(p["ticket_id"]).label for p in issued_two]
    assert labels == ["A 001", "A 002", "A 003", "A 006", "A 007", "A 008"]
    # A number outside the lease, an instant after it, another kiosk's lease: refused.
    assert second.push([offline_ticket(second, two, 9, NOW)])[0].reason == "outside_lease"
    late = offline_ticket(first, one, 4, NOW + timedelta(hours=2, minutes=6))  # 5 min skew
    assert first.push([late])[0].reason == "outside_lease"
    assert second.push([offline_ticket(second, one, 4, NOW)])[0].reason == "unknown_lease"
    # Counters call them in order of issue: the kiosk's instant, not the arrival.
    gateway_clock.now = NOW + timedelta(hours=1)
    add_staff(gateway, "walk.in")
    clerk = signed_in(enroll_counter(gateway, "Schalter 1"), "walk.in")
    called = []
    for _ in range(7):
        response = clerk.post("/staff/v1/walk-in/call-next", params={"service": [SERVICE]})
        assert response.status_code == 200, response.text
        called.append(response.json()["label"])
        ticket_id = response.json()["ticket_id"]
        assert clerk.post(f"/staff/v1/walk-in/tickets/{ticket_id}/done").status_code == 200
    # A 009 was issued online first; then the offline ones by their kiosk's instant of issue.
    assert called == ["A 009", "A 001", "A 006", "A 002", "A 007", "A 003", "A 008"]


def test_leases_never_take_more_than_the_quota(gateway: Any) -> None:
    rules = {**RULES, "daily_quota": 10, "urgent_share": 20}
    assert gateway.admin.put(f"/admin/v1/walk-in/{SERVICE}", json=rules).status_code == 201
    kiosks = [Kiosk(gateway.enroll(f"kiosk-{n}")) for n in range(6)]
    held: list[WalkInLease] = []
    for _ in range(2):  # asked again: a kiosk with fewer than two numbers gets another block
        held = [lease for kiosk in kiosks for lease in kiosk.leases()]
    numbers = [n for lease in held for n in range(lease.first_number, lease.last_number + 1)]
    # The urgent share (2 of 10) is never lent: 8 numbers in all, none twice.
    assert sorted(numbers) == list(range(1, 9))
    state = board(kiosks[0]).services[0]
    assert (state.left_normal, state.left_urgent, state.open) == (0, 2, False)
    other = kiosks[0].payload()
    assert kiosks[0].push([other])[0].reason == "quota_exhausted"
    urgent = kiosks[0].payload(urgent=True)
    assert kiosks[0].push([urgent])[0].outcome == "applied"
    assert kiosks[0].ticket(urgent["ticket_id"]).label == "A 009"
