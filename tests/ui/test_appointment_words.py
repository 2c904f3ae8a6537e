"""Booking dates on screen: the date part of a full date never wraps inside, in any language
(issue 12: "5. / Januar 2027"); the line may break after the weekday only."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from kiosk_app.core import formatting, i18n
from kiosk_app.core.languages import LANGUAGES
from kiosk_app.qt.viewmodels.booking_words import appointment_when, full_date, short_time


def breakable(text: str) -> int:
    return sum(char.isspace() and char not in formatting.NO_BREAK_SPACES for char in text)


@pytest.mark.parametrize("lang", [lang.code for lang in LANGUAGES])
def test_full_dates_and_times_keep_the_date_whole(lang: str) -> None:
    i18n.activate(lang)
    try:
        for month in range(1, 13):
            day = date(2027, month, 5)
            shown, whole = full_date(day), formatting.format_date(day)
            assert whole in shown, f"{lang}: {shown!r} lacks {whole!r}"
            assert breakable(shown) <= 1, f"{lang}: {shown!r} may break inside the date"
        moment = datetime(2027, 1, 5, 9, 10, 30)
        assert breakable(short_time(moment)) == 0
        assert ":30" not in appointment_when(moment)  # no seconds
    finally:
        i18n.activate("en")
