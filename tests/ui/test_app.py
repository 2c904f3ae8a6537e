"""The composition root as the CLI uses it: self-test load check, start-up, screenshots."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication, QImage
from qt_fixtures import sample_with

from kiosk_app.backend import KioskBackend
from kiosk_app.config import KioskConfig
from kiosk_app.qt.app import check_qml_loads, run_kiosk
from kiosk_app.qt.screenshot import save_screenshot


def test_every_screen_loads_without_qml_errors(qapp: QGuiApplication, tmp_path: Path) -> None:
    assert check_qml_loads(KioskConfig(state_dir=tmp_path, demo=True)) == []


def test_kiosk_starts_and_quits_after_its_first_frame(
    qapp: QGuiApplication, demo_config: KioskConfig
) -> None:
    assert run_kiosk(demo_config, quit_after_first_frame=True) == 0


def test_production_start_in_its_own_process_gets_every_step_done(
    demo_config: KioskConfig,
) -> None:
    # As systemd starts it: a fresh interpreter (nothing imported beforehand, unlike this test
    # process), production mode with a key file. Exit 0 only once the first frame is shown and
    # the later screens, the idle watch, the cache and the hardening (staff exit) are all in.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-m", "kiosk_app.cli", "run", "--state", str(demo_config.state_dir)]
    command += ["--key-file", str(demo_config.state_dir / "demo-db-key"), "--windowed"]
    done = subprocess.run(
        [*command, "--quit-after-first-frame"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("first-frame ")
    assert "Traceback" not in done.stderr and "failed" not in done.stderr


def test_self_test_passes_in_its_own_process(demo_config: KioskConfig) -> None:
    # Its QML check composes the kiosk as `run` does, in an interpreter that has imported
    # nothing before (the window is then a plain QWindow to Python), and opens the staff prompt.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-m", "kiosk_app.cli", "self-test", "--demo"]
    done = subprocess.run(
        [*command, "--state", str(demo_config.state_dir)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
    assert "Traceback" not in done.stderr


def test_unopenable_cache_is_one_clear_line(
    qapp: QGuiApplication, demo_config: KioskConfig, capsys: pytest.CaptureFixture[str]
) -> None:
    (demo_config.state_dir / "demo-db-key").unlink()  # a new key will not open the old cache

    code = run_kiosk(demo_config, quit_after_first_frame=True)

    err = capsys.readouterr().err
    assert code != 0
    assert err.startswith("kiosk-app: cannot open the case cache")
    assert "Traceback" not in err and err.count("\n") == 1


@pytest.mark.parametrize("screen", ["welcome", "lookup", "result"])
def test_screenshot_renders_a_full_screen_png(
    qapp: QGuiApplication,
    demo_config: KioskConfig,
    backend: KioskBackend,
    tmp_path: Path,
    screen: str,
) -> None:
    case = sample_with(backend, "documents_missing").case_number
    backend.close()  # the screenshot opens the cache itself
    out = tmp_path / f"{screen}.png"
    save_screenshot(replace(demo_config, width=1080, height=1920), screen, "en", out, case=case)
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1080, 1920)
    assert len({image.pixel(x, y) for x in range(0, 1080, 40) for y in range(0, 1920, 40)}) > 3


def test_start_up_steps_run_once_when_two_frames_were_queued(qapp: QGuiApplication) -> None:
    """The render thread can queue a second frameSwapped before the first reaches the GUI thread
    (seen on a real X display: libpyside warned "Failed to disconnect"); the kiosk's start-up
    steps (screens, idle watch, cache, lock-down) must still run exactly once."""
    import threading

    from PySide6.QtQuick import QQuickWindow

    from kiosk_app.qt.app import _AfterFirstFrame

    window = QQuickWindow()
    ran: list[str] = []
    _AfterFirstFrame(window, [lambda: ran.append("step")])

    def render_thread() -> None:  # two frames, both queued for the GUI thread
        window.frameSwapped.emit()
        window.frameSwapped.emit()

    emitter = threading.Thread(target=render_thread)
    emitter.start()
    emitter.join()
    for _ in range(5):
        qapp.processEvents()
    assert ran == ["step"]
    window.deleteLater()
