"""Birth dates as residents type them: 31.12.1990, 31/12/90, 1990-12-31, 31121990, 3.2.1990."""

from __future__ import annotations

import re
from datetime import date

from .errors import BirthDateInFuture, BirthDateInvalid

_ISO = re.compile(r"^(\d{4})[-./](\d{1,2})[-./](\d{1,2})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[-./ ](\d{1,2})[-./ ](\d{2}|\d{4})$")
_COMPACT = re.compile(r"^(\d{2})(\d{2})(\d{2}|\d{4})$")
OLDEST_YEAR = 1900


def parse_birth_date(text: str, today: date) -> date:
    """Day-first (as on German documents) or ISO; two-digit years are taken as the latest past."""
    cleaned = re.sub(r"\s*([-./])\s*", r"\1", text.strip())
    if match := _ISO.match(cleaned):
        year, month, day = (int(part) for part in match.groups())
    elif match := (_DAY_FIRST.match(cleaned) or _COMPACT.match(cleaned)):
        day, month = int(match.group(1)), int(match.group(2))
        year = _full_year(match.group(3), today)
    else:
        raise BirthDateInvalid(text)
    try:
        born = date(year, month, day)
    except ValueError:
        raise BirthDateInvalid(text) from None
    if born > today:
        raise BirthDateInFuture(text)
    if born.year < OLDEST_YEAR:
        raise BirthDateInvalid(text)
    return born


def _full_year(digits: str, today: date) -> int:
    if len(digits) == 4:
        return int(digits)
    year = 2000 + int(digits)
    return year if year <= today.year else year - 100
