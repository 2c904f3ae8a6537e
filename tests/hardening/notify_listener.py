"""A stand-in for systemd's notify socket: records each sd_notify datagram and when it came."""

from __future__ import annotations

import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path


class NotifyListener:
    """Binds an AF_UNIX datagram socket and collects ``(monotonic time, message)`` in a thread.

    The thread keeps receiving while the kiosk's GUI thread is blocked, so arrival times show
    exactly when the pings stopped.
    """

    def __init__(self) -> None:
        # Unix socket paths are limited to ~107 bytes; pytest's tmp_path can be longer.
        self._dir = Path(tempfile.mkdtemp(prefix="kiosk-notify-"))
        self.path = str(self._dir / "notify.sock")
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._socket.bind(self.path)
        self._socket.settimeout(0.05)
        self.messages: list[tuple[float, str]] = []
        self._lock = threading.Lock()
        self._running = True
        self._thread = threading.Thread(target=self._receive, daemon=True)
        self._thread.start()

    def _receive(self) -> None:
        while self._running:
            try:
                data = self._socket.recv(4096)
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self.messages.append((time.monotonic(), data.decode()))

    def received(self, message: str | None = None) -> list[tuple[float, str]]:
        with self._lock:
            return [m for m in self.messages if message is None or m[1] == message]

    def wait_for(self, message: str, count: int = 1, timeout_s: float = 20.0) -> None:
        """Wait (without an event loop) until ``message`` has arrived ``count`` times."""
        deadline = time.monotonic() + timeout_s
        while len(self.received(message)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{message} x{count} not received; got {self.received()}")
            time.sleep(0.02)

    def close(self) -> None:
        self._running = False
        self._thread.join(timeout=2)
        self._socket.close()
        shutil.rmtree(self._dir, ignore_errors=True)
