"""The environment of the start-up benchmarks (kiosk, bare QML window, bundle)."""

from __future__ import annotations

import os
from pathlib import Path


def start_up_env(scratch: Path) -> dict[str, str]:
    """The environment the start-up measurements run in: offscreen, and with Python's bytecode
    cache on (in a private prefix, not the source tree) as on an installed kiosk. Machines that
    set PYTHONDONTWRITEBYTECODE would otherwise recompile every module on each start (about
    45 ms here), which no deployed kiosk does."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(scratch / "pycache")
    return env
