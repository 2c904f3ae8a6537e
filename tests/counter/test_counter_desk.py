"""CounterDesk against a real gateway on loopback (SQLite and PostgreSQL): sign-in and out,
opening cases, offline actions applied exactly once, a status conflict shown, not overwritten."""

from __future__ import annotations

from datetime import timedelta

import pytest
from counter_harness import (
    CLERK,
    PASSWORD,
    add_booking,
    add_clerk,
    booking_at_gateway,
    commands_at_gateway,
    enrolled_desk,
    fast_client,
    received_at_gateway,
    start_today,
    status_at_gateway,
)
from fixed_time import MovableClock
from gateway_harness import RunningGateway

from kiosk_app.core.clock import OfficeTime
from kiosk_app.core.demo_cases import DemoCase
from kiosk_app.core.statuses import CaseStatus
from kiosk_app.counter.cache import CounterCache
from kiosk_app.counter.desk import (
    ActionRejected,
    CaseNotFound,
    CounterDesk,
    NotSignedIn,
    SignInRefused,
)
from kiosk_app.counter.sync import CounterSync
from kiosk_app.counter.views import SyncStatus
from sync.staff_client import StaffApiError


@pytest.fixture
def desk(
    gateway: RunningGateway, counter_cache: CounterCache, office_time: OfficeTime
) -> CounterDesk:
    add_clerk(gateway)
    return enrolled_desk(gateway, counter_cache, office_time)


def missing_case(cases: list[DemoCase], at_least: int = 2) -> DemoCase:
    return next(c for c in cases if len(c.record.missing_documents) >= at_least)


def test_wrong_password_is_refused_and_nothing_is_signed_in(desk: CounterDesk) -> None:
    with pytest.raises(SignInRefused) as refused:
        desk.sign_in(CLERK, "not the password at all")
    assert refused.value.code == "wrong_credentials"
    assert desk.session is None


def test_open_by_number_reads_the_gateway_and_caches(
    desk: CounterDesk, demo_cases: list[DemoCase]
) -> None:
    desk.sign_in(CLERK, PASSWORD)
    case = demo_cases[0]
    opened = desk.open(f"  {case.case_number.canonical.lower()} ")
    assert opened.source == "gateway"
    assert opened.case.case_number == case.case_number.canonical
    assert opened.case.status.value == case.record.status.value
    assert not opened.pending
    with pytest.raises(CaseNotFound) as not_found:
        desk.open("ABCDEFGHIJ")  # the form of a reference, printed nowhere
    assert not_found.value.code == "unknown_reference"
    with pytest.raises(CaseNotFound):
        desk.open("hello")


def test_offline_actions_reach_the_gateway_exactly_once(
    gateway: RunningGateway,
    desk: CounterDesk,
    counter_cache: CounterCache,
    counter_clock: MovableClock,
    office_time: OfficeTime,
    demo_cases: list[DemoCase],
) -> None:
    case = missing_case(demo_cases)
    number = case.case_number.canonical
    booking_id = add_booking(gateway, number, start_today(office_time))
    desk.sign_in(CLERK, PASSWORD)
    assert [row.booking_id for row in desk.today()] == [booking_id]
    opened = desk.open(number)
    two = list(opened.case.missing_documents[:2])
    counter_clock.advance(timedelta(minutes=1))

    gateway.stop()
    statuses: list[SyncStatus] = []
    sync = CounterSync(desk, statuses.append)
    after = desk.mark_received(number, [two[0]])
    after = desk.mark_received(number, [two[1]])
    desk.check_in(booking_id)
    assert not desk.online
    assert after.pending_documents == frozenset(two)
    assert not set(two) & set(after.case.missing_documents)
    seen = desk.open(number)  # from the cache now, and the read is queued for the audit log
    assert seen.source == "cache" and seen.pending_bookings == {booking_id}
    assert [row.checked_in for row in desk.today()] == [True]
    assert desk.pending_count() == 4
    assert sync.run_once().online is False
    assert received_at_gateway(gateway, number) == []

    gateway.start()
    status = sync.run_once()
    assert status.online and status.pending == 0 and status.conflicts == 0
    assert statuses[-1] == status
    sync.run_once()  # another round sends no action again, only the check-in's figure
    device_id = counter_cache.enrollment().device_id  # type: ignore[union-attr]
    assert commands_at_gateway(gateway, device_id) == [
        (1, "staff_mark_documents", "applied"),
        (2, "staff_mark_documents", "applied"),
        (3, "staff_check_in", "applied"),
        (4, "staff_case_viewed", "applied"),
        (5, "report_usage", "applied"),  # anonymous: one check-in (issue 18)
    ]
    assert received_at_gateway(gateway, number) == sorted(two)
    assert booking_at_gateway(gateway, booking_id).checked_in_at is not None
    fresh = desk.open(number)
    assert fresh.source == "gateway" and not fresh.pending
    assert {d.code for d in fresh.case.received_documents} == set(two)


