"""Synthetic cases a demo visitor can type in (demo mode only; never stored in the cache)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class DemoSample:
    case_number: str
    birth_date: str  # DD.MM.YYYY, as typed on the keypad
    status: str


def load_demo_samples(path: Path) -> list[DemoSample]:
    if not path.exists():
        return []
    return [DemoSample(**row) for row in json.loads(path.read_text(encoding="utf-8"))]


def write_demo_samples(path: Path, samples: list[DemoSample]) -> None:
    # Synthetic samples live beside the cache, never in it: the cache holds no case numbers.
    path.write_text(
        json.dumps([asdict(s) for s in samples], ensure_ascii=False, indent=1), encoding="utf-8"
    )
