"""The gateway keeps to its OpenAPI document (issue 13, item 4): schemathesis fuzzes every
operation of the served document against a real gateway on loopback, with every check (no 5xx,
status codes, bodies, content types and headers as documented, schema-valid requests accepted
and schema-violating ones refused, auth not ignored); and every operation refuses a missing,
wrong or revoked token and the other role's token.

The run is bounded and reproducible: deterministic generation (Hypothesis' ``derandomize``: the
same cases on every run and machine), no example database, no deadline, and
``KIOSK_FUZZ_EXAMPLES`` examples per operation and phase (default 12; a third of it on
PostgreSQL, where the same routes run again for the database's sake).
Demo cases, a booking, a closure day and a printed reference are seeded first, and their keys,
slots, case numbers and reference are offered to the generator, so requests reach the code
behind the lookups instead of stopping at "unknown".
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fixed_time import fixed_now, fixed_today
from gateway_harness import ADMIN_TOKEN, EnrolledDevice, RunningGateway

from kiosk_app.core.reference import new_reference

EXAMPLES = int(os.environ.get("KIOSK_FUZZ_EXAMPLES", "12"))
SCHEMATHESIS = [sys.executable, "-m", "schemathesis.cli"]

# Operations that take no token, and why; every other operation must declare one and refuse
# requests without it (``test_every_operation_refuses_a_missing_or_wrong_token``).
PUBLIC = {
    ("GET", "/v1/health"): "liveness probe for load balancers and `make demo`; tells no data",
    ("POST", "/v1/enroll"): "a kiosk has no token yet: the one-time code is its credential",
}

# Refusals of schema-valid requests that JSON Schema cannot state; the document states each in
# words. Schemathesis' positive_data_acceptance accepts these statuses on these operations only.
BEYOND_JSON_SCHEMA = [
    ("GET", "/v1/changes", [410], "a cursor beyond the dataset depends on the state: resync"),
    ("PUT", "/admin/v1/cases/{case_number}/status", [422], "the check digit (Damm)"),
    ("DELETE", "/admin/v1/cases/{case_number}", [422], "the check digit (Damm)"),
    ("POST", "/admin/v1/imports", [422], "a CSV header naming the required columns"),
    ("PUT", "/admin/v1/services/{code}", [422], "each span's start before its end"),
]


@dataclass
class Seeded:
    """What the fuzzer is offered besides what it generates: real keys, slots and numbers."""

    device: EnrolledDevice
    lookup_keys: list[str]
    slots: list[str]
    case_numbers: list[str]
    references: list[str]


@pytest.fixture
def seeded(gateway: RunningGateway) -> Seeded:
    cases = gateway.import_demo()
    device = gateway.enroll("fuzz-kiosk")
    keys = [device.lookup_key(case.case_number.canonical, case.birth_date) for case in cases]
    slots = device.client.get("/v1/slots").json()["slots"]
    booking_id = uuid.uuid4().hex
    booked = device.client.post(
        "/v1/bookings",
        json={
            "action": "book",
            "booking_id": booking_id,
            "lookup_key": keys[0],
            "slot_id": slots[0],
        },
    )
    assert booked.json()["outcome"] == "booked", booked.text
    reference = new_reference()
    command = {
        "seq": 1,
        "created_at": fixed_now().isoformat(),
        "payload": {
            "kind": "register_reference",
            "reference": reference,
            "lookup_key": keys[0],
            "booking_id": booking_id,
        },
    }
    assert device.push([command]).json()["results"][0]["outcome"] == "applied"
    closed = fixed_today() + timedelta(days=20)
    closure = gateway.admin.put(f"/admin/v1/closures/{closed}", json={"reason": "Ausflug"})
    assert closure.status_code == 201, closure.text
    return Seeded(
        device=device,
        lookup_keys=keys,
        slots=slots[1:200],
        case_numbers=[case.case_number.canonical for case in cases],
        references=[reference],
    )


def schemathesis_config(seeded: Seeded, examples: int) -> str:
    """The run's schemathesis.toml: tokens per security scheme, seeded values, exceptions."""
    lines = [
        "workers = 1",
        "color = false",
        "[generation]",
        f"max-examples = {examples}",
        "deterministic = true",
        'database = "none"',
        "[auth.openapi.deviceToken]",
        f"bearer = {json.dumps(seeded.device.enrollment.device_token)}",
        "[auth.openapi.adminToken]",
        f"bearer = {json.dumps(ADMIN_TOKEN)}",
    ]
    dictionaries = {
        "lookup_keys": (
            seeded.lookup_keys,
            ["body.lookup_key", "body.commands[*].payload.lookup_key"],
        ),
        "slots": (
            seeded.slots,
            ["body.slot_id", "body.keep[*]", "body.commands[*].payload.slot_id"],
        ),
        "case_numbers": (seeded.case_numbers, ["path.case_number"]),
        "references": (seeded.references, ["path.reference"]),
    }
    for name, (values, places) in dictionaries.items():
        lines += [f"[dictionaries.{name}]", f"values = {json.dumps(values)}"]
        for place in places:
            lines += [f'[parameters."{place}"]', f'dictionary = "{name}"', "probability = 0.5"]
    for method, path, statuses, _why in BEYOND_JSON_SCHEMA:
        # schemathesis' default for the check, plus these statuses
        expected = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx", *map(str, statuses)]
        lines += [
            "[[operations]]",
            f'include-name = "{method} {path}"',  # include-method and -path would match either
            "[operations.checks.positive_data_acceptance]",
            f"expected-statuses = {json.dumps(expected)}",
        ]
    return "\n".join(lines) + "\n"


