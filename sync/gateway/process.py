"""The gateway in a child process on loopback: for ``make demo`` (so the gateway can be
stopped and started while the kiosk runs) and for benchmarks (no GIL shared with the kiosk)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def cli_command() -> list[str]:
    """How to call ``kiosk-app`` from a shell, as it is installed here: the script beside this
    Python when its folder is not on PATH (a fresh ``.venv``), else its plain name."""
    installed = Path(sys.executable).with_name("kiosk-app")
    if not installed.exists():
        return [sys.executable, "-m", "kiosk_app.cli"]
    if shutil.which("kiosk-app") == str(installed):
        return ["kiosk-app"]
    return [str(installed)]


def _die_with_parent() -> None:
    """In the child before exec: the kernel sends SIGTERM when the parent dies, however it
    dies (a Qt abort, ``kill -9``), so no gateway outlives the demo that started it."""
    import ctypes

    pr_set_pdeathsig = 1
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(pr_set_pdeathsig, signal.SIGTERM)


class GatewayProcess:
    def __init__(
        self,
        db_url: str,
        admin_token: str,
        port: int | None = None,
        options: tuple[str, ...] = (),  # further ``gateway serve`` options, e.g. lease settings
    ) -> None:
        self.db_url = db_url
        self.options = options
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._admin_token = admin_token
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def command(self) -> list[str]:
        """How to start this gateway again by hand (the admin token comes from the env)."""
        return [
            *cli_command(),
            "gateway",
            "serve",
            "--db",
            self.db_url,
            "--port",
            str(self.port),
            *self.options,
        ]

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    def start(self, timeout_s: float = 30.0) -> GatewayProcess:
        """Start the child and wait until it answers as this gateway: with the admin token
        when there is one, so another gateway that took the free port first (tests run side
        by side) is not mistaken for it. A child that ends before answering (its port taken
        meanwhile) is started again on another port."""
        deadline = time.monotonic() + timeout_s
        for _attempt in range(3):
            process = self._spawn()
            while time.monotonic() < deadline and process.poll() is None:
                if self._answers():
                    return self
                time.sleep(0.05)
            if time.monotonic() >= deadline:
                break
            self.stop()
            self.port = free_port()
            self.url = f"http://127.0.0.1:{self.port}"
        self.stop()
        raise RuntimeError("the gateway process did not start")

    def _spawn(self) -> subprocess.Popen[bytes]:
        env = {**os.environ, "KIOSK_GATEWAY_ADMIN_TOKEN": self._admin_token}
        argv = [sys.executable, "-m", "kiosk_app.cli", *self.command[len(cli_command()) :]]
        self._process = subprocess.Popen(
            argv,
            env=env,
            stderr=subprocess.DEVNULL,
            # The kernel signals when the *thread* that started the child ends: only the main
            # thread lives as long as the process (a pool's thread would end the gateway).
            preexec_fn=_die_with_parent if self._dies_with_parent() else None,
        )
        return self._process

    def _answers(self) -> bool:
        try:
            if not self._admin_token:
                return httpx.get(f"{self.url}/v1/health", timeout=1).status_code == 200
            headers = {"Authorization": f"Bearer {self._admin_token}"}
            return httpx.get(f"{self.url}/admin/v1/devices", headers=headers, timeout=1).is_success
        except httpx.HTTPError:
            return False

    @staticmethod
    def _dies_with_parent() -> bool:
        return sys.platform == "linux" and threading.current_thread() is threading.main_thread()

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=10)
            self._process = None
