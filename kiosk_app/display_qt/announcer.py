"""Sounds the chime and then says each call in German and in the ticket's language, one sentence
after the other, through the kiosk's speech worker process (``kiosk_app.qt.speech.SpeechOutput``):
the GUI thread only queues and checks, never waits. A missing or wedged speech service makes the
announcer silent (``available`` False); the display goes on showing calls (and chiming, if it
can). Without an audio device the chime is skipped (``chime.SoundChime``)."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from .chime import NOTES, ChimeSink

CHECK_MS = 150  # how often the queue looks whether the last sentence has been said
MAX_QUEUED = 40  # sentences; older ones are dropped when calls come faster than speech
CHIME = ("", "chime")  # the queue's marker: sound the chime here
CHIME_S = sum(seconds for _, seconds in NOTES) + 0.1  # speech starts once the chime has faded


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

    def __init__(
        self,
        sink: SpeechSink,
        parent: QObject | None = None,
        *,
        chime: ChimeSink | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self._sink = sink
        self._chime = chime
        self._clock = clock
        self._quiet_until = 0.0  # the chime is sounding until then
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
        """Queue the chime and then ``(text, language)`` pairs to be said in order."""
        if self._chime is not None and self._chime.available:
            self._queue.append(CHIME)
        if self._sink.failure is None:
            self._queue.extend(sentences)
        self._tick()

    def close(self) -> None:
        self._timer.stop()
        self._queue.clear()
        self._sink.shutdown()

    def _tick(self) -> None:
        failed = self._sink.failure is not None
        if failed:
            chimes = [item for item in self._queue if item == CHIME]
            self._queue.clear()
            self._queue.extend(chimes)  # the chime still says "look up" without speech
            self._sink.retry_after_failure()  # at most every two minutes (speech.py)
        if self._available == failed:
            self._available = not failed
            self.availableChanged.emit()
        if not self._queue or self._clock() < self._quiet_until:
            return
        if self._queue[0] == CHIME:
            if self._sink.speaking:
                return  # the previous call is still being said
            self._queue.popleft()
            if self._chime is not None and self._chime.play():
                self._quiet_until = self._clock() + CHIME_S
            return
        if failed or not self._sink.prepared or self._sink.speaking:
            return
        text, language = self._queue.popleft()
        self._sink.say(text, language)
