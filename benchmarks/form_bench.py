"""Submitting a form at the kiosk (issue 17): from "send" on the review page to the dated
receipt ready to print, over a real encrypted cache, the real sync engine and a gateway on
loopback.

form_submit_ms          median, online: ``KioskFormDesk.submit`` (the ``submit_form`` command
                        written to the outbox, the engine woken to push it, which it then does
                        beside the next steps) plus the receipt's words in Persian and German and
                        its 1-bit 80 mm image with the QR code.
form_submit_offline_ms  the same with the gateway stopped (the engine not running): the receipt
                        does not wait for the office, so both should be about equal.
form_delivered_ms       median, online: from "send" until the gateway acknowledged the form and
                        the kiosk deleted its answers (the outbox is empty again).

``python -m benchmarks.form_bench [--quick]`` prints the figures.
"""

from __future__ import annotations

import secrets
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

import httpx

from kiosk_app.core.forms.definition import load_forms
from kiosk_app.core.forms.engine import Answer
from kiosk_app.core.forms.receipt import compose_form_receipt
from kiosk_app.core.reference import new_reference
from kiosk_app.form_desk import KioskFormDesk
from kiosk_app.store.connection import open_cache
from kiosk_app.store.outbox import Outbox
from sync.engine import EngineSettings, SyncEngine
from sync.enroll import enroll_kiosk
from sync.gateway.server import GatewayServer
from sync.gateway.settings import GatewaySettings

NOW = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
ANSWERS = {
    "topic": Answer("extension"),
    "question_text": Answer("آیا می‌توانم پیش از نوبت مدارکم را بفرستم؟", "fa"),
    "reply_by": Answer("at_visit"),
}


def measure_forms(workdir: Path, *, quick: bool) -> dict[str, float]:
    from kiosk_app.qt.printing.form_receipt import render_form_receipt  # needs a QGuiApplication

    samples = 10 if quick else 30
    workdir.mkdir(parents=True, exist_ok=True)
    db_url = f"sqlite:///{workdir / 'gateway.db'}"
    admin = "bench-" + secrets.token_hex(8)
    server = GatewayServer(GatewaySettings(db_url=db_url, admin_token=admin, clock=lambda: NOW))
    server.start()
    key = secrets.token_bytes(32)
    cache = workdir / "cache.db"
    form = load_forms()["question"]
    sync: SyncEngine | None = None
    try:
        code = httpx.post(
            f"{server.url}/admin/v1/enrollment-codes", headers={"Authorization": f"Bearer {admin}"}
        ).json()["code"]
        conn = open_cache(cache, key)
        enroll_kiosk(conn, server.url, str(code), device_name="bench-forms")
        conn.close()
        settings = EngineSettings(interval_s=30, clock=lambda: NOW)
        sync = SyncEngine(lambda: open_cache(cache, key), lambda _status: None, settings)
        desk = KioskFormDesk(lambda: open_cache(cache, key), wake=sync.wake, clock=lambda: NOW)
        sync.start()
        watch = open_cache(cache, key)

        def one() -> float:
            started = time.perf_counter()
            submitted = desk.submit(
                form, ANSWERS, receipt=new_reference(), language="fa", lookup_key=None
            )
            text = compose_form_receipt(
                form,
                receipt=submitted.receipt,
                language="fa",
                office_name="Ausländerbehörde",
                kiosk=submitted.kiosk,
                received_at=submitted.received_at.replace(tzinfo=None),
                permit_ends=date(2026, 3, 31),
            )
            render_form_receipt(text)
            return time.perf_counter() - started

        def delivered() -> float:
            started = time.perf_counter()
            one()
            while Outbox(watch).counts().get("pending", 0):
                time.sleep(0.002)
            return time.perf_counter() - started

        online = [one() for _ in range(samples)]
        while Outbox(watch).counts().get("pending", 0):
            time.sleep(0.01)
        arrived = [delivered() for _ in range(samples)]
        if Outbox(watch).counts()["parked"]:
            raise RuntimeError("the gateway refused a benchmark form")
        sync.stop()
        sync = None
        server.stop()
        desk.wake = None
        offline = [one() for _ in range(samples)]
        watch.close()
    finally:
        if sync is not None:
            sync.stop()
        server.stop()
    return {
        "form_submit_ms": round(statistics.median(online) * 1000, 2),
        "form_submit_offline_ms": round(statistics.median(offline) * 1000, 2),
        "form_delivered_ms": round(statistics.median(arrived) * 1000, 2),
    }


if __name__ == "__main__":
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication([])
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-forms-") as tmp:
        print(measure_forms(Path(tmp), quick="--quick" in sys.argv))
