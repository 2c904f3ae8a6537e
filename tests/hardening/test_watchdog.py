"""systemd's watchdog sees the kiosk: READY after the first frame, pings from the GUI thread,
and no pings while the GUI thread hangs (so systemd restarts a frozen kiosk)."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from notify_listener import NotifyListener
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from kiosk_app.backend import KioskBackend
from kiosk_app.config import KioskConfig
from kiosk_app.qt.app import build_kiosk
from kiosk_app.qt.watchdog import install_watchdog, watchdog_interval_ms
from kiosk_app.store.keys import DEMO_KEY_FILE_NAME

PING_MS = 100
WATCHDOG_USEC = str(PING_MS * 2 * 1000)  # systemd's WatchdogSec; the kiosk pings at half
BLOCK_S = 1.0
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def listener() -> Iterator[NotifyListener]:
    opened = NotifyListener()
    yield opened
    opened.close()


def test_interval_is_half_of_watchdog_usec() -> None:
    assert watchdog_interval_ms({"WATCHDOG_USEC": "30000000"}) == 15_000
    assert watchdog_interval_ms({}) is None
    assert watchdog_interval_ms({"WATCHDOG_USEC": "0"}) is None


def test_ready_after_first_frame_then_pings_that_stop_while_the_gui_thread_hangs(
    qapp: QGuiApplication,
    qtbot: QtBot,
    demo_config: KioskConfig,
    backend: KioskBackend,
    listener: NotifyListener,
) -> None:
    ui = build_kiosk(replace(demo_config, width=540, height=960), backend, qapp, with_sound=False)
    first_frames: list[float] = []
    ui.window.frameSwapped.connect(lambda: first_frames.append(time.monotonic()))
    environ = {"NOTIFY_SOCKET": listener.path, "WATCHDOG_USEC": WATCHDOG_USEC}
    watchdog = install_watchdog(ui.window, environ)
    assert watchdog is not None
    try:
        ui.window.show()
        qtbot.waitUntil(lambda: bool(listener.received("READY=1")), timeout=10_000)
        ready_at, first = listener.received()[0]
        assert first == "READY=1"  # nothing before readiness
        assert first_frames and first_frames[0] <= ready_at

        qtbot.waitUntil(lambda: len(listener.received("WATCHDOG=1")) >= 5, timeout=5_000)

        blocked: list[tuple[float, float]] = []

        def hang_gui_thread() -> None:
            started = time.monotonic()
            time.sleep(BLOCK_S)  # a frozen screen: a slot that never returns in time
            blocked.append((started, time.monotonic()))

        QTimer.singleShot(0, hang_gui_thread)
        qtbot.waitUntil(lambda: bool(blocked), timeout=5_000)
        qtbot.wait(5 * PING_MS)  # pings resume once the GUI thread is free again
        watchdog.stop()
    finally:
        ui.close()

    started, ended = blocked[0]
    pings = [at for at, _ in listener.received("WATCHDOG=1")]
    # A datagram sent just before the hang may arrive a few ms into it.
    during = [at for at in pings if started + 0.05 < at < ended]
    assert during == [], f"{len(during)} pings while the GUI thread was blocked"
    gaps = [later - earlier for earlier, later in itertools.pairwise(pings)]
    assert max(gaps) >= BLOCK_S - 0.1
    assert len([at for at in pings if at > ended]) >= 2
    regular = [gap for gap in gaps if gap < BLOCK_S / 2]
    assert regular and max(regular) < 4 * PING_MS / 1000
    assert listener.received()[-1][1] == "STOPPING=1"


def test_the_real_kiosk_process_notifies_and_stops_cleanly_on_sigterm(
    demo_config: KioskConfig, listener: NotifyListener
) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "NOTIFY_SOCKET": listener.path,
        "WATCHDOG_USEC": WATCHDOG_USEC,
    }
    state = demo_config.state_dir
    # Production mode (lock-down on, which must not stand in the way of a clean stop).
    command = [sys.executable, "-m", "kiosk_app.cli", "run", "--windowed", "--state", str(state)]
    kiosk = subprocess.Popen(
        [*command, "--key-file", str(state / DEMO_KEY_FILE_NAME)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        listener.wait_for("READY=1")
        listener.wait_for("WATCHDOG=1", count=3)
        kiosk.send_signal(signal.SIGTERM)  # what `systemctl stop` does
        _, stderr = kiosk.communicate(timeout=20)
    finally:
        if kiosk.poll() is None:
            kiosk.kill()
            kiosk.wait()
    assert kiosk.returncode == 0, stderr[-2000:]
    listener.wait_for("STOPPING=1", timeout_s=2)
    assert listener.received()[0][1] == "READY=1"
