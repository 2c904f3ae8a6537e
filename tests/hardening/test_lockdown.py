"""The locked-down kiosk: quitting shortcuts do nothing, and only staff with the PIN get out."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtTest import QTest
from qt_fixtures import find_item, tap

from kiosk_app.config import KioskConfig
from kiosk_app.core.i18n import _
from kiosk_app.qt.app import KioskUi
from kiosk_app.qt.hardening import install_lockdown
from kiosk_app.qt.lockdown import CORNER_PX, KioskLockdown
from kiosk_app.qt.staff_exit import StaffExitViewModel
from kiosk_app.staff_pin import LOCKOUT_S, write_pin_hash

PIN = "271828"
LONG_PRESS_MS = 300  # the kiosk uses 5 s; the test need not wait that long

Mod = Qt.KeyboardModifier
QUITTING_SHORTCUTS = [
    (Qt.Key.Key_F4, Mod.AltModifier),
    (Qt.Key.Key_Q, Mod.ControlModifier),
    (Qt.Key.Key_W, Mod.ControlModifier),
    (Qt.Key.Key_Tab, Mod.AltModifier),
    (Qt.Key.Key_Escape, Mod.AltModifier),  # cage's own quit key in debug builds
    (Qt.Key.Key_Meta, Mod.NoModifier),
    (Qt.Key.Key_Super_L, Mod.NoModifier),
    (Qt.Key.Key_Backspace, Mod.ControlModifier | Mod.AltModifier),
    (Qt.Key.Key_Delete, Mod.ControlModifier | Mod.AltModifier),
    (Qt.Key.Key_F2, Mod.ControlModifier | Mod.AltModifier),
    (Qt.Key.Key_F11, Mod.NoModifier),
]


class KeysReachingWindow(QObject):
    """An event filter on the window: sees only what the application-wide filters let through."""

    def __init__(self) -> None:
        super().__init__()
        self.keys: list[int] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            self.keys.append(event.key())
        return False


@dataclass
class Locked:
    ui: KioskUi
    lockdown: KioskLockdown
    staff_exit: StaffExitViewModel
    unlocked: list[bool]


@pytest.fixture
def locked(qapp: QGuiApplication, kiosk: KioskUi, demo_config: KioskConfig) -> Iterator[Locked]:
    config = replace(demo_config, demo=False)  # production: the lock-down is on
    write_pin_hash(config.state_dir, PIN)
    unlocked: list[bool] = []
    lockdown, staff_exit = install_lockdown(
        qapp,
        kiosk.engine,
        kiosk.window,
        config,
        on_unlock=lambda: unlocked.append(True),
        long_press_ms=LONG_PRESS_MS,
    )
    yield Locked(kiosk, lockdown, staff_exit, unlocked)
    qapp.removeEventFilter(lockdown)
    lockdown.release()


def long_press_corner(ui: KioskUi, hold_ms: int) -> None:
    corner = QPoint(CORNER_PX // 2, ui.window.height() - CORNER_PX // 2)
    QTest.mousePress(ui.window, Qt.MouseButton.LeftButton, Mod.NoModifier, corner)
    QTest.qWait(hold_ms)
    QTest.mouseRelease(ui.window, Qt.MouseButton.LeftButton, Mod.NoModifier, corner)
    QTest.qWait(20)


def enter_pin(ui: KioskUi, pin: str) -> None:
    for digit in pin:
        tap(ui, f"key_{digit}")
    tap(ui, "staff_submit")


def test_quitting_shortcuts_never_reach_the_kiosk(locked: Locked) -> None:
    window = locked.ui.window
    probe = KeysReachingWindow()
    window.installEventFilter(probe)
    try:
        for key, modifiers in QUITTING_SHORTCUTS:
            QTest.keyClick(window, key, modifiers)
        QTest.keyClick(window, Qt.Key.Key_5)  # an ordinary key still arrives
        QTest.qWait(50)
    finally:
        window.removeEventFilter(probe)

    assert probe.keys == [Qt.Key.Key_5]
    assert window.close() is False  # a close request (Alt+F4 from a compositor) is refused
    QTest.qWait(20)
    assert window.isVisible()
    assert locked.ui.flow_vm.screen == "welcome"


def test_without_lockdown_the_same_keys_would_arrive(kiosk: KioskUi) -> None:
    """The probe itself works: without the lock-down the shortcuts reach the window."""
    probe = KeysReachingWindow()
    kiosk.window.installEventFilter(probe)
    try:
        QTest.keyClick(kiosk.window, Qt.Key.Key_F4, Mod.AltModifier)
        QTest.keyClick(kiosk.window, Qt.Key.Key_Q, Mod.ControlModifier)
    finally:
        kiosk.window.removeEventFilter(probe)
    assert {Qt.Key.Key_F4, Qt.Key.Key_Q} <= set(probe.keys)


def test_a_short_press_in_the_corner_opens_nothing(locked: Locked) -> None:
    long_press_corner(locked.ui, LONG_PRESS_MS // 3)
    QTest.qWait(LONG_PRESS_MS)
    assert not locked.staff_exit.property("open")


def test_the_staff_long_press_does_not_click_the_button_in_the_corner(locked: Locked) -> None:
    accessibility = locked.ui.accessibility
    assert accessibility is not None and not accessibility.property("largeText")
    long_press_corner(locked.ui, LONG_PRESS_MS + 100)
    assert locked.staff_exit.property("open")
    assert not accessibility.property("largeText")  # the bar's first button was not toggled


def test_a_tap_in_the_corner_still_clicks_its_button(locked: Locked) -> None:
    accessibility = locked.ui.accessibility
    assert accessibility is not None
    long_press_corner(locked.ui, 50)
    assert accessibility.property("largeText")
    assert not locked.staff_exit.property("open")


def test_staff_exit_needs_the_right_pin(locked: Locked) -> None:
    ui = locked.ui
    long_press_corner(ui, LONG_PRESS_MS + 100)
    assert locked.staff_exit.property("open")
    find_item(ui, "staff_exit")

    enter_pin(ui, "123456")
    assert locked.unlocked == []  # a wrong PIN does not quit
    assert find_item(ui, "staff_message").property("text") == _("Wrong PIN")
    assert ui.window.close() is False and ui.window.isVisible()

    enter_pin(ui, PIN)
    assert locked.unlocked == [True]
    assert not locked.staff_exit.property("open")
    assert ui.window.close() is True  # unlocked: the window may close now


def test_three_wrong_pins_lock_the_exit_even_for_the_right_one(locked: Locked) -> None:
    ui = locked.ui
    long_press_corner(ui, LONG_PRESS_MS + 100)
    for wrong in ("111111", "222222", "333333"):
        enter_pin(ui, wrong)
    enter_pin(ui, PIN)
    assert locked.unlocked == []
    locked_text = _("Locked for {minutes} min").format(minutes=round(LOCKOUT_S / 60))
    assert find_item(ui, "staff_message").property("text") == locked_text
