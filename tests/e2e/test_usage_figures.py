"""Usage figures from the real kiosk (issue 18): a resident in Turkish looks up a case (not
found, mistyped, found), prints its checklist and books an appointment through the real view
models and QML; after syncing, the gateway's ``usage_hourly`` (SQLite and PostgreSQL) holds
exactly those counts. No case number, date of birth, reference, booking id or lookup key used
in the test is in any figure stored at either end or in any report the kiosk sent."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from fixed_time import MovableClock, fixed_office_time
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from qt_fixtures import FakeClock, tap
from sqlalchemy import create_engine, select
from test_booking_flow import SERVICE, book_through_the_screens, tap_in_view
from test_lookup_flow import digits, look_up

from kiosk_app.backend import key_providers, open_backend
from kiosk_app.config import KioskConfig
from kiosk_app.core import i18n
from kiosk_app.core.case_number import CaseNumber
from kiosk_app.core.demo_cases import DemoCase
from kiosk_app.core.flow import IdlePolicy
from kiosk_app.core.lookup_key import derive_lookup_key
from kiosk_app.core.usage_events import lead_time_bucket
from kiosk_app.qt.app import build_kiosk
from kiosk_app.store.connection import open_cache
from kiosk_app.store.free_slots import FreeSlotStore
from kiosk_app.store.keys import resolve_key
from sync.engine import EngineSettings
from sync.enroll import enroll_kiosk
from sync.gateway.settings import GatewaySettings
from sync.gateway.tables import usage_hourly

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sync"))
from gateway_harness import ADMIN_TOKEN, RunningGateway, running_gateway

RESIDENT_KINDS = ("lookup", "checklist_printed", "booking")
Figure = tuple[str, str, str, str, str, str]  # kind, language, service, outcome, status, bucket


@pytest.fixture
def english_afterwards() -> Iterator[None]:
    yield
    i18n.activate("en")  # the language is process-wide: later tests read English


@pytest.fixture
def office(gateway_db_url: str) -> Iterator[tuple[RunningGateway, MovableClock]]:
    clock = MovableClock()  # the gateway's and the kiosk's
    settings = GatewaySettings(db_url=gateway_db_url, admin_token=ADMIN_TOKEN, clock=clock)
    with running_gateway(settings) as gateway:
        yield gateway, clock


def stored_at_gateway(db_url: str) -> list[dict[str, object]]:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(select(usage_hourly))]
    finally:
        engine.dispose()


def figures(rows: list[dict[str, object]]) -> dict[Figure, tuple[int, float]]:
    """The resident's figures, added up over hours."""
    added: dict[Figure, tuple[int, float]] = {}
    for row in rows:
        if row["kind"] not in RESIDENT_KINDS:
            continue
        key = tuple(
            str(row[d]) for d in ("kind", "language", "service", "outcome", "status", "bucket")
        )
        count, value = added.get(key, (0, 0.0))  # type: ignore[arg-type]
        added[key] = (count + int(row["count"]), value + float(row["value_sum"]))  # type: ignore[index,call-overload,arg-type]
    return added


def mistyped(number: CaseNumber) -> str:
    """The case number with a wrong check digit: refused before any search."""
    wrong = str((int(number.check) + 1) % 10)
    return number.canonical[:-1] + wrong


