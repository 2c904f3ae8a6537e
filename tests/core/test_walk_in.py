"""The walk-in queue's rules (``kiosk_app.core.walk_in``) at fixed instants: opening hours in
Berlin time across the spring DST change, holidays and closure days, the quota with its urgent
share, ticket numbers, urgency and the wait estimate."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from kiosk_app.core.office_days import OfficeDays
from kiosk_app.core.walk_in import (
    WaitEstimate,
    WalkInRules,
    estimate_wait,
    ewma,
    is_urgent,
    issuing_refusal,
    quota_left,
    spoken_number,
    ticket_label,
)

RULES = WalkInRules("residence_permit", "A", 40, time(7, 30), time(11, 0), 25, 14)
HESSE = OfficeDays("HE")


def test_opening_hours_are_berlin_wall_time_in_winter() -> None:
    # Tuesday 10 March 2026, CET (UTC+1).
    assert issuing_refusal(RULES, datetime(2026, 3, 10, 6, 29, tzinfo=UTC), HESSE) == (
        "walk_in_closed"
    )
    assert issuing_refusal(RULES, datetime(2026, 3, 10, 6, 30, tzinfo=UTC), HESSE) is None
    assert issuing_refusal(RULES, datetime(2026, 3, 10, 9, 59, tzinfo=UTC), HESSE) is None
    assert issuing_refusal(RULES, datetime(2026, 3, 10, 10, 0, tzinfo=UTC), HESSE) == (
        "walk_in_closed"
    )


def test_opening_hours_follow_the_clock_change() -> None:
    # Sunday 29 March 2026 clocks go forward; Monday 30 March is CEST (UTC+2): 7:30 is 5:30 UTC.
    assert issuing_refusal(RULES, datetime(2026, 3, 30, 5, 30, tzinfo=UTC), HESSE) is None
    assert issuing_refusal(RULES, datetime(2026, 3, 30, 5, 29, tzinfo=UTC), HESSE) == (
        "walk_in_closed"
    )
    assert issuing_refusal(RULES, datetime(2026, 3, 30, 9, 0, tzinfo=UTC), HESSE) == (
        "walk_in_closed"
    )
    # The change day itself is a Sunday: no walk-ins at any hour.
    assert issuing_refusal(RULES, datetime(2026, 3, 29, 8, 0, tzinfo=UTC), HESSE) == (
        "office_closed"
    )


def test_holidays_and_closure_days_issue_nothing() -> None:
    good_friday = datetime(2026, 4, 3, 7, 0, tzinfo=UTC)
    assert issuing_refusal(RULES, good_friday, HESSE) == "office_closed"
    outing = OfficeDays("HE", {date(2026, 6, 10): "Betriebsausflug"})
    at = datetime(2026, 6, 10, 7, 0, tzinfo=UTC)
    assert issuing_refusal(RULES, at, outing) == "office_closed"
    assert issuing_refusal(RULES, at, HESSE) is None


def test_urgent_share_is_kept_for_urgent_tickets() -> None:
    assert RULES.reserved == 10
    assert quota_left(RULES, 0, 0).normal == 30
    left = quota_left(RULES, 30, 0)
    assert (left.total, left.normal) == (10, 0)
    assert left.allows(urgent=True) and not left.allows(urgent=False)
    # Urgent tickets beyond their share take ordinary ones.
    assert quota_left(RULES, 25, 12).normal == 3
    assert quota_left(RULES, 28, 12).normal == 0
    assert not quota_left(RULES, 30, 10).allows(urgent=True)
    # A share never rounds down to nothing.
    assert WalkInRules("x", "B", 3, time(8), time(9), 10, 7).reserved == 1


def test_ticket_numbers() -> None:
    assert ticket_label("A", 42) == "A 042"
    assert spoken_number("A", 42) == "A 42"
    with pytest.raises(ValueError):
        ticket_label("A", 1000)


def test_urgency_from_permit_or_fiktion_end() -> None:
    today = date(2026, 3, 10)
    assert is_urgent(today, 14, date(2026, 3, 24), None)
    assert not is_urgent(today, 14, date(2026, 3, 25), None)
    assert is_urgent(today, 14, None, date(2026, 3, 1))  # already over
    assert not is_urgent(today, 14, None, None)


def test_wait_estimate_is_a_range() -> None:
    assert ewma([]) is None
    assert ewma([10.0, 20.0]) == pytest.approx(13.0)
    assert estimate_wait(0, 12.0, 2, 0.1) == WaitEstimate(0, 5)
    # 10 ahead, one in ten does not come, 12 minutes each, 3 desks: 36 minutes, ±9.
    assert estimate_wait(10, 12.0, 3, 0.1) == WaitEstimate(27, 45)
    # A short queue keeps a range of at least five minutes either way.
    assert estimate_wait(1, 8.0, 2, 0.0) == WaitEstimate(0, 9)
    with pytest.raises(ValueError):
        estimate_wait(3, 10.0, 0, 0.0)
