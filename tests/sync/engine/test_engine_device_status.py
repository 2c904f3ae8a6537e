"""The kiosk reports its state for the fleet view (issue 18): the engine sends it at the start of
a round, when it changed and every few minutes, and a gateway that cannot take it never costs
the round. Real cache, real gateway on loopback (SQLite and PostgreSQL), clocks fixed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from gateway_harness import RunningGateway
from kiosk_harness import KioskCache, enroll
from staff_harness import add_staff, enroll_counter, signed_in

from kiosk_app.core.printer_health import PRINTER_HEALTH
from sync.device_status import app_version
from sync.protocol import VoidCommand
from sync.staff_protocol import FleetDevice, FleetPage


@pytest.fixture
def paper_out() -> Iterator[None]:
    PRINTER_HEALTH.note("paper_out")  # what the kiosk's print jobs last found
    yield
    PRINTER_HEALTH.note("none")


def _kiosk_in_fleet(gateway: RunningGateway, supervisor) -> FleetDevice:
    response = supervisor.get("/staff/v1/fleet")
    assert response.status_code == 200, response.text
    page = FleetPage.model_validate_json(response.content)
    return next(device for device in page.devices if device.kind == "kiosk")


def test_the_engine_reports_the_kiosk_and_the_fleet_shows_it(
    kiosk: KioskCache, gateway: RunningGateway, gateway_clock, paper_out
) -> None:
    add_staff(gateway, "sabine.s", "supervisor")
    supervisor = signed_in(enroll_counter(gateway, "Schalter 1"), "sabine.s")
    enroll(kiosk, gateway)
    queued_at = kiosk.clock() - timedelta(minutes=10)  # written while the kiosk was offline
    void = VoidCommand(reason="test")
    kiosk.outbox().append(void.kind, void.model_dump_json(), queued_at)
    engine = kiosk.engine()

    assert engine.sync_once().online  # reports first, then pushes and pulls
    first = _kiosk_in_fleet(gateway, supervisor)
    assert (first.printer, first.outbox_backlog, first.oldest_pending_s) == ("paper_out", 1, 600)
    assert first.reported_online is False and first.last_sync_at is None  # never synced before
    assert first.app_version == app_version() and first.online and not first.silent

    kiosk.clock.advance(timedelta(seconds=5))
    assert engine.sync_once().online
    second = _kiosk_in_fleet(gateway, supervisor)
    assert (second.outbox_backlog, second.oldest_pending_s, second.reported_online) == (
        0,
        None,
        True,
    )
    assert second.last_sync_at == kiosk.clock() - timedelta(seconds=5)

    kiosk.clock.advance(timedelta(minutes=1))  # nothing changed: no new report
    engine.sync_once()
    assert _kiosk_in_fleet(gateway, supervisor).reported_at == second.reported_at
    kiosk.clock.advance(timedelta(minutes=5))  # but one every five minutes
    engine.sync_once()
    assert _kiosk_in_fleet(gateway, supervisor).reported_at == kiosk.clock()

    gateway_clock.advance(timedelta(minutes=16))  # the kiosk falls silent
    silent = _kiosk_in_fleet(gateway, supervisor)
    assert silent.silent and not silent.online
    engine.stop()


def test_a_gateway_without_the_endpoint_costs_no_round(
    kiosk: KioskCache, gateway: RunningGateway, monkeypatch
) -> None:
    from sync.client import GatewayClient, GatewayUnreachable

    enroll(kiosk, gateway)
    calls: list[str] = []

    def refused(self, report) -> None:
        calls.append(report.device_kind)
        raise GatewayUnreachable("HTTP 503")

    monkeypatch.setattr(GatewayClient, "report_status", refused)
    engine = kiosk.engine()
    first = engine.sync_once()
    assert first.online and first.reason is None and calls == ["kiosk"]
    kiosk.clock.advance(timedelta(seconds=30))  # within the retry pause: not tried again
    assert engine.sync_once().online and calls == ["kiosk"]
    kiosk.clock.advance(timedelta(seconds=31))
    assert engine.sync_once().online and calls == ["kiosk", "kiosk"]
    engine.stop()
