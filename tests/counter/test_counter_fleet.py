"""The counter in the fleet view (issue 18): its sync reports the workstation's state, and a
supervisor signed in at it reads the fleet through CounterDesk; a clerk is refused. A real
gateway on loopback (SQLite and PostgreSQL), a real counter cache, the clocks fixed."""

from __future__ import annotations

import pytest
from counter_harness import PASSWORD, add_clerk, enrolled_desk
from gateway_harness import RunningGateway

from kiosk_app.core.clock import OfficeTime
from kiosk_app.core.printer_health import PRINTER_HEALTH
from kiosk_app.counter.cache import CounterCache
from kiosk_app.counter.desk import CounterDesk, CounterError
from kiosk_app.counter.sync import CounterSync
from sync.device_status import app_version


@pytest.fixture
def desk(
    gateway: RunningGateway, counter_cache: CounterCache, office_time: OfficeTime
) -> CounterDesk:
    add_clerk(gateway, "sabine.s", "supervisor")
    add_clerk(gateway, "clerk.c", "counter")
    return enrolled_desk(gateway, counter_cache, office_time)


def test_the_counter_reports_itself_and_a_supervisor_reads_the_fleet(
    gateway: RunningGateway, desk: CounterDesk, office_time: OfficeTime
) -> None:
    gateway.enroll("Kiosk Foyer")
    PRINTER_HEALTH.note("none")  # nothing printed at this workstation (other tests may have)
    CounterSync(desk).run_once()  # push (nothing), the status report, today's list
    desk.sign_in("sabine.s", PASSWORD)
    page = desk.fleet()
    assert [(d.name, d.kind) for d in page.devices] == [
        ("Kiosk Foyer", "kiosk"),
        ("counter-test", "counter"),
    ]
    kiosk, counter = page.devices
    assert kiosk.reported_at is None and not kiosk.silent  # enrolled just now, no report yet
    assert counter.online and counter.app_version == app_version()
    assert counter.outbox_backlog == 0 and counter.printer == "none"
    assert counter.reported_online is True and counter.last_sync_at == office_time.utc_now()


def test_a_clerk_is_refused_the_fleet(desk: CounterDesk) -> None:
    desk.sign_in("clerk.c", PASSWORD)
    with pytest.raises(CounterError) as refused:
        desk.fleet()
    assert refused.value.code == "forbidden"
