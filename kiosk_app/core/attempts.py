"""Limits on failed lookups, against guessing without punishing the next resident (issue 12).

Two limits, neither tied to a session (what one resident did never reaches the next one):

- per case number: at most ``NUMBER_LIMIT`` failures for one number in ``NUMBER_WINDOW``; then
  that number alone is paused. Numbers are kept only as HMAC(per-process secret, canonical
  number), in memory.
- kiosk-wide: past ``KIOSK_FREE_FAILURES`` failures in ``KIOSK_WINDOW`` every lookup waits a
  little longer (doubling, capped at ``KIOSK_DELAY_CAP``). A delay, never a refusal.

A failure is a lookup that reached the cache and found nothing: a number caught as mistyped
reveals nothing and costs no attempt. docs/privacy.md states what this protects against.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections import deque
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from .case_number import CaseNumber
from .errors import NumberPaused

NUMBER_LIMIT = 5
NUMBER_WINDOW = timedelta(minutes=15)
KIOSK_WINDOW = timedelta(minutes=10)
KIOSK_FREE_FAILURES = 20
KIOSK_FIRST_DELAY = timedelta(milliseconds=250)
KIOSK_DELAY_CAP = timedelta(seconds=4)


class NumberPauses:
    """Failures per case number; a number with ``limit`` failures in ``window`` is paused."""

    def __init__(
        self,
        *,
        limit: int = NUMBER_LIMIT,
        window: timedelta = NUMBER_WINDOW,
        secret: bytes | None = None,
    ) -> None:
        self._limit = limit
        self._window = window
        # Random per process: the keys cannot be matched with lookup keys, other kiosks or a
        # later run, and die with the process.
        self._secret = secret if secret is not None else secrets.token_bytes(32)
        self._failures: dict[bytes, deque[datetime]] = {}

    def paused_until(self, number: CaseNumber, now: datetime) -> datetime | None:
        """When the pause for ``number`` ends, or None if it may be looked up now."""
        self._forget_before(now - self._window)
        times = self._failures.get(self._key(number), ())
        if len(times) < self._limit:
            return None
        # The oldest failure that still counts leaves the window then, freeing one attempt.
        return times[-self._limit] + self._window

    def record(self, number: CaseNumber, now: datetime) -> None:
        self._forget_before(now - self._window)
        self._failures.setdefault(self._key(number), deque()).append(now)

    @property
    def tracked_numbers(self) -> int:
        """How many numbers have failures on record (for tests; never their keys)."""
        return len(self._failures)

    def _key(self, number: CaseNumber) -> bytes:
        return hmac.new(self._secret, number.canonical.encode("ascii"), hashlib.sha256).digest()

    def _forget_before(self, cutoff: datetime) -> None:
        # Memory stays bounded by what the window holds, however many numbers are tried.
        for key in list(self._failures):
            times = self._failures[key]
            while times and times[0] <= cutoff:
                times.popleft()
            if not times:
                del self._failures[key]


class KioskSlowdown:
    """Failures across all numbers; past ``free_failures`` in ``window``, each lookup waits."""

    def __init__(
        self,
        *,
        window: timedelta = KIOSK_WINDOW,
        free_failures: int = KIOSK_FREE_FAILURES,
        first_delay: timedelta = KIOSK_FIRST_DELAY,
        delay_cap: timedelta = KIOSK_DELAY_CAP,
        recent_failures: Iterable[datetime] = (),
    ) -> None:
        self._window = window
        self._free_failures = free_failures
        self._first_delay = first_delay
        self._delay_cap = delay_cap
        self._failures: deque[datetime] = deque(sorted(recent_failures))

    def failures(self, now: datetime) -> int:
        self._forget_before(now - self._window)
        return len(self._failures)

    def delay(self, now: datetime) -> timedelta:
        """How long the next lookup waits: doubling with each failure past the free ones."""
        excess = self.failures(now) - self._free_failures
        if excess <= 0:
            return timedelta(0)
        # Capped exponent: past the cap the doubling would only make a huge number.
        doubled: timedelta = self._first_delay * 2 ** min(excess - 1, 32)
        return min(doubled, self._delay_cap)

    def record(self, now: datetime) -> None:
        self._failures.append(now)

    def _forget_before(self, cutoff: datetime) -> None:
        while self._failures and self._failures[0] <= cutoff:
            self._failures.popleft()


class AttemptLimiter:
    """Both limits over one clock; ``on_failure`` persists kiosk-wide failure times (only
    times: a restart must not reset the slowdown, and nothing typed is stored)."""

    def __init__(
        self,
        clock: Callable[[], datetime],
        *,
        numbers: NumberPauses | None = None,
        slowdown: KioskSlowdown | None = None,
        on_failure: Callable[[datetime], None] | None = None,
    ) -> None:
        self._clock = clock
        self._numbers = numbers if numbers is not None else NumberPauses()
        self._slowdown = slowdown if slowdown is not None else KioskSlowdown()
        self._on_failure = on_failure

    def check_number(self, number: CaseNumber) -> None:
        """Raise ``NumberPaused`` while failed lookups for ``number`` are paused."""
        until = self._numbers.paused_until(number, self._clock())
        if until is not None:
            raise NumberPaused(until)

    def record_failure(self, number: CaseNumber) -> None:
        now = self._clock()
        self._numbers.record(number, now)
        self._slowdown.record(now)
        if self._on_failure is not None:
            self._on_failure(now)

    def delay(self) -> timedelta:
        """How long the kiosk waits before the next lookup (shown as "checking", never as a
        refusal)."""
        return self._slowdown.delay(self._clock())

    @property
    def recent_failures(self) -> int:
        """Failures across all numbers in the kiosk-wide window."""
        return self._slowdown.failures(self._clock())
