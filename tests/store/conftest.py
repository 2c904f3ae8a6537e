"""Shared helpers for the encrypted-cache tests (no Qt anywhere in here)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk_app.store.connection import Connection, open_cache


@pytest.fixture
def key() -> bytes:
    return secrets.token_bytes(32)


@pytest.fixture
def cache_path(tmp_path: Path) -> Path:
    return tmp_path / "cache.db"


@pytest.fixture
def conn(cache_path: Path, key: bytes) -> Iterator[Connection]:
    connection = open_cache(cache_path, key)
    yield connection
    connection.close()
