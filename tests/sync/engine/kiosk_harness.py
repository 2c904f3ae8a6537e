"""The kiosk side of the engine tests: a real encrypted cache, and enrolling it at a gateway."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from fixed_time import MovableClock
from gateway_harness import RunningGateway

from kiosk_app.store.cases import CaseCache
from kiosk_app.store.connection import open_cache
from kiosk_app.store.outbox import Outbox
from kiosk_app.store.sync_state import SyncState
from kiosk_app.store.transactions import Connection
from sync.engine import EngineSettings, SyncEngine, SyncStatus
from sync.enroll import enroll_kiosk


@dataclass
class KioskCache:
    path: Path
    key: bytes
    reports: list[SyncStatus] = field(default_factory=list)
    clock: MovableClock = field(default_factory=MovableClock)  # the kiosk's own, fixed
    _open: list[Connection] = field(default_factory=list)

    def connect(self) -> Connection:
        conn = open_cache(self.path, self.key)
        self._open.append(conn)
        return conn

    def engine(self, **settings: float) -> SyncEngine:
        tuned = EngineSettings(
            interval_s=settings.get("interval_s", 0.2),
            backoff_base_s=settings.get("backoff_base_s", 0.05),
            backoff_cap_s=settings.get("backoff_cap_s", 0.5),
            page_limit=int(settings.get("page_limit", 50)),
            timeout_s=settings.get("timeout_s", 10.0),
            clock=self.clock,
        )
        # The engine opens (and closes) its own connection in whichever thread runs it.
        return SyncEngine(lambda: open_cache(self.path, self.key), self.reports.append, tuned)

    def snapshot(self) -> tuple[int, int, list[tuple[bytes, str]]]:
        """(cursor, case count, every row): what a test compares before and after a fault."""
        conn = self.connect()
        rows = conn.execute("SELECT lookup_key, status FROM cases ORDER BY lookup_key").fetchall()
        return SyncState(conn).cursor, CaseCache(conn).count(), [(bytes(k), s) for k, s in rows]

    def outbox(self) -> Outbox:
        return Outbox(self.connect())

    def close(self) -> None:
        for conn in self._open:
            conn.close()


def enroll(kiosk: KioskCache, gateway: RunningGateway, url: str | None = None) -> str:
    conn = kiosk.connect()
    return enroll_kiosk(conn, url or gateway.url, gateway.create_code(), device_name="test")
