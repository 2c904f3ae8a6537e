"""The walk-in queue panel over a real CounterDesk at a real gateway on loopback (SQLite and
PostgreSQL), clocks fixed on a Tuesday within the tickets' issuing hours: tickets a kiosk issued
through its command path are called at the counter by keyboard (the urgent one first), recalled
until missed, served and finished, sent to another service; the gateway holds each step, and
without it the panel says so."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from counter_harness import CLERK, PASSWORD
from fixed_time import MovableClock
from gateway_harness import EnrolledDevice, RunningGateway
from PySide6.QtCore import Qt
from real_counter import RealCounter
from staff_harness import audit
from test_counter_screens import item, press, sign_in, wait_until

from sync.protocol import CommandsResponse
from sync.walk_in_protocol import WalkInTicket

# Tuesday 10 March 2026, 9:00 in Berlin: tickets are issued from 7:30 to 11:00.
NOW = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
RULES = {
    "letter": "A",
    "daily_quota": 40,
    "issue_from": "07:30",
    "issue_until": "11:00",
    "urgent_share": 25,
    "urgent_days": 14,
}


@pytest.fixture
def gateway_clock() -> MovableClock:
    """The gateway's and the counter's clock (the conftest's ``real_counter`` shares it)."""
    return MovableClock(NOW)


class Kiosk:
    """Issues tickets as a kiosk does: its exactly-once ``issue_walk_in_ticket`` command."""

    def __init__(self, device: EnrolledDevice, clock: MovableClock) -> None:
        self.device, self.clock, self.seq = device, clock, 0

    def issue(self, service: str = "card_pickup", urgent: bool = False) -> str:
        self.seq += 1
        ticket_id = uuid.uuid4().hex
        payload = {
            "kind": "issue_walk_in_ticket",
            "ticket_id": ticket_id,
            "service": service,
            "language": "ar",
            "urgent": urgent,
            "estimate_low": 10,
            "estimate_high": 25,
        }
        body = {"seq": self.seq, "created_at": self.clock().isoformat(), "payload": payload}
        response = self.device.push([body])
        assert response.status_code == 200, response.text
        result = CommandsResponse.model_validate_json(response.content).results[0]
        assert result.outcome == "applied", result
        return ticket_id

    def ticket(self, ticket_id: str) -> WalkInTicket:
        response = self.device.client.get(f"/v1/walk-in/tickets/{ticket_id}")
        assert response.status_code == 200, response.text
        return WalkInTicket.model_validate_json(response.content)


def _walk_in(gateway: RunningGateway, clock: MovableClock) -> Kiosk:
    for service, letter in (("card_pickup", "A"), ("hand_in_documents", "B")):
        answer = gateway.admin.put(f"/admin/v1/walk-in/{service}", json={**RULES, "letter": letter})
        assert answer.status_code == 201, answer.text
    return Kiosk(gateway.enroll("Kiosk Foyer"), clock)


def _open_queue(counter: RealCounter, waiting: int) -> None:
    ui = counter.ui
    sign_in(ui, CLERK, PASSWORD)
    wait_until(lambda: ui.session.screen == "desk", 5000)
    press(ui, Qt.Key.Key_F7)
    wait_until(lambda: ui.walk_in.count == waiting, 5000)


def _text(counter: RealCounter, name: str) -> str:
    return str(item(counter.ui, name).property("text")).replace("\xa0", " ")


def _actions(gateway: RunningGateway) -> list[str]:
    return [e.action for e in audit(gateway) if e.action.startswith("walk_in")]


def test_call_next_takes_the_urgent_ticket_recall_marks_it_missed_then_serve_the_next(
    real_counter: RealCounter, gateway_clock: MovableClock
) -> None:
    counter, ui = real_counter, real_counter.ui
    kiosk = _walk_in(counter.gateway, gateway_clock)
    first = kiosk.issue()
    gateway_clock.advance(timedelta(minutes=2))
    urgent = kiosk.issue(urgent=True)
    _open_queue(counter, 2)
    assert [row["label"] for row in ui.walk_in.rows] == ["A 002", "A 001"]
    assert [row["urgentText"] for row in ui.walk_in.rows] == ["dringend", ""]
    assert ui.walk_in.rows[1]["service"] == "Karte abholen"
    assert ui.walk_in.rows[1]["since"] == "09:00 (2 Min.)"

    press(ui, Qt.Key.Key_F8)
    wait_until(lambda: ui.walk_in.hasTicket and ui.walk_in.count == 1, 5000)
    assert _text(counter, "walk_in_ticket_label") == "A 002"
    assert _text(counter, "walk_in_ticket_state") == "Aufgerufen · 1. Aufruf von 3"
    assert kiosk.ticket(urgent).counter_name == "counter-ui"
    for calls in (2, 3):
        press(ui, Qt.Key.Key_F9)
        wait_until(lambda c=calls: f"{c}. Aufruf von 3" in ui.walk_in.ticketState, 5000)
        assert kiosk.ticket(urgent).calls == calls
    press(ui, Qt.Key.Key_F9)  # after the third call: missed
    wait_until(lambda: not ui.walk_in.hasTicket, 5000)
    assert _text(counter, "walk_in_notice") == (
        "A 002 wurde dreimal aufgerufen und ist jetzt als verpasst markiert."
    )
    assert kiosk.ticket(urgent).state == "missed"

    press(ui, Qt.Key.Key_F8)
    wait_until(lambda: ui.walk_in.ticketLabel == "A 001" and ui.walk_in.count == 0, 5000)
    press(ui, Qt.Key.Key_F10)
    wait_until(lambda: ui.walk_in.ticketState == "In Bearbeitung", 5000)
    assert kiosk.ticket(first).state == "serving"
    press(ui, Qt.Key.Key_F11)
    wait_until(lambda: ui.walk_in.notice == "A 001 erledigt.", 5000)
    assert kiosk.ticket(first).state == "done" and not ui.walk_in.hasTicket
    wait_until(lambda: item(ui, "walk_in_empty").isVisible(), 5000)

    press(ui, Qt.Key.Key_F8)  # nobody left: said in words
    wait_until(lambda: ui.walk_in.message != "", 5000)
    assert ui.walk_in.message == "Gerade wartet niemand für Ihre Dienste."
    assert _actions(counter.gateway) == [
        "walk_in_call",
        "walk_in_recall",
        "walk_in_recall",
        "walk_in_missed",
        "walk_in_call",
        "walk_in_start",
        "walk_in_done",
    ]


def test_a_ticket_is_sent_to_another_service_and_the_queue_needs_the_gateway(
    real_counter: RealCounter, gateway_clock: MovableClock
) -> None:
    counter, ui = real_counter, real_counter.ui
    kiosk = _walk_in(counter.gateway, gateway_clock)
    moved = kiosk.issue()
    _open_queue(counter, 1)
    press(ui, Qt.Key.Key_F8)
    wait_until(lambda: ui.walk_in.hasTicket, 5000)
    wait_until(lambda: len(ui.walk_in.targets) == 1, 5000)
    assert ui.walk_in.targets[0]["name"] == "Unterlagen abgeben"
    press(ui, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    wait_until(lambda: item(ui, "walk_in_target_0").hasActiveFocus())
    press(ui, Qt.Key.Key_Return)
    wait_until(lambda: not ui.walk_in.hasTicket and ui.walk_in.count == 1, 5000)
    sent: Any = kiosk.ticket(moved)
    assert (sent.state, sent.service, sent.calls) == ("waiting", "hand_in_documents", 0)
    assert ui.walk_in.rows[0]["service"] == "Unterlagen abgeben"

    counter.gateway.stop()
    try:
        press(ui, Qt.Key.Key_F8)
        wait_until(lambda: ui.walk_in.message != "", 8000)
        assert ui.walk_in.message.startswith("Der Server der Behörde ist nicht erreichbar.")
        assert ui.walk_in.count == 1  # the last list stays, with the message above it
    finally:
        counter.gateway.start()
