"""Composition root of ``kiosk-app display``: the long poll's thread, the announcer over the
speech worker, the view model and ``ui/display/Display.qml``. Nothing of the kiosk's start path
is imported, nor is this from there."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QFont, QGuiApplication, QWindow
from PySide6.QtQml import QQmlApplicationEngine

from kiosk_app.qt.ui_paths import DISPLAY_MAIN_QML
from sync.call_feed import CallFeed

from .announcer import Announcer, SpeechSink
from .chime import ChimeSink, SoundChime
from .display_vm import DisplayVm
from .poller import CallPoller

WIDTH, HEIGHT = 1920, 1080
FONT_FAMILIES = ["Noto Sans", "Noto Naskh Arabic", "Noto Sans CJK SC", "DejaVu Sans"]


class DisplayLoadError(RuntimeError):
    """ui/display/Display.qml did not compile or create."""


@dataclass
class DisplayUi:
    engine: QQmlApplicationEngine
    window: QWindow
    vm: DisplayVm
    announcer: Announcer
    poller: CallPoller

    def start(self) -> None:
        self.announcer.begin()
        self.poller.start()

    def close(self) -> None:
        self.poller.stop()
        self.announcer.close()
        self.engine.deleteLater()


def build_display(
    app: QGuiApplication, feed: CallFeed, sink: SpeechSink, chime: ChimeSink | None = None
) -> DisplayUi:
    """Wire the display over ``feed``, ``sink`` and ``chime`` (none: calls are not chimed) and
    load its QML (not shown, not started)."""
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    app.setFont(font)
    holder = QObject(app)
    announcer = Announcer(sink, holder, chime=chime)
    vm = DisplayVm(announcer, holder)
    poller = CallPoller(feed, holder)
    poller.callsArrived.connect(vm.add_calls)
    poller.connectedChanged.connect(vm.set_connected)
    poller.boardArrived.connect(vm.set_board)
    engine = QQmlApplicationEngine()
    errors: list[str] = []
    engine.warnings.connect(lambda warnings: errors.extend(w.toString() for w in warnings))
    engine.setInitialProperties({"displayVm": vm})
    engine.load(QUrl.fromLocalFile(str(DISPLAY_MAIN_QML)))
    roots = engine.rootObjects()
    if not roots or not isinstance(roots[0], QWindow):
        raise DisplayLoadError("; ".join(errors) or f"could not load {DISPLAY_MAIN_QML}")
    return DisplayUi(engine, roots[0], vm, announcer, poller)


def run_display(state_dir: Path, *, windowed: bool, speech_engine: str = "speechd") -> int:
    import sys

    from kiosk_app.qt.qml_preload import application
    from kiosk_app.qt.speech import SpeechOutput

    from .enrollment import load_enrollment

    enrolled = load_enrollment(state_dir)
    if enrolled is None:
        print(
            "kiosk-app display: not enrolled: `kiosk-app display enroll URL CODE` "
            "(a code of kind display), or `kiosk-app display --demo` beside `make demo`",
            file=sys.stderr,
        )
        return 2
    app = application()
    feed = CallFeed(enrolled.url, enrolled.token)
    speech = SpeechOutput(speech_engine)
    chime = SoundChime(state_dir)
    try:
        ui = build_display(app, feed, speech, chime)
    except DisplayLoadError as error:
        print(f"kiosk-app display: the screen did not load: {error}", file=sys.stderr)
        return 3
    if not chime.prepare():
        print(
            "kiosk-app display: no audio output: calls are shown without the chime",
            file=sys.stderr,
        )
    ui.start()
    if windowed:
        ui.window.resize(WIDTH, HEIGHT)
        ui.window.showNormal()
    else:
        ui.window.showFullScreen()
    try:
        return app.exec()
    finally:
        ui.close()
