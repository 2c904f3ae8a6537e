from datetime import date

import pytest

from kiosk_app.core.flow import (
    BookingChoice,
    BookingMode,
    IdlePhase,
    IdlePolicy,
    KioskFlow,
    Screen,
)


def test_a_resident_walks_through_and_home_clears_the_session() -> None:
    flow = KioskFlow("de")
    cleared: list[bool] = []
    seen: list[Screen] = []
    flow.on_session_end(lambda: cleared.append(True))
    flow.on_screen_changed(seen.append)
    flow.choose_language("ar")
    flow.show_result()
    assert (flow.screen, flow.language) == (Screen.RESULT, "ar")
    flow.back()
    assert flow.screen is Screen.LOOKUP and not cleared
    flow.home()
    assert (flow.screen, flow.language) == (Screen.WELCOME, "de")
    assert cleared == [True]
    assert seen == [Screen.LOOKUP, Screen.RESULT, Screen.LOOKUP, Screen.WELCOME]


def test_back_from_lookup_ends_the_session() -> None:
    flow = KioskFlow("de")
    cleared: list[bool] = []
    flow.on_session_end(lambda: cleared.append(True))
    flow.choose_language("en")
    flow.back()
    assert flow.screen is Screen.WELCOME and cleared == [True]


def test_result_only_after_lookup() -> None:
    with pytest.raises(RuntimeError):
        KioskFlow("de").show_result()


def test_idle_policy_warns_before_expiry() -> None:
    policy = IdlePolicy(timeout_s=90, warning_s=30)
    assert policy.phase(59) is IdlePhase.ACTIVE
    assert policy.phase(60) is IdlePhase.WARNING
    assert policy.seconds_left(60) == 30
    assert policy.phase(90) is IdlePhase.EXPIRED


def test_warning_shorter_than_twenty_seconds_is_refused() -> None:
    with pytest.raises(ValueError):
        IdlePolicy(timeout_s=60, warning_s=10)


def _at_result(language: str = "en") -> KioskFlow:
    flow = KioskFlow("de")
    flow.choose_language(language)
    flow.show_result()
    return flow


def test_booking_walks_service_day_time_confirm_and_returns_to_the_result() -> None:
    flow = _at_result()
    seen: list[Screen] = []
    flow.on_screen_changed(seen.append)
    flow.start_booking()
    flow.choose_service("biometrics")
    flow.choose_day(date(2026, 12, 1))
    flow.choose_time("biometrics@2026-12-01T09:00#1")
    assert flow.booking == BookingChoice(
        BookingMode.BOOK, "biometrics", date(2026, 12, 1), "biometrics@2026-12-01T09:00#1"
    )
    flow.booked()
    flow.back_to_result()
    assert seen == [
        Screen.BOOK_SERVICE,
        Screen.BOOK_DAY,
        Screen.BOOK_TIME,
        Screen.BOOK_CONFIRM,
        Screen.BOOKED,
        Screen.RESULT,
    ]
    assert flow.booking is None


def test_back_steps_through_the_booking_and_forgets_it_on_the_result() -> None:
    flow = _at_result()
    flow.start_booking()
    flow.choose_service("card_pickup")
    flow.choose_day(date(2026, 12, 2))
    flow.choose_time("card_pickup@2026-12-02T08:00#1")
    path = []
    for _step in range(4):
        flow.back()
        path.append(flow.screen)
    assert path == [Screen.BOOK_TIME, Screen.BOOK_DAY, Screen.BOOK_SERVICE, Screen.RESULT]
    assert flow.booking is None


def test_moving_starts_at_the_day_and_back_goes_straight_to_the_result() -> None:
    flow = _at_result()
    flow.start_move("b-1", "biometrics")
    assert flow.screen is Screen.BOOK_DAY
    assert flow.booking == BookingChoice(BookingMode.MOVE, "biometrics", booking_id="b-1")
    flow.back()
    assert flow.screen is Screen.RESULT and flow.booking is None


def test_cancelling_asks_first_and_back_keeps_the_appointment() -> None:
    flow = _at_result()
    flow.start_cancel("b-1", "biometrics")
    assert flow.screen is Screen.CANCEL_CONFIRM
    flow.back()
    assert flow.screen is Screen.RESULT and flow.booking is None


