"""Concurrent writers never make a client skip a change (DESIGN.md "Sync protocol").

A reader that pages with its cursor while writers commit out of order must still see every change.
With a plain sequence or autoincrement taken at insert time, a writer can take seq 10, a second
writer take 11 and commit, the reader pass 11, and 10 commit afterwards: skipped for ever. On
PostgreSQL writers do not take turns for a number (``change_feed``): numbers follow transaction
ids and readers stop below the oldest transaction in flight. The control test below runs that
schedule with a plain PostgreSQL sequence, and with the gateway's numbering read past that bound,
and proves the same check catches both, so the concurrent test is known to have teeth.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from datetime import date

import pytest
from gateway_harness import POSTGRES_URL
from sqlalchemy import Connection, Engine, text

from kiosk_app.core.statuses import CaseStatus
from sync.gateway import change_feed
from sync.gateway.case_writes import SeqAllocator, set_status
from sync.gateway.change_feed import allocate_seqs
from sync.gateway.database import make_engine, write_transaction
from sync.protocol import CaseState

WRITERS = 6
WRITES_PER_WRITER = 15
STATUSES = [status for status in CaseStatus if status is not CaseStatus.RECEIVED]


class Reader:
    """A kiosk's pull loop: pages from its cursor, remembers every (key, seq, state) it saw."""

    def __init__(self, device, page_size: int, cursor: int) -> None:
        self.device = device
        self.page_size = page_size
        self.cursor = cursor
        self.view: dict[str, CaseState | None] = {}
        self.seen: set[int] = set()

    def pull(self) -> None:
        while True:
            page = self.device.changes(self.cursor, self.page_size)
            for change in page.changes:
                self.view[change.lookup_key] = change.case
                self.seen.add(change.seq)
            self.cursor = page.next_cursor
            if not page.has_more:
                return


def _write(
    engine: Engine,
    case_number: str,
    status: CaseStatus,
    hold: Callable[[], None],
    allocate: SeqAllocator = allocate_seqs,
) -> int:
    with write_transaction(engine) as conn:
        seq = set_status(conn, case_number, status, date(2026, 3, 1), allocate=allocate)
        hold()  # a transaction of varying length: the number is taken, the commit is not
    return seq


def test_concurrent_writers_never_make_a_reader_skip_a_change(
    gateway, device, gateway_db_url
) -> None:
    cases = gateway.import_demo(count=WRITERS * WRITES_PER_WRITER, seed=11)
    reader = Reader(device, page_size=4, cursor=0)
    reader.pull()
    engine = make_engine(gateway_db_url)
    committed: list[tuple[str, int, CaseStatus]] = []  # (lookup key, seq, status)
    lock = threading.Lock()
    errors: list[BaseException] = []

    def writer(index: int) -> None:
        rng = random.Random(index)
        mine = cases[index * WRITES_PER_WRITER : (index + 1) * WRITES_PER_WRITER]
        try:
            for case in mine:  # every case is written exactly once: a skip is never repaired
                status = rng.choice(STATUSES)
                pause = rng.choice((0.0, 0.001, 0.005, 0.02, 0.05))
                seq = _write(
                    engine, case.case_number.canonical, status, lambda p=pause: time.sleep(p)
                )
                key = device.lookup_key(case.case_number.canonical, case.birth_date)
                with lock:
                    committed.append((key, seq, status))
        except BaseException as problem:  # surfaced in the main thread
            errors.append(problem)

    threads = [threading.Thread(target=writer, args=(index,)) for index in range(WRITERS)]
    for thread in threads:
        thread.start()
    # how many changes had committed when each pull began: some pull must fall between writes
    committed_at_pulls: list[int] = []
    while any(thread.is_alive() for thread in threads):
        with lock:
            committed_at_pulls.append(len(committed))
        reader.pull()
    for thread in threads:
        thread.join()
    # Caught up once nothing is in flight; a change the cursor passed would never come.
    deadline = time.monotonic() + 10
    while {seq for _, seq, _ in committed} - reader.seen and time.monotonic() < deadline:
        reader.pull()
    engine.dispose()

    assert not errors, errors
    assert len(committed) == WRITERS * WRITES_PER_WRITER
    between = [count for count in committed_at_pulls if 0 < count < len(committed)]
    assert between, f"the reader must have paged while writers were committing {committed_at_pulls}"
    missed = [seq for _, seq, _ in committed if seq not in reader.seen]
    assert missed == [], f"the reader skipped committed changes {missed}"
    for key, _, status in committed:
        state = reader.view[key]
        assert state is not None and state.status == status
    final, _, _ = device.pull_all(0)
    assert reader.view == final


