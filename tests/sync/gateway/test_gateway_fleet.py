"""The fleet view at a real gateway (issue 18): devices report their state, the gateway keeps
the latest report and their last contact; supervisors and admins read the fleet, clerks are
refused (audited); the shell's table and JSON. SQLite and PostgreSQL, the gateway's clock fixed
and moved by the tests."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from staff_harness import add_staff, audit, enroll_counter, signed_in

from kiosk_app.cli import main
from sync.gateway.fleet import cli as fleet_cli
from sync.staff_protocol import FleetPage


def _report(at, **changes):
    body = {
        "device_kind": "kiosk",
        "app_version": "0.1.0",
        "printer": "paper_low",
        "outbox_backlog": 3,
        "oldest_pending_s": 720,
        "last_sync_at": (at - timedelta(minutes=1)).isoformat(),
        "online": True,
        "reported_at": at.isoformat(),
    }
    return {**body, **changes}


@pytest.fixture
def supervisor(gateway):
    add_staff(gateway, "sabine.s", "supervisor")
    return signed_in(enroll_counter(gateway, "Schalter 1"), "sabine.s")


def _fleet(clerk, **params) -> FleetPage:
    response = clerk.get("/staff/v1/fleet", params=params)
    assert response.status_code == 200, response.text
    return FleetPage.model_validate_json(response.content)


def test_a_report_is_kept_and_a_silent_kiosk_is_flagged(gateway, gateway_clock, supervisor):
    foyer = gateway.enroll("Kiosk Foyer")
    upstairs = gateway.enroll("Kiosk 2. OG")
    now = gateway_clock()
    assert foyer.client.put("/v1/device-status", json=_report(now)).status_code == 204
    later = _report(now, printer="paper_out", outbox_backlog=0, oldest_pending_s=None)
    assert foyer.client.put("/v1/device-status", json=later).status_code == 204  # replaces

    gateway_clock.advance(timedelta(minutes=20))  # neither kiosk heard from since
    foyer.changes()  # the foyer kiosk syncs again: its last contact is now
    page = _fleet(supervisor)
    by_name = {device.name: device for device in page.devices}
    assert [device.kind for device in page.devices] == ["kiosk", "kiosk", "counter"]
    assert by_name["Kiosk Foyer"].online and not by_name["Kiosk Foyer"].silent
    assert by_name["Kiosk Foyer"].printer == "paper_out"
    assert by_name["Kiosk Foyer"].outbox_backlog == 0
    assert by_name["Kiosk Foyer"].app_version == "0.1.0"
    assert by_name["Kiosk Foyer"].last_sync_at == now - timedelta(minutes=1)
    quiet = by_name["Kiosk 2. OG"]
    assert not quiet.online and quiet.silent and quiet.printer is None
    assert quiet.silent_since == now  # enrolled then, never heard from since
    assert by_name["Schalter 1"].online and not by_name["Schalter 1"].silent
    assert not _fleet(supervisor, silent_minutes=30).devices[1].silent  # a longer threshold
    del upstairs


def test_a_report_needs_a_device_token_and_a_valid_body(gateway, device, gateway_clock):
    import httpx

    now = gateway_clock()
    anonymous = httpx.put(f"{gateway.url}/v1/device-status", json=_report(now))
    assert anonymous.status_code == 401
    bad = device.client.put("/v1/device-status", json=_report(now, printer="on_fire"))
    assert bad.status_code == 422 and "on_fire" not in bad.text
    naive = device.client.put(
        "/v1/device-status", json=_report(now, reported_at="2026-03-10T08:00")
    )
    assert naive.status_code == 422


def test_a_clerk_is_refused_the_fleet_and_the_refusal_is_audited(gateway, gateway_clock):
    counter = enroll_counter(gateway)
    add_staff(gateway, "clerk.c", "counter")
    add_staff(gateway, "admin.a", "admin")
    clerk = signed_in(counter, "clerk.c")
    refused = clerk.get("/staff/v1/fleet")
    assert refused.status_code == 403 and refused.json()["error"] == "forbidden"
    entries = [e for e in audit(gateway, username="clerk.c") if e.action == "read_fleet"]
    assert [(e.outcome, e.detail) for e in entries] == [
        ("refused", "counter may not view the fleet of devices")
    ]
    clerk.counter.client.delete(
        "/staff/v1/sessions/current", headers=clerk.headers
    ).raise_for_status()
    admin = signed_in(counter, "admin.a")
    assert [d.kind for d in _fleet(admin).devices] == ["counter"]


def test_the_shell_table_and_json(gateway, gateway_clock, gateway_db_url, capsys, monkeypatch):
    foyer = gateway.enroll("Kiosk Foyer")
    gateway.enroll("Kiosk 2. OG")
    now = gateway_clock()  # 2026-03-10 08:30 in Darmstadt
    foyer.client.put("/v1/device-status", json=_report(now)).raise_for_status()
    monkeypatch.setattr(fleet_cli, "utc_now", lambda: now + timedelta(minutes=16))
    foyer_seen = now  # the report was its last contact

    assert main(["gateway", "fleet", "--db", gateway_db_url]) == 0
    text = capsys.readouterr().out
    lines = text.splitlines()
    assert lines[0] == (
        "Geräte am 10.03.2026 08:46: 2, davon 0 online; 2 Kiosk(e) länger als 15 min still"
    )
    assert lines[2].split() == [
        "Gerät", "Art", "Verbindung", "Letzte", "Sync", "Version", "Drucker/Papier",
        "Warteschlange", "Hinweis",
    ]  # fmt: skip
    assert lines[3].startswith("Kiosk 2. OG")
    assert "STILL seit 10.03.2026 08:30" in lines[3] and "nie" in lines[3]
    foyer_line = lines[4]
    for expected in ("Kiosk Foyer", "offline", "10.03.2026 08:29", "0.1.0", "Papier fast leer",
                     "3 (älteste 12 min)", "STILL seit 10.03.2026 08:30"):  # fmt: skip
        assert expected in foyer_line, (expected, foyer_line)
    del foyer_seen

    assert (
        main(["gateway", "fleet", "--db", gateway_db_url, "--json", "--silent-minutes", "20"]) == 0
    )
    page = json.loads(capsys.readouterr().out)
    assert page["silent_minutes"] == 20
    foyer_json = next(d for d in page["devices"] if d["name"] == "Kiosk Foyer")
    assert foyer_json["silent"] is False and foyer_json["online"] is False
    assert foyer_json["printer"] == "paper_low" and foyer_json["outbox_backlog"] == 3
    assert foyer_json["oldest_pending_s"] == 720
