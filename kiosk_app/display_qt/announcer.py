"""Says each call in German and then in the ticket's language, one sentence after the other,
through the kiosk's speech worker process (``kiosk_app.qt.speech.SpeechOutput``): the GUI thread
only queues and checks, never waits. A missing or wedged speech service makes the announcer
silent (``available`` False); the display goes on showing calls."""

from __future__ import annotations

from collections import deque
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal

CHECK_MS = 150  # how often the queue looks whether the last sentence has been said
MAX_QUEUED = 40  # sentences; older ones are dropped when calls come faster than speech


class SpeechSink(Protocol):
    """What the announcer needs of ``SpeechOutput`` (a recording fake in tests)."""

    @property
    def prepared(self) -> bool: ...
    @property
    def speaking(self) -> bool: ...
    @property
    def failure(self) -> object | None: ...
    def start(self) -> None: ...
    def say(self, text: str, language: str) -> bool: ...
    def retry_after_failure(self) -> None: ...
    def shutdown(self) -> None: ...


class Announcer(QObject):
    availableChanged = Signal()

    def __init__(self, sink: SpeechSink, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sink = sink
        self._queue: deque[tuple[str, str]] = deque(maxlen=MAX_QUEUED)
        self._available = True
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_MS)
        self._timer.timeout.connect(self._tick)

    @property
    def available(self) -> bool:
        return self._available

    def begin(self) -> None:
        self._sink.start()
        self._timer.start()

    def announce(self, sentences: list[tuple[str, str]]) -> None:
        """Queue ``(text, language)`` pairs to be said in order."""
        if self._sink.failure is not None:
            return
        self._queue.extend(sentences)
        self._tick()

    def close(self) -> None:
        self._timer.stop()
        self._queue.clear()
        self._sink.shutdown()

    def _tick(self) -> None:
        failed = self._sink.failure is not None
        if failed:
            self._queue.clear()
            self._sink.retry_after_failure()  # at most every two minutes (speech.py)
        if self._available == failed:
            self._available = not failed
            self.availableChanged.emit()
        if failed or not self._queue or not self._sink.prepared or self._sink.speaking:
            return
        text, language = self._queue.popleft()
        self._sink.say(text, language)
