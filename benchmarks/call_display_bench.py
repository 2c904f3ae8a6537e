"""The call display's delay (issue 15), on loopback.

call_to_display_p95_ms   95th percentile, over a run of calls, from a clerk's "call next" (the
                         request leaving the counter) until the display's long poll
                         (``sync.call_feed.CallFeed``, its own thread, as in ``kiosk-app
                         display``) has the call: the gateway (in this process, SQLite, its clock
                         fixed on a Tuesday morning within the issuing hours) answers the waiting
                         poll by re-reading its database every 0.2 s. Target ≤ 1,000 ms. Painting
                         the text (a queued signal and a QML frame) is not included.

``python -m benchmarks.call_display_bench [--quick]`` prints the figures.
"""

from __future__ import annotations

import secrets
import statistics
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from sync.call_feed import CallFeed, FeedUnavailable
from sync.gateway.database import make_engine, write_transaction
from sync.gateway.server import GatewayServer
from sync.gateway.settings import GatewaySettings
from sync.gateway.staff.accounts import create_user
from sync.gateway.staff.audit import Actor
from sync.staff_protocol import STAFF_SESSION_HEADER

NOW = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)  # Tuesday, 9:00 in Berlin
RULES = {
    "letter": "A",
    "daily_quota": 999,
    "issue_from": "07:30",
    "issue_until": "11:00",
    "urgent_share": 0,
    "urgent_days": 14,
}
CLERK, PASSWORD = "bench.clerk", "bench password, long enough"


def _enroll(url: str, admin: httpx.Client, kind: str, name: str) -> httpx.Client:
    code = admin.post("/admin/v1/enrollment-codes", json={"kind": kind}).json()["code"]
    answer = httpx.post(f"{url}/v1/enroll", json={"code": code, "device_name": name})
    answer.raise_for_status()
    token = answer.json()["device_token"]
    return httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=30)


def measure_call_display(workdir: Path, *, quick: bool) -> dict[str, float | int]:
    workdir.mkdir(parents=True, exist_ok=True)
    calls = 30 if quick else 100
    admin_token = "bench-" + secrets.token_hex(8)
    settings = GatewaySettings(
        db_url=f"sqlite:///{workdir / 'gateway.db'}", admin_token=admin_token, clock=lambda: NOW
    )
    server = GatewayServer(settings).start()
    url = server.url
    admin = httpx.Client(
        base_url=url, headers={"Authorization": f"Bearer {admin_token}"}, timeout=30
    )
    clients: list[httpx.Client] = [admin]
    feed: CallFeed | None = None
    try:
        admin.put("/admin/v1/walk-in/card_pickup", json=RULES).raise_for_status()
        kiosk = _enroll(url, admin, "kiosk", "bench-kiosk")
        clients.append(kiosk)
        for seq in range(1, calls + 1):
            payload = {
                "kind": "issue_walk_in_ticket",
                "ticket_id": uuid.uuid4().hex,
                "service": "card_pickup",
                "language": "ar",
                "urgent": False,
                "estimate_low": 10,
                "estimate_high": 25,
            }
            body = {"seq": seq, "created_at": NOW.isoformat(), "payload": payload}
            kiosk.post("/v1/commands", json={"commands": [body]}).raise_for_status()
        engine = make_engine(settings.db_url)
        try:
            with write_transaction(engine) as conn:
                create_user(
                    conn,
                    Actor(None, None, NOW),
                    CLERK,
                    "counter",
                    password=PASSWORD,
                    must_change_password=False,
                )
        finally:
            engine.dispose()
        counter = _enroll(url, admin, "counter", "Schalter 1")
        clients.append(counter)
        session = counter.post("/staff/v1/sessions", json={"username": CLERK, "password": PASSWORD})
        session.raise_for_status()
        staff = {STAFF_SESSION_HEADER: session.json()["session_token"]}
        display = _enroll(url, admin, "display", "bench-display")
        token = str(display.headers["Authorization"]).removeprefix("Bearer ")
        display.close()
        feed = CallFeed(url, token, wait_s=10.0)
        arrived: dict[str, float] = {}
        got = threading.Condition()
        stop = threading.Event()

        def poll() -> None:
            assert feed is not None
            while not stop.is_set():
                try:
                    found, _fill = feed.next_calls()
                except FeedUnavailable:
                    return
                now = time.perf_counter()
                with got:
                    for call in found:
                        arrived.setdefault(call.label, now)
                    got.notify_all()

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        time.sleep(0.3)  # the poller has its cursor and waits
        delays: list[float] = []
        for _ in range(calls):
            pressed = time.perf_counter()
            answer = counter.post("/staff/v1/walk-in/call-next", headers=staff)
            answer.raise_for_status()
            label = str(answer.json()["label"])
            with got:
                got.wait_for(lambda label=label: label in arrived, timeout=10)
            delays.append(arrived[label] - pressed)
            time.sleep(0.05 + (len(delays) % 7) * 0.023)  # presses at no fixed phase
        stop.set()
    finally:
        if feed is not None:
            feed.close()
        for client in clients:
            client.close()
        server.stop()
    ordered = sorted(delays)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "call_to_display_p95_ms": round(p95 * 1000, 1),
        "call_to_display_median_ms": round(statistics.median(delays) * 1000, 1),
        "call_to_display_calls": len(delays),
    }


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory(prefix="call-display-bench-") as tmp:
        result: dict[str, Any] = measure_call_display(Path(tmp), quick="--quick" in argv)
    print(result)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
