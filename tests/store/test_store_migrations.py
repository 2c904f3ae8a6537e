"""Migrations: numbered, each transactional, and tested against a stored cache of the old schema."""

from __future__ import annotations

import importlib.util
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from kiosk_app.core.case_number import CaseNumber
from kiosk_app.core.lookup_key import derive_lookup_key
from kiosk_app.core.statuses import CaseStatus
from kiosk_app.core.usage_events import UsageCount
from kiosk_app.demo_seed import seed_demo_faq
from kiosk_app.store.cases import CaseCache
from kiosk_app.store.connection import Connection, connect_encrypted, open_cache
from kiosk_app.store.errors import CacheSchemaTooNew
from kiosk_app.store.failures import FailureLog
from kiosk_app.store.faq_store import FaqIndex
from kiosk_app.store.free_slots import FreeSlotStore
from kiosk_app.store.leases import LeaseStore
from kiosk_app.store.meta import CacheMeta
from kiosk_app.store.migrate import known_migrations, latest_version, migrate, schema_version
from kiosk_app.store.outbox import Outbox
from kiosk_app.store.replay import SentCommands
from kiosk_app.store.sync_state import SyncState
from kiosk_app.store.usage import add_count, flush_usage, pending_counts

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_SCRIPT = Path(__file__).parents[2] / "scripts" / "make_store_fixture.py"
# Test data only: scripts/make_store_fixture.py wrote fixtures/cache_v1.db with these values.
FIXTURE_KEY_HEX = "6b696f736b2d746573742d6669787475726520763120ab5c7e01d2f38849aa10"
FIXTURE_KEY = bytes.fromhex(FIXTURE_KEY_HEX)
FIXTURE_PEPPER = b"fixture-pepper-v1-synthetic-data!"


