"""``kiosk-app demo`` on a real X display (Xvfb, Qt's xcb platform, not offscreen), driven by
clicks as a new user would: the window opens, a tap changes the screen, SIGTERM quits cleanly,
and no embedded gateway outlives the demo, however the demo ends.

Offscreen tests cannot see what broke here once: Qt's xcb plugin aborting the first start for
want of libxcb-cursor0, which left the demo's gateway running. Skipped without Xvfb and
xdotool, except in CI (``KIOSK_REQUIRE_DISPLAY=1``), where .ci/run installs them.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fixed_time import fixed_now
from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from qt_fixtures import find_item
from xserver import XDisplay, missing_tools, start_xvfb

from kiosk_app.qt.app import KioskUi
from sync.engine import SyncStatus

ARTIFACTS = (
    Path(os.environ.get("KIOSK_ARTIFACTS", "")) if os.environ.get("KIOSK_ARTIFACTS") else None
)


@pytest.fixture(scope="module")
def display() -> Iterator[XDisplay]:
    if missing := missing_tools():
        reason = f"no {' or '.join(missing)} on this machine (scripts/ensure-system-deps --tests)"
        if os.environ.get("KIOSK_REQUIRE_DISPLAY") == "1":
            pytest.fail(reason + " and KIOSK_REQUIRE_DISPLAY=1", pytrace=False)
        pytest.skip(reason)
    xvfb = start_xvfb()
    yield xvfb
    xvfb.stop()


class Demo:
    """``kiosk-app demo`` as a child process on the display, its output in a file."""

    def __init__(self, display: XDisplay, state: Path, *extra: str, **env: str) -> None:
        self.log = state.parent / "demo.log"
        command = [sys.executable, "-m", "kiosk_app.cli", "demo", "--cases", "200", *extra]
        self.process = subprocess.Popen(
            command,
            env=display.env(KIOSK_STATE_DIR=str(state), PYTHONUNBUFFERED="1", **env),
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
        )

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def gateway_pid(self, timeout_s: float = 60.0) -> int:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if found := re.search(r"^\s*kill (\d+)$", self.output(), re.MULTILINE):
                return int(found.group(1))
            assert self.process.poll() is None, self.output()
            time.sleep(0.2)
        raise AssertionError(f"the demo printed no gateway pid:\n{self.output()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by its parent) counts as gone.
    status = Path(f"/proc/{pid}/status")
    return status.exists() and "State:\tZ" not in status.read_text()


def gone_within(pid: int, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if not alive(pid):
            return True
        time.sleep(0.1)
    return False


def differing_share(
    first: QImage, second: QImage, step: int = 8, bottom: int | None = None
) -> float:
    """The share of sampled pixels that differ between two screenshots of the same size
    (above ``bottom`` only, if given)."""
    assert first.size() == second.size()
    samples = differ = 0
    for y in range(0, bottom or first.height(), step):
        for x in range(0, first.width(), step):
            samples += 1
            differ += first.pixel(x, y) != second.pixel(x, y)
    return differ / samples


def distinct_colours(image: QImage, step: int = 16) -> int:
    return len(
        {
            image.pixel(x, y)
            for y in range(0, image.height(), step)
            for x in range(0, image.width(), step)
        }
    )


def scene_centre(ui: KioskUi, name: str) -> tuple[int, int]:
    """Where a QML item's centre is on the kiosk's 1080×1920 scene (from the offscreen twin of
    the same QML, so the click needs no knowledge of the layout)."""
    item = find_item(ui, name)
    centre = item.mapToScene(QPointF(item.width() / 2, item.height() / 2)).toPoint()
    return centre.x(), centre.y()


def keep(path: Path) -> None:
    if ARTIFACTS is not None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / path.name).write_bytes(path.read_bytes())


def test_demo_opens_on_xcb_answers_a_click_and_quits_cleanly(
    display: XDisplay, kiosk: KioskUi, tmp_path: Path
) -> None:
    english = scene_centre(kiosk, "lang_en")
    demo = Demo(display, tmp_path / "state")
    try:
        gateway = demo.gateway_pid()
        _window, left, top = display.window_of(demo.process.pid)
        # Mapped is not yet painted: on a busy machine the first frame follows a moment later.
        deadline = time.monotonic() + 20
        while True:
            before = QImage(str(display.screenshot(tmp_path / "xcb-welcome.png")))
            if distinct_colours(before) > 5 or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        keep(tmp_path / "xcb-welcome.png")
        assert (before.width(), before.height()) == (1080, 1920)
        assert distinct_colours(before) > 5, "the screen is still blank 20 s after it was mapped"

        # The welcome screen shows at the first frame; its buttons answer once the screens
        # behind them are built, right after it (docs/architecture.md "Start-up").
        deadline, changed = time.monotonic() + 20, 0.0
        while changed < 0.05 and time.monotonic() < deadline:
            display.click(left + english[0], top + english[1])
            time.sleep(0.7)
            after = QImage(str(display.screenshot(tmp_path / "xcb-after-tap.png")))
            changed = differing_share(before, after)
        keep(tmp_path / "xcb-after-tap.png")
        assert changed > 0.05, "a tap on English changed nothing"
        assert demo.process.poll() is None, demo.output()

        demo.process.send_signal(signal.SIGTERM)
        assert demo.process.wait(timeout=30) == 0, demo.output()
        assert "Traceback" not in demo.output(), demo.output()
        assert gone_within(gateway, 10), "the demo's gateway outlived it"
    finally:
        demo.stop()


def test_no_gateway_outlives_a_demo_that_is_killed(display: XDisplay, tmp_path: Path) -> None:
    demo = Demo(display, tmp_path / "state")
    try:
        gateway = demo.gateway_pid()
        display.window_of(demo.process.pid)
        demo.process.kill()  # as an abort in Qt would end it: no finally runs
        demo.process.wait(timeout=10)
        assert gone_within(gateway, 10), "the gateway kept running after the demo died"
    finally:
        demo.stop()


def test_a_display_qt_cannot_use_is_said_before_anything_starts(
    display: XDisplay, tmp_path: Path
) -> None:
    # What a machine without libxcb-cursor0 did: Qt cannot load the platform plugin and aborts.
    demo = Demo(display, tmp_path / "state", QT_QPA_PLATFORM="no-such-platform")
    try:
        assert demo.process.wait(timeout=60) == 2
    finally:
        demo.stop()
    said = demo.output()
    assert "the kiosk window cannot open on this display" in said
    assert "no-such-platform" in said  # what Qt said, for whoever reads it
    assert "kill " not in said  # no gateway was started
    assert not (tmp_path / "state" / "gateway.db").exists()


FAKE_SPEECHD = Path(__file__).resolve().parents[1] / "accessibility" / "fake_speechd.py"


def wait_until_changed(
    display: XDisplay,
    reference: QImage,
    path: Path,
    *,
    changed: bool,
    timeout_s: float,
    bottom: int | None = None,
) -> QImage:
    """Screenshots until the screen differs from ``reference`` (or is like it again)."""
    deadline = time.monotonic() + timeout_s
    while True:
        shot = QImage(str(display.screenshot(path)))
        differs = differing_share(reference, shot, bottom=bottom) > 0.05
        if differs == changed or time.monotonic() > deadline:
            return shot
        time.sleep(0.5)


def settled(display: XDisplay, path: Path, timeout_s: float = 30.0) -> QImage:
    """The screen once it stops changing (the status line arrives with the first sync)."""
    deadline = time.monotonic() + timeout_s
    last = QImage(str(display.screenshot(path)))
    while time.monotonic() < deadline:
        time.sleep(1.0)
        shot = QImage(str(display.screenshot(path)))
        if differing_share(last, shot) == 0:
            return shot
        last = shot
    return last


def test_read_aloud_with_a_wedged_speech_service_never_freezes_the_kiosk(
    display: XDisplay, kiosk: KioskUi, tmp_path: Path
) -> None:
    """The demo with the real speechd engine, read aloud on, and a speech-dispatcher that
    answers the handshake and the voices, then hangs at the first words (as the real one does
    without a sound device): the note says read aloud is unavailable, taps still work, and
    the idle reset clears the resident's screen."""
    # The demo's kiosk is online, so its status line shows under the bar: the twin's too.
    kiosk.sync_bridge.report(SyncStatus(True, fixed_now(), pending_commands=0, parked_commands=0))
    QTest.qWait(50)
    where = {name: scene_centre(kiosk, name) for name in ("a11y_speech", "lang_en")}
    kiosk.flow_vm.chooseLanguage("en")
    where["key_1"] = scene_centre(kiosk, "key_1")
    socket_path = tmp_path / "speechd.sock"
    said = tmp_path / "speechd.log"
    daemon = subprocess.Popen(
        [sys.executable, str(FAKE_SPEECHD), str(socket_path), "SPEAK"], stdout=said.open("w")
    )
    demo = Demo(
        display,
        tmp_path / "state",
        "--idle-seconds",
        "25",
        SPEECHD_ADDRESS=f"unix_socket:{socket_path}",
    )
    try:
        demo.gateway_pid()
        _window, left, top = display.window_of(demo.process.pid)
        welcome = settled(display, tmp_path / "xcb-speech-welcome.png")

        def click(name: str) -> None:
            display.click(left + where[name][0], top + where[name][1])

        # Read aloud on, on the welcome screen (tapped again only while the tap went unseen:
        # the bar answers once the screens behind the first frame are built). It speaks the
        # welcome screen, and the daemon wedges at the first words.
        deadline = time.monotonic() + 30
        while "wedged" not in said.read_text() and time.monotonic() < deadline:
            shot = QImage(str(display.screenshot(tmp_path / "xcb-speech-on.png")))
            if differing_share(welcome, shot) < 0.0005:
                click("a11y_speech")
            time.sleep(1.0)
        assert "wedged" in said.read_text(), "read aloud never spoke, so never hung"
        click("lang_en")
        lookup = wait_until_changed(
            display, welcome, tmp_path / "xcb-speech-lookup.png", changed=True, timeout_s=20
        )
        assert differing_share(welcome, lookup) > 0.05, "the tap on English was not answered"
        time.sleep(3.0)  # past the worker's deadline for an answer: now "unavailable"
        lookup = QImage(str(display.screenshot(tmp_path / "xcb-speech-unavailable.png")))
        keep(tmp_path / "xcb-speech-unavailable.png")
        # A resident types on the keypad: the screen keeps answering.
        click("key_1")
        click("key_1")
        typed = QImage(str(display.screenshot(tmp_path / "xcb-speech-typed.png")))
        keep(tmp_path / "xcb-speech-typed.png")
        assert differing_share(lookup, typed, step=2) > 0, "keypad taps were not answered"

        # The idle reset (25 s) returns to the welcome screen, the typed digits gone. Compared
        # above the accessibility bar: below it, the note still says read aloud is unavailable.
        above_bar = 1600
        back = wait_until_changed(
            display,
            welcome,
            tmp_path / "xcb-speech-reset.png",
            changed=False,
            timeout_s=60,
            bottom=above_bar,
        )
        keep(tmp_path / "xcb-speech-reset.png")
        assert differing_share(welcome, back, bottom=above_bar) < 0.01, "no idle reset"
        assert demo.process.poll() is None, demo.output()
        assert "read aloud is unavailable" in demo.output(), demo.output()

        demo.process.send_signal(signal.SIGTERM)
        assert demo.process.wait(timeout=30) == 0, demo.output()
    finally:
        demo.stop()
        daemon.kill()
        daemon.wait(timeout=10)
