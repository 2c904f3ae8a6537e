"""The gateway fixtures of tests/sync/conftest.py (a real gateway on loopback, SQLite and
PostgreSQL) for other folders' conftests: loaded once, shared rather than copied.

    from gateway_fixtures import gateway_db_url, postgres_session  # in a conftest.py
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_SYNC_TESTS = Path(__file__).resolve().parent / "sync"
if str(_SYNC_TESTS) not in sys.path:
    sys.path.insert(0, str(_SYNC_TESTS))
_NAME = "shared_sync_fixtures"
if _NAME in sys.modules:
    _fixtures = sys.modules[_NAME]
else:
    _spec = importlib.util.spec_from_file_location(_NAME, _SYNC_TESTS / "conftest.py")
    assert _spec is not None and _spec.loader is not None
    _fixtures = importlib.util.module_from_spec(_spec)
    sys.modules[_NAME] = _fixtures
    _spec.loader.exec_module(_fixtures)

postgres_session = _fixtures.postgres_session
gateway_db_url = _fixtures.gateway_db_url
sqlite_db_url = _fixtures.sqlite_db_url
gateway_clock = _fixtures.gateway_clock
gateway_settings = _fixtures.gateway_settings
gateway = _fixtures.gateway

__all__ = [
    "gateway",
    "gateway_clock",
    "gateway_db_url",
    "gateway_settings",
    "postgres_session",
    "sqlite_db_url",
]
