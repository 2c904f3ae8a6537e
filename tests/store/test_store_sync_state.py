"""Sync state in the cache: pages applied with their cursor, resync swap, outbox numbering."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from kiosk_app.core.appointments import Appointment
from kiosk_app.core.status_lookup import CaseRecord
from kiosk_app.core.statuses import CaseStatus
from kiosk_app.store import sync_state
from kiosk_app.store.cases import CaseCache, to_row
from kiosk_app.store.connection import Connection, open_cache
from kiosk_app.store.outbox import Outbox
from kiosk_app.store.sync_state import SyncState

RECORD = CaseRecord(CaseStatus.IN_REVIEW, date(2026, 11, 1), "study_16b")
PEPPER_A, PEPPER_B = b"a" * 32, b"b" * 32


def key(n: int) -> bytes:
    return n.to_bytes(32, "big")


def enrolled(conn: Connection) -> SyncState:
    state = SyncState(conn)
    state.enroll("https://gw.example", "dev-1", "token", PEPPER_A, 1)
    return state


def test_page_and_cursor_land_together(conn: Connection) -> None:
    state = enrolled(conn)
    state.apply_page([(key(1), RECORD), (key(2), RECORD)], [], next_cursor=7)
    state.apply_page([], [key(1)], next_cursor=9)
    assert state.cursor == 9
    assert CaseCache(conn).get(key(1)) is None
    assert CaseCache(conn).get(key(2)) == RECORD


def test_a_failing_page_changes_neither_data_nor_cursor(conn: Connection) -> None:
    state = enrolled(conn)
    bad = CaseRecord(CaseStatus.IN_REVIEW, date(2026, 11, 1), "x", missing_documents=("a,b",))
    with pytest.raises(ValueError):
        state.apply_page([(key(1), RECORD), (key(2), bad)], [], next_cursor=5)
    assert state.cursor == 0
    assert CaseCache(conn).count() == 0


@pytest.mark.parametrize("native_unhex", [True, False])
def test_pages_store_exactly_the_rows_of_to_row(
    conn: Connection, native_unhex: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows travel as text (hex key, "" for no date) and land as ``to_row`` makes them (also
    with a SQLite older than 3.41, which has no unhex())."""
    monkeypatch.setattr(sync_state, "_NATIVE_UNHEX", native_unhex)
    state = enrolled(conn)
    full = CaseRecord(
        CaseStatus.READY_FOR_PICKUP,
        date(2026, 11, 20),
        "study_16b",
        missing_documents=("photo", "passport"),
        next_appointment=datetime(2026, 12, 1, 9, 30),
        fiktion_valid_until=date(2027, 2, 1),
        appointments=(Appointment("a" * 32, "pickup", datetime(2026, 12, 1, 9, 30)),),
    )
    records = {key(1): RECORD, key(2): full, bytes(range(32)): full, b"\xff" * 32: RECORD}
    state.apply_page(records.items(), [], next_cursor=4)
    state.begin_resync(2, PEPPER_B)
    state.apply_page(records.items(), [], next_cursor=4)
    expected = sorted(to_row(k, r) for k, r in records.items())
    for table in ("cases", "cases_staging"):
        stored = [tuple(row) for row in conn.execute(f"SELECT * FROM {table} ORDER BY lookup_key")]
        assert stored == expected
        assert all(type(row[0]) is bytes for row in stored)  # BLOB keys, as lookups expect


def test_resync_keeps_answering_from_the_old_dataset_until_the_swap(conn: Connection) -> None:
    state = enrolled(conn)
    state.apply_page([(key(1), RECORD)], [], next_cursor=3)
    state.begin_resync(2, PEPPER_B)
    state.apply_page([(key(10), RECORD)], [], next_cursor=50)
    assert CaseCache(conn).get(key(1)) == RECORD  # still served during the resync
    assert (state.cursor, state.epoch) == (3, 1)
    state.finish_resync()
    assert CaseCache(conn).get(key(1)) is None
    assert CaseCache(conn).get(key(10)) == RECORD
    assert (state.cursor, state.epoch, state.resync) == (50, 2, None)
    assert conn.execute("SELECT value FROM meta WHERE key='pepper'").fetchone()[0] == PEPPER_B


def test_outbox_numbers_without_gaps_and_survives_reopen(cache_path: Path, key: bytes) -> None:
    conn = open_cache(cache_path, key)
    outbox = Outbox(conn)
    now = datetime(2026, 11, 26, 9, 0)
    assert [outbox.append("k", "{}", now) for _ in range(3)] == [1, 2, 3]
    outbox.acknowledge([1, 2, 3])
    conn.close()
    conn = open_cache(cache_path, key)
    outbox = Outbox(conn)
    assert outbox.append("k", "{}", now) == 4  # numbering continues after acknowledged ones
    outbox.mark_void(4, "refused: 422")
    assert [(e.seq, e.state) for e in outbox.to_send(10)] == [(4, "void")]
    outbox.acknowledge([4])
    assert outbox.to_send(10) == []
    assert outbox.counts()["parked"] == 1  # kept for staff review
    conn.close()


def test_outbox_entry_rolls_back_with_its_local_effect(conn: Connection) -> None:
    from kiosk_app.store.transactions import transaction

    outbox = Outbox(conn)
    with pytest.raises(RuntimeError), transaction(conn):
        outbox.append("k", "{}", datetime(2026, 11, 26))
        raise RuntimeError("crash before commit")
    assert outbox.counts()["pending"] == 0
    assert outbox.append("k", "{}", datetime(2026, 11, 26)) == 1
