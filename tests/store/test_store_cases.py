"""CaseCache: every CaseRecord field survives the round trip, writes are all or nothing."""

from __future__ import annotations

import secrets
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk_app.core.status_lookup import CaseRecord, CaseRecords
from kiosk_app.core.statuses import CaseStatus
from kiosk_app.store.cases import CaseCache
from kiosk_app.store.connection import Connection

FULL = CaseRecord(
    status=CaseStatus.APPOINTMENT_REQUIRED,
    status_changed_on=date(2026, 2, 28),
    permit_type="18g Blaue Karte",
    missing_documents=("passport_copy", "biometric_photo", "health_insurance"),
    next_appointment=datetime(2026, 3, 9, 14, 45, 30, 123456),
    fiktion_valid_until=date(2026, 9, 1),
)
EMPTY = CaseRecord(
    status=CaseStatus.COMPLETED,
    status_changed_on=date(2025, 12, 31),
    permit_type="",
    missing_documents=(),
    next_appointment=None,
    fiktion_valid_until=None,
)


def test_is_a_case_records_source(conn: Connection) -> None:
    records: CaseRecords = CaseCache(conn)
    assert records.get(secrets.token_bytes(32)) is None


@pytest.mark.parametrize("record", [FULL, EMPTY], ids=["all-fields", "nones"])
def test_round_trip(conn: Connection, record: CaseRecord) -> None:
    cache = CaseCache(conn)
    key = secrets.token_bytes(32)
    assert cache.put_many([(key, record)]) == 1
    assert cache.get(key) == record


def test_single_document_round_trip(conn: Connection) -> None:
    cache = CaseCache(conn)
    record = CaseRecord(CaseStatus.DOCUMENTS_MISSING, date(2026, 1, 1), "7", ("passport_copy",))
    cache.put_many([(b"\x00" * 32, record)])
    assert cache.get(b"\x00" * 32) == record


def test_put_replaces_an_existing_case(conn: Connection) -> None:
    cache = CaseCache(conn)
    key = secrets.token_bytes(32)
    cache.put_many([(key, FULL)])
    cache.put_many([(key, EMPTY)])
    assert cache.get(key) == EMPTY
    assert cache.count() == 1


def test_put_many_accepts_a_generator_and_counts(conn: Connection) -> None:
    cache = CaseCache(conn)
    keys = [secrets.token_bytes(32) for _ in range(500)]
    assert cache.put_many((k, FULL) for k in keys) == 500
    assert cache.count() == 500
    assert all(cache.get(k) == FULL for k in keys[::50])


def test_put_many_is_all_or_nothing(conn: Connection) -> None:
    cache = CaseCache(conn)
    bad = CaseRecord(CaseStatus.DOCUMENTS_MISSING, date(2026, 1, 1), "x", ("a,b",))
    with pytest.raises(ValueError):
        cache.put_many([(secrets.token_bytes(32), FULL), (secrets.token_bytes(32), bad)])
    assert cache.count() == 0
    assert not conn.in_transaction


def test_clear(conn: Connection) -> None:
    cache = CaseCache(conn)
    cache.put_many((secrets.token_bytes(32), FULL) for _ in range(3))
    cache.clear()
    assert cache.count() == 0


def test_lookup_is_a_primary_key_search(conn: Connection) -> None:
    plan = conn.execute(
        "EXPLAIN QUERY PLAN SELECT status FROM cases WHERE lookup_key = ?", (b"k" * 32,)
    ).fetchall()
    assert any("PRIMARY KEY" in str(row[-1]) for row in plan), plan


_text = st.text(st.characters(codec="utf-8"), max_size=30)
_codes = st.text(st.characters(codec="utf-8", exclude_characters=","), min_size=1, max_size=12)
_records = st.builds(
    CaseRecord,
    status=st.sampled_from(CaseStatus),
    status_changed_on=st.dates(),
    permit_type=_text,
    missing_documents=st.lists(_codes, max_size=5).map(tuple),
    next_appointment=st.none() | st.datetimes(),
    fiktion_valid_until=st.none() | st.dates(),
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(record=_records, key=st.binary(min_size=32, max_size=32))
def test_any_record_round_trips(conn: Connection, record: CaseRecord, key: bytes) -> None:
    cache = CaseCache(conn)
    cache.put_many([(key, record)])
    assert cache.get(key) == record
