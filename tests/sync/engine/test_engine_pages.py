"""The engine's fast reading of a changes page (``parse_page_data`` + rows made from dicts) is
the protocol's ``ChangesPage`` in other clothes: same schema, same refusals, same rows."""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from kiosk_app.core.statuses import CaseStatus
from kiosk_app.store.cases import text_row, to_row
from kiosk_app.store.connection import Connection, open_cache
from kiosk_app.store.sync_state import SyncState
from kiosk_app.store.transactions import transaction
from sync.client import BadServerData, parse_page, parse_page_data
from sync.engine import EngineSettings, SyncEngine, _case_row, _continuation
from sync.protocol import CHANGES_PAGE_DATA, BookingInfo, CaseState, ChangesPage

KEY = "ab" * 32
BOOKING_A = "a" * 32
BOOKING_B = "b" * 32


def _normalised(schema: Any) -> Any:
    """Without titles, descriptions and defaults, and with the dicts' $defs named as models."""
    if isinstance(schema, dict):
        return {
            key.removesuffix("Data"): _normalised(value)
            for key, value in schema.items()
            if key not in ("title", "description", "default")
        }
    if isinstance(schema, list):
        return [_normalised(item) for item in schema]
    if isinstance(schema, str) and schema.startswith("#/$defs/"):
        return schema.removesuffix("Data")
    return schema


def test_the_page_dicts_have_the_schema_of_the_page_model() -> None:
    assert _normalised(CHANGES_PAGE_DATA.json_schema()) == _normalised(
        ChangesPage.model_json_schema()
    )


def _case(**fields: Any) -> dict[str, Any]:
    return {"status": "in_review", "status_changed_on": "2026-11-01", "permit_type": "x", **fields}


def _page(*changes: dict[str, Any], **head: Any) -> bytes:
    page = {
        "protocol": 1,
        "epoch": 1,
        "cursor": 0,
        "next_cursor": 9,
        "has_more": False,
        "server_time": "2026-11-26T09:00:00+00:00",
        "changes": list(changes),
        **head,
    }
    return json.dumps(page).encode()


def _change(case: dict[str, Any] | None, seq: int = 1, key: str = KEY) -> dict[str, Any]:
    return {"seq": seq, "lookup_key": key, "case": case}


GOOD = [
    _page(),
    _page(_change(_case()), _change(None, seq=2, key="cd" * 32)),
    _page(_change(_case(missing_documents=["passport", "photo"], fiktion_valid_until=None))),
    _page(_change(_case(next_appointment="2026-12-01T10:00", bookings=[]))),
    _page(
        _change(
            _case(
                bookings=[
                    {"booking_id": BOOKING_A, "service": "pickup", "start": "2026-12-02T09:00:00"}
                ]
            )
        )
    ),
]
BAD = [
    b"",
    b"[]",
    b'{"epoch": 1',
    _page(protocol=2),
    _page(epoch=0),
    _page(cursor=-1),
    _page(has_more="yes"),
    _page(server_time="yesterday"),
    _page(extra=1),
    _page(_change(_case(), seq=0)),
    _page(_change(_case(), key="AB" * 32)),
    _page(_change(_case(), key="ab")),
    _page(_change(_case(status="lost"))),
    _page(_change(_case(status_changed_on="2026-02-30"))),
    _page(_change(_case(status_changed_on="2026-11-01T00:00:00"))),
    _page(_change(_case(status_changed_on=20261101))),
    _page(_change(_case(permit_type="Has Spaces"))),
    _page(_change(_case(missing_documents=["a,b"]))),
    _page(_change(_case(missing_documents=[""]))),
    _page(_change(_case(missing_documents=["p"] * 41))),
    _page(_change(_case(next_appointment="soon"))),
    _page(_change(_case(name="Jane Doe"))),
    _page(_change(_case(bookings=[{"booking_id": "x", "service": "s", "start": "2026-12-01"}]))),
    _page(_change({"status": "in_review", "permit_type": "x"})),
    _page(_change(_case()) | {"birth_date": "1990-01-01"}),
    _page(*[_change(_case(), seq=n + 1) for n in range(5001)]),
]


@pytest.mark.parametrize("raw", GOOD)
def test_a_good_page_reads_the_same_both_ways(raw: bytes) -> None:
    model, data = parse_page(raw), parse_page_data(raw)
    assert ChangesPage.model_validate(data) == model


@pytest.mark.parametrize("raw", BAD)
def test_a_bad_page_is_refused_both_ways(raw: bytes) -> None:
    with pytest.raises(BadServerData):
        parse_page(raw)
    with pytest.raises(BadServerData):
        parse_page_data(raw)


CASES = [
    _case(),
    _case(status="completed", missing_documents=[], next_appointment=None, bookings=[]),
    _case(missing_documents=["passport"], fiktion_valid_until="2027-01-05"),
    _case(missing_documents=["passport", "photo", "registration"]),
    _case(next_appointment="2026-12-01T10:00:00"),
    _case(next_appointment="2026-12-01 10:00"),
    _case(next_appointment="2026-12-01T10:00:00.250000"),
    _case(next_appointment="2026-12-01T10:00:00Z"),
    _case(
        next_appointment="2026-12-01T08:30:00",
        bookings=[
            {"booking_id": BOOKING_B, "service": "pickup", "start": "2026-12-03T08:30:00"},
            {"booking_id": BOOKING_A, "service": "biometrics", "start": "2026-12-01T08:30:00"},
            {"booking_id": BOOKING_A, "service": "pickup", "start": "2026-12-03T08:30:00"},
        ],
    ),
]


