"""Sync benchmarks: the real kiosk sync against the physical limit measured in the same run.

initial_sync_ratio  initial sync of N cases over loopback
                    ÷ (downloading the same page bytes with httpx from a static loopback server
                       + bulk-inserting the same rows into a fresh SQLCipher cache)   target ≤ 2
delta_sync_ratio    M status changes on the N-case cache, against the same kind of limit
                                                                                       target ≤ 3
max_ui_stall_ms     the longest gap in a GUI-thread timer (10 ms) while the initial sync runs
                    in the engine's thread                                             target ≤ 100
"""

from __future__ import annotations

import random
import secrets
import threading
import time
from collections.abc import Callable
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

from kiosk_app.core.demo_cases import generate
from kiosk_app.core.statuses import CaseStatus
from kiosk_app.store.connection import open_cache
from kiosk_app.store.sync_state import SyncState
from kiosk_app.store.transactions import Connection, transaction
from sync.engine import EngineSettings, SyncEngine
from sync.enroll import enroll_kiosk
from sync.gateway.app import create_app
from sync.gateway.case_writes import set_status
from sync.gateway.database import make_engine, write_transaction
from sync.gateway.demo import seed_demo
from sync.gateway.process import GatewayProcess
from sync.gateway.settings import GatewaySettings
from sync.protocol import MAX_PAGE

ADMIN = "bench-admin-" + secrets.token_hex(8)


def _seconds(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


class _StaticPages:
    """Serves captured page bodies by cursor: the network half of the physical limit."""

    def __init__(self, bodies: dict[str, bytes]) -> None:
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args: object) -> None:
                pass

            def do_GET(self) -> None:
                body = bodies[self.path]
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        host, port = self._server.server_address[:2]
        self.url = f"http://{host}:{port}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def _capture_pages(url: str, token: str, cursor: int) -> dict[str, bytes]:
    bodies: dict[str, bytes] = {}
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}) as client:
        while True:
            path = f"/v1/changes?cursor={cursor}&limit={MAX_PAGE}"
            response = client.get(path)
            bodies[path] = response.content
            page = response.json()
            cursor = page["next_cursor"]
            if not page["has_more"]:
                return bodies


def _physical_limit(
    bodies: dict[str, bytes], rows: list[tuple[object, ...]], target: Path, key: bytes, fresh: bool
) -> float:
    static = _StaticPages(bodies)
    try:
        with httpx.Client(base_url=static.url) as client:
            download = _seconds(lambda: [client.get(path).content for path in bodies])
    finally:
        static.close()
    if fresh:
        target.unlink(missing_ok=True)
    conn = open_cache(target, key)
    try:
        marks = ", ".join("?" for _ in rows[0]) if rows else ""
        insert_sql = f"INSERT OR REPLACE INTO cases VALUES ({marks})"  # every column, as stored

        def insert() -> None:
            with transaction(conn):
                conn.executemany(insert_sql, rows)

        store = _seconds(insert)
    finally:
        conn.close()
    return download + store


def _rows(conn: Connection, keys: set[bytes] | None = None) -> list[tuple[object, ...]]:
    rows = conn.execute("SELECT * FROM cases").fetchall()
    return [tuple(row) for row in rows if keys is None or bytes(row[0]) in keys]


def _stall_probe(done: threading.Event) -> tuple[Callable[[], None], Callable[[], float]]:
    """A 10 ms timer in a Qt event loop on this thread, until ``done``; (run, max gap in ms)."""
    from PySide6.QtCore import QCoreApplication, QTimer

    app = QCoreApplication.instance() or QCoreApplication([])
    gaps: list[float] = []
    last = [time.perf_counter()]
    timer = QTimer()
    timer.setInterval(10)

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now
        if done.is_set():
            app.quit()

    timer.timeout.connect(tick)

    def run() -> None:
        last[0] = time.perf_counter()
        timer.start()
        app.exec()
        timer.stop()

    return run, lambda: max(gaps, default=0.0) * 1000


def measure_sync(state_dir: Path, cases: int, changes: int) -> dict[str, float | int]:
    state_dir.mkdir(parents=True, exist_ok=True)
    db_url = f"sqlite:///{state_dir / 'gateway.db'}"
    create_app(GatewaySettings(db_url=db_url))  # migrates and creates the dataset
    gw_engine = make_engine(db_url)
    today = date.today()
    seed_demo(gw_engine, cases, 17, today)
    server = GatewayProcess(db_url, ADMIN).start()  # its own process, as in production
    try:
        code = httpx.post(
            f"{server.url}/admin/v1/enrollment-codes", headers={"Authorization": f"Bearer {ADMIN}"}
        ).json()["code"]
        key = secrets.token_bytes(32)
        cache = state_dir / "cache.db"
        conn = open_cache(cache, key)
        enroll_kiosk(conn, server.url, code, device_name="bench")
        token = SyncState(conn).device_token
        assert token is not None
        settings = EngineSettings(timeout_s=60)  # the page size a kiosk really asks for
        engine = SyncEngine(lambda: open_cache(cache, key), lambda _s: None, settings)

        # Initial sync in the engine's thread while the GUI thread's event loop is probed.
        done = threading.Event()
        run_loop, max_gap_ms = _stall_probe(done)
        elapsed: list[float] = []

        def sync_in_thread() -> None:
            try:
                elapsed.append(_seconds(engine.sync_once))
                engine.stop()  # closes its connection in the thread that opened it
            finally:
                done.set()

        worker = threading.Thread(target=sync_in_thread)
        worker.start()
        run_loop()
        worker.join()
        initial_s = elapsed[0]
        assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == cases
        initial_limit = _physical_limit(
            _capture_pages(server.url, token, 0), _rows(conn), state_dir / "limit.db", key, True
        )

        # Delta: `changes` status updates at the gateway, then one sync of a kiosk in steady
        # state (client open; leases and free slots refreshed in an earlier round).
        engine = SyncEngine(lambda: open_cache(cache, key), lambda _s: None, settings)
        engine.sync_once()
        cursor = SyncState(conn).cursor
        rng = random.Random(3)
        chosen = rng.sample(list(generate(cases, 17, today)), changes)
        with write_transaction(gw_engine) as gw:
            for case in chosen:
                status = rng.choice((CaseStatus.IN_REVIEW, CaseStatus.COMPLETED))
                set_status(gw, case.case_number.canonical, status, today)
        delta_s = _seconds(engine.sync_once)
        bodies = _capture_pages(server.url, token, cursor)
        changed = {bytes.fromhex(k) for body in bodies.values() for k in _keys(body)}
        delta_limit = _physical_limit(
            bodies, _rows(conn, changed), state_dir / "limit.db", key, False
        )
        engine.stop()
        conn.close()
    finally:
        gw_engine.dispose()
        server.stop()
    return {
        "sync_cases": cases,
        "initial_sync_s": round(initial_s, 3),
        "initial_sync_limit_s": round(initial_limit, 3),
        "initial_sync_ratio": round(initial_s / initial_limit, 3),
        "delta_changes": changes,
        "delta_sync_ms": round(delta_s * 1000, 1),
        "delta_sync_limit_ms": round(delta_limit * 1000, 1),
        "delta_sync_ratio": round(delta_s / delta_limit, 3),
        "max_ui_stall_ms": round(max_gap_ms() - 10, 1),
    }


def _keys(body: bytes) -> list[str]:
    import json

    return [change["lookup_key"] for change in json.loads(body)["changes"]]
