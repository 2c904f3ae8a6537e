import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

# The shared Qt fixtures live beside tests/conftest.py, which must stay free of PySide6.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from qt_fixtures import (
    FakeClock,
    backend,
    clock,
    demo_config,
    qapp_cls,
    seeded_state,
)

from kiosk_app.backend import KioskBackend
from kiosk_app.config import KioskConfig
from kiosk_app.core.flow import IdlePolicy
from kiosk_app.qt.app import KioskUi, build_kiosk

__all__ = ["a11y_kiosk", "backend", "clock", "demo_config", "qapp_cls", "seeded_state"]


@pytest.fixture
def a11y_config(demo_config: KioskConfig) -> KioskConfig:
    # Qt's "mock" speech engine needs no audio device and has English voices only.
    return replace(
        demo_config, width=1080, height=1920, idle=IdlePolicy(30, 20), speech_engine="mock"
    )


@pytest.fixture
def a11y_kiosk(
    qapp: QGuiApplication, a11y_config: KioskConfig, backend: KioskBackend, clock: FakeClock
) -> Iterator[KioskUi]:
    from screens import grant_leases

    grant_leases(backend)
    ui = build_kiosk(a11y_config, backend, qapp, clock=clock, with_sound=False)
    ui.window.show()
    QTest.qWaitForWindowExposed(ui.window)
    yield ui
    ui.close()
