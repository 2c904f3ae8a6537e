"""Kiosk-side fixtures: a real encrypted cache enrolled at a real gateway on loopback (SQLite)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from gateway_harness import ADMIN_TOKEN, RunningGateway, running_gateway

from kiosk_app.store.cases import CaseCache
from kiosk_app.store.connection import open_cache
from kiosk_app.store.outbox import Outbox
from kiosk_app.store.sync_state import SyncState
from kiosk_app.store.transactions import Connection
from sync.engine import EngineSettings, SyncEngine, SyncStatus
from sync.enroll import enroll_kiosk
from sync.gateway.settings import GatewaySettings


@dataclass
class KioskCache:
    path: Path
    key: bytes
    reports: list[SyncStatus] = field(default_factory=list)
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


@pytest.fixture
def sqlite_gateway(tmp_path: Path) -> Iterator[RunningGateway]:
    settings = GatewaySettings(db_url=f"sqlite:///{tmp_path / 'gw.db'}", admin_token=ADMIN_TOKEN)
    with running_gateway(settings) as running:
        yield running


@pytest.fixture
def kiosk(tmp_path: Path) -> Iterator[KioskCache]:
    cache = KioskCache(tmp_path / "kiosk" / "cache.db", secrets.token_bytes(32))
    cache.path.parent.mkdir()
    yield cache
    cache.close()


def enroll(kiosk: KioskCache, gateway: RunningGateway, url: str | None = None) -> str:
    conn = kiosk.connect()
    return enroll_kiosk(conn, url or gateway.url, gateway.create_code(), device_name="test")
