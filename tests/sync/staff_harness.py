"""Staff at a counter against a real gateway (issue 14): accounts made in the gateway's
database, counters enrolled with a ``counter`` code, sign-in, and the counter's commands."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx
from gateway_harness import EnrolledDevice, RunningGateway
from sqlalchemy import select

from sync.gateway.database import make_engine, write_transaction
from sync.gateway.staff.accounts import create_user
from sync.gateway.staff.audit import Actor, AuditEntry, audit_entries
from sync.protocol import CommandsResponse
from sync.staff_protocol import STAFF_SESSION_HEADER, StaffSession

PASSWORD = "correct horse battery"


def add_staff(
    gateway: RunningGateway,
    username: str,
    role: str = "counter",
    services: tuple[str, ...] = (),
    *,
    password: str | None = PASSWORD,
    must_change: bool = False,
) -> str:
    """An account made as the CLI makes it; returns its password."""
    engine = make_engine(gateway.settings.db_url)
    try:
        with write_transaction(engine) as conn:
            actor = Actor(None, None, gateway.settings.clock())
            return create_user(
                conn,
                actor,
                username,
                role,
                services,
                password=password,
                must_change_password=must_change,
            )
    finally:
        engine.dispose()


def audit(gateway: RunningGateway, **query: Any) -> list[AuditEntry]:
    engine = make_engine(gateway.settings.db_url)
    try:
        with engine.connect() as conn:
            return audit_entries(conn, **query)
    finally:
        engine.dispose()


def audit_count(gateway: RunningGateway) -> int:
    return len(audit(gateway))


def enroll_counter(gateway: RunningGateway, name: str = "counter-1") -> EnrolledDevice:
    code = gateway.admin.post("/admin/v1/enrollment-codes", json={"kind": "counter"})
    code.raise_for_status()
    assert code.json()["kind"] == "counter"
    response = httpx.post(
        f"{gateway.url}/v1/enroll", json={"code": code.json()["code"], "device_name": name}
    )
    response.raise_for_status()
    from sync.protocol import Enrollment

    enrollment = Enrollment.model_validate_json(response.content)
    client = httpx.Client(
        base_url=gateway.url,
        headers={"Authorization": f"Bearer {enrollment.device_token}"},
        timeout=30,
    )
    gateway.clients.append(client)
    return EnrolledDevice(enrollment, client)


@dataclass
class Clerk:
    """A person signed in at a counter; ``get`` sends both credentials."""

    counter: EnrolledDevice
    session: StaffSession
    seq: list[int] = field(default_factory=lambda: [0])

    @property
    def headers(self) -> dict[str, str]:
        return {STAFF_SESSION_HEADER: self.session.session_token}

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.counter.client.get(path, headers=self.headers, **kwargs)

    def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.counter.client.post(path, headers=self.headers, **kwargs)

    def command(self, payload: dict[str, Any], created_at: datetime, seq: int | None = None):
        """Push one command in this session (the next number unless given); its result."""
        if seq is None:
            self.seq[0] += 1
            seq = self.seq[0]
        body = {
            "seq": seq,
            "created_at": created_at.isoformat(),
            "payload": {"session_id": self.session.session_id, **payload},
        }
        response = self.counter.push([body])
        assert response.status_code == 200, response.text
        return CommandsResponse.model_validate_json(response.content).results[0]


def sign_in(counter: EnrolledDevice, username: str, password: str = PASSWORD) -> httpx.Response:
    return counter.client.post(
        "/staff/v1/sessions", json={"username": username, "password": password}
    )


def signed_in(counter: EnrolledDevice, username: str, password: str = PASSWORD) -> Clerk:
    response = sign_in(counter, username, password)
    assert response.status_code == 201, response.text
    return Clerk(counter, StaffSession.model_validate_json(response.content))


def book(gateway: RunningGateway, kiosk: EnrolledDevice, lookup_key: str) -> dict[str, Any]:
    """An online booking at the first free slot; the booking as the gateway confirmed it."""
    slots = kiosk.client.get("/v1/slots").json()["slots"]
    booking_id = uuid.uuid4().hex
    for slot in slots:
        answer = kiosk.client.post(
            "/v1/bookings",
            json={
                "action": "book",
                "booking_id": booking_id,
                "lookup_key": lookup_key,
                "slot_id": slot,
            },
        ).json()
        if answer["outcome"] == "booked":
            return dict(answer["booking"])
    raise AssertionError("no free slot")


def booking_row(gateway: RunningGateway, booking_id: str) -> Any:
    from sync.gateway.tables import bookings

    engine = make_engine(gateway.settings.db_url)
    try:
        with engine.connect() as conn:
            return conn.execute(select(bookings).where(bookings.c.booking_id == booking_id)).first()
    finally:
        engine.dispose()
