"""Dates and times in the resident's language, through Babel (never strftime)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from .i18n import active_language

if TYPE_CHECKING:
    from babel import Locale

# Babel is imported on first use, not at start-up: the welcome screen shows no dates.


def _locale() -> Locale:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(active_language())
    except (ValueError, UnknownLocaleError):
        return Locale("en")


def format_date(value: date) -> str:
    from babel.dates import format_date as babel_format_date

    return babel_format_date(value, format="long", locale=_locale())


def format_time(value: datetime) -> str:
    from babel.dates import format_time as babel_format_time

    return babel_format_time(value, format="short", locale=_locale())


def format_datetime(value: datetime) -> str:
    from babel.dates import format_datetime as babel_format_datetime

    return babel_format_datetime(value, format="medium", locale=_locale())
