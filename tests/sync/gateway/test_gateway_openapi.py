"""The committed OpenAPI document is the one the gateway publishes."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from sync.gateway.cli import openapi_json

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
