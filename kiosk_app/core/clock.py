"""The office's time: one injectable clock from which every "now" and "today" is derived.

Days, slots and opening hours are the office's (``OFFICE_TIMEZONE``), not the machine's: a kiosk
whose system clock runs on UTC still starts a new day at midnight in Darmstadt. Production reads
the system clock; tests fix the clock to an instant they choose (DESIGN.md "Time").
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, tzinfo
from functools import cached_property

from kiosk_app.core.office import OFFICE_TIMEZONE

WallClock = Callable[[], datetime]  # timezone-aware instants


def system_clock() -> datetime:
    return datetime.now(UTC)


class OfficeTime:
    """``now`` and ``today`` in the office's time zone, read from ``clock``."""

    def __init__(self, clock: WallClock = system_clock, timezone: str = OFFICE_TIMEZONE) -> None:
        self.clock = clock
        self.timezone_name = timezone

    @cached_property
    def zone(self) -> tzinfo:
        from zoneinfo import ZoneInfo  # not before the first frame: only screens after it ask

        return ZoneInfo(self.timezone_name)

    def utc_now(self) -> datetime:
        return self.clock().astimezone(UTC)

    def now(self) -> datetime:
        """The office's wall time, naive (as slots and printouts state it)."""
        return self.clock().astimezone(self.zone).replace(tzinfo=None)

    def today(self) -> date:
        return self.now().date()

    def __repr__(self) -> str:
        return f"OfficeTime({self.timezone_name})"
