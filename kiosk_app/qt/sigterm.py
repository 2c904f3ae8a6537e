"""Quit cleanly on SIGTERM (``systemctl stop``, cage shutting down).

Python runs signal handlers only when the interpreter gets control, which a Qt event loop
idling in C++ may not give it for a long time. The signal is therefore also written to a
socket pair (``signal.set_wakeup_fd``) that a QSocketNotifier watches, so the event loop
wakes at once, the cache is closed properly and the watchdog can say STOPPING=1.
"""

from __future__ import annotations

import signal
import socket
from types import FrameType

from PySide6.QtCore import QCoreApplication, QObject, QSocketNotifier, Slot


class QuitOnSigterm(QObject):
    """Turns SIGTERM and SIGINT into ``QCoreApplication.quit()``."""

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self._app = app
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._previous = {
            signum: signal.signal(signum, self._note) for signum in (signal.SIGTERM, signal.SIGINT)
        }
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self.woken)
        app.aboutToQuit.connect(self.restore)

    @staticmethod
    def _note(_signum: int, _frame: FrameType | None) -> None:
        """The real work happens in ``woken``; a Python handler must exist for the wakeup fd."""

    @Slot()
    def woken(self) -> None:
        try:
            received = self._reader.recv(64)
        except BlockingIOError:
            return
        # The wakeup fd carries every Python-handled signal; only these two mean "stop".
        if set(received) & {signal.SIGTERM, signal.SIGINT}:
            self._app.quit()

    @Slot()
    def restore(self) -> None:
        """Give the signals back to whoever had them (tests run many kiosks in one process)."""
        if not self._previous:
            return
        self._notifier.setEnabled(False)
        try:
            signal.set_wakeup_fd(self._previous_fd)
        except (OSError, ValueError):  # the earlier fd was closed meanwhile: none, then
            signal.set_wakeup_fd(-1)
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        self._previous = {}
        self._reader.close()
        self._writer.close()


def quit_on_sigterm(app: QCoreApplication) -> QuitOnSigterm:
    """Install the handler; call from the main thread before ``app.exec()``."""
    return QuitOnSigterm(app)
