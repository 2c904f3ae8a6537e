"""Issuing a walk-in ticket at the kiosk, online (issue 15): from the tap on the service to the
ticket ready to print, over a real encrypted cache, the real sync engine and a gateway on
loopback whose clock stands inside the demo services' issuing hours on an office day.

ticket_issue_ms        median: ``KioskWalkInDesk.issue`` (the command queued in the outbox,
                       pushed by the woken engine, answered, the number read back) plus the
                       ticket's words and its 1-bit 80 mm image; baseline: a bare
                       ``GET /v1/health`` round trip → ``ticket_issue_ratio``.

ticket_issue_lease_ms   median: the same offline, from the kiosk's ticket lease (the number
                       taken and the command queued in one cache transaction, no network) plus
                       the ticket's words and image. The engine is stopped and the desk told it
                       is offline; the lease is a local block of ``samples`` numbers (the
                       gateway never sees these tickets: only the kiosk's work is measured).

``python -m benchmarks.walk_in_bench [--quick]`` prints the figures.
"""

from __future__ import annotations

import secrets
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx

from kiosk_app.appointment_desk import EngineState
from kiosk_app.core.catalog import SERVICES
from kiosk_app.core.walk_in_ticket import compose_ticket
from kiosk_app.store.connection import open_cache
from kiosk_app.store.sync_state import SyncState
from kiosk_app.walk_in_desk import KioskWalkInDesk
from sync.engine import EngineSettings, SyncEngine
from sync.enroll import enroll_kiosk
from sync.gateway.database import make_engine
from sync.gateway.demo import seed_demo
from sync.gateway.server import GatewayServer
from sync.gateway.settings import GatewaySettings

# Tuesday 10 March 2026, 9:00 in Berlin: the demo services issue tickets from 7:30 to 12:00.
NOW = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
SERVICE = "hand_in_documents"  # 40 a day


def measure_walk_in(workdir: Path, *, quick: bool) -> dict[str, float]:
    from kiosk_app.qt.printing.ticket import render_ticket  # needs a QGuiApplication

    samples = 10 if quick else 30
    workdir.mkdir(parents=True, exist_ok=True)
    db_url = f"sqlite:///{workdir / 'gateway.db'}"
    admin = "bench-" + secrets.token_hex(8)
    server = GatewayServer(GatewaySettings(db_url=db_url, admin_token=admin, clock=lambda: NOW))
    server.start()  # creates the schema
    engine = make_engine(db_url)
    seed_demo(engine, 10, 7, NOW.date())
    engine.dispose()
    key = secrets.token_bytes(32)
    cache = workdir / "cache.db"
    sync: SyncEngine | None = None
    try:
        code = httpx.post(
            f"{server.url}/admin/v1/enrollment-codes", headers={"Authorization": f"Bearer {admin}"}
        ).json()["code"]
        conn = open_cache(cache, key)
        enroll_kiosk(conn, server.url, str(code), device_name="bench-walk-in")
        token = SyncState(conn).device_token
        conn.close()
        state = EngineState(online=True)
        settings = EngineSettings(interval_s=30, clock=lambda: NOW)
        sync = SyncEngine(lambda: open_cache(cache, key), state.report, settings)
        state.wake = sync.wake
        sync.start()
        desk = KioskWalkInDesk(lambda: open_cache(cache, key), state, clock=lambda: NOW)

        def one() -> float:
            started = time.perf_counter()
            ticket = desk.issue(SERVICE, "ar", 0, 5)
            text = compose_ticket(
                ticket_id=ticket.ticket_id,
                label=ticket.label,
                service_name=SERVICES[SERVICE],
                ahead=ticket.ahead,
                wait_low=ticket.wait_low,
                wait_high=ticket.wait_high,
                language="ar",
                office_name="Ausländerbehörde",
                printed_at=NOW,
            )
            render_ticket(text)
            return time.perf_counter() - started

        issued, health = [], []
        with httpx.Client(
            base_url=server.url, headers={"Authorization": f"Bearer {token}"}
        ) as client:
            for _ in range(samples):
                started = time.perf_counter()
                client.get("/v1/health").raise_for_status()
                health.append(time.perf_counter() - started)
                issued.append(one())
        sync.stop()
        sync = None
        state.mark_unreachable()
        conn = open_cache(cache, key)
        try:
            conn.execute(
                "INSERT INTO ticket_leases VALUES (?, ?, 'B', ?, 900, ?, 900, ?, 10, 25)",
                (
                    "f" * 32,
                    SERVICE,
                    NOW.date().isoformat(),
                    900 + samples - 1,
                    NOW.replace(hour=23).isoformat(),
                ),
            )
        finally:
            conn.close()
        leased = [one() for _ in range(samples)]
    finally:
        if sync is not None:
            sync.stop()
        server.stop()
    result = {
        "ticket_issue_ms": round(statistics.median(issued) * 1000, 2),
        "ticket_issue_lease_ms": round(statistics.median(leased) * 1000, 2),
        "ticket_issue_baseline_ms": round(statistics.median(health) * 1000, 2),
    }
    result["ticket_issue_ratio"] = round(
        result["ticket_issue_ms"] / result["ticket_issue_baseline_ms"], 2
    )
    return result


if __name__ == "__main__":
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication([])
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-walk-in-") as tmp:
        print(measure_walk_in(Path(tmp), quick="--quick" in sys.argv))
