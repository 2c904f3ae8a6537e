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

__all__ = ["qapp_cls"]


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
