"""Where the QML lives: imported by every composition root and by what they install, so none
of them has to import another's start-up module for a path (no import circle)."""

from __future__ import annotations

from pathlib import Path

import kiosk_app

UI_DIR = Path(kiosk_app.__file__).resolve().parents[1] / "ui"
KIOSK_MAIN_QML = UI_DIR / "Main.qml"
COUNTER_UI_DIR = UI_DIR / "counter"
COUNTER_MAIN_QML = COUNTER_UI_DIR / "Main.qml"
DISPLAY_MAIN_QML = UI_DIR / "display" / "Display.qml"