def tables(conn: Connection) -> set[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {row[0] for row in rows}


FIXTURE_VERSIONS = (1, 2, 3, 4, 5, 6, 7)


def fixture_copy(tmp_path: Path, version: int) -> Path:
    target = tmp_path / f"cache_v{version}.db"
    shutil.copyfile(FIXTURES / f"cache_v{version}.db", target)
    return target


@pytest.fixture
def v1_copy(tmp_path: Path) -> Path:
    return fixture_copy(tmp_path, 1)


def test_fixture_constants_match_the_script() -> None:
    spec = importlib.util.spec_from_file_location("make_store_fixture", FIXTURE_SCRIPT)
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.FIXTURE_KEY_HEX == FIXTURE_KEY_HEX
    assert script.FIXTURE_PEPPER == FIXTURE_PEPPER
    # Every schema before the latest has a stored fixture to migrate from.
    assert tuple(script.FIXTURE_VERSIONS) == FIXTURE_VERSIONS
    assert tuple(range(1, latest_version())) == FIXTURE_VERSIONS


def test_fixtures_are_single_small_files() -> None:
    assert sorted(p.name for p in FIXTURES.iterdir()) == [
        f"cache_v{version}.db" for version in FIXTURE_VERSIONS
    ]
    for version in FIXTURE_VERSIONS:
        # One page per table and index, and the schema's text: schema 7 has twenty-one
        # tables and indexes (ticket leases), and its schema spans three pages (96 KiB).
        assert (FIXTURES / f"cache_v{version}.db").stat().st_size <= 96 * 1024


def test_migrations_are_numbered_from_one() -> None:
    assert [m.version for m in known_migrations()] == list(range(1, latest_version() + 1))


def test_fixture_is_at_schema_v1(v1_copy: Path) -> None:
    conn = connect_encrypted(v1_copy, FIXTURE_KEY, create=False)
    try:
        assert schema_version(conn) == 1
        assert "attempt_failures" not in tables(conn)
    finally:
        conn.close()


@pytest.mark.parametrize("version", FIXTURE_VERSIONS)
def test_old_fixture_upgrades_and_keeps_its_data(tmp_path: Path, version: int) -> None:
    conn = open_cache(fixture_copy(tmp_path, version), FIXTURE_KEY, create=False)
    try:
        assert schema_version(conn) == latest_version()
        assert {"attempt_failures", "outbox", "cases_staging"} <= tables(conn)
        assert {"free_slots", "leases", "booking_ops"} <= tables(conn)
        assert {"sent_commands", "booking_journal"} <= tables(conn)
        assert {"usage_hourly", "usage_state"} <= tables(conn)
        assert {"faq_topics", "faq_texts", "faq_search"} <= tables(conn)
        kept_failures = FailureLog(conn).since(datetime(2026, 1, 1))
        assert kept_failures == ([datetime(2026, 2, 28, 23, 59)] if version >= 2 else [])
        waiting = Outbox(conn).all_entries()
        if version >= 3:  # an enrolled kiosk keeps its place and its unsent command
            assert [(e.seq, e.kind, e.state) for e in waiting] == [
                (1, "mark_documents_received", "pending")
            ]
            state = SyncState(conn)
            assert (state.cursor, state.device_id) == (42, "fixture-device")
            assert Outbox(conn).append("void", "{}", datetime(2026, 3, 2)) == 2
            Outbox(conn).acknowledge([1, 2])  # kept for a restored gateway, out of the outbox
            assert Outbox(conn).all_entries() == []
            assert SentCommands(conn).seqs() == [1, 2]
        else:
            assert waiting == []
        assert LeaseStore(conn).all() == [] and FreeSlotStore(conn).count() == 0

        meta = CacheMeta(conn)
        assert meta.pepper == FIXTURE_PEPPER
        assert meta.epoch == 1
        cache = CaseCache(conn)
        assert cache.count() == 2
        first = cache.get(
            derive_lookup_key(FIXTURE_PEPPER, CaseNumber("DA", 2026, 101), date(1990, 4, 17))
        )
        assert first is not None
        assert first.status is CaseStatus.DOCUMENTS_MISSING
        assert first.missing_documents == ("passport_copy", "salary_slips")
        assert first.next_appointment == datetime(2026, 3, 4, 9, 30)
        assert first.fiktion_valid_until == date(2026, 6, 30)
        second = cache.get(
            derive_lookup_key(FIXTURE_PEPPER, CaseNumber("DA", 2026, 102), date(1985, 12, 1))
        )
        assert second is not None
        assert second.status is CaseStatus.IN_REVIEW
        assert second.missing_documents == ()
        assert second.next_appointment is None
        assert first.appointments == () and second.appointments == ()  # no bookings yet

        FailureLog(conn).record(datetime(2026, 3, 1, 12, 0))  # the new table is usable
        # Usage figures (schema 6) are counted and queued behind what the outbox holds.
        hour = datetime(2026, 3, 2, 9, tzinfo=UTC)
        add_count(conn, UsageCount(hour, "lookup", language="de", outcome="found"))
        assert flush_usage(conn, Outbox(conn), hour + timedelta(hours=1)) == [
            Outbox(conn).next_seq - 1
        ]
        assert pending_counts(conn) == []
        # The knowledge base (schema 8) starts empty and its search index works.
        assert FaqIndex(conn).topics("de") == []
        seed_demo_faq(conn)
        assert FaqIndex(conn).search("Pass verloren", "de")[0].topic_id == "lost_card"
    finally:
        conn.close()


def test_upgrade_is_persistent_and_idempotent(v1_copy: Path) -> None:
    open_cache(v1_copy, FIXTURE_KEY).close()
    conn = open_cache(v1_copy, FIXTURE_KEY)
    try:
        assert schema_version(conn) == latest_version()
        assert migrate(conn) == latest_version()
    finally:
        conn.close()


def test_new_cache_gets_the_latest_schema(cache_path: Path, key: bytes) -> None:
    conn = open_cache(cache_path, key)
    try:
        assert schema_version(conn) == latest_version()
        assert {"meta", "cases", "attempt_failures"} <= tables(conn)
    finally:
        conn.close()


def test_schema_newer_than_known_is_refused(cache_path: Path, key: bytes) -> None:
    conn = open_cache(cache_path, key)
    conn.execute(f"PRAGMA user_version = {latest_version() + 1}")
    conn.close()
    with pytest.raises(CacheSchemaTooNew):
        open_cache(cache_path, key)


def test_a_failing_migration_leaves_the_old_version(
    v1_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk_app.store import migrate as migrate_module

    broken = known_migrations()[1].__class__(2, "0002_broken.sql", "CREATE TABLE t (x);\nNOPE;\n")
    monkeypatch.setattr(
        migrate_module, "known_migrations", lambda *_package: (known_migrations()[0], broken)
    )
    conn = connect_encrypted(v1_copy, FIXTURE_KEY)
    try:
        with pytest.raises(Exception, match="NOPE"):
            migrate_module.migrate(conn)
        assert schema_version(conn) == 1
        assert "t" not in tables(conn)
        assert not conn.in_transaction
    finally:
        conn.close()
