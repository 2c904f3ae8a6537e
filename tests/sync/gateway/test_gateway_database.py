"""Schema upgrades applied in code, and a server that can be stopped and started on its port."""

from __future__ import annotations

import httpx
import pytest
from fixed_time import MovableClock
from sqlalchemy import text

from sync.gateway.database import make_engine, upgrade
from sync.gateway.server import GatewayServer
from sync.gateway.settings import GatewaySettings


def test_upgrade_is_idempotent_and_reaches_head(gateway_db_url) -> None:
    upgrade(gateway_db_url)
    upgrade(gateway_db_url)
    engine = make_engine(gateway_db_url)
    with engine.connect() as conn:
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        assert version == "0017_permit_end"
        assert conn.execute(text("SELECT value FROM change_counter")).scalar_one() == 0
    engine.dispose()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_db_url) -> None:
    upgrade(sqlite_db_url)
    engine = make_engine(sqlite_db_url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar_one() >= 1000
    engine.dispose()


def test_a_stopped_gateway_starts_again_on_the_same_port(sqlite_db_url) -> None:
    server = GatewayServer(GatewaySettings(db_url=sqlite_db_url, clock=MovableClock())).start()
    url = server.url
    server.stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/v1/health")
    server.start()
    try:
        assert server.url == url
        assert httpx.get(f"{url}/v1/health").status_code == 200
    finally:
        server.stop()
