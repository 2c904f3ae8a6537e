"""A resident at the real QML kiosk over a real demo cache: taps, keypad, what the screen says."""

from __future__ import annotations

from qt_fixtures import FakeClock, find_item, sample_with, screen_text, tap, type_on_keypad

from kiosk_app.backend import KioskBackend
from kiosk_app.core.case_number import CaseNumber
from kiosk_app.core.errors import CaseNotFound, NumberLooksMistyped
from kiosk_app.core.i18n import _
from kiosk_app.core.messages import user_message
from kiosk_app.core.statuses import STATUS_TEXTS, CaseStatus
from kiosk_app.demo_samples import DemoSample
from kiosk_app.qt.app import KioskUi


def digits(text: str) -> str:
    return "".join(char for char in text if char.isdigit())


def start_in_english(kiosk: KioskUi) -> None:
    tap(kiosk, "lang_en")
    assert kiosk.flow_vm.screen == "lookup"


def look_up(kiosk: KioskUi, case_number: str, birth_date: str) -> None:
    """Type both fields on the keypad (clearing what was there) and press the check button."""
    tap(kiosk, "case_field")
    tap(kiosk, "key_clear")
    type_on_keypad(kiosk, digits(case_number))
    tap(kiosk, "birth_field")
    tap(kiosk, "key_clear")
    type_on_keypad(kiosk, digits(birth_date))
    tap(kiosk, "submit")


def title_of(sample: DemoSample) -> str:
    return _(STATUS_TEXTS[CaseStatus(sample.status)].title)


def wrong_birth_date(sample: DemoSample) -> str:
    day, month, year = sample.birth_date.split(".")
    return f"{day}.{month}.{int(year) - 1}"


def test_resident_reads_status_of_a_demo_case(kiosk: KioskUi, backend: KioskBackend) -> None:
    sample = sample_with(backend, "documents_missing")
    start_in_english(kiosk)
    type_on_keypad(kiosk, digits(sample.case_number))
    assert kiosk.lookup_vm.caseDisplay == sample.case_number  # the mask filled as typed
    type_on_keypad(kiosk, digits(sample.birth_date))  # the field advanced by itself
    assert kiosk.lookup_vm.birthDisplay == sample.birth_date
    tap(kiosk, "submit")

    assert screen_text(kiosk, "status_title") == title_of(sample)
    assert find_item(kiosk, "missing_documents").isVisible()
    masked = screen_text(kiosk, "masked_case_number")
    assert masked.endswith(sample.case_number[-4:]) and sample.case_number != masked
    assert kiosk.qml_errors == []


def test_wrong_birth_date_reads_like_an_unknown_number(
    kiosk: KioskUi, backend: KioskBackend
) -> None:
    sample = sample_with(backend, "in_review")
    start_in_english(kiosk)
    look_up(kiosk, sample.case_number, wrong_birth_date(sample))
    wrong_birth = screen_text(kiosk, "lookup_error")

    unknown = CaseNumber("DA", 2019, 123456).canonical  # well-formed, not in the demo cache
    look_up(kiosk, unknown, sample.birth_date)
    unknown_number = screen_text(kiosk, "lookup_error")

    assert wrong_birth == unknown_number == user_message(CaseNotFound())
    assert kiosk.flow_vm.screen == "lookup"


def test_mistyped_check_digit_is_caught_before_any_lookup(
    kiosk: KioskUi, backend: KioskBackend
) -> None:
    sample = sample_with(backend, "received")
    mistyped = sample.case_number[:-1] + str((int(sample.case_number[-1]) + 1) % 10)
    start_in_english(kiosk)
    look_up(kiosk, mistyped, sample.birth_date)

    assert screen_text(kiosk, "lookup_error") == user_message(NumberLooksMistyped())
    assert backend.lookup.limiter.recent_failures == 0  # a typo costs no attempt


def test_idle_timeout_warns_then_clears_the_result(
    kiosk: KioskUi, backend: KioskBackend, clock: FakeClock
) -> None:
    policy = kiosk.idle.policy
    sample = sample_with(backend, "card_in_production")
    start_in_english(kiosk)
    look_up(kiosk, sample.case_number, sample.birth_date)
    assert screen_text(kiosk, "status_title") == title_of(sample)

    clock.advance(policy.timeout_s - policy.warning_s + 1)
    kiosk.idle.tick()
    assert find_item(kiosk, "idle_warning").isVisible()
    assert str(kiosk.flow_vm.idleSecondsLeft) in screen_text(kiosk, "idle_message")
    assert kiosk.flow_vm.idleSecondsLeft >= 20 - 1

    clock.advance(policy.warning_s)
    kiosk.idle.tick()

    assert kiosk.flow_vm.screen == "welcome"
    find_item(kiosk, "lang_en")
    assert not kiosk.flow_vm.idleWarningVisible
    assert not kiosk.result_vm.hasResult and kiosk.result_vm.statusTitle == ""
    assert kiosk.lookup_vm.caseDigits == "" and kiosk.lookup_vm.birthDigits == ""


def test_more_time_keeps_the_session(
    kiosk: KioskUi, backend: KioskBackend, clock: FakeClock
) -> None:
    policy = kiosk.idle.policy
    sample = sample_with(backend, "received")
    start_in_english(kiosk)
    look_up(kiosk, sample.case_number, sample.birth_date)

    clock.advance(policy.timeout_s - 5)
    kiosk.idle.tick()
    assert kiosk.flow_vm.idleWarningVisible
    tap(kiosk, "extend")
    clock.advance(policy.timeout_s - policy.warning_s - 1)  # a moment later, still no warning
    kiosk.idle.tick()

    assert kiosk.flow_vm.screen == "result"
    assert not kiosk.flow_vm.idleWarningVisible
    assert screen_text(kiosk, "status_title") == title_of(sample)


def test_home_and_back_are_in_reach(kiosk: KioskUi, backend: KioskBackend) -> None:
    sample = sample_with(backend, "completed")
    start_in_english(kiosk)
    look_up(kiosk, sample.case_number, sample.birth_date)
    tap(kiosk, "back")
    assert kiosk.flow_vm.screen == "lookup"
    tap(kiosk, "home")
    assert kiosk.flow_vm.screen == "welcome"
    assert not kiosk.result_vm.hasResult
