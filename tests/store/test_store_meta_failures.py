"""Dataset metadata and the persisted failed-lookup log."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from kiosk_app.store.connection import Connection, open_cache
from kiosk_app.store.failures import FailureLog
from kiosk_app.store.meta import CacheMeta


def test_meta_starts_empty(conn: Connection) -> None:
    meta = CacheMeta(conn)
    assert meta.pepper is None
    assert meta.epoch is None
    assert meta.get("anything") is None


def test_pepper_and_epoch_round_trip(conn: Connection) -> None:
    meta = CacheMeta(conn)
    meta.pepper = b"p" * 32
    meta.epoch = 7
    meta.epoch = 8
    assert meta.pepper == b"p" * 32
    assert meta.epoch == 8
    meta.pepper = None
    assert meta.pepper is None


def test_short_pepper_is_refused(conn: Connection) -> None:
    with pytest.raises(ValueError):
        CacheMeta(conn).pepper = b"short"


def test_generic_values(conn: Connection) -> None:
    meta = CacheMeta(conn)
    meta.set("kiosk_id", b"k-01")
    assert meta.get("kiosk_id") == b"k-01"
    meta.delete("kiosk_id")
    assert meta.get("kiosk_id") is None


def test_failures_survive_a_restart(cache_path: Path, key: bytes) -> None:
    now = datetime(2026, 3, 1, 12, 0, 0)
    conn = open_cache(cache_path, key)
    log = FailureLog(conn)
    log.record(now - timedelta(minutes=20))
    log.record(now - timedelta(minutes=5))
    log.record(now - timedelta(minutes=1, microseconds=1))
    conn.close()

    conn = open_cache(cache_path, key)
    try:
        recent = FailureLog(conn).since(now - timedelta(minutes=15))
    finally:
        conn.close()
    assert recent == [now - timedelta(minutes=5), now - timedelta(minutes=1, microseconds=1)]


def test_since_includes_the_cutoff(conn: Connection) -> None:
    at = datetime(2026, 3, 1, 12, 0)
    FailureLog(conn).record(at)
    assert FailureLog(conn).since(at) == [at]


def test_recording_prunes_entries_older_than_a_day(conn: Connection) -> None:
    log = FailureLog(conn)
    now = datetime(2026, 3, 2, 12, 0)
    log.record(now - timedelta(days=2))
    log.record(now - timedelta(hours=23))
    log.record(now)
    assert conn.execute("SELECT count(*) FROM attempt_failures").fetchone()[0] == 2
    assert log.since(datetime.min) == [now - timedelta(hours=23), now]
