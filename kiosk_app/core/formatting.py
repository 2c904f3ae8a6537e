"""Dates and times in the resident's language, through Babel (never strftime).

A date or time shown on screen never wraps inside ("5. / Januar 2027" in large text): its
spaces become no-break spaces. A full date may still break between the weekday and the date.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from .i18n import active_language

if TYPE_CHECKING:
    from babel import Locale

# Babel is imported on first use, not at start-up: the welcome screen shows no dates.

# Spaces that hold together already: no-break, figure and narrow no-break space.
NO_BREAK_SPACES = frozenset("\u00a0\u2007\u202f")
_THIN_SPACES = frozenset("\u2009\u200a")  # thin and hair space keep their width, unbroken


def keep_together(text: str) -> str:
    """``text`` with every breakable space made a no-break space, so it never wraps inside."""
    return "".join(
        char
        if not char.isspace() or char in NO_BREAK_SPACES
        else "\u202f"
        if char in _THIN_SPACES
        else "\u00a0"
        for char in text
    )


def date_kept_whole(full: str, whole: str) -> str:
    """``full`` (a date with its weekday) with its part ``whole`` (the same date without the
    weekday) kept together, so a line breaks after the weekday if it must, never inside."""
    if whole and whole in full:
        return full.replace(whole, keep_together(whole), 1)
    return keep_together(full)  # a pattern that does not contain the long date: all of it


def _locale() -> Locale:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(active_language())
    except (ValueError, UnknownLocaleError):
        return Locale("en")


def format_date(value: date) -> str:
    from babel.dates import format_date as babel_format_date

    return keep_together(babel_format_date(value, format="long", locale=_locale()))


def format_time(value: datetime) -> str:
    from babel.dates import format_time as babel_format_time

    return keep_together(babel_format_time(value, format="short", locale=_locale()))


def format_datetime(value: datetime) -> str:
    """A date and a time to the minute (no seconds), in the language's order, kept whole."""
    from babel.dates import format_date as babel_format_date
    from babel.dates import format_time as babel_format_time
    from babel.dates import get_datetime_format

    locale = _locale()
    when = babel_format_date(value, format="medium", locale=locale)
    at = babel_format_time(value, format="short", locale=locale)
    pattern = str(get_datetime_format("medium", locale=locale))
    return keep_together(pattern.replace("{1}", when).replace("{0}", at))
