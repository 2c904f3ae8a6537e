"""systemd readiness and watchdog (packaging/systemd/kiosk.service: ``Type=notify``).

``READY=1`` goes out after the window's first frame, ``WATCHDOG=1`` from a timer of the GUI
thread at half of ``$WATCHDOG_USEC``: when the GUI thread hangs, the pings stop and systemd
restarts the kiosk. ``STOPPING=1`` goes out when the application quits. The protocol is one
datagram on the ``$NOTIFY_SOCKET`` unix socket, so the standard library is enough.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Slot
from PySide6.QtGui import QWindow

log = logging.getLogger(__name__)

# Never ping more often than this, whatever WatchdogSec says: the pings run on the GUI thread.
MIN_INTERVAL_MS = 50


class SystemdNotifier:
    """Sends sd_notify messages to ``$NOTIFY_SOCKET``; silent outside a notify service."""

    def __init__(self, address: str) -> None:
        # A leading "@" names a socket in the abstract namespace (sd_notify(3)).
        self._address = "\0" + address[1:] if address.startswith("@") else address
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> SystemdNotifier | None:
        """A notifier for ``$NOTIFY_SOCKET``, or ``None`` when systemd did not ask for one."""
        address = (os.environ if environ is None else environ).get("NOTIFY_SOCKET", "")
        return cls(address) if address else None

    def notify(self, message: str) -> bool:
        """Send one message (e.g. ``READY=1``); a failure is logged, never raised."""
        try:
            self._socket.sendto(message.encode("utf-8"), self._address)
        except OSError as error:
            # The kiosk must keep serving residents even if systemd's socket went away.
            log.warning("sd_notify %s failed: %s", message.split("=")[0], error)
            return False
        return True

    def close(self) -> None:
        self._socket.close()


def watchdog_interval_ms(environ: Mapping[str, str] | None = None) -> int | None:
    """Half of ``$WATCHDOG_USEC`` in milliseconds, or ``None`` without a watchdog.

    ``$WATCHDOG_PID`` is deliberately not checked: under cage the main process of the unit is
    the compositor and the kiosk its child, which pings with ``NotifyAccess=all``.
    """
    text = (os.environ if environ is None else environ).get("WATCHDOG_USEC", "")
    try:
        usec = int(text)
    except ValueError:
        return None
    if usec <= 0:
        return None
    return max(MIN_INTERVAL_MS, usec // 2000)


class ServiceWatchdog(QObject):
    """READY after the first frame, WATCHDOG from a GUI-thread timer, STOPPING on quit."""

    def __init__(
        self,
        window: QWindow,
        notifier: SystemdNotifier,
        interval_ms: int | None,
        *,
        shown: bool = False,
    ) -> None:
        super().__init__(window)  # lives in the GUI thread, so its slots run there
        self._window = window
        self._notifier = notifier
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms or 0)
        self._timer.timeout.connect(self.ping)
        self._watching = interval_ms is not None
        self._stopped = False
        self._first_frame_seen = False
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)
        if shown:  # called from the GUI thread after the first frame: ready now
            self._ready()
            return
        # frameSwapped comes from the render thread; the slot of this GUI-thread object is
        # queued into the GUI thread, so READY means the GUI thread is alive too.
        window.frameSwapped.connect(self.first_frame)

    @Slot()
    def first_frame(self) -> None:
        if self._first_frame_seen:  # a second frame queued before the first arrived
            return
        self._first_frame_seen = True
        self._window.frameSwapped.disconnect(self.first_frame)
        self._ready()

    def _ready(self) -> None:
        self._notifier.notify("READY=1")
        if self._watching:
            self.ping()
            self._timer.start()

    @Slot()
    def ping(self) -> None:
        self._notifier.notify("WATCHDOG=1")

    @Slot()
    def stop(self) -> None:
        """Tell systemd the kiosk is stopping on purpose, and stop pinging."""
        if self._stopped:
            return
        self._stopped = True
        self._timer.stop()
        self._notifier.notify("STOPPING=1")
        self._notifier.close()


def install_watchdog(
    window: QWindow, environ: Mapping[str, str] | None = None, *, shown: bool = False
) -> ServiceWatchdog | None:
    """Wire sd_notify to ``window`` when run by systemd (``$NOTIFY_SOCKET``). Before show,
    READY follows the first frame; with ``shown`` (first frame already rendered) at once."""
    notifier = SystemdNotifier.from_environment(environ)
    if notifier is None:
        return None
    interval = watchdog_interval_ms(environ)
    log.info("systemd notify socket found; watchdog every %s ms", interval or "-")
    return ServiceWatchdog(window, notifier, interval, shown=shown)
