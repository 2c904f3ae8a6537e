"""Usage figures from a counter (issue 18) reach a real gateway (SQLite and PostgreSQL): a
check-in and a no-show count once each under the appointment's service, receipts printed or
failed with the printer's fault; no case number or booking id is in any figure."""

from __future__ import annotations

from datetime import timedelta

import pytest
from counter_harness import (
    CLERK,
    PASSWORD,
    add_booking,
    add_clerk,
    enrolled_desk,
    gateway_rows,
    start_today,
)
from fixed_time import MovableClock
from gateway_harness import RunningGateway
from sqlalchemy import select

from kiosk_app.core.clock import OfficeTime
from kiosk_app.core.demo_cases import DemoCase
from kiosk_app.core.print_errors import PrinterOutOfPaper
from kiosk_app.counter.cache import CounterCache
from kiosk_app.counter.desk import CounterDesk
from kiosk_app.counter.sync import CounterSync
from sync.gateway.tables import usage_hourly


@pytest.fixture
def desk(
    gateway: RunningGateway, counter_cache: CounterCache, office_time: OfficeTime
) -> CounterDesk:
    add_clerk(gateway)
    return enrolled_desk(gateway, counter_cache, office_time)


def usage_at_gateway(gateway: RunningGateway) -> dict[tuple[str, str, str, str], int]:
    rows = gateway_rows(
        gateway,
        select(
            usage_hourly.c.kind,
            usage_hourly.c.service,
            usage_hourly.c.language,
            usage_hourly.c.outcome,
            usage_hourly.c.count,
        ),
    )
    totals: dict[tuple[str, str, str, str], int] = {}
    for row in rows:
        key = (row.kind, row.service, row.language, row.outcome)
        totals[key] = totals.get(key, 0) + int(row.count)
    return totals


def test_check_in_no_show_and_receipts_are_counted_at_the_gateway_once(
    gateway: RunningGateway,
    desk: CounterDesk,
    counter_cache: CounterCache,
    counter_clock: MovableClock,
    office_time: OfficeTime,
    demo_cases: list[DemoCase],
) -> None:
    first, second = demo_cases[0].case_number.canonical, demo_cases[1].case_number.canonical
    came = add_booking(gateway, first, start_today(office_time, hour=10))
    stayed_away = add_booking(gateway, second, start_today(office_time, hour=11))
    desk.sign_in(CLERK, PASSWORD)
    sync = CounterSync(desk)

    desk.check_in(came)  # online: applied at once
    gateway.stop()  # the no-show waits for the gateway, and is counted once it is applied
    desk.no_show(stayed_away)
    desk.count_receipt(None, "ar")
    desk.count_receipt(PrinterOutOfPaper(), "ar")
    assert desk.pending_count() == 1  # the clerk's no-show; the figures are not the clerk's
    assert sync.run_once().online is False
    counter_clock.advance(timedelta(minutes=3))
    gateway.start()
    sync.run_once()
    counter_clock.advance(timedelta(hours=2))  # the hour is over: its figures go
    sync.run_once()
    sync.run_once()

    assert usage_at_gateway(gateway) == {
        ("booking", "residence_permit", "", "checked_in"): 1,
        ("booking", "residence_permit", "", "missed"): 1,
        ("receipt_printed", "", "ar", "printed"): 1,
        ("receipt_printed", "", "ar", "failed"): 1,
        ("printer_fault", "", "", "paper_out"): 1,
    }
    # What the gateway stored names no case and no booking.
    stored = " ".join(
        str(value) for row in gateway_rows(gateway, select(usage_hourly)) for value in row
    )
    for secret in (first, second, came, stayed_away):
        assert secret not in stored
    assert counter_cache.connection.execute("SELECT count(*) FROM usage_hourly").fetchone()[0] == 0
