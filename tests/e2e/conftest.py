import sys
from pathlib import Path

# The shared Qt fixtures live beside tests/conftest.py, which must stay free of PySide6.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gateway_fixtures import gateway_db_url, postgres_session
from qt_fixtures import (
    backend,
    clock,
    demo_config,
    kiosk,
    qapp_cls,
    seeded_state,
)

__all__ = [
    "backend",
    "clock",
    "demo_config",
    "gateway_db_url",
    "kiosk",
    "postgres_session",
    "qapp_cls",
    "seeded_state",
]
