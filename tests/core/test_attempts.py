from datetime import datetime, timedelta

import pytest

from kiosk_app.core.attempts import AttemptLimiter
from kiosk_app.core.errors import TooManyAttempts


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 26, 9, 0)

    def __call__(self) -> datetime:
        return self.now


def test_five_failures_pause_the_session_then_it_lifts() -> None:
    clock = Clock()
    limiter = AttemptLimiter(clock, session_cooldown=timedelta(minutes=2))
    for _ in range(5):
        limiter.check()
        limiter.record_failure()
    with pytest.raises(TooManyAttempts) as paused:
        limiter.check()
    assert not paused.value.kiosk_wide
    assert paused.value.until == clock.now + timedelta(minutes=2)
    limiter.new_session()  # pressing home does not lift the pause
    with pytest.raises(TooManyAttempts):
        limiter.check()
    clock.now += timedelta(minutes=2)
    limiter.check()
    assert limiter.session_failures == 0


def test_success_resets_the_session_count() -> None:
    limiter = AttemptLimiter(Clock())
    for _ in range(4):
        limiter.record_failure()
    limiter.record_success()
    limiter.record_failure()
    limiter.check()


def test_kiosk_window_pauses_across_sessions_and_slides() -> None:
    clock = Clock()
    seen: list[datetime] = []
    limiter = AttemptLimiter(
        clock,
        kiosk_limit=6,
        kiosk_window=timedelta(minutes=10),
        kiosk_pause=timedelta(minutes=5),
        on_failure=seen.append,
    )
    for _ in range(6):
        limiter.check()
        limiter.record_failure()
        limiter.new_session()  # a new resident each time: the per-session limit never trips
        clock.now += timedelta(seconds=30)
    with pytest.raises(TooManyAttempts) as paused:
        limiter.check()
    assert paused.value.kiosk_wide
    assert len(seen) == 6
    clock.now += timedelta(minutes=11)  # the window slid past all failures
    limiter.check()


def test_failures_from_before_a_restart_still_count() -> None:
    clock = Clock()
    earlier = [clock.now - timedelta(minutes=1)] * 6
    limiter = AttemptLimiter(clock, kiosk_limit=6, recent_failures=earlier)
    with pytest.raises(TooManyAttempts):
        limiter.check()