def test_a_status_changed_meanwhile_is_a_conflict_not_overwritten(
    gateway: RunningGateway, desk: CounterDesk, demo_cases: list[DemoCase]
) -> None:
    case = next(c for c in demo_cases if c.record.status is not CaseStatus.COMPLETED)
    number = case.case_number.canonical
    desk.sign_in(CLERK, PASSWORD)
    seen = desk.open(number).case.status
    gateway.set_status(number, CaseStatus.COMPLETED.value)  # an import or another clerk

    with pytest.raises(ActionRejected) as rejected:
        desk.set_status(number, CaseStatus.READY_FOR_PICKUP, seen)
    assert rejected.value.code == "status_changed"
    assert status_at_gateway(gateway, number) == CaseStatus.COMPLETED.value
    [conflict] = desk.conflicts()
    assert conflict.conflict_id == rejected.value.conflict_id
    assert (conflict.expected_status, conflict.wanted_status, conflict.current_status) == (
        seen,
        CaseStatus.READY_FOR_PICKUP,
        CaseStatus.COMPLETED,
    )
    assert desk.open(number).case.status is CaseStatus.COMPLETED

    desk.resolve(conflict.conflict_id, apply_again=True)  # the clerk decides: on COMPLETED
    assert desk.conflicts() == []
    assert status_at_gateway(gateway, number) == CaseStatus.READY_FOR_PICKUP.value


def test_a_conflict_can_be_dropped_and_later_refusals_are_listed(
    gateway: RunningGateway, desk: CounterDesk, demo_cases: list[DemoCase]
) -> None:
    case = next(c for c in demo_cases if c.record.status is not CaseStatus.COMPLETED)
    number = case.case_number.canonical
    desk.sign_in(CLERK, PASSWORD)
    seen = desk.open(number).case.status
    gateway.stop()
    desk.set_status(number, CaseStatus.IN_REVIEW, seen)  # queued offline
    gateway.start()
    gateway.set_status(number, CaseStatus.COMPLETED.value)
    CounterSync(desk).run_once()
    [conflict] = desk.conflicts()
    assert conflict.reason == "status_changed"
    assert conflict.current_status is CaseStatus.COMPLETED
    desk.resolve(conflict.conflict_id, apply_again=False)
    assert desk.conflicts() == [] and desk.pending_count() == 0
    assert status_at_gateway(gateway, number) == CaseStatus.COMPLETED.value


def test_sign_out_ends_the_session_here_and_at_the_gateway(
    desk: CounterDesk, demo_cases: list[DemoCase], counter_cache: CounterCache
) -> None:
    session = desk.sign_in(CLERK, PASSWORD)
    desk.sign_out()
    assert desk.session is None
    with pytest.raises(NotSignedIn):
        desk.open(demo_cases[0].case_number.canonical)
    enrollment = counter_cache.enrollment()
    assert enrollment is not None
    client = fast_client(enrollment.gateway_url, enrollment.device_token)
    with client, pytest.raises(StaffApiError) as refused:
        client.today(session.session_token)
    assert refused.value.code == "session_expired"


def test_a_new_office_day_prunes_yesterdays_appointments(
    gateway: RunningGateway,
    desk: CounterDesk,
    counter_clock: MovableClock,
    office_time: OfficeTime,
    demo_cases: list[DemoCase],
) -> None:
    number = demo_cases[0].case_number.canonical
    add_booking(gateway, number, start_today(office_time))
    desk.sign_in(CLERK, PASSWORD)
    assert len(desk.today()) == 1
    counter_clock.advance(timedelta(days=1))
    desk.refresh_today()  # the first sync of the new day
    assert desk.today() == []
    with pytest.raises(CaseNotFound):  # opened yesterday, not today: pruned
        desk.read_cached(number)


def test_first_sign_in_asks_for_a_new_password_then_signs_in(
    gateway: RunningGateway, counter_cache: CounterCache, office_time: OfficeTime
) -> None:
    add_clerk(gateway, "clerk.new", must_change_password=True)
    desk = enrolled_desk(gateway, counter_cache, office_time)
    with pytest.raises(SignInRefused) as refused:
        desk.sign_in("clerk.new", PASSWORD)
    assert refused.value.code == "password_change_required"
    with pytest.raises(SignInRefused):
        desk.change_password("clerk.new", PASSWORD, "short")  # under 12 characters
    desk.change_password("clerk.new", PASSWORD, "a much longer new password")
    assert desk.sign_in("clerk.new", "a much longer new password").username == "clerk.new"


def test_an_expired_session_signs_the_clerk_out_before_an_action(
    desk: CounterDesk, counter_clock: MovableClock, demo_cases: list[DemoCase]
) -> None:
    session = desk.sign_in(CLERK, PASSWORD)
    number = demo_cases[0].case_number.canonical
    desk.open(number)
    counter_clock.advance(session.expires_at - session.server_time + timedelta(minutes=1))
    with pytest.raises(NotSignedIn) as expired:
        desk.mark_received(number, ["passport"])
    assert expired.value.code == "session_expired"
    assert desk.session is None and desk.pending_count() == 0


def test_sign_in_while_the_gateway_is_away_says_offline(
    gateway: RunningGateway, desk: CounterDesk
) -> None:
    gateway.stop()
    with pytest.raises(SignInRefused) as refused:
        desk.sign_in(CLERK, PASSWORD)
    assert refused.value.code == "offline"
    assert not desk.online
