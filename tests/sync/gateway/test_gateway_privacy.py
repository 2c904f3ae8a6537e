"""The gateway never logs case numbers, birth dates, lookup keys or tokens."""

from __future__ import annotations

import logging
from typing import Any


def test_logs_hold_no_personal_data_or_secrets(gateway, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    cases = gateway.import_demo(count=5, seed=9)
    device = gateway.enroll("privacy")
    target = cases[1]
    number = target.case_number.canonical
    gateway.set_status(number, "completed")
    key = device.lookup_key(number, target.birth_date)
    command: dict[str, Any] = {
        "seq": 1,
        "created_at": "2026-01-05T10:00:00Z",
        "payload": {"kind": "mark_documents_received", "lookup_key": key, "documents": ["photo"]},
    }
    device.push([command])
    device.pull_all()
    gateway.admin.put("/admin/v1/cases/DA-2026-000001-9/status", json={"status": "completed"})
    gateway.rotate_pepper()

    server_side = ("sync", "uvicorn", "sqlalchemy", "alembic", "fastapi", "starlette")
    logged = "\n".join(  # the test's own httpx client logs URLs; the gateway must not
        record.getMessage() for record in caplog.records if record.name.startswith(server_side)
    )
    assert "/admin/v1/cases/{case_number}/status" in logged  # routes are logged as templates
    for case in cases:
        assert case.case_number.canonical not in logged
        assert case.birth_date.isoformat() not in logged
    for secret in (
        key,
        device.enrollment.device_token,
        device.enrollment.pepper,
        "DA-2026-000001-9",
    ):
        assert secret not in logged
