"""``make demo`` with the real back-office: the gateway started on loopback as a child process
(SQLite in the state directory), seeded with synthetic cases, and this kiosk enrolled at it and
synced once.

The kiosk then runs its sync engine against it like against a production gateway:
``kiosk-app gateway set-status … --db <url>`` from another shell shows on screen within the
sync interval, and stopping the gateway process (and starting it again with the printed
command) shows the kiosk going offline and coming back.
"""

from __future__ import annotations

import json
import secrets
import socket
from dataclasses import dataclass
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

import httpx

from kiosk_app.backend import key_providers
from kiosk_app.config import KioskConfig
from kiosk_app.core import demo_cases
from kiosk_app.demo_samples import DemoSample, load_demo_samples, write_demo_samples
from kiosk_app.store.connection import open_cache
from kiosk_app.store.keys import resolve_key
from kiosk_app.store.sync_state import SyncState
from sync.engine import EngineSettings, SyncEngine, SyncStatus
from sync.enroll import enroll_kiosk
from sync.gateway.app import create_app
from sync.gateway.database import make_engine, write_transaction
from sync.gateway.demo import seed_demo, seed_demo_clerk, seed_todays_bookings
from sync.gateway.process import GatewayProcess
from sync.gateway.report.period import Period
from sync.gateway.report.synthetic import seed_demo_figures
from sync.gateway.settings import GatewaySettings

GATEWAY_DB = "gateway.db"
DEMO_STATE = "demo-gateway.json"  # size, seed, port and admin token of the demo's gateway


# A few more leases than the default, so the demo can book offline for a while.
def _gateway_options() -> tuple[str, ...]:
    """Two leases a day, and the demo office's data (fees, hours) for the answers."""
    from kiosk_app.core.office_data import demo_office_file

    return ("--leases-per-day", "2", "--office-data", str(demo_office_file()))


GATEWAY_OPTIONS = _gateway_options()
SAMPLES_SHOWN = 9


@dataclass
class DemoGateway:
    server: GatewayProcess
    admin_token: str
    db_url: str
    samples: list[DemoSample]
    first_sync: SyncStatus
    resumed: bool = False  # the earlier demo's gateway, its bookings kept

    def stop(self) -> None:
        self.server.stop()

    def counter_code(self) -> str:
        """A one-time code enrolling a counter workstation at this gateway (the demo's clerk
        ``sync.gateway.demo.DEMO_CLERK`` then signs in with ``DEMO_CLERK_PASSWORD``)."""
        response = httpx.post(
            f"{self.server.url}/admin/v1/enrollment-codes",
            headers={"Authorization": f"Bearer {self.admin_token}"},
            json={"kind": "counter"},
            timeout=10,
        )
        response.raise_for_status()
        return str(response.json()["code"])


def _fresh(path: Path) -> None:
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)


def start_demo_gateway(
    config: KioskConfig, cases: int, seed: int, today: date, *, reset: bool = False
) -> DemoGateway:
    """Start the demo's gateway and sync this kiosk: the earlier demo's, with every booking
    kept, when there is one of the same size and seed and ``reset`` is not asked; otherwise
    a fresh gateway with ``cases`` synthetic cases and this kiosk enrolled anew."""
    config.state_dir.mkdir(parents=True, exist_ok=True)
    saved = _saved_demo(config)
    if not reset and saved is not None and (saved["cases"], saved["seed"]) == (cases, seed):
        return _resume(config, saved)
    gateway_db = config.state_dir / GATEWAY_DB
    _fresh(gateway_db)
    _fresh(config.cache_path)  # a new demo: a new device, a new dataset
    (config.state_dir / DEMO_STATE).unlink(missing_ok=True)
    db_url = f"sqlite:///{gateway_db}"
    admin_token = secrets.token_urlsafe(24)
    create_app(GatewaySettings(db_url=db_url))  # migrate, create the dataset and catalog
    engine = make_engine(db_url)
    try:
        seed_demo(engine, cases, seed, today)
    finally:
        engine.dispose()
    server = GatewayProcess(db_url, admin_token, options=GATEWAY_OPTIONS).start()
    code = httpx.post(
        f"{server.url}/admin/v1/enrollment-codes",
        headers={"Authorization": f"Bearer {admin_token}"},
        timeout=10,
    )
    code.raise_for_status()
    key = resolve_key(key_providers(config))
    connection = open_cache(config.cache_path, key)
    try:
        device_id = enroll_kiosk(
            connection, server.url, str(code.json()["code"]), device_name="demo-kiosk"
        )
    finally:
        connection.close()
    _book_for_today(db_url, device_id, config, cases, seed)
    status = _first_sync(config, key)
    samples = [
        DemoSample(
            case.case_number.canonical,
            case.birth_date.strftime("%d.%m.%Y"),
            str(case.record.status),
        )
        for case in islice(demo_cases.generate(cases, seed, today), SAMPLES_SHOWN)
    ]
    write_demo_samples(config.demo_samples_path, samples)
    # Written last: a demo that broke off before this point is started afresh next time.
    (config.state_dir / DEMO_STATE).write_text(
        json.dumps({"cases": cases, "seed": seed, "port": server.port, "token": admin_token})
    )
    return DemoGateway(server, admin_token, db_url, samples, status)


