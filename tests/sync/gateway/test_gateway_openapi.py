"""The committed OpenAPI document is the one the gateway publishes."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from pydantic import ValidationError

from sync.gateway.cli import openapi_json
from sync.protocol import BOOKING_REQUEST, BookingRequest

COMMITTED = Path(__file__).resolve().parents[3] / "docs" / "api" / "openapi.json"


def test_the_committed_openapi_document_matches_the_served_one(gateway) -> None:
    served = httpx.get(f"{gateway.url}/openapi.json").json()
    committed = COMMITTED.read_text(encoding="utf-8")
    expected = json.dumps(served, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert committed == expected, (
        "docs/api/openapi.json is stale: run `kiosk-app gateway openapi > docs/api/openapi.json`"
    )
    assert openapi_json() == committed


def test_the_device_bodies_are_the_protocol_models(gateway) -> None:
    document = httpx.get(f"{gateway.url}/openapi.json").json()
    body = document["paths"]["/v1/commands"]["post"]["requestBody"]["content"]
    assert body["application/json"]["schema"] == {"$ref": "#/components/schemas/CommandsRequest"}
    assert "MarkDocumentsReceived" in document["components"]["schemas"]
    page = document["paths"]["/v1/changes"]["get"]["responses"]["200"]["content"]
    assert page["application/json"]["schema"] == {"$ref": "#/components/schemas/ChangesPage"}


def test_the_booking_union_takes_every_request_the_kiosk_sends() -> None:
    key, booking = "a" * 64, "b" * 32
    slot = "application@2026-03-11T08:30#1"
    sent = [
        BookingRequest(action="book", booking_id=booking, lookup_key=key, slot_id=slot),
        BookingRequest(action="move", booking_id=booking, lookup_key=key, slot_id=slot),
        BookingRequest(action="cancel", booking_id=booking, lookup_key=key),
        BookingRequest(action="cancel", booking_id=booking, lookup_key=key, slot_id=slot),
    ]
    for request in sent:
        body = BOOKING_REQUEST.validate_json(request.model_dump_json())
        assert BookingRequest.model_validate(body.model_dump()) == request
    for action in ("book", "move"):
        without_slot = {"action": action, "booking_id": booking, "lookup_key": key}
        with pytest.raises(ValidationError):
            BOOKING_REQUEST.validate_python(without_slot)
        with pytest.raises(ValidationError):
            BookingRequest.model_validate({**without_slot, "slot_id": None})


def test_the_document_requires_what_the_gateway_requires(gateway) -> None:
    schemas = httpx.get(f"{gateway.url}/openapi.json").json()["components"]["schemas"]
    for payload in ("MarkDocumentsReceived", "BookSlot", "MoveBooking", "CancelBooking"):
        assert "kind" in schemas[payload]["required"], payload
    assert "RegisterReference" in str(schemas["Command"]["properties"]["payload"])
    assert "slot_id" in schemas["BookRequest"]["required"]
    assert "slot_id" in schemas["MoveRequest"]["required"]
    assert "slot_id" not in schemas["CancelRequest"]["required"]
    # Appointment times are office-local wall times: no "date-time" (it needs an offset).
    assert "format" not in schemas["BookingInfo"]["properties"]["start"]
    assert schemas["DeviceOut"]["properties"]["enrolled_at"]["format"] == "date-time"
