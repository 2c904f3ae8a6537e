"""Kiosk-side fixtures: a real encrypted cache enrolled at a real gateway on loopback (SQLite)."""

from __future__ import annotations

import secrets
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fixed_time import MovableClock
from gateway_harness import ADMIN_TOKEN, RunningGateway, running_gateway
from kiosk_harness import KioskCache

from sync.gateway.settings import GatewaySettings


@pytest.fixture
def sqlite_gateway(tmp_path: Path) -> Iterator[RunningGateway]:
    settings = GatewaySettings(
        db_url=f"sqlite:///{tmp_path / 'gw.db'}", admin_token=ADMIN_TOKEN, clock=MovableClock()
    )
    with running_gateway(settings) as running:
        yield running


@pytest.fixture
def kiosk(tmp_path: Path) -> Iterator[KioskCache]:
    cache = KioskCache(tmp_path / "kiosk" / "cache.db", secrets.token_bytes(32))
    cache.path.parent.mkdir()
    yield cache
    cache.close()
