"""``kiosk-app screenshot``: render one screen offscreen from a demo cache and save a PNG."""

from __future__ import annotations

import os
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QGuiApplication

from kiosk_app.backend import open_backend
from kiosk_app.config import KioskConfig
from kiosk_app.qt.app import KioskUi, build_kiosk

SCREENS = ("welcome", "lookup", "result")
SETTLE_MS = 400


class ScreenshotError(RuntimeError):
    """The requested screen cannot be shown (unknown name, no demo case, lookup refused)."""


def _settle(app: QGuiApplication, ms: int = SETTLE_MS) -> None:
    """Let QML lay out and render: run the event loop for ``ms`` milliseconds."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    app.processEvents()


def _type(ui: KioskUi, digits: str) -> None:
    for digit in digits:
        if digit.isdigit():
            ui.lookup_vm.typeDigit(digit)


def _show(ui: KioskUi, screen: str, lang: str, case: str | None, birth: str | None) -> None:
    if screen == "welcome":
        ui.switcher.switch(lang)  # the welcome screen in this language, no session started
        return
    ui.flow_vm.chooseLanguage(lang)
    if screen == "lookup":
        # A resident halfway through typing: the masks fill as digits arrive.
        _type(ui, (case or "DA-2025-0012")[2:])
        return
    if case is None:
        raise ScreenshotError("the result screen needs --case (a demo case number)")
    _type(ui, case.upper().removeprefix("DA"))
    ui.lookup_vm.switchField("birth")
    _type(ui, birth or "")
    ui.lookup_vm.submit()
    if ui.flow_vm.screen != "result":
        raise ScreenshotError(ui.lookup_vm.errorText or "the lookup did not find the case")


def save_screenshot(
    config: KioskConfig,
    screen: str,
    lang: str,
    out: Path,
    case: str | None = None,
    birth: str | None = None,
) -> None:
    """Render ``screen`` ('welcome' | 'lookup' | 'result') in ``lang`` offscreen, save a PNG.

    For 'result' a real lookup runs on the demo cache; ``birth`` defaults to the demo sample's,
    and ``case`` to the first demo sample.
    """
    if screen not in SCREENS:
        raise ScreenshotError(f"unknown screen {screen!r}; choose one of {', '.join(SCREENS)}")
    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    existing = QGuiApplication.instance()
    app = existing if isinstance(existing, QGuiApplication) else QGuiApplication([])
    backend = open_backend(config)
    try:
        if screen == "result":
            samples = {s.case_number: s for s in backend.demo_samples}
            if case is None and backend.demo_samples:
                case = backend.demo_samples[0].case_number
            if birth is None and case is not None:
                sample = samples.get(case.strip().upper())
                if sample is None:
                    raise ScreenshotError(f"{case} is not a demo sample: pass its birth date")
                birth = sample.birth_date
        ui = build_kiosk(config, backend, app, clock=time.monotonic, with_sound=False)
        try:
            ui.window.resize(config.width, config.height)
            ui.window.show()
            _show(ui, screen, lang, case, birth)
            _settle(app)
            image = app.primaryScreen().grabWindow(ui.window.winId())
            out.parent.mkdir(parents=True, exist_ok=True)
            if image.isNull() or not image.save(str(out), "PNG"):
                raise ScreenshotError(f"could not grab or save the screen to {out}")
        finally:
            ui.close()
    finally:
        backend.close()
