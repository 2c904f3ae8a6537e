"""The office's own data that snippet answers name (fees, hours, address, …; issue 16): read
from the office's TOML file at the gateway, sent to kiosks and counters with the knowledge
base in a plain JSON form (``wire``), and turned into ``snippet_fill`` values where shown.

The wire form is the file's form: text as strings, money as a decimal string in euros, numbers
as integers, opening hours as ``[{"day": 0, "opens": "08:00", "closes": "12:00"}, …]`` (day 0
is Monday, office-local times). Only names of ``snippet_fill.PLACEHOLDERS`` outside ``case.``
are allowed; anything else is refused whole (``OfficeDataError``), so a typo in the office's
file stops the gateway at start rather than showing a wrong figure to residents.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import cast

from .snippet_fill import PLACEHOLDERS, Hours, Value

OFFICE_NAMES: tuple[str, ...] = tuple(name for name in PLACEHOLDERS if not name.startswith("case."))
_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
Wire = dict[str, object]


class OfficeDataError(ValueError):
    """The office's data breaks a rule; the message names the entry."""


def _clock(text: object, where: str) -> time:
    match = _CLOCK.match(text) if isinstance(text, str) else None
    if match is None:
        raise OfficeDataError(f"{where}: a time is written HH:MM")
    return time(int(match.group(1)), int(match.group(2)))


def _hours(raw: object, where: str) -> list[tuple[int, time, time]]:
    if not isinstance(raw, list) or not raw:
        raise OfficeDataError(f"{where}: a list of opening spans")
    spans = []
    for n, span in enumerate(raw, 1):
        if not isinstance(span, Mapping) or set(span) != {"day", "opens", "closes"}:
            raise OfficeDataError(f"{where} #{n}: day, opens and closes")
        day = span["day"]
        if not isinstance(day, int) or isinstance(day, bool) or not 0 <= day <= 6:
            raise OfficeDataError(f"{where} #{n}: day is 0 (Monday) to 6 (Sunday)")
        opens, closes = _clock(span["opens"], where), _clock(span["closes"], where)
        if closes <= opens:
            raise OfficeDataError(f"{where} #{n}: closes after it opens")
        spans.append((day, opens, closes))
    return spans


def office_values(raw: Mapping[str, object]) -> dict[str, Value]:
    """The fill values of the office's data in wire (or file) form."""
    values: dict[str, Value] = {}
    for name, value in raw.items():
        if name not in OFFICE_NAMES:
            raise OfficeDataError(f"{name}: not an office placeholder")
        kind = PLACEHOLDERS[name]
        if kind == "text":
            if not isinstance(value, str) or not value.strip() or len(value) > 300:
                raise OfficeDataError(f"{name}: a text of 1 to 300 characters")
            values[name] = value
        elif kind == "money":
            try:
                amount = Decimal(str(value)) if isinstance(value, str | int) else None
            except InvalidOperation:
                amount = None
            if amount is None or not amount.is_finite() or amount < 0 or isinstance(value, bool):
                raise OfficeDataError(f'{name}: an amount in euros, e.g. "96.00"')
            values[name] = amount
        elif kind == "number":
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 1000:
                raise OfficeDataError(f"{name}: a whole number")
            values[name] = value
        else:  # hours
            values[name] = _hours(value, name)
    return values


def office_wire(values: Mapping[str, Value]) -> Wire:
    """The wire form of fill values (the inverse of ``office_values``), keys sorted."""
    wire: Wire = {}
    for name in sorted(values):
        value = values[name]
        if PLACEHOLDERS.get(name) == "hours":
            spans = cast("Hours", value)
            wire[name] = [
                {"day": day, "opens": f"{opens:%H:%M}", "closes": f"{closes:%H:%M}"}
                for day, opens, closes in spans
            ]
        elif isinstance(value, Decimal):
            wire[name] = str(value)
        else:
            wire[name] = value
    return wire


def read_office_file(path: Path) -> Wire:
    """The office's TOML file, checked, in wire form; ``OfficeDataError`` names what is wrong."""
    import tomllib

    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise OfficeDataError(f"{path}: {error}") from None
    return office_wire(office_values(raw))


def demo_office_file() -> Path:
    """The fictitious office of the demo (content/office/demo.toml)."""
    return Path(__file__).resolve().parents[2] / "content" / "office" / "demo.toml"
