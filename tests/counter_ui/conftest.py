import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

# The shared Qt fixtures live beside tests/conftest.py, which must stay free of PySide6.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "printing"))

import pytest
from fixed_time import fixed_office_time
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from qt_fixtures import FakeClock, qapp_cls
from stand_in_desk import StandInDesk

from kiosk_app.config import KioskConfig, PrinterConfig
from kiosk_app.counter_qt.app import CounterUi, build_counter, counter_config

__all__ = [
    "gateway",
    "gateway_clock",
    "gateway_db_url",
    "gateway_settings",
    "postgres_session",
    "qapp_cls",
]


@pytest.fixture
def counter_settings(tmp_path: Path) -> KioskConfig:
    config = counter_config(tmp_path / "state", demo=True, language="de")
    return replace(
        config,
        time=fixed_office_time(),
        printer=PrinterConfig(backend="pdf", pdf_dir=tmp_path / "printouts"),
    )


@pytest.fixture
def stand_in() -> StandInDesk:
    return StandInDesk()


@pytest.fixture
def input_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def counter(
    qapp: QGuiApplication,
    counter_settings: KioskConfig,
    stand_in: StandInDesk,
    input_clock: FakeClock,
) -> Iterator[CounterUi]:
    ui = build_counter(counter_settings, stand_in, qapp, clock=input_clock)
    ui.window.show()
    QTest.qWaitForWindowExposed(ui.window)
    yield ui
    ui.close()


# --- the counter over a real desk: a real gateway on loopback, a real SQLCipher cache ------------

import secrets  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sync"))  # gateway_harness
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "counter"))

# The gateway fixtures (SQLite and PostgreSQL), shared rather than copied.
from counter_harness import add_clerk, counter_code, fast_client  # noqa: E402
from fixed_time import MovableClock  # noqa: E402
from gateway_fixtures import (  # noqa: E402
    gateway,
    gateway_clock,
    gateway_db_url,
    gateway_settings,
    postgres_session,
)
from gateway_harness import RunningGateway  # noqa: E402
from real_counter import RealCounter  # noqa: E402

from kiosk_app.counter.cache import CounterCache  # noqa: E402
from kiosk_app.counter.desk import CounterDesk  # noqa: E402
from kiosk_app.counter.enroll import enroll_counter  # noqa: E402
from kiosk_app.counter.sync import CounterSync  # noqa: E402


@pytest.fixture
def real_counter(
    qapp: QGuiApplication,
    tmp_path: Path,
    gateway: RunningGateway,
    gateway_clock: MovableClock,
    input_clock: FakeClock,
) -> Iterator[RealCounter]:
    cases = gateway.import_demo()
    add_clerk(gateway)
    # One clock for the gateway and the counter: a session never expires under a test.
    config = replace(
        counter_config(tmp_path / "state", demo=True, language="de"),
        time=fixed_office_time(gateway_clock),
        printer=PrinterConfig(backend="pdf", pdf_dir=tmp_path / "printouts"),
    )
    config.state_dir.mkdir(parents=True)
    cache = CounterCache.open(config.state_dir / "counter.db", secrets.token_bytes(32))
    enroll_counter(gateway.url, counter_code(gateway), cache, device_name="counter-ui")
    desk = CounterDesk(cache, config.time, fast_client)
    ui = build_counter(config, desk, qapp, clock=input_clock)
    sync = CounterSync(desk, ui.status_bridge.report, interval_s=0.2)
    sync.start()
    ui.window.show()
    QTest.qWaitForWindowExposed(ui.window)
    try:
        yield RealCounter(ui, desk, cache, sync, gateway, cases, config)
    finally:
        sync.stop()
        ui.close()
        desk.close()
        cache.close()
