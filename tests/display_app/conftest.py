import sys
from pathlib import Path

# The shared Qt fixtures live beside tests/conftest.py, which must stay free of PySide6.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sync"))  # gateway_harness

from gateway_fixtures import (
    gateway,
    gateway_clock,
    gateway_db_url,
    gateway_settings,
    postgres_session,
)
from qt_fixtures import qapp_cls

__all__ = [
    "gateway",
    "gateway_clock",
    "gateway_db_url",
    "gateway_settings",
    "postgres_session",
    "qapp_cls",
]
