"""After a crash (kill -9 in the middle of a resident's session) the kiosk starts clean."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from qt_fixtures import find_item

from kiosk_app.backend import open_backend
from kiosk_app.config import KioskConfig
from kiosk_app.qt.app import build_kiosk

ROOT = Path(__file__).resolve().parents[2]

# A kiosk process that shows a resident's result and then dies without any cleanup.
RESIDENT_THEN_CRASH = """
import os, signal, sys
from pathlib import Path
from PySide6.QtGui import QGuiApplication
from kiosk_app.backend import open_backend
from kiosk_app.config import KioskConfig
from kiosk_app.qt.app import build_kiosk

app = QGuiApplication([])
config = KioskConfig(state_dir=Path(sys.argv[1]), demo=True)
backend = open_backend(config)
sample = backend.demo_samples[0]
ui = build_kiosk(config, backend, app, with_sound=False)
ui.window.show()
ui.flow_vm.chooseLanguage("en")
for digit in sample.case_number:
    if digit.isdigit():
        ui.lookup_vm.typeDigit(digit)
ui.lookup_vm.switchField("birth")
for digit in sample.birth_date:
    if digit.isdigit():
        ui.lookup_vm.typeDigit(digit)
ui.lookup_vm.submit()
app.processEvents()
print(ui.flow_vm.screen, ui.result_vm.statusTitle, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_restart_after_a_crash_shows_the_welcome_screen_and_nothing_of_the_resident(
    qapp: QGuiApplication, demo_config: KioskConfig
) -> None:
    crashed = subprocess.run(
        [sys.executable, "-c", RESIDENT_THEN_CRASH, str(demo_config.state_dir)],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert crashed.returncode == -9, crashed.stderr[-2000:]
    screen, _, status_title = crashed.stdout.strip().partition(" ")
    assert screen == "result" and status_title  # the resident saw their status

    backend = open_backend(demo_config)  # the cache survived the kill and opens
    sample = backend.demo_samples[0]
    ui = build_kiosk(demo_config, backend, qapp, with_sound=False)
    try:
        ui.window.show()
        QTest.qWaitForWindowExposed(ui.window)
        find_item(ui, "lang_en")
        assert ui.flow_vm.screen == "welcome"
        assert not ui.result_vm.hasResult and ui.result_vm.statusTitle == ""
        assert ui.lookup_vm.caseDigits == "" and ui.lookup_vm.birthDigits == ""
    finally:
        ui.close()
        backend.close()

    # Nor did the session leave the resident's data in any file of the state directory
    # (besides the demo sample list, which is where the test took the case from).
    secrets = {
        sample.case_number.encode(),
        "".join(filter(str.isdigit, sample.case_number)).encode(),
    }
    for path in demo_config.state_dir.rglob("*"):
        if path.is_file() and path != demo_config.demo_samples_path:
            content = path.read_bytes()
            assert not any(secret in content for secret in secrets), path.name
