"""Baseline for ``cold_start_ratio``: a bare QML window, timed to its first rendered frame."""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QByteArray, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine

BARE_QML = b"import QtQuick\nWindow { width: 1080; height: 1920; visible: true; color: 'white' }\n"


def main() -> int:
    app = QGuiApplication(sys.argv)
    engine = QQmlApplicationEngine()
    engine.loadData(QByteArray(BARE_QML), QUrl("bare.qml"))
    window = engine.rootObjects()[0]

    def first_frame() -> None:
        print(f"first-frame {time.time():.6f} {time.process_time():.6f}", flush=True)
        app.quit()

    window.frameSwapped.connect(first_frame)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
