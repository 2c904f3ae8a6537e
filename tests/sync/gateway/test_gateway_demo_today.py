"""The demo's appointments for today (``seed_todays_bookings``): the counter's day list has
something to check in. Real gateway on loopback (SQLite and PostgreSQL), the clock fixed here:
Tuesday 10 March 2026 in Darmstadt, then the evening, then Good Friday (a public holiday)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from fixed_time import MovableClock
from gateway_harness import DEMO_SEED, RunningGateway, demo_row

from kiosk_app.core.demo_cases import DemoCase, generate
from sync.gateway.database import make_engine
from sync.gateway.demo import DEMO_BOOKINGS_TODAY, TODAY_LEAD, VISITS, seed_todays_bookings

BERLIN = ZoneInfo("Europe/Berlin")
TUESDAY_MORNING = datetime(2026, 3, 10, 8, 30, tzinfo=BERLIN)
SPARE = 5  # the first cases: the demo kiosk's samples, left free to book with
CASES = 200  # enough that every status the demo books for is there


@pytest.fixture
def gateway_clock() -> MovableClock:
    return MovableClock(TUESDAY_MORNING)


def _seed(gateway: RunningGateway, device_id: str, now: datetime) -> list[str]:
    engine = make_engine(gateway.settings.db_url)
    try:
        return seed_todays_bookings(
            engine, gateway.settings, device_id, now, CASES, DEMO_SEED, spare=SPARE
        )
    finally:
        engine.dispose()


def _listed(gateway: RunningGateway, day: date) -> list[dict[str, object]]:
    response = gateway.admin.get("/admin/v1/bookings", params={"day": day.isoformat()})
    response.raise_for_status()
    return list(response.json())


@pytest.fixture
def demo_cases(gateway: RunningGateway) -> list[DemoCase]:
    cases = list(generate(CASES, DEMO_SEED, TUESDAY_MORNING.date()))  # this file's day
    report = gateway.import_rows([demo_row(case) for case in cases])
    assert not report["rejected"], report
    return cases


def test_the_demo_has_appointments_later_today(gateway, demo_cases, device, gateway_clock):
    booked = _seed(gateway, device.enrollment.device_id, gateway_clock())
    rows = _listed(gateway, TUESDAY_MORNING.date())
    assert len(booked) == len(rows) == DEMO_BOOKINGS_TODAY
    assert sorted(row["slot_id"] for row in rows) == sorted(booked)
    earliest = (TUESDAY_MORNING + TODAY_LEAD).replace(tzinfo=None)
    assert all(datetime.fromisoformat(str(row["start"])) >= earliest for row in rows)
    asking = {
        case.case_number.canonical for case in demo_cases[SPARE:] if case.record.status in VISITS
    }
    cases = [row["case_number"] for row in rows]
    assert len(set(cases)) == len(cases) and set(cases) <= asking
    assert {row["device_id"] for row in rows} == {device.enrollment.device_id}
    assert len({row["service"] for row in rows}) > 1  # spread over the day, not one desk
    status = {case.case_number.canonical: case.record.status for case in demo_cases}
    fitting = [row for row in rows if row["service"] in VISITS[status[str(row["case_number"])]]]
    assert len(fitting) == DEMO_BOOKINGS_TODAY  # each what its resident comes for

    # The kiosk's feed carries them: a resident looking their case up sees the appointment.
    view, _, _ = device.pull_all()
    with_bookings = [case for case in view.values() if case.bookings]
    assert len(with_bookings) == DEMO_BOOKINGS_TODAY


def test_none_once_the_days_hours_are_over_or_on_a_holiday(
    gateway, demo_cases, device, gateway_clock
):
    evening = TUESDAY_MORNING.replace(hour=20)
    assert _seed(gateway, device.enrollment.device_id, evening) == []
    good_friday = datetime(2026, 4, 3, 8, 30, tzinfo=BERLIN)
    assert _seed(gateway, device.enrollment.device_id, good_friday) == []
    assert _listed(gateway, evening.date()) == [] and _listed(gateway, good_friday.date()) == []
    # A working morning still gets them (the clock the function is given decides, not today).
    assert len(_seed(gateway, device.enrollment.device_id, TUESDAY_MORNING)) == 4
