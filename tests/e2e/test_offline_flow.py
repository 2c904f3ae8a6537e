"""The kiosk fed by a real gateway: a change at the back-office reaches the screen; with the
gateway stopped the status line says offline and lookups keep working; it comes back by itself."""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import httpx
import pytest
from fixed_time import MovableClock, fixed_office_time, fixed_today
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from qt_fixtures import FakeClock, screen_text, tap, type_on_keypad

from kiosk_app.backend import KioskBackend, key_providers, open_backend
from kiosk_app.config import KioskConfig
from kiosk_app.core.demo_cases import DemoCase, generate
from kiosk_app.core.flow import IdlePolicy
from kiosk_app.core.i18n import _
from kiosk_app.core.statuses import STATUS_TEXTS, CaseStatus
from kiosk_app.qt.app import KioskUi, build_kiosk
from kiosk_app.store.connection import open_cache
from kiosk_app.store.keys import resolve_key
from sync.engine import EngineSettings, SyncEngine
from sync.enroll import enroll_kiosk
from sync.gateway.database import make_engine
from sync.gateway.demo import seed_demo
from sync.gateway.server import GatewayServer
from sync.gateway.settings import GatewaySettings

ADMIN = "e2e-admin-" + secrets.token_hex(8)
CASES, SEED = 40, 21


@dataclass
class SyncedKiosk:
    ui: KioskUi
    backend: KioskBackend
    engine: SyncEngine
    gateway: GatewayServer
    cases: list[DemoCase]


@pytest.fixture
def synced(qapp: QGuiApplication, tmp_path: Path) -> Iterator[SyncedKiosk]:
    db_url = f"sqlite:///{tmp_path / 'gateway.db'}"
    clock = MovableClock()  # the gateway's and the kiosk's
    gateway = GatewayServer(GatewaySettings(db_url=db_url, admin_token=ADMIN, clock=clock)).start()
    engine = make_engine(db_url)
    seed_demo(engine, CASES, SEED, fixed_today())
    engine.dispose()
    code = httpx.post(
        f"{gateway.url}/admin/v1/enrollment-codes", headers={"Authorization": f"Bearer {ADMIN}"}
    ).json()["code"]
    config = KioskConfig(
        state_dir=tmp_path / "kiosk",
        demo=True,
        idle=IdlePolicy(300, 30),
        time=fixed_office_time(clock),
    )
    config.state_dir.mkdir()
    key = resolve_key(key_providers(config))
    conn = open_cache(config.cache_path, key)
    enroll_kiosk(conn, gateway.url, code, device_name="e2e")
    conn.close()
    backend = open_backend(config)
    ui = build_kiosk(
        replace(config, width=1080, height=1920), backend, qapp, clock=FakeClock(), with_sound=False
    )
    ui.window.show()
    QTest.qWaitForWindowExposed(ui.window)
    settings = EngineSettings(
        interval_s=0.2, backoff_base_s=0.1, backoff_cap_s=0.4, timeout_s=1, clock=clock
    )
    sync = SyncEngine(backend.open_connection, ui.sync_bridge.report, settings)
    sync.start()
    cases = list(generate(CASES, SEED, fixed_today()))
    try:
        yield SyncedKiosk(ui, backend, sync, gateway, cases)
    finally:
        sync.stop()
        ui.close()
        backend.close()
        gateway.stop()


def wait_for(condition: object, timeout_s: float = 15.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        QTest.qWait(50)


def status_line(kiosk: SyncedKiosk) -> str:
    item = kiosk.ui.item("sync_status")
    return "" if item is None else str(item.property("text"))


def look_up(kiosk: SyncedKiosk, case: DemoCase) -> str:
    if kiosk.ui.flow_vm.screen != "lookup":
        tap(kiosk.ui, "lang_en")
    tap(kiosk.ui, "case_field")
    tap(kiosk.ui, "key_clear")
    type_on_keypad(kiosk.ui, case.case_number.canonical)
    tap(kiosk.ui, "birth_field")
    tap(kiosk.ui, "key_clear")
    type_on_keypad(kiosk.ui, case.birth_date.strftime("%d.%m.%Y"))
    tap(kiosk.ui, "submit")
    title = screen_text(kiosk.ui, "status_title")
    tap(kiosk.ui, "back")
    return title


def title(status: CaseStatus) -> str:
    return _(STATUS_TEXTS[status].title)


def test_gateway_change_reaches_the_screen_and_outage_keeps_lookups_working(
    synced: SyncedKiosk,
) -> None:
    # The first sync: on a busy machine a read can time out once and is retried after a pause.
    wait_for(
        lambda: synced.ui.sync_vm.online and synced.backend.cache.count() == CASES, timeout_s=60
    )
    case = next(c for c in synced.cases if c.record.status is not CaseStatus.READY_FOR_PICKUP)
    assert look_up(synced, case) == title(case.record.status)

    # A status change at the back-office shows within the sync interval.
    httpx.put(
        f"{synced.gateway.url}/admin/v1/cases/{case.case_number.canonical}/status",
        json={"status": "ready_for_pickup"},
        headers={"Authorization": f"Bearer {ADMIN}"},
    ).raise_for_status()
    wait_for(lambda: look_up(synced, case) == title(CaseStatus.READY_FOR_PICKUP))
    assert status_line(synced).startswith("Online")

    # Outage: offline on screen, answers still come from the cache.
    synced.gateway.stop()
    wait_for(lambda: status_line(synced).startswith("Offline"))
    other = synced.cases[1]
    assert look_up(synced, other) == title(other.record.status)

    # Back again, without anyone touching the kiosk.
    synced.gateway.start()
    wait_for(lambda: status_line(synced).startswith("Online"))
