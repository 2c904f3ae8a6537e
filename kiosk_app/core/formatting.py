"""Dates and times in the resident's language, through Babel (never strftime)."""

from __future__ import annotations

from datetime import date, datetime

from babel import Locale, UnknownLocaleError
from babel import dates as babel_dates

from .i18n import active_language


def _locale() -> Locale:
    try:
        return Locale.parse(active_language())
    except (ValueError, UnknownLocaleError):
        return Locale("en")


def format_date(value: date) -> str:
    return babel_dates.format_date(value, format="long", locale=_locale())


def format_time(value: datetime) -> str:
    return babel_dates.format_time(value, format="short", locale=_locale())


def format_datetime(value: datetime) -> str:
    return babel_dates.format_datetime(value, format="medium", locale=_locale())
