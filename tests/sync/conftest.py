"""Shared fixtures for the sync tests: a real gateway on loopback, on SQLite and PostgreSQL.

For the gateway suite and the kiosk engine tests alike:

- ``gateway_db_url``: a fresh, empty database URL per test, parametrized ``sqlite`` / ``postgresql``
  (PostgreSQL: one database ``kiosk_gw_<random>`` per session, one schema per test; skipped with a
  reason when unreachable, unless ``KIOSK_REQUIRE_POSTGRES=1``). ``sqlite_db_url`` is SQLite only.
- ``gateway_clock``: the gateway's clock, standing at the tests' fixed instant
  (``fixed_time.fixed_now``), movable (``advance``) without sleeping.
- ``gateway_settings``, ``gateway`` (a started ``RunningGateway``), ``device`` (an enrolled
  ``EnrolledDevice``), ``demo_cases`` (``DEMO_COUNT`` synthetic cases imported into ``gateway``).
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiosk_app.core.demo_cases import DemoCase
from sync.gateway.settings import GatewaySettings

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fixed_time import MovableClock
from gateway_harness import (
    ADMIN_TOKEN,
    DEMO_COUNT,
    DEMO_SEED,
    POSTGRES_URL,
    EnrolledDevice,
    RunningGateway,
    demo_row,
    running_gateway,
)

__all__ = [
    "ADMIN_TOKEN",
    "DEMO_COUNT",
    "DEMO_SEED",
    "POSTGRES_URL",
    "EnrolledDevice",
    "MovableClock",
    "RunningGateway",
    "demo_row",
]


# --- databases ------------------------------------------------------------------------------


@dataclass
class PostgresSession:
    """The per-session database, or the reason there is none."""

    base_url: str | None  # postgresql+psycopg://.../kiosk_gw_xxx
    skip_reason: str | None


@pytest.fixture(scope="session")
def postgres_session() -> Iterator[PostgresSession]:
    try:
        import psycopg

        admin = psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=3)
    except Exception as problem:  # any failure to reach the server means "not here"
        reason = f"PostgreSQL unreachable at {POSTGRES_URL} ({type(problem).__name__})"
        if os.environ.get("KIOSK_REQUIRE_POSTGRES") == "1":
            pytest.fail(reason + " and KIOSK_REQUIRE_POSTGRES=1", pytrace=False)
        yield PostgresSession(None, reason)
        return
    name = f"kiosk_gw_{secrets.token_hex(4)}"
    admin.execute(f'CREATE DATABASE "{name}"')
    info = admin.info
    base = f"postgresql+psycopg://{info.user}@{info.host}:{info.port}/{name}"
    try:
        yield PostgresSession(base, None)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def sqlite_db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'gateway.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def gateway_db_url(
    request: pytest.FixtureRequest, tmp_path: Path, postgres_session: PostgresSession
) -> Iterator[str]:
    """A fresh, empty database per test, on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'gateway.db'}"
        return
    if postgres_session.base_url is None:
        pytest.skip(postgres_session.skip_reason or "PostgreSQL unavailable")
    import psycopg

    schema = f"t_{secrets.token_hex(6)}"
    plain = postgres_session.base_url.replace("+psycopg", "")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    yield f"{postgres_session.base_url}?options=-csearch_path%3D{schema}"
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


# --- the gateway ----------------------------------------------------------------------------


@pytest.fixture
def gateway_clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def gateway_settings(gateway_db_url: str, gateway_clock: MovableClock) -> GatewaySettings:
    return GatewaySettings(db_url=gateway_db_url, admin_token=ADMIN_TOKEN, clock=gateway_clock)


@pytest.fixture
def gateway(gateway_settings: GatewaySettings) -> Iterator[RunningGateway]:
    with running_gateway(gateway_settings) as running:
        yield running


@pytest.fixture
def device(gateway: RunningGateway) -> EnrolledDevice:
    return gateway.enroll()


@pytest.fixture
def demo_cases(gateway: RunningGateway) -> list[DemoCase]:
    return gateway.import_demo()
