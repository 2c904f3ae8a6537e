"""The devices view over a real CounterDesk at a real gateway on loopback (SQLite and
PostgreSQL): a kiosk's report reaches the supervisor's screen, a kiosk that falls silent is
flagged after the next read, and a clerk's attempt is refused and audited at the gateway."""

from __future__ import annotations

from datetime import timedelta

from counter_harness import CLERK, PASSWORD, add_clerk
from fixed_time import MovableClock
from PySide6.QtCore import Qt
from real_counter import RealCounter
from staff_harness import audit
from test_counter_screens import item, press, sign_in, wait_until


def _report(at) -> dict[str, object]:
    return {
        "device_kind": "kiosk",
        "app_version": "0.1.0",
        "printer": "paper_out",
        "outbox_backlog": 2,
        "oldest_pending_s": 300,
        "last_sync_at": at.isoformat(),
        "online": True,
        "reported_at": at.isoformat(),
    }


def _text(counter: RealCounter, name: str) -> str:
    return str(item(counter.ui, name).property("text")).replace("\xa0", " ")


def test_a_supervisor_sees_a_kiosk_report_and_its_silence(
    real_counter: RealCounter, gateway_clock: MovableClock
) -> None:
    counter, ui = real_counter, real_counter.ui
    kiosk = counter.gateway.enroll("Kiosk Foyer")
    kiosk.client.put("/v1/device-status", json=_report(gateway_clock())).raise_for_status()
    add_clerk(counter.gateway, "sabine.s", "supervisor")
    sign_in(ui, "sabine.s", PASSWORD)
    wait_until(lambda: ui.session.screen == "desk", 5000)

    press(ui, Qt.Key.Key_F6)
    wait_until(lambda: ui.fleet.count == 2, 5000)
    assert [row["name"] for row in ui.fleet.rows] == ["Kiosk Foyer", "counter-ui"]
    foyer = ui.fleet.rows[0]
    assert (foyer["printer"], foyer["backlog"], foyer["connection"]) == (
        "Papier leer",
        "2 (älteste 5 min)",
        "online",
    )
    assert foyer["flag"] == "" and ui.fleet.silentCount == 0

    gateway_clock.advance(timedelta(minutes=20))  # the counter's sync keeps talking; the kiosk not
    wait_until(lambda: counter.desk.online, 5000)
    press(ui, Qt.Key.Key_F5)
    wait_until(lambda: ui.fleet.silentCount == 1, 5000)
    assert _text(counter, "fleet_flag_0").startswith("STILL seit 10.03.2026")
    assert _text(counter, "fleet_connection_0") == "offline"
    assert ui.fleet.rows[1]["connection"] == "online"  # the counter itself


def test_a_clerk_cannot_read_the_fleet_and_the_gateway_audits_the_try(
    real_counter: RealCounter,
) -> None:
    ui = real_counter.ui
    sign_in(ui, CLERK, PASSWORD)
    wait_until(lambda: ui.session.screen == "desk", 5000)
    assert not item(ui, "case_field").property("text")
    ui.fleet.refresh()  # as if the view were reached anyway
    wait_until(lambda: ui.fleet.message != "", 5000)
    assert ui.fleet.message == "Ihre Rolle erlaubt das nicht." and ui.fleet.count == 0
    refused = [e for e in audit(real_counter.gateway, username=CLERK) if e.action == "read_fleet"]
    assert [e.outcome for e in refused] == ["refused"]
