"""Compile the first screen's QML in the background while the kiosk's Python start-up runs.

Only PySide6 is imported here. ``start_qml_preload`` creates the application and the QML
engine and asks for ``Main.qml`` and the welcome screen asynchronously: Qt's type loader thread
reads and links them (with every component they use) while the main thread imports the view
models, and ``_compose`` then loads ``Main.qml`` from the engine's type cache. On a two-core
kiosk that hides most of the ~20 ms the QML compile costs before the first frame.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEventLoop, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine, QQmlComponent

from kiosk_app.qt.ui_paths import UI_DIR

FIRST_SCREEN_QML = ("Main.qml", "screens/WelcomeScreen.qml")


class QmlPreload:
    def __init__(self, app: QGuiApplication) -> None:
        self._app = app
        self.engine = QQmlApplicationEngine()
        asynchronous = QQmlComponent.CompilationMode.Asynchronous
        self._components = [
            QQmlComponent(self.engine, QUrl.fromLocalFile(str(UI_DIR / name)), asynchronous)
            for name in FIRST_SCREEN_QML
        ]

    def finished_engine(self) -> QQmlApplicationEngine:
        """The engine, once the background compile is done (errors show when Main.qml loads)."""
        while any(component.isLoading() for component in self._components):
            self._app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
        return self.engine


def application() -> QGuiApplication:
    """The running application, or a new one (the kiosk's argv carries no Qt options)."""
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    return QGuiApplication(sys.argv[:1])


def start_qml_preload() -> QmlPreload:
    """Create the application and start the compile."""
    return QmlPreload(application())
