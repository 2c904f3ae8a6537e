"""Qt fixtures shared by tests/ui and tests/e2e: a real demo cache and the real QML kiosk."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from fixed_time import fixed_office_time, fixed_today
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest

from kiosk_app.backend import KioskBackend, open_backend
from kiosk_app.config import KioskConfig
from kiosk_app.core.flow import IdlePolicy
from kiosk_app.demo_samples import DemoSample
from kiosk_app.demo_seed import seed_demo_cache
from kiosk_app.qt.app import KioskUi, build_kiosk

DEMO_CASES = 200
DEMO_SEED = 7


class FakeClock:
    """A monotonic clock the idle tests move forward by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(scope="session")
def qapp_cls() -> type[QGuiApplication]:
    return QGuiApplication


@pytest.fixture(scope="session")
def seeded_state(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One seeded demo cache per test run; each test works on its own copy."""
    state = tmp_path_factory.mktemp("demo-template")
    seed_demo_cache(KioskConfig(state_dir=state, demo=True), DEMO_CASES, DEMO_SEED, fixed_today())
    return state


@pytest.fixture
def demo_config(seeded_state: Path, tmp_path: Path) -> KioskConfig:
    state = tmp_path / "state"
    shutil.copytree(seeded_state, state)  # keeps the key file's 0600 mode
    return KioskConfig(state_dir=state, demo=True, time=fixed_office_time())


@pytest.fixture
def backend(demo_config: KioskConfig) -> Iterator[KioskBackend]:
    opened = open_backend(demo_config)
    yield opened
    opened.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def kiosk(
    qapp: QGuiApplication, demo_config: KioskConfig, backend: KioskBackend, clock: FakeClock
) -> Iterator[KioskUi]:
    # A short session, as the brief's tests use; the clock is fast-forwarded, never waited on.
    config = replace(demo_config, width=1080, height=1920, idle=IdlePolicy(30, 20))
    ui = build_kiosk(config, backend, qapp, clock=clock, with_sound=False)
    ui.window.show()
    QTest.qWaitForWindowExposed(ui.window)
    yield ui
    ui.close()


def sample_with(backend: KioskBackend, status: str) -> DemoSample:
    return next(s for s in backend.demo_samples if s.status == status)


def find_item(ui: KioskUi, name: str, timeout_ms: int = 2000) -> QQuickItem:
    """The visible QML item called ``name``, once the current screen has laid it out."""
    found: list[QQuickItem] = []

    def ready() -> bool:
        item = ui.item(name)
        if item is not None and item.isVisible() and item.width() > 0:
            found.append(item)
            return True
        return False

    waited = 0
    while not ready():
        if waited >= timeout_ms:
            raise AssertionError(f"no visible QML item {name!r} on the {ui.flow_vm.screen} screen")
        QTest.qWait(10)
        waited += 10
    QTest.qWait(20)  # one more polish/render pass so layouts settle
    return found[-1]


def tap(ui: KioskUi, name: str) -> None:
    """Tap the centre of a QML item, as a finger on the touch screen would."""
    item = find_item(ui, name)
    centre = item.mapToScene(QPointF(item.width() / 2, item.height() / 2)).toPoint()
    QTest.mouseClick(ui.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    QTest.qWait(10)


def type_on_keypad(ui: KioskUi, text: str) -> None:
    for char in text:
        if char.isdigit():
            tap(ui, f"key_{char}")


def screen_text(ui: KioskUi, name: str) -> str:
    return str(find_item(ui, name).property("text"))
