"""The instant every test clock starts from, never the real one.

``KIOSK_TEST_NOW`` (an ISO 8601 instant with an offset) chooses it; CI runs the date-sensitive
suites at several (a Sunday night, both daylight-saving changes in Darmstadt, New Year's Eve, a
public holiday: ``.ci/date-sensitive``). Without it the tests run at ``DEFAULT_NOW``, a
Tuesday morning. Subprocesses of a test (kiosk workers, the gateway CLI) inherit the variable.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from kiosk_app.core.clock import OfficeTime
from kiosk_app.core.office import OFFICE_TIMEZONE

ENV = "KIOSK_TEST_NOW"
ANCHOR_ENV = "KIOSK_TEST_ANCHOR"  # the real time.time() at which a TickingClock reads fixed_now
DEFAULT_NOW = "2026-03-10T08:30:00+01:00"
OFFICE_ZONE = ZoneInfo(OFFICE_TIMEZONE)


def fixed_now() -> datetime:
    """The tests' fixed instant (timezone-aware, UTC)."""
    chosen = datetime.fromisoformat(os.environ.get(ENV) or DEFAULT_NOW)
    if chosen.tzinfo is None:
        raise ValueError(f"{ENV} needs an offset, e.g. 2026-12-06T02:22:00+00:00")
    return chosen.astimezone(UTC)


def fixed_today() -> date:
    """The office's date at the fixed instant."""
    return fixed_now().astimezone(OFFICE_ZONE).date()


class MovableClock:
    """A clock standing at the fixed instant; tests move it (``advance``) instead of sleeping."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = (start or fixed_now()).astimezone(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


class TickingClock:
    """A clock that starts at the fixed instant and runs at real speed, for tests whose parts
    wait in real time (leases of a few seconds, subprocess kiosks). Every process of a test run
    reads the same time: a test makes its clock with ``restart=True`` (now reads the fixed
    instant), and the subprocesses it starts afterwards inherit that anchor."""

    def __init__(self, *, restart: bool = False) -> None:
        self.start = fixed_now()
        if restart or ANCHOR_ENV not in os.environ:
            os.environ[ANCHOR_ENV] = repr(time.time())
        self.anchor = float(os.environ[ANCHOR_ENV])

    def __call__(self) -> datetime:
        return self.start + timedelta(seconds=time.time() - self.anchor)


def fixed_office_time(clock: MovableClock | TickingClock | None = None) -> OfficeTime:
    """The kiosk's ``OfficeTime`` reading ``clock`` (a new one at the fixed instant if None)."""
    return OfficeTime(clock or MovableClock())
