from datetime import date

import pytest

from kiosk_app.core.birth_date import parse_birth_date
from kiosk_app.core.errors import BirthDateInFuture, BirthDateInvalid

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("31.12.1990", date(1990, 12, 31)),
        ("31/12/1990", date(1990, 12, 31)),
        ("31-12-1990", date(1990, 12, 31)),
        ("3.2.1990", date(1990, 2, 3)),
        ("03 . 02 . 1990", date(1990, 2, 3)),
        ("1990-12-31", date(1990, 12, 31)),
        ("31121990", date(1990, 12, 31)),
        ("311290", date(1990, 12, 31)),
        ("01.01.05", date(2005, 1, 1)),  # two-digit year: the latest one not in the future
        ("01.01.30", date(1930, 1, 1)),
    ],
)
def test_ways_people_type_a_date(typed: str, expected: date) -> None:
    assert parse_birth_date(typed, TODAY) == expected


@pytest.mark.parametrize(
    "typed", ["", "31.02.1990", "1990", "32.01.1990", "12.13.1990", "abc", "01.01.1850"]
)
def test_impossible_dates_are_refused(typed: str) -> None:
    with pytest.raises(BirthDateInvalid):
        parse_birth_date(typed, TODAY)


def test_future_date_is_refused() -> None:
    with pytest.raises(BirthDateInFuture):
        parse_birth_date("01.01.2027", TODAY)
