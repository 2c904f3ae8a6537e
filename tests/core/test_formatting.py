"""Dates and times on screen never wrap inside ("gültig bis 5. / Januar 2027" in large text,
issue 12): in every language their spaces are no-break spaces."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest

from kiosk_app.core import formatting, i18n
from kiosk_app.core.languages import LANGUAGES

# Every month, one- and two-digit days and hours.
DAYS = [date(2027, month, 5 if month % 2 else 28) for month in range(1, 13)]
TIMES = [datetime(2027, 1, 5, 9, 10), datetime(2027, 7, 28, 14, 45)]


def breakable(text: str) -> list[str]:
    """The spaces in ``text`` a line may break at."""
    return [
        f"U+{ord(char):04X}"
        for char in text
        if char.isspace() and char not in formatting.NO_BREAK_SPACES
    ]


@pytest.fixture(params=[lang.code for lang in LANGUAGES])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    i18n.activate(request.param)
    yield request.param
    i18n.activate("en")


def test_a_date_has_no_breakable_space_in_any_language(language: str) -> None:
    for day in DAYS:
        shown = formatting.format_date(day)
        assert shown.strip() and not breakable(shown), f"{language}: {shown!r}"


def test_a_time_has_no_breakable_space_in_any_language(language: str) -> None:
    for moment in TIMES:
        shown = formatting.format_time(moment)
        assert shown.strip() and not breakable(shown), f"{language}: {shown!r}"


def test_keep_together_changes_only_the_spaces() -> None:
    kept = formatting.keep_together("5. Januar\u20092027\u202fr.")
    assert kept == "5.\u00a0Januar\u202f2027\u202fr."
    assert formatting.keep_together("2027年1月5日") == "2027年1月5日"


def test_a_full_date_may_break_after_the_weekday_only() -> None:
    kept = formatting.date_kept_whole("Dienstag, 5. Januar 2027", "5. Januar 2027")
    assert kept == "Dienstag, 5.\u00a0Januar\u00a02027"
    assert formatting.date_kept_whole("5 Ocak 2027 Salı", "5 Ocak 2027") == (
        "5\u00a0Ocak\u00a02027 Salı"
    )
    # A pattern without the long date in it is kept whole altogether.
    assert not breakable(formatting.date_kept_whole("Di., 5.1.2027", "5. Januar 2027"))


def test_a_date_and_time_says_the_minute_not_the_second_and_stays_whole(language: str) -> None:
    # The status line's "information as of …" read "09:10:00" once.
    shown = formatting.format_datetime(datetime(2026, 12, 8, 9, 10, 42))
    assert "42" not in shown and "9" in shown and "10" in shown, shown
    assert breakable(shown) == [], shown