@pytest.mark.parametrize("case", CASES)
def test_rows_from_the_dicts_are_the_stores_rows(case: dict[str, Any]) -> None:
    key = secrets.token_bytes(32)
    data = parse_page_data(_page(_change(case)))["changes"][0]["case"]
    model = parse_page(_page(_change(case))).changes[0].case
    assert data is not None and model is not None
    assert _case_row(key.hex(), data) == text_row(to_row(key, model))


def test_rows_from_a_case_built_in_python() -> None:
    key = secrets.token_bytes(32)
    start = datetime(2026, 12, 1, 9, 0)
    state = CaseState(
        status=CaseStatus.READY_FOR_PICKUP,
        status_changed_on=date(2026, 11, 20),
        permit_type="study_16b",
        missing_documents=["photo"],
        next_appointment=start,
        fiktion_valid_until=date(2027, 2, 1),
        bookings=[BookingInfo(booking_id=BOOKING_A, service="pickup", start=start)],
    )
    raw = _page(_change(json.loads(state.model_dump_json())))
    data = CHANGES_PAGE_DATA.validate_json(raw)["changes"][0]["case"]
    assert data is not None
    assert _case_row(key.hex(), data) == text_row(to_row(key, state))


def test_the_next_cursor_is_read_from_the_head_only() -> None:
    assert _continuation(_page(has_more=True, next_cursor=42)) == 42
    assert _continuation(_page(has_more=False, next_cursor=42)) is None
    assert _continuation(b'{"changes": [], "next_cursor": 5, "has_more": true}') is None
    assert _continuation(b"not json") is None
    spaced = b'{ "next_cursor" : 7 , "has_more" : true , "changes" : [] }'
    assert _continuation(spaced) == 7


class _PagedGateway:
    """``changes_raw`` over numbered pages of fresh cases; one page may be bad or slow."""

    def __init__(self, pages: int, per_page: int = 3) -> None:
        self.pages, self.per_page = pages, per_page
        self.bad: int | None = None  # the page (1-based) served malformed
        self.slow: int | None = None  # the page served late
        self.slow_s = 0.0
        self.on_slow: list[Callable[[], None]] = []  # run while the slow page is held back

    def key(self, seq: int) -> str:
        return f"{seq:064x}"

    def changes_raw(self, cursor: int, limit: int) -> bytes:
        number = cursor // self.per_page + 1
        if number == self.slow:
            time.sleep(self.slow_s / 2)
            for action in self.on_slow:  # while the page is held back
                action()
            time.sleep(self.slow_s / 2)
        seqs = range(cursor + 1, cursor + self.per_page + 1)
        changes = [_change(_case(), seq=s, key=self.key(s)) for s in seqs]
        if number == self.bad:
            changes[1]["case"]["status"] = "lost"
        more = number < self.pages
        return _page(*changes, cursor=cursor, next_cursor=seqs[-1], has_more=more)


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[tuple[Path, bytes]]:
    path, key = tmp_path / "cache.db", secrets.token_bytes(32)
    conn = open_cache(path, key)
    SyncState(conn).enroll("https://gw.example", "dev", "token", b"p" * 32, 1)
    conn.close()
    yield path, key


def _pull(cache: tuple[Path, bytes], gateway: _PagedGateway, **settings: Any) -> Connection:
    conn = open_cache(*cache)
    engine = SyncEngine(lambda: conn, lambda _s: None, EngineSettings(**settings))
    engine._pull(gateway, SyncState(conn))  # type: ignore[arg-type]
    return conn


def test_a_bad_page_rolls_back_its_whole_batch(cache: tuple[Path, bytes]) -> None:
    gateway = _PagedGateway(pages=6)
    gateway.bad = 5
    with pytest.raises(BadServerData):
        _pull(cache, gateway, batch_rows=6)  # batches: pages 1-2, 3-4, then 5 is bad
    conn = open_cache(*cache)
    assert SyncState(conn).cursor == 12
    assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 12
    gateway.bad = None
    conn = _pull(cache, gateway, batch_rows=6)
    assert SyncState(conn).cursor == 18
    assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 18


def test_a_batch_is_committed_rather_than_held_open_while_a_page_is_slow(
    cache: tuple[Path, bytes],
) -> None:
    gateway = _PagedGateway(pages=4)
    gateway.slow, gateway.slow_s = 3, 1.0
    seen: list[int] = []

    def look() -> None:  # another connection, as the GUI thread's
        observer = open_cache(*cache)
        seen.append(SyncState(observer).cursor)
        with transaction(observer):  # the write lock is free
            pass
        observer.close()

    gateway.on_slow.append(look)
    conn = _pull(cache, gateway, batch_rows=1000, batch_wait_s=0.1)
    # Pages 1-2 were committed 0.1 s into the wait for page 3, not held until the batch's end.
    assert seen == [6]
    assert SyncState(conn).cursor == 12
