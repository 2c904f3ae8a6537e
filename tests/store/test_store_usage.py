"""Usage figures in the cache (issue 18): counted per hour, moved into the outbox exactly once,
the running hour at most every 15 minutes, and never a word outside the vocabulary."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from fixed_time import fixed_now

from kiosk_app.core.usage_events import UsageCount, UsageError, hour_of
from kiosk_app.store.connection import Connection
from kiosk_app.store.outbox import Outbox
from kiosk_app.store.usage import (
    CURRENT_HOUR_EVERY,
    MAX_FIGURES,
    add_count,
    flush_usage,
    pending_counts,
)
from sync.protocol import ReportUsage

# Ten minutes into an hour, whatever instant the suite runs at.
START = hour_of(fixed_now()) + timedelta(minutes=10)
HOUR = hour_of(START)


def _reports(conn: Connection) -> list[ReportUsage]:
    return [
        ReportUsage.model_validate_json(entry.payload)
        for entry in Outbox(conn).all_entries()
        if entry.kind == "report_usage"
    ]


def _totals(reports: list[ReportUsage]) -> dict[tuple[str, str, str], tuple[int, float]]:
    totals: dict[tuple[str, str, str], tuple[int, float]] = {}
    for report in reports:
        for figure in report.counts:
            key = (figure.hour.isoformat(), figure.kind, figure.outcome)
            count, value = totals.get(key, (0, 0.0))
            totals[key] = (count + figure.count, value + figure.value_sum)
    return totals


def test_counts_add_up_and_leave_in_one_report(conn: Connection) -> None:
    earlier = HOUR - timedelta(hours=1)
    add_count(
        conn, UsageCount(earlier, "lookup", language="ar", outcome="found", status="in_review")
    )
    add_count(
        conn, UsageCount(earlier, "lookup", language="ar", outcome="found", status="in_review")
    )
    add_count(
        conn,
        UsageCount(
            earlier, "booking", service="biometrics", outcome="made", bucket="2-7", value_sum=5
        ),
    )
    add_count(
        conn,
        UsageCount(
            earlier, "booking", service="biometrics", outcome="made", bucket="2-7", value_sum=3
        ),
    )
    assert len(pending_counts(conn)) == 2

    seqs = flush_usage(conn, Outbox(conn), START)
    assert len(seqs) == 1
    assert pending_counts(conn) == []
    assert _totals(_reports(conn)) == {
        (earlier.isoformat(), "lookup", "found"): (2, 0.0),
        (earlier.isoformat(), "booking", "made"): (2, 8.0),
    }
    assert flush_usage(conn, Outbox(conn), START) == []  # nothing left: no empty report


def test_the_running_hour_is_reported_at_most_every_15_minutes(conn: Connection) -> None:
    add_count(conn, UsageCount(HOUR, "lookup", outcome="not_found"))
    assert len(flush_usage(conn, Outbox(conn), START)) == 1  # the first report goes at once

    add_count(conn, UsageCount(HOUR, "lookup", outcome="not_found"))
    for minutes in (1, 5, 14):
        assert flush_usage(conn, Outbox(conn), START + timedelta(minutes=minutes)) == []
    assert [c.count for c in pending_counts(conn)] == [1]
    # A finished hour is not held back by the throttle.
    add_count(conn, UsageCount(HOUR - timedelta(hours=2), "lookup", outcome="mistyped"))
    assert len(flush_usage(conn, Outbox(conn), START + timedelta(minutes=14))) == 1
    assert [c.hour for c in pending_counts(conn)] == [HOUR]

    assert len(flush_usage(conn, Outbox(conn), START + CURRENT_HOUR_EVERY)) == 1
    assert pending_counts(conn) == []
    assert _totals(_reports(conn))[(HOUR.isoformat(), "lookup", "not_found")] == (2, 0.0)


def test_a_full_hour_goes_in_reports_of_at_most_500_figures(conn: Connection) -> None:
    earlier = HOUR - timedelta(hours=1)
    services = [f"service_{n}" for n in range(MAX_FIGURES + 20)]
    for service in services:
        add_count(conn, UsageCount(earlier, "booking", service=service, outcome="cancelled"))
    seqs = flush_usage(conn, Outbox(conn), START)
    reports = _reports(conn)
    assert len(seqs) == 2
    assert [len(r.counts) for r in reports] == [MAX_FIGURES, 20]
    assert sorted(f.service for r in reports for f in r.counts) == sorted(services)


def test_a_figure_outside_the_vocabulary_is_never_stored(conn: Connection) -> None:
    for smuggled in (
        UsageCount(HOUR, "lookup", outcome="DA-2026-000101-7"),
        UsageCount(HOUR, "lookup", detail="17.04.1990"),
        UsageCount(HOUR, "booking", service="B-0042 Müller"),
        UsageCount(HOUR + timedelta(minutes=5), "lookup", outcome="found"),
    ):
        with pytest.raises(UsageError):
            add_count(conn, smuggled)
    assert pending_counts(conn) == []


def test_a_report_and_its_deletion_commit_together(conn: Connection) -> None:
    """A failure while queuing (here: the outbox refuses) leaves every count where it was."""
    add_count(conn, UsageCount(HOUR - timedelta(hours=1), "lookup", outcome="found"))

    class BrokenOutbox:
        def append(self, kind: str, payload: str, created_at: object) -> int:
            Outbox(conn).append(kind, payload, START)
            raise OSError("disk full")

    with pytest.raises(OSError):
        flush_usage(conn, BrokenOutbox(), START)
    assert [c.count for c in pending_counts(conn)] == [1]
    assert Outbox(conn).all_entries() == []


def test_a_report_holds_only_vocabulary_words(conn: Connection) -> None:
    add_count(conn, UsageCount(HOUR, "lookup", language="uk", outcome="found", status="completed"))
    flush_usage(conn, Outbox(conn), START)
    (entry,) = Outbox(conn).all_entries()
    assert json.loads(entry.payload) == {
        "kind": "report_usage",
        "counts": [
            {
                "hour": HOUR.isoformat(),
                "kind": "lookup",
                "language": "uk",
                "outcome": "found",
                "status": "completed",
                "count": 1,
            }
        ],
    }
