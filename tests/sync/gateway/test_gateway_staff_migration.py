"""Migration 0007 (staff) on a database that 0006 created and filled: the devices and codes it
had are kiosks, earlier papers have no language, and the upgraded gateway serves them."""

from __future__ import annotations

import httpx
from fixed_time import MovableClock, fixed_now
from gateway_harness import ADMIN_TOKEN, running_gateway
from sqlalchemy import insert, select, text
from test_gateway_booking_migration import _upgrade_to

from sync.gateway.auth import token_hash
from sync.gateway.database import make_engine, upgrade, write_transaction
from sync.gateway.settings import GatewaySettings
from sync.gateway.tables import devices, enrollment_codes


def test_0007_upgrades_a_filled_0006_database(gateway_db_url) -> None:
    _upgrade_to(gateway_db_url, "0006_command_conflicts")
    engine = make_engine(gateway_db_url)
    now = fixed_now()
    with write_transaction(engine) as conn:
        conn.execute(
            insert(devices).values(
                device_id="d" * 32,
                name="old-kiosk",
                token_hash=token_hash("old-token"),
                enrolled_at=now,
                last_applied_seq=0,
            )
        )
        conn.execute(
            insert(enrollment_codes).values(
                code_hash=token_hash("ABCDEFGHJKMN"),
                created_at=now,
                expires_at=now.replace(year=now.year + 1),
            )
        )
        conn.execute(
            text(
                "INSERT INTO printed_references (reference, case_number, documents, "
                "device_id, created_at) VALUES ('ABCD2345EF', 'DA-2026-000001-1', '[]', "
                "'old', :now)"
            ),
            {"now": now},
        )
    engine.dispose()

    upgrade(gateway_db_url)

    engine = make_engine(gateway_db_url)
    with engine.connect() as conn:
        assert conn.execute(select(devices.c.kind)).scalars().all() == ["kiosk"]
        assert conn.execute(select(enrollment_codes.c.kind)).scalars().all() == ["kiosk"]
        language = conn.execute(text("SELECT language FROM printed_references")).scalar_one()
        assert language is None
    engine.dispose()

    settings = GatewaySettings(db_url=gateway_db_url, admin_token=ADMIN_TOKEN, clock=MovableClock())
    with running_gateway(settings) as gateway:
        old = {"Authorization": "Bearer old-token"}
        assert httpx.get(f"{gateway.url}/v1/dataset", headers=old).status_code == 200
        refused = httpx.post(
            f"{gateway.url}/staff/v1/sessions",
            json={"username": "anyone", "password": "x"},
            headers=old,
        )
        assert (refused.status_code, refused.json()["error"]) == (403, "not_a_counter")
        enrolled = httpx.post(
            f"{gateway.url}/v1/enroll", json={"code": "ABCDEFGHJKMN", "device_name": "k2"}
        )
        assert enrolled.status_code == 200
        kinds = {d["name"]: d["kind"] for d in gateway.admin.get("/admin/v1/devices").json()}
        assert kinds == {"old-kiosk": "kiosk", "k2": "kiosk"}
