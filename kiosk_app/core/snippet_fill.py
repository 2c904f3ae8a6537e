"""The closed list of placeholders a snippet's answer may hold, and how each is filled for a
language: office data (address, hours, fees, ...) and the open case (missing documents, next
appointment, status). Numbers, money, times and lists are formatted by Babel for the language,
so a fee reads "96,00 €" in German and "€96.00" in English.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time
from decimal import Decimal
from typing import Literal, cast
from zoneinfo import ZoneInfo

Kind = Literal["text", "money", "number", "hours", "datetime", "list"]

# name -> kind. Office data is set by the office; case data comes from the resident's case.
PLACEHOLDERS: dict[str, Kind] = {
    "office.name": "text",
    "office.address": "text",
    "office.hours": "hours",
    "office.phone": "text",
    "office.email": "text",
    "office.booking_url": "text",
    "office.case_prefix": "text",
    "office.privacy_contact": "text",
    "fee.extension": "money",
    "fee.fiktion_certificate": "money",
    "fee.replacement_card": "money",
    "fee.settlement_permit": "money",
    "fee.naturalisation": "money",
    "card.production_weeks": "number",
    "case.missing_documents": "list",
    "case.next_appointment": "datetime",
    "case.status": "text",
}
PLACEHOLDER = re.compile(r"\{([a-z_]+\.[a-z_]+)\}")
CURRENCY = "EUR"

# Opening hours: (weekday 0 = Monday, opens, closes), one entry per opening span.
Hours = Sequence[tuple[int, time, time]]
Value = str | Decimal | int | Hours | datetime | Sequence[str]


class MissingPlaceholder(KeyError):
    """The answer needs a value the caller has not given (office data not set, no case open)."""


class UnknownPlaceholder(ValueError):
    """The text names a placeholder outside the closed list."""


@dataclass(frozen=True)
class FillContext:
    language: str  # launch language code (``zh_Hans`` etc.)
    timezone: str = "Europe/Berlin"


def placeholders_in(text: str) -> tuple[str, ...]:
    """The placeholder names ``text`` uses, in order of first use."""
    return tuple(dict.fromkeys(PLACEHOLDER.findall(text)))


def _locale(language: str) -> str:
    return language  # Babel parses every launch code, zh_Hans included


def format_value(name: str, value: Value, context: FillContext) -> str:
    """One placeholder's value in the context's language."""
    from babel.dates import format_datetime, format_time, get_day_names
    from babel.lists import format_list
    from babel.numbers import format_currency, format_decimal

    kind = PLACEHOLDERS.get(name)
    if kind is None:
        raise UnknownPlaceholder(name)
    locale = _locale(context.language)
    if kind == "money":
        assert isinstance(value, Decimal | int)
        return format_currency(Decimal(value), CURRENCY, locale=locale)
    if kind == "number":
        assert isinstance(value, int | Decimal)
        return format_decimal(value, locale=locale)
    if kind == "datetime":
        assert isinstance(value, datetime)
        return format_datetime(value, "medium", tzinfo=ZoneInfo(context.timezone), locale=locale)
    if kind == "hours":
        days = get_day_names("wide", locale=locale)
        spans = [
            f"{days[day]} {format_time(opens, 'short', locale=locale)}–"
            f"{format_time(closes, 'short', locale=locale)}"
            for day, opens, closes in cast("Hours", value)
        ]
        return format_list(spans, locale=locale)
    if kind == "list":
        return format_list([str(item) for item in cast("Sequence[str]", value)], locale=locale)
    return str(value)


def fill(text: str, values: Mapping[str, Value], context: FillContext) -> str:
    """``text`` with every placeholder replaced by its formatted value.

    Raises :class:`UnknownPlaceholder` for a name outside the list and
    :class:`MissingPlaceholder` for one ``values`` lacks: a snippet is never shown half filled.
    """

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in PLACEHOLDERS:
            raise UnknownPlaceholder(name)
        if name not in values:
            raise MissingPlaceholder(name)
        return format_value(name, values[name], context)

    return PLACEHOLDER.sub(replace, text)


def demo_office_values() -> dict[str, Value]:
    """Invented office data for the demo and tests (a fictitious office, not real fees or
    hours): a real office sets its own. Case values come from the open case, not from here."""
    return {
        "office.name": "Ausländerbehörde Demostadt",
        "office.address": "Musterplatz 1, 64283 Demostadt",
        "office.hours": [
            (0, time(8), time(12)),
            (1, time(8), time(12)),
            (3, time(13), time(18)),
            (4, time(8), time(12)),
        ],
        "office.phone": "+49 6151 000000",
        "office.email": "auslaenderbehoerde@demostadt.example",
        "office.booking_url": "https://termine.demostadt.example",
        "office.case_prefix": "DA",
        "office.privacy_contact": "datenschutz@demostadt.example",
        "fee.extension": Decimal("100"),
        "fee.fiktion_certificate": Decimal("15"),
        "fee.replacement_card": Decimal("70"),
        "fee.settlement_permit": Decimal("120"),
        "fee.naturalisation": Decimal("250"),
        "card.production_weeks": 6,
    }
