"""Privacy by construction: the decrypted cache holds no case number and no birth date."""

from __future__ import annotations

import sqlite3.dump
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

from kiosk_app.core.case_number import CaseNumber
from kiosk_app.core.lookup_key import derive_lookup_key
from kiosk_app.core.status_lookup import CaseRecord
from kiosk_app.core.statuses import CaseStatus
from kiosk_app.store.cases import CaseCache
from kiosk_app.store.connection import Connection, open_cache
from kiosk_app.store.failures import FailureLog
from kiosk_app.store.meta import CacheMeta

PEPPER = b"privacy-test-pepper-without-any-digits!"
SERIALS = (1, 123, 4567, 98765, 123456, 999999)
STATUSES = tuple(CaseStatus)


def synthetic_people() -> list[tuple[CaseNumber, date]]:
    return [
        (CaseNumber(prefix="DA", year=2026, serial=serial), date(1960 + i * 7, 1 + i, 3 + i * 4))
        for i, serial in enumerate(SERIALS)
    ]


def needles(number: CaseNumber, born: date) -> list[str]:
    return [
        number.canonical,
        f"{number.year:04d}{number.serial:06d}",  # the digits run as typed on the keypad
        f"{number.year:04d}-{number.serial:06d}",
        born.isoformat(),
        born.strftime("%d.%m.%Y"),
        born.strftime("%d%m%Y"),
        born.strftime("%Y%m%d"),
    ]


def every_value(conn: Connection) -> Iterator[tuple[str, str, object]]:
    tables = [
        row[0]
        for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not row[0].startswith("sqlite_")
    ]
    assert {"meta", "cases", "attempt_failures"} <= set(tables)
    for table in tables:
        cursor = conn.execute(f'SELECT * FROM "{table}"')
        columns = [d[0] for d in cursor.description]
        for row in cursor:
            for column, value in zip(columns, row, strict=True):
                yield table, column, value


def iterdump(conn: Connection) -> Iterator[str]:
    # sqlcipher3 lacks Connection.iterdump; the stdlib's dumper only needs DB-API calls.
    method = getattr(conn, "iterdump", None)
    if method is not None:
        return iter(method())
    return iter(sqlite3.dump._iterdump(conn))  # type: ignore[attr-defined]


def plaintext_export(conn: Connection, target: Path) -> bytes:
    """Every page of the cache's content, decrypted into a plain SQLite file."""
    conn.execute(f"ATTACH DATABASE '{target}' AS plaintext KEY ''")
    conn.execute("SELECT sqlcipher_export('plaintext')")
    conn.execute("DETACH DATABASE plaintext")
    return target.read_bytes()


def build_cache(path: Path, key: bytes) -> Connection:
    conn = open_cache(path, key)
    meta, cache = CacheMeta(conn), CaseCache(conn)
    meta.pepper = PEPPER
    meta.epoch = 3
    rows = []
    for i, (number, born) in enumerate(synthetic_people()):
        record = CaseRecord(
            status=STATUSES[i % len(STATUSES)],
            status_changed_on=date(2026, 2, 1) + timedelta(days=i),
            permit_type="18b",
            missing_documents=("passport_copy",) if i % 2 else (),
            next_appointment=datetime(2026, 3, 2, 9, 0) + timedelta(hours=i),
            fiktion_valid_until=date(2026, 8, 1) if i % 3 == 0 else None,
        )
        rows.append((derive_lookup_key(PEPPER, number, born), record))
    cache.put_many(rows)
    FailureLog(conn).record(datetime(2026, 3, 1, 10, 0))
    return conn


def test_lookups_still_work(cache_path: Path, key: bytes) -> None:
    conn = build_cache(cache_path, key)
    try:
        cache = CaseCache(conn)
        for number, born in synthetic_people():
            assert cache.get(derive_lookup_key(PEPPER, number, born)) is not None
    finally:
        conn.close()


def test_nothing_personal_is_stored(cache_path: Path, key: bytes, tmp_path: Path) -> None:
    build_cache(cache_path, key).close()
    conn = open_cache(cache_path, key)  # read back what is on disk, decrypted
    try:
        values = list(every_value(conn))
        dump = "\n".join(iterdump(conn))
        pages = plaintext_export(conn, tmp_path / "decrypted.db")
    finally:
        conn.close()
    assert len(values) > len(SERIALS) * 7, "the scan must actually see the rows"
    assert "18b" in dump, "the dump must actually contain the data"
    assert pages.startswith(b"SQLite format 3") and b"passport_copy" in pages

    for number, born in synthetic_people():
        for needle in needles(number, born):
            assert needle not in dump, f"{needle!r} in the decrypted dump"
            encoded = needle.encode("ascii")
            assert encoded not in pages, f"{needle!r} in the decrypted pages"
            for table, column, value in values:
                if isinstance(value, bytes):
                    assert encoded not in value, f"{needle!r} in {table}.{column}"
                    assert encoded.hex() not in value.hex()
                else:
                    assert needle not in str(value), f"{needle!r} in {table}.{column}"
