"""Fixtures for the counter core: its cache, and a real gateway on loopback (SQLite and
PostgreSQL, the fixtures of tests/sync/conftest.py) for the desk, the sync and kill -9."""

from __future__ import annotations

import importlib.util
import secrets
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

_SYNC_TESTS = Path(__file__).resolve().parents[1] / "sync"
sys.path.insert(0, str(_SYNC_TESTS))
_spec = importlib.util.spec_from_file_location("counter_sync_fixtures", _SYNC_TESTS / "conftest.py")
assert _spec is not None and _spec.loader is not None
_sync_fixtures = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = _sync_fixtures
_spec.loader.exec_module(_sync_fixtures)

# The gateway fixtures, shared rather than copied.
postgres_session = _sync_fixtures.postgres_session
gateway_db_url = _sync_fixtures.gateway_db_url
sqlite_db_url = _sync_fixtures.sqlite_db_url
gateway_clock = _sync_fixtures.gateway_clock
gateway_settings = _sync_fixtures.gateway_settings
gateway = _sync_fixtures.gateway

from fixed_time import MovableClock, fixed_office_time  # noqa: E402

from kiosk_app.core.clock import OfficeTime  # noqa: E402
from kiosk_app.counter.cache import CounterCache  # noqa: E402


@pytest.fixture
def counter_clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def office_time(counter_clock: MovableClock) -> OfficeTime:
    return fixed_office_time(counter_clock)


@pytest.fixture
def cache_key() -> bytes:
    return secrets.token_bytes(32)


@pytest.fixture
def counter_cache(tmp_path: Path, cache_key: bytes) -> Iterator[CounterCache]:
    cache = CounterCache.open(tmp_path / "counter.db", cache_key)
    yield cache
    cache.close()


@pytest.fixture
def demo_cases(gateway):  # type: ignore[no-untyped-def]
    return gateway.import_demo()
