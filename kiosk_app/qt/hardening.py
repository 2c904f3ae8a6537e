"""Everything that makes the running kiosk an unattended appliance, installed in one call.

``run_kiosk`` calls ``install_hardening`` right after the first frame: sd_notify readiness and
watchdog, a clean quit on SIGTERM, barcode-scanner bursts kept out of the fields, and (unless
demo) the lock-down with its hidden staff exit.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QGuiApplication, QWindow
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickItem

from kiosk_app.config import KioskConfig
from kiosk_app.qt.lockdown import LONG_PRESS_MS, KioskLockdown
from kiosk_app.qt.scanner_input import ScannerInput
from kiosk_app.qt.sigterm import QuitOnSigterm, quit_on_sigterm
from kiosk_app.qt.staff_exit import StaffExitViewModel, load_staff_exit
from kiosk_app.qt.ui_paths import UI_DIR
from kiosk_app.qt.watchdog import ServiceWatchdog, install_watchdog
from kiosk_app.staff_pin import StaffPinCheck, load_pin_hash

log = logging.getLogger(__name__)

STAFF_EXIT_CODE = 0  # kiosk.service has RestartPreventExitStatus=0: staff exit stays down


@dataclass
class Hardening:
    """The installed pieces; kept referenced so Python does not collect them."""

    watchdog: ServiceWatchdog | None
    sigterm: QuitOnSigterm
    scanner: ScannerInput
    lockdown: KioskLockdown | None = None
    staff_exit: StaffExitViewModel | None = None


def install_lockdown(
    app: QGuiApplication,
    engine: QQmlApplicationEngine,
    window: QWindow,
    config: KioskConfig,
    *,
    on_unlock: Callable[[], None] | None = None,
    long_press_ms: int = LONG_PRESS_MS,
) -> tuple[KioskLockdown, StaffExitViewModel]:
    """Lock the window down and wire the long press to the staff PIN prompt.

    The right PIN calls ``on_unlock`` (default: quit the kiosk with ``STAFF_EXIT_CODE``).
    """
    check = StaffPinCheck(load_pin_hash(config.state_dir))
    if not check.configured:
        log.warning("no staff PIN is set: the staff exit cannot open (kiosk-app set-staff-pin)")
    lockdown: KioskLockdown

    def unlock() -> None:
        lockdown.release()
        if on_unlock is None:
            app.exit(STAFF_EXIT_CODE)
        else:
            on_unlock()

    staff_exit = StaffExitViewModel(check, unlock)
    staff_exit.setParent(window)  # kept alive as long as the window
    overlay: list[QQuickItem] = []

    def open_prompt() -> None:
        if not overlay:  # built on first use, so it costs the start-up nothing
            overlay.append(load_staff_exit(engine, window, str(UI_DIR), staff_exit))
        staff_exit.show()

    lockdown = KioskLockdown(window, open_prompt, long_press_ms)
    app.installEventFilter(lockdown)
    app.aboutToQuit.connect(lockdown.release)  # the kiosk's own teardown closes the window
    return lockdown, staff_exit


def install_hardening(
    app: QGuiApplication,
    engine: QQmlApplicationEngine,
    window: QWindow,
    config: KioskConfig,
    *,
    shown: bool = False,
) -> Hardening:
    """Install every piece for ``window``; ``shown``: its first frame is already on screen
    (READY goes out at once), else READY follows the first frame."""
    scanner = ScannerInput(window)
    app.installEventFilter(scanner)
    hardening = Hardening(install_watchdog(window, shown=shown), quit_on_sigterm(app), scanner)
    if not config.demo:  # the demo is a window on a developer's desktop
        hardening.lockdown, hardening.staff_exit = install_lockdown(app, engine, window, config)
    return hardening
