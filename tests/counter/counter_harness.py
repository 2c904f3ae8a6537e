"""Helpers for the counter tests against a real gateway: a counter's enrollment code, a clerk's
account, a booking for today, and what the gateway recorded (its command log, documents)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from fixed_time import fixed_now
from gateway_harness import RunningGateway
from sqlalchemy import insert, select

from kiosk_app.core.clock import OfficeTime
from kiosk_app.counter.cache import CounterCache
from kiosk_app.counter.desk import CounterDesk
from kiosk_app.counter.enroll import enroll_counter
from sync.gateway.database import make_engine
from sync.gateway.staff.accounts import create_user
from sync.gateway.staff.audit import Actor
from sync.gateway.staff.tables import received_documents
from sync.gateway.tables import bookings, cases, command_log
from sync.staff_client import StaffClient

CLERK = "clerk.one"
PASSWORD = "correct horse battery staple"
FAST = __import__("httpx").Timeout(3.0, connect=1.0)


def counter_code(gateway: RunningGateway) -> str:
    response = gateway.admin.post("/admin/v1/enrollment-codes", json={"kind": "counter"})
    response.raise_for_status()
    return str(response.json()["code"])


def add_clerk(gateway: RunningGateway, username: str = CLERK, role: str = "counter") -> None:
    engine = make_engine(gateway.settings.db_url)
    try:
        with engine.begin() as conn:
            actor = Actor(None, None, fixed_now())
            create_user(conn, actor, username, role, password=PASSWORD, must_change_password=False)
    finally:
        engine.dispose()


def add_booking(gateway: RunningGateway, case_number: str, start: datetime) -> str:
    """An active booking of ``case_number`` at office-local ``start`` (as a kiosk made it)."""
    booking_id = uuid.uuid4().hex
    at = datetime(2026, 1, 1, tzinfo=UTC)
    engine = make_engine(gateway.settings.db_url)
    try:
        with engine.begin() as conn:
            conn.execute(
                insert(bookings).values(
                    booking_id=booking_id,
                    case_number=case_number,
                    service="residence_permit",
                    slot_id=f"residence_permit@{start:%Y-%m-%dT%H:%M}#1",
                    start=start,
                    active=True,
                    source="online",
                    device_id=None,
                    created_at=at,
                    updated_at=at,
                )
            )
    finally:
        engine.dispose()
    return booking_id


def gateway_rows(gateway: RunningGateway, query: Any) -> list[Any]:
    engine = make_engine(gateway.settings.db_url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(query))
    finally:
        engine.dispose()


def commands_at_gateway(gateway: RunningGateway, device_id: str) -> list[tuple[int, str, str]]:
    """(seq, kind, outcome) of every command the gateway applied from this device."""
    query = (
        select(command_log.c.seq, command_log.c.kind, command_log.c.outcome)
        .where(command_log.c.device_id == device_id)
        .order_by(command_log.c.seq)
    )
    return [(int(r.seq), str(r.kind), str(r.outcome)) for r in gateway_rows(gateway, query)]


def received_at_gateway(gateway: RunningGateway, case_number: str) -> list[str]:
    query = select(received_documents.c.code).where(received_documents.c.case_number == case_number)
    return sorted(str(r.code) for r in gateway_rows(gateway, query))


def status_at_gateway(gateway: RunningGateway, case_number: str) -> str:
    query = select(cases.c.status).where(cases.c.case_number == case_number)
    return str(gateway_rows(gateway, query)[0].status)


def booking_at_gateway(gateway: RunningGateway, booking_id: str) -> Any:
    query = select(bookings).where(bookings.c.booking_id == booking_id)
    return gateway_rows(gateway, query)[0]


def fast_client(url: str, token: str) -> StaffClient:
    return StaffClient(url, token, timeout=FAST)


def enrolled_desk(
    gateway: RunningGateway, cache: CounterCache, office_time: OfficeTime
) -> CounterDesk:
    enroll_counter(gateway.url, counter_code(gateway), cache, device_name="counter-test")
    return CounterDesk(cache, office_time, fast_client)


def start_today(office_time: OfficeTime, hour: int = 11) -> datetime:
    return office_time.now().replace(hour=hour, minute=0, second=0, microsecond=0)