def test_a_refused_booking_chooses_a_day_or_time_again_keeping_the_service() -> None:
    flow = _at_result()
    flow.start_booking()
    flow.choose_service("consultation")
    flow.choose_day(date(2026, 12, 3))
    flow.choose_time("consultation@2026-12-03T08:00#1")
    flow.choose_again(Screen.BOOK_TIME)
    assert flow.screen is Screen.BOOK_TIME and flow.booking is not None
    assert (flow.booking.day, flow.booking.slot_id) == (date(2026, 12, 3), None)
    flow.choose_time("consultation@2026-12-03T08:20#1")
    flow.choose_again(Screen.BOOK_DAY)
    assert flow.screen is Screen.BOOK_DAY
    assert (flow.booking.service, flow.booking.day) == ("consultation", None)
    with pytest.raises(RuntimeError):
        flow.choose_again(Screen.RESULT)


def test_home_in_the_middle_of_a_booking_forgets_it() -> None:
    flow = _at_result()
    cleared: list[bool] = []
    flow.on_session_end(lambda: cleared.append(True))
    flow.start_booking()
    flow.choose_service("biometrics")
    flow.home()
    assert (flow.screen, flow.booking, cleared) == (Screen.WELCOME, None, [True])


def test_booking_steps_only_in_order() -> None:
    with pytest.raises(RuntimeError):
        KioskFlow("de").start_booking()  # no case
    flow = _at_result()
    with pytest.raises(RuntimeError):
        flow.choose_day(date(2026, 12, 1))  # no service yet
    with pytest.raises(RuntimeError):
        flow.booked()
    with pytest.raises(RuntimeError):
        flow.back_to_result()  # not in a booking
    flow.start_booking()
    with pytest.raises(RuntimeError):
        flow.choose_time("x")


def test_a_walk_in_ticket_starts_on_the_welcome_screen_and_may_turn_into_a_booking() -> None:
    flow = KioskFlow("de")
    cleared: list[bool] = []
    flow.on_session_end(lambda: cleared.append(True))
    flow.walk_in()
    assert flow.screen is Screen.WALK_IN
    flow.back()  # back to the welcome screen ends the session
    assert flow.screen is Screen.WELCOME and cleared
    flow.walk_in()
    flow.set_language("ar")
    flow.book_instead()  # no ticket left: identify, then book
    assert (flow.screen, flow.language) == (Screen.LOOKUP, "ar")
    with pytest.raises(RuntimeError):
        flow.walk_in()


def test_a_walk_in_ticket_may_follow_a_case_result() -> None:
    flow = KioskFlow("de")
    flow.choose_language("tr")
    flow.show_result()
    flow.walk_in()  # the result screen's button: urgency from the case may count
    assert (flow.screen, flow.language) == (Screen.WALK_IN, "tr")


def test_questions_open_from_the_welcome_screen_and_back_ends_the_session() -> None:
    flow = KioskFlow("de")
    cleared: list[bool] = []
    flow.on_session_end(lambda: cleared.append(True))
    flow.questions()
    assert flow.screen is Screen.QUESTIONS and not flow.questions_from_result
    flow.set_language("fa")  # the top bar's language menu
    flow.show_answer()
    flow.back()
    assert (flow.screen, flow.language) == (Screen.QUESTIONS, "fa")
    flow.walk_in()  # none of these: a ticket instead
    assert flow.screen is Screen.WALK_IN
    flow.home()
    flow.questions()
    flow.book_from_questions()  # no case yet: identify first
    assert flow.screen is Screen.LOOKUP
    flow.back()
    assert flow.screen is Screen.WELCOME and cleared


def test_questions_beside_a_case_go_back_to_its_result() -> None:
    flow = KioskFlow("de")
    flow.choose_language("uk")
    flow.show_result()
    flow.questions()
    assert flow.questions_from_result
    flow.show_answer()
    flow.book_from_questions()  # booking for the open case starts on its result
    assert flow.screen is Screen.RESULT
    flow.questions()
    flow.back()
    assert (flow.screen, flow.language) == (Screen.RESULT, "uk")
    with pytest.raises(RuntimeError):
        flow.show_answer()  # an answer only from the questions screen
