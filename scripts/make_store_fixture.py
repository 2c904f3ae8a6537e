#!/usr/bin/env python3
"""Write ``tests/store/fixtures/cache_vN.db``: encrypted caches at each old schema, for migration
tests (STYLE.md 7). When a migration N+1 is added, add version N to ``FIXTURE_VERSIONS``.

Only migrations up to N are applied, and the file is left in rollback-journal mode with no
``-wal`` or ``-shm`` beside it, so it stands alone. Everything in it is synthetic; the key is
test data.
Run from the repository root: ``.venv/bin/python scripts/make_store_fixture.py``.
"""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk_app.core.case_number import CaseNumber  # noqa: E402
from kiosk_app.core.lookup_key import derive_lookup_key  # noqa: E402
from kiosk_app.core.status_lookup import CaseRecord  # noqa: E402
from kiosk_app.core.statuses import CaseStatus  # noqa: E402
from kiosk_app.store.cases import to_row  # noqa: E402
from kiosk_app.store.connection import connect_encrypted  # noqa: E402
from kiosk_app.store.meta import CacheMeta  # noqa: E402
from kiosk_app.store.migrate import migrate  # noqa: E402

# Test data only, never a real kiosk's key; tests/store/conftest.py holds the same constants.
FIXTURE_KEY_HEX = "6b696f736b2d746573742d6669787475726520763120ab5c7e01d2f38849aa10"
FIXTURE_PEPPER = b"fixture-pepper-v1-synthetic-data!"
FIXTURE_EPOCH = 1
FIXTURE_DIR = ROOT / "tests" / "store" / "fixtures"
FIXTURE_VERSIONS = (1, 2, 3, 4, 5, 6, 7)
FIXTURE_FAILURE_AT = datetime(2026, 2, 28, 23, 59)
# Schema v3 (sync): an enrolled kiosk with a cursor and one command waiting in the outbox.
FIXTURE_SYNC_META = {
    "gateway_url": b"https://gateway.example",
    "device_id": b"fixture-device",
    "device_token": b"fixture-token-synthetic",
    "sync_cursor": b"42",
    "outbox_next_seq": b"2",
}
FIXTURE_OUTBOX = (
    1,
    "mark_documents_received",
    '{"kind":"mark_documents_received","lookup_key":"'
    + "ab" * 32
    + '","documents":["passport_copy"]}',
    datetime(2026, 3, 1, 8, 0, tzinfo=UTC).isoformat(),
)
# The cases columns of schemas 1 to 3 (a fixture is written with the SQL of its own schema;
# schema 4 added ``bookings`` with a default and 5 left ``cases`` alone, so the same SQL
# still fits).
_CASE_INSERT_V1 = (
    "INSERT INTO cases (lookup_key, status, status_changed_on, permit_type, missing_documents,"
    " next_appointment, fiktion_valid_until) VALUES (?, ?, ?, ?, ?, ?, ?)"
)

FIXTURE_CASES = (
    (
        CaseNumber("DA", 2026, 101),
        date(1990, 4, 17),
        CaseRecord(
            status=CaseStatus.DOCUMENTS_MISSING,
            status_changed_on=date(2026, 2, 3),
            permit_type="18b",
            missing_documents=("passport_copy", "salary_slips"),
            next_appointment=datetime(2026, 3, 4, 9, 30),
            fiktion_valid_until=date(2026, 6, 30),
        ),
    ),
    (
        CaseNumber("DA", 2026, 102),
        date(1985, 12, 1),
        CaseRecord(
            status=CaseStatus.IN_REVIEW,
            status_changed_on=date(2026, 1, 15),
            permit_type="16b",
        ),
    ),
)


def fixture_path(version: int) -> Path:
    return FIXTURE_DIR / f"cache_v{version}.db"


def write_fixture(version: int, path: Path | None = None) -> Path:
    """(Re)create the fixture of schema ``version`` at ``path``."""
    path = path or fixture_path(version)
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    conn = connect_encrypted(path, bytes.fromhex(FIXTURE_KEY_HEX))
    try:
        migrate(conn, target=version)
        meta = CacheMeta(conn)
        meta.pepper = FIXTURE_PEPPER
        meta.epoch = FIXTURE_EPOCH
        if version > 7:  # the cases table is as in v1 up to v7 (v8 adds permit_valid_until)
            raise ValueError("write the cases of a newer schema with its own SQL")
        conn.executemany(
            _CASE_INSERT_V1,
            (
                to_row(derive_lookup_key(FIXTURE_PEPPER, number, born), record)[:7]
                for number, born, record in FIXTURE_CASES
            ),
        )
        if version >= 2:
            conn.execute(
                "INSERT INTO attempt_failures (at) VALUES (?)", (FIXTURE_FAILURE_AT.isoformat(),)
            )
        if version >= 3:
            conn.executemany(
                "INSERT INTO meta (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                FIXTURE_SYNC_META.items(),
            )
            conn.execute(
                "INSERT INTO outbox (seq, kind, payload, created_at) VALUES (?, ?, ?, ?)",
                FIXTURE_OUTBOX,
            )
        # Fold the WAL into the main file and leave WAL mode, so the fixture is a single file.
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        conn.close()
    leftovers = [p for p in path.parent.iterdir() if p.name.startswith(path.name + "-")]
    if leftovers:
        raise RuntimeError(f"left behind: {leftovers}")
    return path


if __name__ == "__main__":
    # ``make_store_fixture.py 3`` writes only cache_v3.db (the older ones stay as committed).
    wanted = [int(arg) for arg in sys.argv[1:]] or list(FIXTURE_VERSIONS)
    for fixture_version in wanted:
        written = write_fixture(fixture_version)
        print(f"wrote {written.relative_to(ROOT)} ({written.stat().st_size} bytes)")
