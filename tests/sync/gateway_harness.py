"""The gateway test harness (classes and helpers) shared by tests/sync/conftest.py and the
kiosk engine tests; fixtures stay in conftest.py."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import httpx
from fixed_time import fixed_today

from kiosk_app.core.case_number import CaseNumber
from kiosk_app.core.demo_cases import DemoCase, generate
from kiosk_app.core.lookup_key import derive_lookup_key
from sync.gateway.server import GatewayServer
from sync.gateway.settings import GatewaySettings
from sync.protocol import CaseState, ChangesPage, Enrollment

ADMIN_TOKEN = "test-admin-token-" + "x" * 16
POSTGRES_URL = os.environ.get(
    "KIOSK_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
DEMO_COUNT = 30
DEMO_SEED = 7


@dataclass
class EnrolledDevice:
    """A kiosk as the gateway sees it: its enrollment and an authenticated HTTP client."""

    enrollment: Enrollment
    client: httpx.Client

    @property
    def pepper(self) -> bytes:
        return bytes.fromhex(self.enrollment.pepper)

    def lookup_key(self, case_number: str, birth_date: date, pepper: bytes | None = None) -> str:
        key = derive_lookup_key(pepper or self.pepper, CaseNumber.parse(case_number), birth_date)
        return key.hex()

    def changes(self, cursor: int = 0, limit: int | None = None) -> ChangesPage:
        params: dict[str, int] = {"cursor": cursor}
        if limit is not None:
            params["limit"] = limit
        response = self.client.get("/v1/changes", params=params)
        response.raise_for_status()
        return ChangesPage.model_validate_json(response.content)

    def changes_arrived(self, cursor: int, timeout_s: float = 10.0) -> ChangesPage:
        """The first page after ``cursor`` that holds changes. On PostgreSQL a reader serves a
        change only once every older transaction that might write the feed has ended; one it
        cannot place (its session gone from pg_stat_activity between the snapshot and the read,
        e.g. under other databases' load on the same server) holds the change back until a later
        pull: a delay, never a loss (sync/gateway/change_feed.py). Kiosks simply pull again."""
        deadline = time.monotonic() + timeout_s
        while True:
            page = self.changes(cursor)
            if page.changes or time.monotonic() > deadline:
                return page
            time.sleep(0.05)

    def pull_all(
        self, cursor: int = 0, limit: int = 1000
    ) -> tuple[dict[str, CaseState | None], int, int]:
        """Every change from ``cursor`` on: (view by lookup key incl. tombstones, cursor, epoch)."""
        view: dict[str, CaseState | None] = {}
        while True:
            page = self.changes(cursor, limit)
            for change in page.changes:
                view[change.lookup_key] = change.case
            cursor = page.next_cursor
            if not page.has_more:
                return view, cursor, page.epoch

    def push(self, commands: list[dict[str, Any]]) -> httpx.Response:
        return self.client.post("/v1/commands", json={"commands": commands})


@dataclass
class RunningGateway:
    """A started ``GatewayServer`` plus an admin client; ``restart`` keeps the port."""

    server: GatewayServer
    admin: httpx.Client
    clients: list[httpx.Client] = field(default_factory=list)

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def settings(self) -> GatewaySettings:
        return self.server.settings

    def stop(self) -> None:
        self.server.stop()

    def start(self) -> None:
        self.server.start()

    def restart(self) -> None:
        self.stop()
        self.start()

    def create_code(self) -> str:
        response = self.admin.post("/admin/v1/enrollment-codes")
        response.raise_for_status()
        return str(response.json()["code"])

    def enroll(self, name: str = "test-kiosk") -> EnrolledDevice:
        response = httpx.post(
            f"{self.url}/v1/enroll", json={"code": self.create_code(), "device_name": name}
        )
        response.raise_for_status()
        enrollment = Enrollment.model_validate_json(response.content)
        client = httpx.Client(
            base_url=self.url,
            headers={"Authorization": f"Bearer {enrollment.device_token}"},
            timeout=30,
        )
        self.clients.append(client)
        return EnrolledDevice(enrollment, client)

    def set_status(self, case_number: str, status: str, on: date | None = None) -> int:
        body: dict[str, str] = {"status": status}
        if on is not None:
            body["status_changed_on"] = on.isoformat()
        response = self.admin.put(f"/admin/v1/cases/{case_number}/status", json=body)
        response.raise_for_status()
        return int(response.json()["change_seq"])

    def import_csv(self, body: bytes) -> dict[str, Any]:
        response = self.admin.post(
            "/admin/v1/imports", content=body, headers={"Content-Type": "text/csv"}
        )
        response.raise_for_status()
        return dict(response.json())

    def import_rows(self, rows: list[dict[str, Any]]) -> dict[str, Any]:
        response = self.admin.post("/admin/v1/imports", json=rows)
        response.raise_for_status()
        return dict(response.json())

    def import_demo(self, count: int = DEMO_COUNT, seed: int = DEMO_SEED) -> list[DemoCase]:
        """Import ``core.demo_cases.generate`` rows through the admin JSON import."""
        cases = list(generate(count, seed, fixed_today()))
        report = self.import_rows([demo_row(case) for case in cases])
        assert not report["rejected"], report
        return cases

    def rotate_pepper(self) -> int:
        response = self.admin.post("/admin/v1/rotate-pepper")
        response.raise_for_status()
        return int(response.json()["epoch"])

    def revoke(self, device_id: str) -> None:
        self.admin.post(f"/admin/v1/devices/{device_id}/revoke").raise_for_status()


def demo_row(case: DemoCase) -> dict[str, Any]:
    record = case.record
    return {
        "case_number": case.case_number.canonical,
        "birth_date": case.birth_date.isoformat(),
        "status": record.status.value,
        "status_changed_on": record.status_changed_on.isoformat(),
        "permit_type": record.permit_type,
        "missing_documents": list(record.missing_documents),
        "next_appointment": record.next_appointment.isoformat()
        if record.next_appointment
        else None,
        "fiktion_valid_until": (
            record.fiktion_valid_until.isoformat() if record.fiktion_valid_until else None
        ),
        "permit_valid_until": (
            record.permit_valid_until.isoformat() if record.permit_valid_until else None
        ),
    }


@contextmanager
def running_gateway(settings: GatewaySettings) -> Iterator[RunningGateway]:
    """A started gateway with an admin client; everything closed and stopped afterwards."""
    server = GatewayServer(settings).start()
    admin = httpx.Client(
        base_url=server.url, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}, timeout=60
    )
    running = RunningGateway(server, admin)
    try:
        yield running
    finally:
        for client in (admin, *running.clients):
            client.close()
        server.stop()
