import pytest

from kiosk_app.core.flow import IdlePhase, IdlePolicy, KioskFlow, Screen


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
