from datetime import datetime, timedelta

import pytest

from kiosk_app.core.attempts import AttemptLimiter, KioskSlowdown, NumberPauses
from kiosk_app.core.case_number import CaseNumber
from kiosk_app.core.errors import NumberPaused

A = CaseNumber("DA", 2026, 815)
B = CaseNumber("DA", 2026, 816)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 26, 9, 0)

    def __call__(self) -> datetime:
        return self.now


def fail(limiter: AttemptLimiter, number: CaseNumber, times: int, clock: Clock) -> None:
    for _ in range(times):
        limiter.check_number(number)
        limiter.record_failure(number)
        clock.now += timedelta(seconds=10)


def test_five_failures_pause_that_number_only() -> None:
    clock = Clock()
    limiter = AttemptLimiter(clock, numbers=NumberPauses(limit=5, window=timedelta(minutes=15)))
    first = clock.now
    fail(limiter, A, 5, clock)
    with pytest.raises(NumberPaused) as paused:
        limiter.check_number(A)
    assert paused.value.until == first + timedelta(minutes=15)
    limiter.check_number(B)  # the next resident's number is not touched


def test_the_pause_ends_with_the_window() -> None:
    clock = Clock()
    limiter = AttemptLimiter(clock, numbers=NumberPauses(limit=5, window=timedelta(minutes=15)))
    first = clock.now
    fail(limiter, A, 5, clock)
    clock.now = first + timedelta(minutes=15) - timedelta(seconds=1)
    with pytest.raises(NumberPaused):
        limiter.check_number(A)
    clock.now = first + timedelta(minutes=15)
    limiter.check_number(A)  # the oldest failure left the window: one more try
    limiter.record_failure(A)
    with pytest.raises(NumberPaused) as paused:
        limiter.check_number(A)  # at most five failures in any fifteen minutes
    assert paused.value.until == first + timedelta(seconds=10) + timedelta(minutes=15)


def test_numbers_are_kept_only_as_keyed_hashes_and_forgotten() -> None:
    clock = Clock()
    pauses = NumberPauses(limit=5, window=timedelta(minutes=15))
    limiter = AttemptLimiter(clock, numbers=pauses)
    fail(limiter, A, 1, clock)
    fail(limiter, B, 1, clock)
    held = list(vars(pauses)["_failures"])
    assert len(held) == 2
    assert all(A.canonical.encode() not in key and b"815" not in key for key in held)
    # Another process (another secret) cannot match the keys.
    assert NumberPauses(secret=b"s" * 32)._key(A) != NumberPauses(secret=b"t" * 32)._key(A)
    clock.now += timedelta(minutes=16)
    fail(limiter, CaseNumber("DA", 2026, 817), 1, clock)
    assert pauses.tracked_numbers == 1  # A and B left memory with their window


def test_kiosk_wide_failures_only_slow_down_growing_to_a_cap() -> None:
    clock = Clock()
    slowdown = KioskSlowdown(
        window=timedelta(minutes=10),
        free_failures=20,
        first_delay=timedelta(milliseconds=250),
        delay_cap=timedelta(seconds=4),
    )
    limiter = AttemptLimiter(clock, slowdown=slowdown)
    delays = []
    for serial in range(30):  # a different number every time: no number is ever paused
        number = CaseNumber("DA", 2026, serial)
        limiter.check_number(number)
        limiter.record_failure(number)
        delays.append(limiter.delay())
        clock.now += timedelta(seconds=5)
    assert delays[:20] == [timedelta(0)] * 20
    assert delays[20:25] == [timedelta(milliseconds=ms) for ms in (250, 500, 1000, 2000, 4000)]
    assert delays[25:] == [timedelta(seconds=4)] * 5  # capped
    clock.now += timedelta(minutes=10)  # the window slid past all of them
    assert limiter.delay() == timedelta(0)


def test_failures_from_before_a_restart_still_slow_down() -> None:
    clock = Clock()
    earlier = [clock.now - timedelta(minutes=1)] * 22
    limiter = AttemptLimiter(clock, slowdown=KioskSlowdown(recent_failures=earlier))
    assert limiter.delay() == timedelta(milliseconds=500)
    assert limiter.recent_failures == 22


def test_every_failure_is_handed_on_as_a_time_only() -> None:
    clock = Clock()
    seen: list[datetime] = []
    limiter = AttemptLimiter(clock, on_failure=seen.append)
    fail(limiter, A, 2, clock)
    assert seen == [datetime(2026, 11, 26, 9, 0), datetime(2026, 11, 26, 9, 0, 10)]
