"""CounterSync: the counter's background thread (push the outbox, refresh today).

The UI never waits on it: actions push at once themselves; this thread catches up after an
outage, keeps today's list fresh and tells the status bar (a callback the Qt layer turns into
a signal) whenever online, pending, conflicts or signed-in change.
"""

from __future__ import annotations

import logging
import threading

from .desk import CounterDesk
from .views import StatusListener, SyncStatus

log = logging.getLogger(__name__)

DEFAULT_INTERVAL_S = 3.0


class CounterSync:
    """Every ``interval_s``: ``desk.push()``, the status report when due, then (signed in)
    ``desk.refresh_today()``;
    ``on_status`` gets a ``SyncStatus`` whenever it changes (called from the sync thread)."""

    def __init__(
        self,
        desk: CounterDesk,
        on_status: StatusListener | None = None,
        interval_s: float = DEFAULT_INTERVAL_S,
    ) -> None:
        self._desk = desk
        self._on_status = on_status
        self._interval_s = interval_s
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last: SyncStatus | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="counter-sync", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """Run a round now (after an action, or when the UI comes back)."""
        self._wake.set()

    def stop(self, timeout_s: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
            self._thread = None

    def run_once(self) -> SyncStatus:
        """One round in the caller's thread (tests, and ``kiosk-app counter sync``)."""
        self._desk.push()
        self._desk.report_status()  # the fleet view's picture of this workstation
        if self._desk.session is not None and self._desk.online:
            self._desk.refresh_today()
        status = self._desk.status()
        if status != self._last:
            self._last = status
            if self._on_status is not None:
                self._on_status(status)
        return status

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_once()
            except Exception:  # the thread must outlive any one bad round; no data in the log
                log.exception("counter sync round failed")
            self._wake.wait(self._interval_s)
            self._wake.clear()
