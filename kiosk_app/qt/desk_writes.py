"""Desk writes (book, move, cancel) off the GUI thread: they may wait on the office."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from itertools import count
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)


class DeskWrites(QObject):
    """Runs a desk write in a worker thread. The one bridge back (STYLE.md 2): the worker emits
    ``finished``; Qt queues it into the GUI thread, where the caller's ``done`` runs."""

    finished = Signal(int, object, object)  # job number, result, exception or None

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._numbers = count(1)
        self._waiting: dict[int, Callable[[Any, BaseException | None], None]] = {}
        self.finished.connect(self._finished)

    @property
    def busy(self) -> bool:
        return bool(self._waiting)

    def run(
        self, work: Callable[[], object], done: Callable[[Any, BaseException | None], None]
    ) -> int:
        number = next(self._numbers)
        self._waiting[number] = done

        def worker() -> None:
            try:
                result, failure = work(), None
            except Exception as error:  # every outcome must reach the resident's screen
                result, failure = None, error
            try:
                self.finished.emit(number, result, failure)
            except RuntimeError:  # the kiosk was torn down while the desk answered
                log.info("a desk write finished after the kiosk closed")

        # Daemon: a gateway that hangs past its timeout must not keep the kiosk from quitting.
        threading.Thread(target=worker, name=f"desk-write-{number}", daemon=True).start()
        return number

    @Slot(int, object, object)
    def _finished(self, number: int, result: object, failure: BaseException | None) -> None:
        done = self._waiting.pop(number, None)
        if done is not None:  # None: the session ended while the write ran
            done(result, failure)

    def forget_all(self) -> None:
        """Session end: answers of writes still running go nowhere."""
        self._waiting.clear()
