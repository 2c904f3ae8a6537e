"""A virtual X display (Xvfb) for tests that run the kiosk as a resident meets it: Qt's real xcb
platform, clicks through xdotool, screenshots taken from the X server."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

GRAB = (
    "import sys\n"
    "from PySide6.QtGui import QGuiApplication\n"
    "app = QGuiApplication(sys.argv)\n"
    "image = app.primaryScreen().grabWindow(0).toImage()\n"
    "sys.exit(0 if image.save(sys.argv[1]) else 1)\n"
)


def missing_tools() -> list[str]:
    return [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]


@dataclass
class XDisplay:
    name: str  # ":N"
    process: subprocess.Popen[bytes]

    def env(self, **extra: str) -> dict[str, str]:
        """An environment for a child on this display with the xcb platform (never offscreen)."""
        env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY",)}
        env.update({"DISPLAY": self.name, "QT_QPA_PLATFORM": "xcb", **extra})
        return env

    def xdotool(self, *args: str, timeout_s: float = 20.0) -> str:
        done = subprocess.run(
            ["xdotool", *args],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout_s,
            check=True,
        )
        return done.stdout.strip()

    def window_of(self, pid: int, timeout_s: float = 60.0) -> tuple[str, int, int]:
        """The visible window of process ``pid``: (id, x, y), waiting until it is mapped."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            found = subprocess.run(
                ["xdotool", "search", "--onlyvisible", "--pid", str(pid)],
                env=self.env(),
                capture_output=True,
                text=True,
                check=False,
            ).stdout.split()
            if found:
                geometry = self.xdotool("getwindowgeometry", "--shell", found[-1])
                values = dict(line.split("=", 1) for line in geometry.splitlines())
                return found[-1], int(values["X"]), int(values["Y"])
            time.sleep(0.2)
        raise AssertionError(f"no window of process {pid} appeared within {timeout_s} s")

    def click(self, x: int, y: int) -> None:
        # No --sync: it waits for the pointer to move, forever when it is already there.
        self.xdotool("mousemove", str(x), str(y), "click", "1")

    def screenshot(self, path: Path) -> Path:
        """The whole screen as the X server has it, grabbed by a separate Qt process."""
        subprocess.run(
            [sys.executable, "-c", GRAB, str(path)], env=self.env(), timeout=30, check=True
        )
        return path

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def start_xvfb(width: int = 1080, height: int = 1920) -> XDisplay:
    """Xvfb on the first free display number (it reports the number through ``-displayfd``)."""
    read, write = os.pipe()
    process = subprocess.Popen(
        [
            "Xvfb",
            "-displayfd",
            str(write),
            "-screen",
            "0",
            f"{width}x{height}x24",
            "-nolisten",
            "tcp",
        ],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as reader:
        number = reader.readline().strip()
    if not number:
        process.kill()
        raise RuntimeError("Xvfb did not start")
    return XDisplay(f":{number}", process)