@pytest.mark.usefixtures("english_afterwards")
def test_a_residents_visit_arrives_as_counts_and_nothing_personal(
    qapp: QGuiApplication,
    qtbot: QtBot,
    tmp_path: Path,
    office: tuple[RunningGateway, MovableClock],
    gateway_db_url: str,
) -> None:
    gateway, clock = office
    demo: list[DemoCase] = gateway.import_demo(12, seed=5)
    case = next(c for c in demo if c.record.missing_documents)
    stranger = next(c for c in demo if c is not case)
    config = KioskConfig(
        state_dir=tmp_path / "kiosk",
        demo=True,
        idle=IdlePolicy(300, 30),
        time=fixed_office_time(clock),
    )
    config.state_dir.mkdir()
    conn = open_cache(config.cache_path, resolve_key(key_providers(config)))
    enroll_kiosk(conn, gateway.url, gateway.create_code(), device_name="e2e-usage")
    conn.close()
    backend = open_backend(config)
    ui = build_kiosk(
        replace(config, width=1080, height=1920), backend, qapp, clock=FakeClock(), with_sound=False
    )
    ui.window.show()
    QTest.qWaitForWindowExposed(ui.window)
    settings = EngineSettings(interval_s=0.2, backoff_base_s=0.1, backoff_cap_s=0.4, timeout_s=2)
    engine = backend.start_sync_engine(ui.sync_bridge.report, settings)
    try:
        qtbot.waitUntil(lambda: ui.sync_vm.online and backend.cache.count() == 12, timeout=15_000)
        qtbot.waitUntil(lambda: FreeSlotStore(backend.cache.connection).count() > 0, timeout=15_000)
        born = case.birth_date.strftime("%d.%m.%Y")
        not_born = (case.birth_date + timedelta(days=1)).strftime("%d.%m.%Y")

        tap(ui, "lang_tr")
        look_up(ui, case.case_number.canonical, not_born)  # no such pair: not found
        look_up(ui, mistyped(case.case_number), born)  # the check digit is wrong
        assert ui.flow_vm.screen == "lookup"
        look_up(ui, case.case_number.canonical, born)
        qtbot.waitUntil(lambda: ui.flow_vm.screen == "result", timeout=5000)

        tap(ui, "open_checklist")
        tap(ui, "print")
        qtbot.waitUntil(lambda: not ui.checklist_vm.printing, timeout=10_000)
        reference = ui.checklist_vm.reference
        tap(ui, "back")
        assert ui.flow_vm.screen == "result"
        book_through_the_screens(ui, qtbot)
        confirmation_reference = ui.booking_vm.booked.reference
        pepper = backend.meta.pepper
        assert pepper is not None
        key = derive_lookup_key(pepper, case.case_number, case.birth_date)
        # Listed at once, also while a pull that raced the booking has not brought it yet.
        (appointment,) = backend.desk.appointments(key)
        tap_in_view(ui, "booking_finish")

        days = (appointment.start.date() - config.time.today()).days
        # The hour ends: whatever the kiosk counted in it goes to the gateway.
        backend.usage.flush()
        clock.advance(timedelta(hours=1))
        engine.wake()
        expected = {
            ("lookup", "tr", "", "not_found", "", ""): (1, 0.0),
            ("lookup", "tr", "", "mistyped", "", ""): (1, 0.0),
            ("lookup", "tr", "", "found", case.record.status.value, ""): (1, 0.0),
            ("checklist_printed", "tr", "", "printed", "", ""): (1, 0.0),
            ("booking", "tr", SERVICE, "made", "", lead_time_bucket(days)): (1, float(days)),
        }
        qtbot.waitUntil(
            lambda: figures(stored_at_gateway(gateway_db_url)) == expected, timeout=15_000
        )
        qtbot.waitUntil(
            lambda: (
                backend.cache.connection.execute("SELECT count(*) FROM usage_hourly").fetchone()[0]
                == 0
            ),
            timeout=15_000,
        )
    finally:
        engine.stop()
        ui.close()
        backend.close()

    # Nothing personal anywhere: the figures at the gateway, and every report the kiosk sent.
    secrets = {
        case.case_number.canonical,
        digits(case.case_number.canonical),
        mistyped(case.case_number),
        stranger.case_number.canonical,
        reference,
        confirmation_reference,
        appointment.booking_id,
        key.hex(),
    }
    for born_on in (case.birth_date, case.birth_date + timedelta(days=1)):
        secrets |= {born_on.isoformat(), born_on.strftime("%d.%m.%Y"), born_on.strftime("%d%m%Y")}
    conn = open_cache(config.cache_path, resolve_key(key_providers(config)))
    try:
        reports = [
            str(payload)
            for (payload,) in conn.execute(
                "SELECT payload FROM sent_commands WHERE kind = 'report_usage'"
                " UNION ALL SELECT payload FROM outbox WHERE kind = 'report_usage'"
            )
        ]
        kept = [str(value) for row in conn.execute("SELECT * FROM usage_hourly") for value in row]
    finally:
        conn.close()
    stored = [str(value) for row in stored_at_gateway(gateway_db_url) for value in row.values()]
    assert reports and stored
    for text in (*reports, *kept, *stored):
        for secret in secrets:
            assert secret not in text
