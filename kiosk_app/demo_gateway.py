"""``make demo`` with the real back-office: the gateway started on loopback as a child process
(SQLite in the state directory), seeded with synthetic cases, and this kiosk enrolled at it and
synced once.

The kiosk then runs its sync engine against it like against a production gateway:
``kiosk-app gateway set-status … --db <url>`` from another shell shows on screen within the
sync interval, and stopping the gateway process (and starting it again with the printed
command) shows the kiosk going offline and coming back.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from itertools import islice
from pathlib import Path

import httpx

from kiosk_app.backend import key_providers
from kiosk_app.config import KioskConfig
from kiosk_app.core import demo_cases
from kiosk_app.demo_samples import DemoSample, write_demo_samples
from kiosk_app.store.connection import open_cache
from kiosk_app.store.keys import resolve_key
from sync.engine import SyncEngine, SyncStatus
from sync.enroll import enroll_kiosk
from sync.gateway.app import create_app
from sync.gateway.database import make_engine
from sync.gateway.demo import seed_demo
from sync.gateway.process import GatewayProcess
from sync.gateway.settings import GatewaySettings

GATEWAY_DB = "gateway.db"
SAMPLES_SHOWN = 9


@dataclass
class DemoGateway:
    server: GatewayProcess
    admin_token: str
    db_url: str
    samples: list[DemoSample]
    first_sync: SyncStatus

    def stop(self) -> None:
        self.server.stop()


def _fresh(path: Path) -> None:
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)


def start_demo_gateway(config: KioskConfig, cases: int, seed: int, today: date) -> DemoGateway:
    """Start a fresh gateway with ``cases`` synthetic cases and enroll and sync this kiosk."""
    config.state_dir.mkdir(parents=True, exist_ok=True)
    gateway_db = config.state_dir / GATEWAY_DB
    _fresh(gateway_db)
    _fresh(config.cache_path)  # a new demo: a new device, a new dataset
    db_url = f"sqlite:///{gateway_db}"
    admin_token = secrets.token_urlsafe(24)
    create_app(GatewaySettings(db_url=db_url))  # migrate, create the dataset and catalog
    engine = make_engine(db_url)
    try:
        seed_demo(engine, cases, seed, today)
    finally:
        engine.dispose()
    # A few more leases than the default, so the demo can book offline for a while.
    server = GatewayProcess(db_url, admin_token, options=("--leases-per-day", "2")).start()
    code = httpx.post(
        f"{server.url}/admin/v1/enrollment-codes",
        headers={"Authorization": f"Bearer {admin_token}"},
        timeout=10,
    )
    code.raise_for_status()
    key = resolve_key(key_providers(config))
    connection = open_cache(config.cache_path, key)
    try:
        enroll_kiosk(connection, server.url, str(code.json()["code"]), device_name="demo-kiosk")
    finally:
        connection.close()
    first_sync = SyncEngine(lambda: open_cache(config.cache_path, key), lambda _s: None)
    status = first_sync.sync_once()
    first_sync.stop()
    samples = [
        DemoSample(
            case.case_number.canonical,
            case.birth_date.strftime("%d.%m.%Y"),
            str(case.record.status),
        )
        for case in islice(demo_cases.generate(cases, seed, today), SAMPLES_SHOWN)
    ]
    write_demo_samples(config.demo_samples_path, samples)
    return DemoGateway(server, admin_token, db_url, samples, status)
