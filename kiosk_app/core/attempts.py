"""Limits on failed lookups, against guessing (issue: 5 per session, a sliding window per kiosk).

Only lookups that reach the cache and find nothing count: a number caught as mistyped reveals
nothing and costs no attempt. Pressing "home" starts a new session but does not lift a pause.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from .errors import TooManyAttempts

SESSION_LIMIT = 5
SESSION_COOLDOWN = timedelta(minutes=2)
KIOSK_WINDOW = timedelta(minutes=15)
KIOSK_LIMIT = 30
KIOSK_PAUSE = timedelta(minutes=5)


class AttemptLimiter:
    def __init__(
        self,
        clock: Callable[[], datetime],
        *,
        session_limit: int = SESSION_LIMIT,
        session_cooldown: timedelta = SESSION_COOLDOWN,
        kiosk_window: timedelta = KIOSK_WINDOW,
        kiosk_limit: int = KIOSK_LIMIT,
        kiosk_pause: timedelta = KIOSK_PAUSE,
        recent_failures: Iterable[datetime] = (),
        on_failure: Callable[[datetime], None] | None = None,
    ) -> None:
        self._clock = clock
        self._session_limit = session_limit
        self._session_cooldown = session_cooldown
        self._kiosk_window = kiosk_window
        self._kiosk_limit = kiosk_limit
        self._kiosk_pause = kiosk_pause
        self._on_failure = on_failure
        self._session_failures = 0
        self._session_blocked_until: datetime | None = None
        self._kiosk_failures: deque[datetime] = deque(sorted(recent_failures))

    @property
    def session_failures(self) -> int:
        return self._session_failures

    def check(self) -> None:
        """Raise ``TooManyAttempts`` while lookups are paused."""
        now = self._clock()
        if self._session_blocked_until is not None:
            if now < self._session_blocked_until:
                raise TooManyAttempts(self._session_blocked_until, kiosk_wide=False)
            self._session_blocked_until = None
            self._session_failures = 0
        self._forget_before(now - self._kiosk_window)
        if len(self._kiosk_failures) >= self._kiosk_limit:
            until = self._kiosk_failures[-1] + self._kiosk_pause
            if now < until:
                raise TooManyAttempts(until, kiosk_wide=True)

    def record_failure(self) -> None:
        now = self._clock()
        self._session_failures += 1
        self._kiosk_failures.append(now)
        if self._on_failure is not None:
            self._on_failure(now)
        if self._session_failures >= self._session_limit:
            self._session_blocked_until = now + self._session_cooldown

    def record_success(self) -> None:
        self._session_failures = 0

    def new_session(self) -> None:
        """A new resident: failures start from zero, but a running pause stays."""
        if self._session_blocked_until is None:
            self._session_failures = 0

    def _forget_before(self, cutoff: datetime) -> None:
        while self._kiosk_failures and self._kiosk_failures[0] < cutoff:
            self._kiosk_failures.popleft()
