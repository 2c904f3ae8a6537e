"""Enrollment: one-time codes, expiry, device tokens, revocation."""

from __future__ import annotations

from datetime import timedelta

import httpx

from sync.protocol import Enrollment, ErrorBody


def _enroll(url: str, code: str) -> httpx.Response:
    return httpx.post(f"{url}/v1/enroll", json={"code": code, "device_name": "lobby-1"})


def test_a_code_enrolls_exactly_once(gateway) -> None:
    code = gateway.create_code()
    assert len(code) == 12

    first = _enroll(gateway.url, code)
    assert first.status_code == 200
    enrollment = Enrollment.model_validate_json(first.content)
    assert len(bytes.fromhex(enrollment.pepper)) == 32
    assert enrollment.epoch == 1

    again = _enroll(gateway.url, code)
    assert again.status_code == 403
    assert ErrorBody.model_validate_json(again.content).error == "invalid_code"


def test_codes_are_typed_leniently(gateway) -> None:
    code = gateway.create_code()
    typed = f"{code[:4].lower()}-{code[4:8]} {code[8:]}"
    assert _enroll(gateway.url, typed).status_code == 200


def test_an_expired_code_is_refused(gateway, gateway_clock) -> None:
    code = gateway.create_code()
    gateway_clock.advance(gateway.settings.enrollment_code_ttl + timedelta(seconds=1))
    response = _enroll(gateway.url, code)
    assert response.status_code == 403
    assert response.json()["error"] == "invalid_code"


def test_an_unknown_code_is_refused(gateway) -> None:
    assert _enroll(gateway.url, "ABCDEFGHJKMN").status_code == 403


def test_creating_codes_needs_the_admin_token(gateway) -> None:
    anonymous = httpx.post(f"{gateway.url}/admin/v1/enrollment-codes")
    wrong = httpx.post(
        f"{gateway.url}/admin/v1/enrollment-codes", headers={"Authorization": "Bearer nope"}
    )
    assert anonymous.status_code == wrong.status_code == 401
    assert anonymous.json()["error"] == "unauthorized"


def test_a_revoked_device_gets_401_device_revoked(gateway, device) -> None:
    assert device.client.get("/v1/changes").status_code == 200
    gateway.revoke(device.enrollment.device_id)

    pulled = device.client.get("/v1/changes")
    pushed = device.push(
        [
            {
                "seq": 1,
                "created_at": "2026-01-05T10:00:00Z",
                "payload": {
                    "kind": "mark_documents_received",
                    "lookup_key": "a" * 64,
                    "documents": ["passport"],
                },
            }
        ]
    )
    assert pulled.status_code == pushed.status_code == 401
    assert ErrorBody.model_validate_json(pulled.content).error == "device_revoked"
    assert pushed.json()["error"] == "device_revoked"


def test_an_unknown_token_gets_401_unauthorized(gateway) -> None:
    response = httpx.get(f"{gateway.url}/v1/changes", headers={"Authorization": "Bearer forged"})
    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"
    assert httpx.get(f"{gateway.url}/v1/changes").status_code == 401


def test_devices_are_listed_without_tokens(gateway, device) -> None:
    listed = gateway.admin.get("/admin/v1/devices").json()
    assert [entry["device_id"] for entry in listed] == [device.enrollment.device_id]
    assert device.enrollment.device_token not in str(listed)


def test_health_needs_no_token(gateway) -> None:
    body = httpx.get(f"{gateway.url}/v1/health").json()
    assert body["status"] == "ok" and body["protocol"] == 1 and body["epoch"] == 1
