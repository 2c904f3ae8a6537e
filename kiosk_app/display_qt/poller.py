"""Reads the calls off the GUI thread: one plain thread runs the long poll (``sync.call_feed``)
and hands each answer to the GUI thread through a queued Qt signal. When the gateway does not
answer it says so (``connectedChanged``) and asks again after a pause, from the same cursor."""

from __future__ import annotations

import contextlib
import logging
import threading
import time

from PySide6.QtCore import QObject, Signal

from sync.call_feed import CallFeed, FeedUnavailable

log = logging.getLogger(__name__)
RETRY_S = (0.5, 1.0, 2.0, 3.0)  # pauses after failed reads, the last one repeated
BOARD_EVERY_S = 10.0  # the waiting numbers are read at least this often (and after each call)


class CallPoller(QObject):
    callsArrived = Signal(list, bool)  # WalkInCall list, fill (a starting display's latest)
    connectedChanged = Signal(bool)
    boardArrived = Signal(object)  # WalkInBoard

    def __init__(self, feed: CallFeed, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._feed = feed
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="call-feed", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._feed.close()  # ends a long poll in flight
        self._thread.join(timeout=5)

    def _run(self) -> None:
        failures = 0
        connected: bool | None = None
        board_at = float("-inf")
        while not self._stop.is_set():
            try:
                calls, fill = self._feed.next_calls()
            except FeedUnavailable as problem:
                if self._stop.is_set():
                    return
                if connected is not False:
                    log.warning("call display: gateway unavailable (%s)", problem)
                    connected = False
                    self.connectedChanged.emit(False)
                self._stop.wait(RETRY_S[min(failures, len(RETRY_S) - 1)])
                failures += 1
                continue
            failures = 0
            if connected is not True:
                connected = True
                self.connectedChanged.emit(True)
            if calls:
                self.callsArrived.emit(calls, fill)
            if calls or time.monotonic() - board_at >= BOARD_EVERY_S:
                board_at = time.monotonic()
                # When it fails, the next long poll tells whether the gateway is away.
                with contextlib.suppress(FeedUnavailable):
                    self.boardArrived.emit(self._feed.board())
