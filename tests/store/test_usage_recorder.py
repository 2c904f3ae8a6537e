"""The kiosk's usage recorder (issue 18): events become vocabulary counts in the cache; a
figure the vocabulary refuses, or a cache that cannot be written, is dropped with a log line
that carries no value, and nothing ever reaches the caller."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from fixed_time import fixed_now

from kiosk_app.core.errors import (
    BirthDateInvalid,
    CaseNotFound,
    KioskError,
    NumberLooksMistyped,
    NumberPaused,
)
from kiosk_app.core.print_errors import PrinterOutOfPaper, PrinterTimedOut
from kiosk_app.core.statuses import CaseStatus
from kiosk_app.core.usage_events import hour_of
from kiosk_app.store.connection import open_cache
from kiosk_app.store.usage import pending_counts
from kiosk_app.usage_recorder import UsageRecorder

TODAY = date(2026, 3, 10)


def recorder(cache_path: Path, key: bytes, language: str = "fa") -> UsageRecorder:
    return UsageRecorder(
        lambda: open_cache(cache_path, key),
        clock=fixed_now,
        today=lambda: TODAY,
        language=lambda: language,
    )


def counted(cache_path: Path, key: bytes) -> dict[tuple[str, ...], tuple[int, float]]:
    conn = open_cache(cache_path, key)
    try:
        return {
            (c.kind, c.language, c.service, c.outcome, c.status, c.bucket): (c.count, c.value_sum)
            for c in pending_counts(conn)
        }
    finally:
        conn.close()


def test_events_become_counts_of_the_hour_in_the_sessions_language(
    cache_path: Path, key: bytes
) -> None:
    usage = recorder(cache_path, key)
    usage.lookup_found(CaseStatus.IN_REVIEW)
    usage.lookup_refused(CaseNotFound())
    usage.lookup_refused(NumberLooksMistyped())
    usage.lookup_refused(BirthDateInvalid("31.02.1990"))
    usage.lookup_refused(NumberPaused(fixed_now() + timedelta(minutes=5)))
    usage.lookup_refused(KioskError())  # the cache still opening: no lookup outcome
    usage.paper("checklist", None)
    usage.paper("confirmation", PrinterOutOfPaper())
    usage.paper("checklist", PrinterTimedOut())
    usage.booking("made", "biometrics", datetime(2026, 3, 19, 9, 30))
    usage.booking("moved", "biometrics", datetime(2026, 3, 11, 8, 0))
    usage.booking("cancelled", "biometrics")
    usage.close()

    assert counted(cache_path, key) == {
        ("lookup", "fa", "", "found", "in_review", ""): (1, 0.0),
        ("lookup", "fa", "", "not_found", "", ""): (1, 0.0),
        ("lookup", "fa", "", "mistyped", "", ""): (2, 0.0),
        ("lookup", "fa", "", "paused", "", ""): (1, 0.0),
        ("checklist_printed", "fa", "", "printed", "", ""): (1, 0.0),
        ("checklist_printed", "fa", "", "failed", "", ""): (1, 0.0),
        ("confirmation_printed", "fa", "", "failed", "", ""): (1, 0.0),
        ("printer_fault", "fa", "", "paper_out", "", ""): (1, 0.0),
        ("printer_fault", "fa", "", "error", "", ""): (1, 0.0),
        ("booking", "fa", "biometrics", "made", "", "8-14"): (1, 9.0),
        ("booking", "fa", "biometrics", "moved", "", "0-1"): (1, 1.0),
        ("booking", "fa", "biometrics", "cancelled", "", ""): (1, 0.0),
    }
    conn = open_cache(cache_path, key)
    assert {c.hour for c in pending_counts(conn)} == {hour_of(fixed_now())}
    conn.close()


def test_questions_count_the_topic_in_the_language_asked(cache_path: Path, key: bytes) -> None:
    usage = recorder(cache_path, key, language="de")  # the screen's language
    usage.question("ar", "answered", "lost_card")
    usage.question("ar", "none_of_these")
    usage.question("zh_Hans", "no_result")
    usage.close()
    conn = open_cache(cache_path, key)
    try:
        counts = {(c.language, c.outcome, c.detail): c.count for c in pending_counts(conn)}
    finally:
        conn.close()
    assert counts == {
        ("ar", "answered", "lost_card"): 1,
        ("ar", "none_of_these", ""): 1,
        ("zh_Hans", "no_result", ""): 1,
    }


def test_a_refused_figure_is_dropped_and_logged_without_its_value(
    cache_path: Path, key: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    usage = recorder(cache_path, key)
    with caplog.at_level(logging.INFO, logger="kiosk_app.usage_recorder"):
        usage.booking("made", "DA-2026-000101-7")  # a case number where a service belongs
        usage.record("lookup", outcome="17.04.1990")
        usage.record("B-0042 Ayşe", outcome="found")
        usage.close()
    assert counted(cache_path, key) == {}
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert len(caplog.records) == 3 and "UsageError" in logged
    for value in ("DA-2026-000101-7", "2026", "17.04.1990", "B-0042", "Ayşe"):
        assert value not in logged


def test_a_cache_that_cannot_be_written_never_reaches_the_screen(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def no_cache() -> object:
        raise KioskError("the case cache is still opening")

    usage = UsageRecorder(no_cache, clock=fixed_now, language=lambda: "de")  # type: ignore[arg-type]
    with caplog.at_level(logging.WARNING, logger="kiosk_app.usage_recorder"):
        usage.lookup_found(CaseStatus.RECEIVED)  # returns; the write fails in its thread
        usage.flush()
        usage.close()
    assert "usage figure not written: KioskError" in caplog.text
