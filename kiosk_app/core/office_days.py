"""Which days the office is closed: the public holidays of its state, from the ``holidays``
library (kept up to date by others, unlike a hand-written list: Easter moves, states add days),
and the closure days staff enter at the gateway. Closure days are office data (DOMAIN.md: many
offices close on 24 and 31 December, not all), never code.

Kiosk and gateway judge a day alike with ``OfficeDays``: no slot on a closed day.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from types import MappingProxyType

from .office import DEFAULT_STATE


@dataclass(frozen=True)
class ClosedDay:
    day: date
    reason: str  # the holiday's German name, or what staff entered ("" when nothing)
    public_holiday: bool


def public_holidays(state: str, year: int) -> Mapping[date, str]:
    """The public holidays of the German ``state`` (e.g. "HE") in ``year``, with their German
    names. Raises ``ValueError`` for a state the library does not know."""
    return _public_holidays(state, year)


@lru_cache(maxsize=64)
def _public_holidays(state: str, year: int) -> Mapping[date, str]:
    # Imported on first use (~0.15 s the kiosk's start-up need not pay), and by module rather
    # than through ``holidays.country_holidays`` (a lookup by name), so PyInstaller bundles it.
    from holidays.countries.germany import Germany

    try:
        found = Germany(subdiv=state, years=year, language="de")
    except NotImplementedError:
        raise ValueError(f"unknown German state {state!r}") from None
    return MappingProxyType(dict(found.items()))


def check_state(state: str) -> str:
    """``state`` if the holiday library knows it, else ``ValueError`` (for configuration)."""
    public_holidays(state, 2026)
    return state


@dataclass(frozen=True)
class OfficeDays:
    """The office's closed days: its state's public holidays plus ``closures`` (day → the
    reason staff gave, "" for none)."""

    state: str = DEFAULT_STATE
    closures: Mapping[date, str] = field(default_factory=dict)

    def closed(self, day: date) -> ClosedDay | None:
        """Why the office is closed on ``day`` (a holiday's name first), or None if open."""
        holiday = public_holidays(self.state, day.year).get(day)
        if holiday is not None:
            return ClosedDay(day, holiday, public_holiday=True)
        if day in self.closures:
            return ClosedDay(day, self.closures[day], public_holiday=False)
        return None

    def is_closed(self, day: date) -> bool:
        """Closed all day by a holiday or a closure (weekends are the opening hours' business)."""
        return self.closed(day) is not None

    def without_closed(self, days: Iterable[date]) -> list[date]:
        return [day for day in days if not self.is_closed(day)]
