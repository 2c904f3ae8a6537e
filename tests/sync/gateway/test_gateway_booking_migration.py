"""Migration 0002 on a database that 0001 created and filled: cases gain an empty booking list,
services two desks, and the feed and the calendar work on the upgraded data."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from fixed_time import MovableClock, fixed_now, fixed_today
from gateway_harness import ADMIN_TOKEN, running_gateway
from sqlalchemy import insert, text

from kiosk_app.core.demo_cases import generate
from sync.client import parse_page
from sync.gateway.catalog import seed_catalog
from sync.gateway.database import MIGRATIONS_DIR, make_engine, upgrade, write_transaction
from sync.gateway.dataset import ensure_dataset
from sync.gateway.settings import GatewaySettings
from sync.gateway.tables import cases


def _upgrade_to(db_url: str, revision: str) -> None:
    engine = make_engine(db_url)
    try:
        with write_transaction(engine) as conn:
            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS_DIR))
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
    finally:
        engine.dispose()


def test_0002_upgrades_a_filled_0001_database(gateway_db_url) -> None:
    _upgrade_to(gateway_db_url, "0001")
    engine = make_engine(gateway_db_url)
    case = next(iter(generate(1, 3, fixed_today())))
    with write_transaction(engine) as conn:
        ds = ensure_dataset(conn, fixed_now())
        seed_catalog(conn)
        conn.execute(
            insert(cases).values(
                case_number=case.case_number.canonical,
                birth_date=case.birth_date,
                status=case.record.status.value,
                status_changed_on=case.record.status_changed_on,
                permit_type=case.record.permit_type,
                missing_documents=list(case.record.missing_documents),
                next_appointment=case.record.next_appointment,
                fiktion_valid_until=case.record.fiktion_valid_until,
                lookup_key=ds.lookup_key(case.case_number.canonical, case.birth_date),
                change_seq=1,
                removed=False,
            )
        )
        conn.execute(text("UPDATE change_counter SET value = 1"))
    engine.dispose()

    upgrade(gateway_db_url)
    settings = GatewaySettings(db_url=gateway_db_url, admin_token=ADMIN_TOKEN, clock=MovableClock())
    with running_gateway(settings) as gateway:
        services = gateway.admin.get("/admin/v1/services").json()
        assert {service["counters"] for service in services} == {2}
        device = gateway.enroll()
        page = parse_page(device.client.get("/v1/changes").content)
        (change,) = page.changes
        assert change.case is not None and change.case.bookings == []
        assert change.case.next_appointment == case.record.next_appointment
        assert device.client.get("/v1/slots").status_code == 200
