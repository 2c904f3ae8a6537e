"""The PyInstaller bundle (``make package``): its size, and its cold start against the source tree.

``bundle_cold_start_ratio`` = median time from spawn to the first rendered frame of
``dist/kiosk-app/kiosk-app run`` ÷ the same for ``python -m kiosk_app.cli run``, both in
production mode over the same cache, interleaved in one run (so machine load hits both alike).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks.start_env import start_up_env
from kiosk_app.config import KioskConfig
from kiosk_app.store.keys import DEMO_KEY_FILE_NAME

ROOT = Path(__file__).resolve().parents[1]
BUNDLE_DIR = ROOT / "dist" / "kiosk-app"
BUNDLE = BUNDLE_DIR / "kiosk-app"


def directory_size_mb(path: Path) -> float:
    """Bytes of every file below ``path`` (symlinks not followed), in MiB."""
    total = sum(entry.lstat().st_size for entry in path.rglob("*") if entry.is_file())
    return round(total / 2**20, 1)


def _first_frame_seconds(command: list[str], env: dict[str, str]) -> float:
    started = time.time()
    done = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=120, check=False, cwd=ROOT
    )
    for line in done.stdout.splitlines():
        if line.startswith("first-frame "):
            return float(line.split()[1]) - started
    raise RuntimeError(f"no first frame from {command[0]}: {done.stderr[-500:]}")


def measure_bundle(quick: bool) -> dict[str, float | int | str | None]:
    """``bundle_size_mb`` and ``bundle_cold_start_ratio``; both None without a built bundle."""
    if not BUNDLE.exists():
        return {
            "bundle_size_mb": None,
            "bundle_cold_start_ratio": None,
            "bundle_note": "no dist/kiosk-app: run make package",
        }
    from kiosk_app.demo_seed import seed_demo_cache

    runs = 3 if quick else 7
    with tempfile.TemporaryDirectory(prefix="kiosk-bundle-bench-") as tmp:
        state = Path(tmp)
        seed_demo_cache(
            KioskConfig(state_dir=state, demo=True), 10_000 if quick else 100_000, 11, date.today()
        )
        args = ["run", "--state", str(state), "--key-file", str(state / DEMO_KEY_FILE_NAME)]
        args += ["--windowed", "--quit-after-first-frame"]
        env = start_up_env(state)
        source = [sys.executable, "-m", "kiosk_app.cli", *args]
        bundle = [str(BUNDLE), *args]
        _first_frame_seconds(source, env)  # warm the OS file cache for both
        _first_frame_seconds(bundle, env)
        source_times, bundle_times = [], []
        for _ in range(runs):
            source_times.append(_first_frame_seconds(source, env))
            bundle_times.append(_first_frame_seconds(bundle, env))
    source_s, bundle_s = statistics.median(source_times), statistics.median(bundle_times)
    return {
        "bundle_size_mb": directory_size_mb(BUNDLE_DIR),
        "bundle_cold_start_ms": round(bundle_s * 1000, 1),
        "bundle_source_cold_start_ms": round(source_s * 1000, 1),
        "bundle_cold_start_ratio": round(bundle_s / source_s, 3),
    }


if __name__ == "__main__":
    print(measure_bundle(quick="--quick" in sys.argv))
