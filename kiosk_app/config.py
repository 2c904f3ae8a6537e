"""Where the kiosk keeps its state and how it behaves; no Qt, no database driver."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from kiosk_app.core.case_number import DEFAULT_PREFIX
from kiosk_app.core.flow import IdlePolicy
from kiosk_app.core.languages import DEFAULT_LANGUAGE

CACHE_FILE = "cache.db"
DEMO_SAMPLES_FILE = "demo-samples.json"


def default_state_dir() -> Path:
    """``$KIOSK_STATE_DIR``, else ``$XDG_STATE_HOME/kiosk-app`` or ``~/.local/state/kiosk-app``."""
    if explicit := os.environ.get("KIOSK_STATE_DIR"):
        return Path(explicit)
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "kiosk-app"


@dataclass(frozen=True)
class KioskConfig:
    state_dir: Path = field(default_factory=default_state_dir)
    key_file: Path | None = None
    demo: bool = False
    office_prefix: str = DEFAULT_PREFIX
    office_name: str = "Ausländerbehörde Darmstadt"
    default_language: str = DEFAULT_LANGUAGE
    idle: IdlePolicy = field(default_factory=IdlePolicy)
    width: int = 1080
    height: int = 1920
    windowed: bool = False  # full screen unless demo or asked for (staff testing, benchmarks)

    @property
    def cache_path(self) -> Path:
        return self.state_dir / CACHE_FILE

    @property
    def demo_samples_path(self) -> Path:
        return self.state_dir / DEMO_SAMPLES_FILE