def _book_for_today(
    db_url: str, device_id: str, config: KioskConfig, cases: int, seed: int
) -> None:
    """A few appointments later today, so the counter's day list has something to check in
    (``sync.gateway.demo.seed_todays_bookings``; none once the day's hours are over)."""
    engine = make_engine(db_url)
    try:
        seed_todays_bookings(
            engine,
            GatewaySettings(db_url=db_url),  # the office's time zone and booking window
            device_id,
            config.time.utc_now(),
            cases,
            seed,
            spare=SAMPLES_SHOWN,  # the welcome screen's samples stay free to book with
        )
    finally:
        engine.dispose()


def seed_demo_usage(gateway: DemoGateway, today: date) -> Period:
    """Synthetic usage figures of the two months before ``today`` at the demo's gateway (ids
    "demo-…", replaced on every run, never doubled); returns the period worth a report."""
    engine = make_engine(gateway.db_url)
    try:
        return seed_demo_figures(engine, today)
    finally:
        engine.dispose()


def _saved_demo(config: KioskConfig) -> dict[str, Any] | None:
    """What the earlier demo left (size, seed, port, admin token), if all of it is there."""
    needed = (config.state_dir / GATEWAY_DB, config.cache_path, config.demo_samples_path)
    try:
        saved = json.loads((config.state_dir / DEMO_STATE).read_text())
    except (OSError, ValueError):
        return None
    if not all(path.exists() for path in needed) or not isinstance(saved, dict):
        return None
    return saved


def _resume(config: KioskConfig, saved: dict[str, Any]) -> DemoGateway:
    """The earlier demo's gateway on its database again (on its old port when that is free,
    so the kiosk's stored address holds; else on a new one, which the kiosk is told)."""
    db_url = f"sqlite:///{config.state_dir / GATEWAY_DB}"
    admin_token = str(saved["token"])
    port = int(saved["port"]) if _port_free(int(saved["port"])) else None
    server = GatewayProcess(db_url, admin_token, port=port, options=GATEWAY_OPTIONS).start()
    engine = make_engine(db_url)  # migrated by the server's start
    try:  # an earlier demo's database may lack an account added since (the supervisor)
        with write_transaction(engine) as conn:
            seed_demo_clerk(conn, config.time.utc_now())
    finally:
        engine.dispose()
    key = resolve_key(key_providers(config))
    connection = open_cache(config.cache_path, key)
    try:
        SyncState(connection).move_gateway(server.url)
    finally:
        connection.close()
    saved["port"] = server.port
    (config.state_dir / DEMO_STATE).write_text(json.dumps(saved))
    status = _first_sync(config, key)
    samples = load_demo_samples(config.demo_samples_path)
    return DemoGateway(server, admin_token, db_url, samples, status, resumed=True)


def _first_sync(config: KioskConfig, key: bytes) -> SyncStatus:
    settings = EngineSettings(clock=config.time.utc_now)
    first_sync = SyncEngine(lambda: open_cache(config.cache_path, key), lambda _s: None, settings)
    status = first_sync.sync_once()
    first_sync.stop()
    return status


def _port_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True
