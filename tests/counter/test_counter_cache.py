"""The counter's cache alone: encryption, the outbox's numbering, answers, conflicts, pruning."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from fixed_time import MovableClock

from kiosk_app.core.clock import OfficeTime
from kiosk_app.core.statuses import CaseStatus
from kiosk_app.counter.cache import CREDENTIAL_NAME, CounterCache, counter_key
from kiosk_app.store.errors import WrongCacheKey
from sync.protocol import CommandResult, StaffMarkDocuments, StaffSetStatus
from sync.staff_protocol import DayAppointment, ReceivedDocument, StaffCase, TodayPage

SESSION = "5e" * 16
NUMBER = "DA-2026-000123-6"


def a_case(**changes: object) -> StaffCase:
    fields: dict[str, object] = {
        "case_number": NUMBER,
        "status": CaseStatus.DOCUMENTS_MISSING,
        "status_changed_on": date(2026, 2, 1),
        "permit_type": "work",
        "missing_documents": ["passport", "photo", "health_insurance"],
    }
    fields.update(changes)
    return StaffCase.model_validate(fields)


def test_the_cache_file_is_encrypted_and_refuses_another_key(tmp_path: Path) -> None:
    key = bytes(range(32))
    CounterCache.open(tmp_path / "c.db", key).close()
    assert not (tmp_path / "c.db").read_bytes().startswith(b"SQLite format 3")
    with pytest.raises(WrongCacheKey):
        CounterCache.open(tmp_path / "c.db", bytes(32))


def test_the_key_comes_from_the_counters_own_credential(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / CREDENTIAL_NAME).write_text("ab" * 32)
    (tmp_path / "kiosk-db-key").write_text("cd" * 32)
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(tmp_path))
    assert counter_key() == bytes.fromhex("ab" * 32)


def test_commands_are_numbered_without_gaps_and_answers_write_their_effect(
    counter_cache: CounterCache, office_time: OfficeTime
) -> None:
    now, today = office_time.utc_now(), office_time.today()
    counter_cache.store_case(a_case(), now, today)
    seqs = [
        counter_cache.append(
            StaffMarkDocuments(session_id=SESSION, case_number=NUMBER, documents=[code]),
            now,
            today,
        )
        for code in ("passport", "photo")
    ]
    assert seqs == [1, 2] and counter_cache.pending_count() == 2
    results = [CommandResult(seq=1, outcome="applied"), CommandResult(seq=2, outcome="duplicate")]
    answers = counter_cache.answer(results, now, today)
    assert [a.conflict_id for a in answers] == [None, None]
    assert counter_cache.pending_count() == 0
    cached = counter_cache.cached_case(NUMBER)
    assert cached is not None
    assert {d.code for d in cached.case.received_documents} == {"passport", "photo"}
    assert cached.case.missing_documents == ["health_insurance"]
    later = StaffMarkDocuments(session_id=SESSION, case_number=NUMBER, documents=["photo"])
    assert counter_cache.append(later, now, today) == 3


def test_a_refused_command_becomes_a_conflict_and_changes_nothing(
    counter_cache: CounterCache, office_time: OfficeTime
) -> None:
    now, today = office_time.utc_now(), office_time.today()
    counter_cache.store_case(a_case(), now, today)
    change = StaffSetStatus(
        session_id=SESSION,
        case_number=NUMBER,
        status=CaseStatus.IN_REVIEW,
        expected_status=CaseStatus.DOCUMENTS_MISSING,
    )
    seq = counter_cache.append(change, now, today)
    refused = CommandResult(seq=seq, outcome="rejected", reason="status_changed")
    [answer] = counter_cache.answer([refused], now, today)
    assert answer.conflict_id is not None
    cached = counter_cache.cached_case(NUMBER)
    assert cached is not None and cached.case.status is CaseStatus.DOCUMENTS_MISSING
    [conflict] = counter_cache.conflicts()
    assert conflict.reason == "status_changed" and conflict.can_apply_again
    assert (conflict.expected_status, conflict.wanted_status) == (
        CaseStatus.DOCUMENTS_MISSING,
        CaseStatus.IN_REVIEW,
    )
    assert conflict.current_status is None  # not read again since the refusal
    counter_cache.store_case(a_case(status=CaseStatus.COMPLETED), now + timedelta(seconds=1), today)
    assert counter_cache.conflicts()[0].current_status is CaseStatus.COMPLETED


def test_received_documents_only_grow_when_an_older_copy_arrives(
    counter_cache: CounterCache, office_time: OfficeTime
) -> None:
    now, today = office_time.utc_now(), office_time.today()
    received = [ReceivedDocument(code="photo", received_at=now)]
    counter_cache.store_case(
        a_case(received_documents=received, missing_documents=["passport"]), now, today
    )
    counter_cache.store_case(a_case(), now, today)  # a page read before the receipt
    cached = counter_cache.cached_case(NUMBER)
    assert cached is not None
    assert [d.code for d in cached.case.received_documents] == ["photo"]
    assert "photo" not in cached.case.missing_documents


def test_a_new_office_day_keeps_only_todays_and_unsent_things(
    counter_cache: CounterCache, counter_clock: MovableClock, office_time: OfficeTime
) -> None:
    now, today = office_time.utc_now(), office_time.today()
    assert counter_cache.prune(today)
    kept_number, dropped_number = NUMBER, "DA-2026-000124-2"
    counter_cache.store_case(a_case(), now, today)
    counter_cache.store_case(a_case(case_number=dropped_number), now, today)
    appointment = DayAppointment(
        booking_id="b" * 32,
        service="residence_permit",
        start=office_time.now().replace(hour=10, minute=0, second=0, microsecond=0),
        case_number=dropped_number,
        status=CaseStatus.DOCUMENTS_MISSING,
    )
    page = TodayPage(day=today, server_time=now, appointments=[appointment], cases=[])
    counter_cache.store_today(page, now, today)
    unsent = StaffMarkDocuments(session_id=SESSION, case_number=kept_number, documents=["photo"])
    counter_cache.append(unsent, now, today)
    assert not counter_cache.prune(today)  # same day: nothing goes

    counter_clock.advance(timedelta(days=1))
    assert counter_cache.prune(office_time.today())
    assert counter_cache.day_appointments(today) == []
    assert counter_cache.cached_case(dropped_number) is None
    assert counter_cache.cached_case(kept_number) is not None  # its action is still unsent
    assert counter_cache.pending_count() == 1
    assert counter_cache.integrity_check() == "ok"
