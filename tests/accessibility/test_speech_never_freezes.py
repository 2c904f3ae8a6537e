"""Read aloud never freezes the kiosk (issue 12): a speech-dispatcher that stops answering, or a
speech worker that dies, makes read aloud "unavailable" on screen within seconds, while the
screen keeps answering and the idle timeout still takes a resident's booking off the screen.

Real processes throughout: the kiosk's speech worker, and a fake speech-dispatcher
(``fake_speechd.py``) that wedges where the real one does."""

from __future__ import annotations

import itertools
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from qt_fixtures import FakeClock, find_item, tap
from screens import grant_leases, reach, read_aloud_on, wait_for

from kiosk_app.backend import KioskBackend
from kiosk_app.config import KioskConfig
from kiosk_app.core.i18n import _
from kiosk_app.qt.app import KioskUi, build_kiosk
from kiosk_app.qt.speech import RETRY_AFTER_S

FAKE_SPEECHD = Path(__file__).with_name("fake_speechd.py")
NOT_RESPONDING = "Reading aloud is unavailable: the speech service is not responding."
STOPPED = "Reading aloud is unavailable: the speech service stopped."


@dataclass
class FakeSpeechd:
    process: subprocess.Popen[bytes]
    log: Path

    def said(self) -> str:
        return self.log.read_text()


@pytest.fixture
def fake_speechd(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], FakeSpeechd]]:
    """Starts a fake speech-dispatcher that wedges at a command ("": never answers) and points
    ``SPEECHD_ADDRESS`` (which the speech worker inherits) at it."""
    folder = Path(tempfile.mkdtemp(prefix="speechd-"))  # short: a socket path has 108 bytes
    started: list[FakeSpeechd] = []

    def start(wedge_at: str) -> FakeSpeechd:
        socket_path, log = folder / "speechd.sock", folder / "speechd.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [sys.executable, str(FAKE_SPEECHD), str(socket_path), wedge_at], stdout=out
            )
        daemon = FakeSpeechd(process, log)
        started.append(daemon)
        deadline = time.monotonic() + 10
        while "listening" not in daemon.said():
            assert time.monotonic() < deadline, "the fake speech-dispatcher did not start"
            time.sleep(0.02)
        monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{socket_path}")
        return daemon

    yield start
    for daemon in started:
        daemon.process.kill()
        daemon.process.wait()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def speechd_kiosk(
    qapp: QGuiApplication, a11y_config: KioskConfig, backend: KioskBackend, clock: FakeClock
) -> Iterator[KioskUi]:
    """The kiosk as in production: read aloud through speech-dispatcher."""
    grant_leases(backend)
    config = replace(a11y_config, speech_engine="speechd")
    ui = build_kiosk(config, backend, qapp, clock=clock, with_sound=False)
    ui.window.show()
    QTest.qWaitForWindowExposed(ui.window)
    yield ui
    ui.close()


class TimerGaps:
    """A 20 ms timer in the GUI thread: the longest gap between its ticks is the longest time
    the thread was blocked."""

    def __init__(self) -> None:
        self.ticks = [time.monotonic()]
        self._timer = QTimer()
        self._timer.setInterval(20)
        self._timer.timeout.connect(lambda: self.ticks.append(time.monotonic()))
        self._timer.start()

    @property
    def longest(self) -> float:
        return max(b - a for a, b in itertools.pairwise(self.ticks))


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.mark.parametrize(
    ("wedge_at", "logged"),
    [("", "speech-dispatcher does not answer"), ("SPEAK", "the engine did not answer in 2 s")],
    ids=["never_answers", "wedges_when_speaking"],
)
def test_a_wedged_speech_dispatcher_never_freezes_the_kiosk(
    speechd_kiosk: KioskUi,
    backend: KioskBackend,
    clock: FakeClock,
    fake_speechd: Callable[[str], FakeSpeechd],
    caplog: pytest.LogCaptureFixture,
    wedge_at: str,
    logged: str,
) -> None:
    ui = speechd_kiosk
    daemon = fake_speechd(wedge_at)
    reach(ui, backend, "booked", "de")  # a resident's booking, with its QR code
    gaps = TimerGaps()
    ui.idle.start()
    tap(ui, "a11y_speech")
    speech = ui.accessibility._speech
    worker = speech.worker_pid
    assert worker != 0

    clock.advance(12)  # the resident walks away: the warning is shown (and spoken)
    wait_for(lambda: ui.flow_vm.idleWarningVisible, "the idle warning", timeout_ms=3000)
    wait_for(lambda: not ui.accessibility.speechAvailable, "read aloud to be unavailable")
    note = find_item(ui, "a11y_speech_note")
    assert note.property("text") == _(NOT_RESPONDING) != NOT_RESPONDING  # in German
    assert not find_item(ui, "a11y_speech").isEnabled() and not ui.accessibility.speechOn
    wait_for(lambda: _gone(worker), "the speech worker to be killed", timeout_ms=3000)
    assert logged in caplog.text

    clock.advance(20)  # the timeout: the booking leaves the screen
    wait_for(lambda: ui.flow_vm.screen == "welcome", "the idle timeout", timeout_ms=3000)
    assert gaps.longest < 1.0, f"the GUI thread stood still for {gaps.longest:.2f} s"
    if wedge_at:  # the realistic case: voices listed, then the audio hangs at the first words
        assert "wedged at speak" in daemon.said()