def run_schemathesis(
    gateway: RunningGateway, seeded: Seeded, paths: str, workdir: Path
) -> dict[str, Any]:
    """One ``st run`` over the operations whose path matches ``paths``; its JSON report."""
    config = workdir / "schemathesis.toml"
    postgres = gateway.settings.db_url.startswith("postgresql")
    examples = max(3, EXAMPLES // 3) if postgres else EXAMPLES
    config.write_text(schemathesis_config(seeded, examples), encoding="utf-8")
    report_path = workdir / "report.json"
    command = [
        *SCHEMATHESIS,
        "--config-file",
        str(config),
        "run",
        f"{gateway.url}/openapi.json",
        "--checks",
        "all",
        "--include-path-regex",
        paths,
        "--continue-on-failure",
        "--report",
        "json",
        "--report-json-path",
        str(report_path),
    ]
    result = subprocess.run(
        command, cwd=workdir, capture_output=True, text=True, timeout=600, check=False
    )
    if os.environ.get("KIOSK_FUZZ_SHOW"):
        print(result.stdout)
    output = result.stdout[-20000:] + result.stderr[-5000:]
    assert result.returncode == 0, output
    report: dict[str, Any] = json.loads(report_path.read_text(encoding="utf-8"))
    if os.environ.get("KIOSK_FUZZ_SHOW"):
        print(json.dumps(report["valid_rates"]))
    operations = report["operations"]
    assert operations["selected"] > 0 and operations["tested"] == operations["selected"], output
    assert not report["failures"] and not report["errors"], output
    warnings = report["warnings"]
    # A token that stopped working or a seeded value the document refuses would hollow the run.
    for name in ("missing_auth", "unused_openapi_auth", "dictionary_mismatch", "unmatched_filter"):
        assert not warnings.get(name), (name, warnings[name], output)
    return report


@pytest.mark.slow
def test_every_operation_keeps_to_the_document(
    gateway: RunningGateway, seeded: Seeded, tmp_path: Path
) -> None:
    # The device's operations first: the admin run revokes devices and rotates the pepper.
    device = run_schemathesis(gateway, seeded, "^/v1/", tmp_path)
    admin = run_schemathesis(gateway, seeded, "^/admin/v1/", tmp_path)
    document = httpx.get(f"{gateway.url}/openapi.json").json()
    tested = device["operations"]["tested"] + admin["operations"]["tested"]
    assert tested == len(operations(document))


# --- tokens ---------------------------------------------------------------------------------


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, by_method in document["paths"].items()
        for method, operation in by_method.items()
    ]


def test_every_operation_refuses_a_missing_or_wrong_token(
    gateway: RunningGateway, device: EnrolledDevice
) -> None:
    document = httpx.get(f"{gateway.url}/openapi.json").json()
    revoked = gateway.enroll("revoked-kiosk")
    gateway.revoke(revoked.enrollment.device_id)
    tokens = {
        "deviceToken": device.enrollment.device_token,
        "adminToken": ADMIN_TOKEN,
    }
    problems: list[str] = []
    checked = 0
    client = httpx.Client(base_url=gateway.url, timeout=30)
    gateway.clients.append(client)  # closed with the gateway
    for method, path, operation in operations(document):
        security = operation.get("security")
        if (method, path) in PUBLIC:
            if security:
                problems.append(f"{method} {path}: listed as public but declares {security}")
            continue
        schemes = [name for requirement in security or [] for name in requirement]
        if len(schemes) != 1 or schemes[0] not in tokens:
            problems.append(f"{method} {path}: declares {security}, not one token")
            continue
        if "401" not in operation["responses"]:
            problems.append(f"{method} {path}: 401 not documented")
        own = schemes[0]
        other = "adminToken" if own == "deviceToken" else "deviceToken"
        refused = {
            "no token": {},
            "a wrong token": {"Authorization": "Bearer " + "x" * 43},
            "a bearer without token": {"Authorization": "Bearer"},
            "basic auth": {"Authorization": f"Basic {tokens[own]}"},
            f"the {other}": {"Authorization": f"Bearer {tokens[other]}"},
        }
        if own == "deviceToken":
            refused["a revoked device's token"] = {
                "Authorization": f"Bearer {revoked.enrollment.device_token}"
            }
        # Placeholders, not valid values: the token is checked before parameters and body.
        url = path.replace("{", "").replace("}", "")
        body = {"json": {}} if "requestBody" in operation else {}
        for label, headers in refused.items():
            response = client.request(method, url, headers=headers, **body)
            checked += 1
            if response.status_code != 401:
                problems.append(f"{method} {path} with {label}: {response.status_code}")
            elif response.json()["error"] not in ("unauthorized", "device_revoked"):
                problems.append(f"{method} {path} with {label}: {response.text}")
            elif response.headers.get("www-authenticate") != "Bearer":
                problems.append(f"{method} {path} with {label}: no WWW-Authenticate")
    assert not problems, "\n".join(problems)
    assert checked >= 5 * (len(operations(document)) - len(PUBLIC))


def test_the_public_operations_answer_without_a_token(gateway: RunningGateway) -> None:
    assert httpx.get(f"{gateway.url}/v1/health").status_code == 200
    refused = httpx.post(f"{gateway.url}/v1/enroll", json={"code": "x" * 12, "device_name": "k"})
    assert (refused.status_code, refused.json()["error"]) == (403, "invalid_code")