def _plain_sequence(conn: Connection, count: int) -> range:
    value = int(conn.execute(text("SELECT nextval('plain_change_seq')")).scalar_one())
    return range(value, value + count)


@pytest.mark.parametrize("allocator", ["gateway", "gateway_read_past_bound", "plain_sequence"])
def test_the_skip_check_catches_a_plain_sequence(
    gateway, device, gateway_db_url, allocator, monkeypatch
) -> None:
    """The schedule that loses a change with a plain sequence, or with the gateway's numbering
    when readers ignore the bound, and does not with the gateway as it is."""
    if not gateway_db_url.startswith("postgresql"):
        pytest.skip("SQLite admits one writer at a time, so any allocator is commit-ordered there")
    first, second = gateway.import_demo(count=2, seed=3)
    reader = Reader(device, page_size=10, cursor=0)
    reader.pull()
    engine = make_engine(gateway_db_url)
    allocate: SeqAllocator = allocate_seqs
    if allocator == "plain_sequence":
        with write_transaction(engine) as conn:
            # Numbers just above the reader's cursor, and below the gateway's bound.
            conn.execute(text(f"CREATE SEQUENCE plain_change_seq START {reader.cursor + 1000}"))
        allocate = _plain_sequence
    if allocator == "gateway_read_past_bound":
        monkeypatch.setattr(change_feed, "feed_bound", lambda _conn: 2**62)
    taken, reader_done = threading.Event(), threading.Event()

    def slow_writer() -> None:
        def hold() -> None:
            taken.set()
            reader_done.wait(5)

        _write(engine, first.case_number.canonical, CaseStatus.COMPLETED, hold, allocate)

    slow = threading.Thread(target=slow_writer)
    slow.start()
    assert taken.wait(5)
    # The quick writer takes its number after the slow one and commits first.
    _write(engine, second.case_number.canonical, CaseStatus.IN_REVIEW, lambda: None, allocate)
    reader.pull()  # the kiosk pulls while the slow transaction is still open
    delivered_early = set(reader.seen)
    reader_done.set()
    slow.join()
    reader.pull()
    engine.dispose()

    first_key = device.lookup_key(first.case_number.canonical, first.birth_date)
    second_key = device.lookup_key(second.case_number.canonical, second.birth_date)
    assert reader.view[second_key].status == CaseStatus.IN_REVIEW  # type: ignore[union-attr]
    first_seen = reader.view[first_key].status  # type: ignore[union-attr]
    if allocator == "gateway":
        assert first_seen == CaseStatus.COMPLETED
        # Held back while the older transaction was open: a delay, not a loss.
        assert max(delivered_early) < min(reader.seen - delivered_early)
    else:
        assert first_seen != CaseStatus.COMPLETED, "expected the reader to lose a change"


def test_a_transaction_of_another_database_does_not_hold_the_feed_back(
    gateway, device, gateway_db_url
) -> None:
    """Only transactions of the gateway's own database can commit changes behind a cursor; one
    left open elsewhere on the same server (another application, a stuck session) is no reason
    to hold kiosks back."""
    if not gateway_db_url.startswith("postgresql"):
        pytest.skip("the bound on in-flight transactions is PostgreSQL's")
    import psycopg

    (case,) = gateway.import_demo(count=1, seed=5)
    reader = Reader(device, page_size=10, cursor=0)
    reader.pull()
    with psycopg.connect(POSTGRES_URL) as elsewhere:
        elsewhere.execute("SELECT pg_current_xact_id()")  # older than the change below, open
        assert elsewhere.info.dbname not in gateway_db_url
        gateway.set_status(case.case_number.canonical, CaseStatus.COMPLETED.value)
        reader.pull()
        elsewhere.rollback()
    key = device.lookup_key(case.case_number.canonical, case.birth_date)
    assert reader.view[key].status == CaseStatus.COMPLETED  # type: ignore[union-attr]
