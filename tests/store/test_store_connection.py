"""Opening the cache fails closed: wrong key, plaintext file or no encryption are errors."""

from __future__ import annotations

import secrets
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from kiosk_app.core.status_lookup import CaseRecord
from kiosk_app.core.statuses import CaseStatus
from kiosk_app.store import connection as connection_module
from kiosk_app.store.cases import CaseCache
from kiosk_app.store.connection import Connection, open_cache, transaction
from kiosk_app.store.errors import CacheNotEncrypted, WrongCacheKey

MARKER = "PLAINTEXT-CANARY-7f3a"


def test_wrong_key_is_a_clear_error_not_an_empty_cache(cache_path: Path, key: bytes) -> None:
    open_cache(cache_path, key).close()
    with pytest.raises(WrongCacheKey, match="key does not open"):
        open_cache(cache_path, secrets.token_bytes(32))


def test_plaintext_sqlite_file_is_refused(cache_path: Path, key: bytes) -> None:
    plain = sqlite3.connect(cache_path)
    plain.execute("CREATE TABLE cases (x)")
    plain.commit()
    plain.close()
    with pytest.raises(CacheNotEncrypted):
        open_cache(cache_path, key)


def test_sqlite_without_sqlcipher_is_refused(
    cache_path: Path, key: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Plain SQLite ignores PRAGMA key and would write cleartext: cipher_version tells them apart.
    monkeypatch.setattr(connection_module.sqlcipher, "connect", sqlite3.connect)  # type: ignore[attr-defined]
    with pytest.raises(CacheNotEncrypted, match="no encryption"):
        open_cache(cache_path, key)


def test_missing_file_without_create(cache_path: Path, key: bytes) -> None:
    with pytest.raises(FileNotFoundError):
        open_cache(cache_path, key, create=False)
    assert not cache_path.exists()


def test_short_key_is_rejected(cache_path: Path) -> None:
    with pytest.raises(ValueError):
        open_cache(cache_path, b"too short")


def test_file_on_disk_is_encrypted(cache_path: Path, key: bytes) -> None:
    conn = open_cache(cache_path, key)
    record = CaseRecord(CaseStatus.RECEIVED, date(2026, 1, 2), MARKER)
    CaseCache(conn).put_many([(b"k" * 32, record)])
    wal = cache_path.with_name(cache_path.name + "-wal")
    assert wal.exists(), (
        "before the checkpoint the row lives in the WAL, which must be ciphered too"
    )
    assert MARKER.encode() not in wal.read_bytes()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()

    raw = cache_path.read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    assert MARKER.encode() not in raw
    assert MARKER.encode("utf-16-le") not in raw
    assert b"CREATE TABLE" not in raw


def test_wal_and_full_sync_for_crash_safety(conn: Connection) -> None:
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_cipher_version_is_reported(conn: Connection) -> None:
    assert conn.execute("PRAGMA cipher_version").fetchone()[0].startswith("4.")


def test_reopening_with_the_right_key_keeps_data(cache_path: Path, key: bytes) -> None:
    conn = open_cache(cache_path, key)
    conn.execute("INSERT INTO meta (key, value) VALUES ('x', x'01')")
    conn.close()
    conn = open_cache(cache_path, key, create=False)
    assert conn.execute("SELECT value FROM meta WHERE key = 'x'").fetchone()[0] == b"\x01"
    conn.close()


def test_transaction_commits(conn: Connection) -> None:
    with transaction(conn):
        conn.execute("INSERT INTO meta (key, value) VALUES ('a', x'00')")
    assert not conn.in_transaction
    assert conn.execute("SELECT count(*) FROM meta").fetchone()[0] == 1


def test_transaction_rolls_back_on_error(conn: Connection) -> None:
    with pytest.raises(RuntimeError), transaction(conn):
        conn.execute("INSERT INTO meta (key, value) VALUES ('a', x'00')")
        raise RuntimeError("boom")
    assert not conn.in_transaction
    assert conn.execute("SELECT count(*) FROM meta").fetchone()[0] == 0


def test_nested_transaction_rolls_back_only_the_inner_part(conn: Connection) -> None:
    with transaction(conn):
        conn.execute("INSERT INTO meta (key, value) VALUES ('outer', x'00')")
        with pytest.raises(RuntimeError), transaction(conn):
            conn.execute("INSERT INTO meta (key, value) VALUES ('inner', x'00')")
            raise RuntimeError("boom")
    assert [row[0] for row in conn.execute("SELECT key FROM meta")] == ["outer"]