def test_reading_an_answer_aloud_to_a_wedged_speech_dispatcher_never_freezes_the_kiosk(
    speechd_kiosk: KioskUi,
    backend: KioskBackend,
    clock: FakeClock,
    fake_speechd: Callable[[str], FakeSpeechd],
) -> None:
    """Issue 16: the answer screen's own "Read aloud" (not the bar's) goes the same way."""
    ui = speechd_kiosk
    daemon = fake_speechd("SPEAK")
    reach(ui, backend, "answer", "de")
    gaps = TimerGaps()
    ui.idle.start()
    tap(ui, "answer_read_aloud")
    wait_for(lambda: "wedged at speak" in daemon.said(), "the first words to wedge it")
    tap(ui, "answer_print")  # the screen keeps answering meanwhile
    wait_for(lambda: not ui.accessibility.speechAvailable, "read aloud to be unavailable")
    assert find_item(ui, "a11y_speech_note").property("text") == _(NOT_RESPONDING)
    clock.advance(32)  # the idle timeout still ends the session
    wait_for(lambda: ui.flow_vm.screen == "welcome", "the idle timeout", timeout_ms=3000)
    assert gaps.longest < 1.0, f"the GUI thread stood still for {gaps.longest:.2f} s"


def test_a_speech_worker_killed_while_speaking_leaves_the_kiosk_running(
    a11y_kiosk: KioskUi, backend: KioskBackend, clock: FakeClock
) -> None:
    reach(a11y_kiosk, backend, "result", "en")
    read_aloud_on(a11y_kiosk)
    speech = a11y_kiosk.accessibility._speech
    wait_for(lambda: speech.speaking, "the result to be read out")
    os.kill(speech.worker_pid, signal.SIGKILL)

    wait_for(lambda: not a11y_kiosk.accessibility.speechAvailable, "read aloud to be unavailable")
    assert find_item(a11y_kiosk, "a11y_speech_note").property("text") == _(STOPPED)
    assert not a11y_kiosk.accessibility.speechOn
    tap(a11y_kiosk, "home")  # the kiosk goes on
    assert a11y_kiosk.flow_vm.screen == "welcome"

    # After a pause, the next session's end tries a new speech worker: read aloud is back.
    reach(a11y_kiosk, backend, "lookup", "en")
    assert not a11y_kiosk.accessibility.speechAvailable  # not yet
    clock.advance(RETRY_AFTER_S)
    tap(a11y_kiosk, "home")
    wait_for(lambda: speech.prepared, "a new speech worker's voices")
    reach(a11y_kiosk, backend, "lookup", "en")
    assert a11y_kiosk.accessibility.speechAvailable
    read_aloud_on(a11y_kiosk)
    assert a11y_kiosk.accessibility.speechOn and speech.speaking


@pytest.mark.slow
@pytest.mark.parametrize(
    "wedge_at", ["", "LIST SYNTHESIS_VOICES"], ids=["never_answers", "wedges_at_the_voices"]
)
def test_self_test_reports_a_wedged_speech_dispatcher_in_bounded_time(
    demo_config: KioskConfig, fake_speechd: Callable[[str], FakeSpeechd], wedge_at: str
) -> None:
    fake_speechd(wedge_at)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-m", "kiosk_app.cli", "self-test", "--demo"]
    started = time.monotonic()
    done = subprocess.run(
        [*command, "--state", str(demo_config.state_dir)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    took = time.monotonic() - started
    voices = [line for line in done.stdout.splitlines() if line.split()[1:2] == ["voices"]]
    assert voices and "read aloud unavailable (speechd)" in voices[0], done.stdout
    assert done.returncode == 0, done.stdout  # the kiosk runs without speech: no reason to stop
    assert took < 20, f"self-test took {took:.1f} s"
