"""Guessing limits at the real QML kiosk (issue 12): one person's failures never lock out the
next resident; the kiosk-wide slowdown reads as "checking", never as a refusal."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from fixed_time import fixed_office_time
from PySide6.QtTest import QTest
from qt_fixtures import FakeClock, find_item, sample_with, screen_text, tap
from test_lookup_flow import look_up

from kiosk_app.backend import KioskBackend, open_backend
from kiosk_app.config import KioskConfig
from kiosk_app.core.errors import CaseNotFound, NumberPaused
from kiosk_app.core.i18n import _
from kiosk_app.core.messages import user_message
from kiosk_app.core.statuses import STATUS_TEXTS, CaseStatus
from kiosk_app.demo_samples import DemoSample
from kiosk_app.qt.app import KioskUi
from kiosk_app.store.failures import FailureLog

# The office's wall time at the tests' fixed instant: demo_config's clock stands there.
NOW = fixed_office_time().now()


@pytest.fixture
def failures_before_restart() -> int:
    """Failed lookups on other numbers the cache kept from before this start (times only)."""
    return 0


@pytest.fixture
def backend(demo_config: KioskConfig, failures_before_restart: int) -> Iterator[KioskBackend]:
    """The demo backend, its clock standing at ``NOW`` (replaces the shared fixture for this
    module; ``kiosk`` is built on it)."""
    if failures_before_restart:
        earlier = open_backend(demo_config)
        log = FailureLog(earlier.cache.connection)
        for second in range(failures_before_restart):
            log.record(NOW - timedelta(minutes=2) + timedelta(seconds=second))
        earlier.close()
    opened = open_backend(demo_config)
    yield opened
    opened.close()


def wrong_birth_date(sample: DemoSample) -> str:
    day, month, year = sample.birth_date.split(".")
    return f"{day}.{month}.{int(year) - 1}"


def title_of(sample: DemoSample) -> str:
    return _(STATUS_TEXTS[CaseStatus(sample.status)].title)


def test_a_guessers_lockout_does_not_reach_the_next_resident(
    kiosk: KioskUi, backend: KioskBackend
) -> None:
    guessed = sample_with(backend, "in_review")
    next_resident = sample_with(backend, "ready_for_pickup")
    tap(kiosk, "lang_en")
    for _attempt in range(5):
        look_up(kiosk, guessed.case_number, wrong_birth_date(guessed))
        assert screen_text(kiosk, "lookup_error") == user_message(CaseNotFound())
    look_up(kiosk, guessed.case_number, wrong_birth_date(guessed))  # the sixth
    paused = user_message(NumberPaused(NOW + timedelta(minutes=15)))
    assert screen_text(kiosk, "lookup_error") == paused  # said to whoever tries this number

    tap(kiosk, "home")  # "Start over": the next resident
    tap(kiosk, "lang_en")
    assert kiosk.lookup_vm.errorText == ""
    look_up(kiosk, next_resident.case_number, next_resident.birth_date)

    assert kiosk.flow_vm.screen == "result"
    assert screen_text(kiosk, "status_title") == title_of(next_resident)
    assert kiosk.lookup_vm.errorText == ""
    assert kiosk.qml_errors == []


# Four past the free ones: 2 s per lookup, ample for what the tests do meanwhile.
@pytest.mark.parametrize("failures_before_restart", [24])
def test_slowed_down_kiosk_says_checking_then_answers(
    kiosk: KioskUi, backend: KioskBackend
) -> None:
    sample = sample_with(backend, "documents_missing")
    assert backend.lookup.limiter.delay() == timedelta(seconds=2)
    tap(kiosk, "lang_en")
    look_up(kiosk, sample.case_number, sample.birth_date)

    assert find_item(kiosk, "lookup_checking_text").isVisible()  # a normal "checking"
    assert kiosk.flow_vm.screen == "lookup" and kiosk.lookup_vm.errorText == ""
    find_item(kiosk, "status_title", timeout_ms=4000)  # the answer comes after the delay
    assert screen_text(kiosk, "status_title") == title_of(sample)
    assert kiosk.item("lookup_checking") is None


@pytest.mark.parametrize("failures_before_restart", [24])
def test_idle_reset_during_the_delay_drops_the_waiting_lookup(
    kiosk: KioskUi, backend: KioskBackend, clock: FakeClock
) -> None:
    sample = sample_with(backend, "received")
    tap(kiosk, "lang_en")
    look_up(kiosk, sample.case_number, sample.birth_date)
    assert kiosk.lookup_vm.checking

    policy = kiosk.idle.policy
    # The GUI thread is free during the delay: the idle watcher warns, then ends the session.
    clock.advance(policy.timeout_s - policy.warning_s + 1)
    kiosk.idle.tick()
    assert find_item(kiosk, "idle_warning").isVisible()
    clock.advance(policy.warning_s)
    kiosk.idle.tick()
    assert kiosk.flow_vm.screen == "welcome"
    QTest.qWait(2500)  # past the delay: nothing of that lookup may surface now

    assert kiosk.flow_vm.screen == "welcome"
    assert not kiosk.result_vm.hasResult and not kiosk.lookup_vm.checking
    assert kiosk.item("lookup_checking") is None
