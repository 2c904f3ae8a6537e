"""The gateway keeps to its OpenAPI document (issue 13, item 4): schemathesis fuzzes every
operation of the served document against a real gateway on loopback, with every check (no 5xx,
status codes, bodies, content types and headers as documented, schema-valid requests accepted
and schema-violating ones refused, auth not ignored); and every operation refuses a missing,
wrong or revoked token and the other role's token.

The run is bounded and reproducible: deterministic generation (Hypothesis' ``derandomize``: the
same cases on every run and machine), no example database, no deadline, and
``KIOSK_FUZZ_EXAMPLES`` examples per operation and phase (default 12; a third of it on
PostgreSQL, where the same routes run again for the database's sake).
Demo cases, a booking, a closure day, a printed reference and a walk-in ticket are seeded first,
and their keys, slots, case numbers, reference and ticket are offered to the generator, so
requests reach the code behind the lookups instead of stopping at "unknown".
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
from staff_harness import add_staff, enroll_counter, signed_in

from kiosk_app.core.reference import new_reference
from kiosk_app.core.snippet_files import default_seed_dir, read_snippet
from kiosk_app.core.snippets import SNIPPET_LANGUAGES
from sync.gateway.database import make_engine, write_transaction
from sync.gateway.snippets import import_snippets
from sync.gateway.staff.audit import Actor
from sync.staff_protocol import STAFF_SESSION_HEADER

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
    ("GET", "/staff/v1/cases/{case_number}", [422], "the check digit (Damm)"),
    ("POST", "/staff/v1/sessions", [423], "failed sign-ins lock the account (state)"),
    (
        "POST",
        "/staff/v1/password",
        [422, 423],
        "the new password differs from the current one; failures lock the account",
    ),
    ("POST", "/staff/v1/users", [422], "each service is one of the catalog's"),
    ("PUT", "/admin/v1/walk-in/{service}", [422], "ticket issuing starts before it ends"),
    (
        "PUT",
        "/staff/v1/snippets/{snippet_id}/texts/{language}",
        [422],
        "a launch language; the content rules (phrasings, placeholders as in German, no digits)",
    ),
    ("POST", "/staff/v1/snippets/{snippet_id}/approval", [422], "languages the snippet has"),
]
# The staff API's runs: which operations, signed in as whom (the clerk's session is ended by
# DELETE /staff/v1/sessions/current, so the sign-in operations run last).
STAFF_RUNS = (
    ("^/staff/v1/(cases|references|today|walk-in|forms)", "clerk"),
    ("^/staff/v1/(users|fleet)", "admin"),  # admins (and supervisors) see the fleet
    ("^/staff/v1/snippets", "supervisor"),  # supervisors edit and approve the knowledge base
    ("^/staff/v1/(sessions|password)", "clerk"),
)
STAFF_PASSWORD = "fuzzing clerk password"
SNIPPET_IDS = ("extend_permit", "walk_in")  # imported from the seed for the snippets run
# Operations schemathesis may find answering 401 to most requests, and why that is right.
EXPECTED_401 = {
    "DELETE /staff/v1/sessions/current": "a sign-out ends the session it presents: the "
    "generator's next requests with that session are 401 session_expired, as they must be",
}


@dataclass
class Seeded:
    """What the fuzzer is offered besides what it generates: real keys, slots and numbers."""

    device: EnrolledDevice
    lookup_keys: list[str]
    slots: list[str]
    case_numbers: list[str]
    references: list[str]
    tickets: list[str]  # a walk-in ticket (issued unless the fixed day issues none)
    counter: EnrolledDevice  # a counter workstation, and the sessions of two people at it
    sessions: dict[str, str]  # role -> session token
    usernames: list[str]
    receipts: list[str]  # a submitted form (issue 17)


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
    walk_in = gateway.admin.put(
        "/admin/v1/walk-in/card_pickup",
        json={"letter": "A", "daily_quota": 50, "issue_from": "00:00", "issue_until": "23:59"},
    )
    assert walk_in.status_code == 201, walk_in.text
    ticket_id = uuid.uuid4().hex
    ticket = {
        "seq": 2,
        "created_at": fixed_now().isoformat(),
        "payload": {
            "kind": "issue_walk_in_ticket",
            "ticket_id": ticket_id,
            "service": "card_pickup",
            "language": "de",
            "estimate_low": 0,
            "estimate_high": 5,
        },
    }
    assert device.push([ticket]).json()["results"][0]["outcome"] in ("applied", "rejected")
    receipt = new_reference()
    question = {
        "seq": 3,
        "created_at": fixed_now().isoformat(),
        "payload": {
            "kind": "submit_form",
            "receipt": receipt,
            "form_id": "question",
            "form_version": 1,
            "language": "de",
            "answers": [
                {"field": "topic", "value": "fees"},
                {"field": "question_text", "value": "Was kostet das?", "language": "de"},
                {"field": "reply_by", "value": "at_visit"},
            ],
            "submitted_at": fixed_now().isoformat(),
        },
    }
    assert device.push([question]).json()["results"][0]["outcome"] == "applied"
    closed = fixed_today() + timedelta(days=20)
    closure = gateway.admin.put(f"/admin/v1/closures/{closed}", json={"reason": "Ausflug"})
    assert closure.status_code == 201, closure.text
    counter = enroll_counter(gateway, "fuzz-counter")
    add_staff(gateway, "fuzz.clerk", password=STAFF_PASSWORD)
    add_staff(gateway, "fuzz.admin", "admin", password=STAFF_PASSWORD)
    add_staff(gateway, "fuzz.supervisor", "supervisor", password=STAFF_PASSWORD)
    sessions = {
        role: signed_in(counter, name, STAFF_PASSWORD).session.session_token
        for role, name in (
            ("clerk", "fuzz.clerk"),
            ("admin", "fuzz.admin"),
            ("supervisor", "fuzz.supervisor"),
        )
    }
    seed_snippets(gateway, SNIPPET_IDS)
    return Seeded(
        device=device,
        lookup_keys=keys,
        slots=slots[1:200],
        case_numbers=[case.case_number.canonical for case in cases],
        references=[reference],
        tickets=[ticket_id],
        counter=counter,
        sessions=sessions,
        usernames=["fuzz.clerk", "fuzz.admin"],
        receipts=[receipt],
    )


def seed_snippets(gateway: RunningGateway, snippet_ids: tuple[str, ...]) -> None:
    engine = make_engine(gateway.settings.db_url)
    try:
        with write_transaction(engine) as conn:
            items = [read_snippet(default_seed_dir() / name) for name in snippet_ids]
            import_snippets(conn, items, Actor(None, None, fixed_now()))
    finally:
        engine.dispose()


def schemathesis_config(seeded: Seeded, examples: int, staff: str | None = None) -> str:
    """The run's schemathesis.toml: tokens per security scheme, seeded values, exceptions.
    ``staff``: the staff API signed in as this person (``Seeded.sessions``), the counter's
    device token as the bearer."""
    device = seeded.counter if staff else seeded.device
    lines = [
        "workers = 1",
        "color = false",
        "[generation]",
        f"max-examples = {examples}",
        "deterministic = true",
        'database = "none"',
        "[auth.openapi.deviceToken]",
        f"bearer = {json.dumps(device.enrollment.device_token)}",
        "[auth.openapi.adminToken]",
        f"bearer = {json.dumps(ADMIN_TOKEN)}",
    ]
    if staff:
        lines += [
            "[auth.openapi.staffSession]",
            f"api_key = {json.dumps(seeded.sessions[staff])}",
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
        "tickets": (seeded.tickets, ["path.ticket_id"]),
        "receipts": (seeded.receipts, ["path.receipt"]),
        "walk_in_services": (["card_pickup"], ["path.service"]),
        "usernames": (seeded.usernames, ["body.username", "path.username"]),
        "passwords": ([STAFF_PASSWORD], ["body.password"]),
        "snippet_ids": (list(SNIPPET_IDS), ["path.snippet_id"]),
        "languages": (list(SNIPPET_LANGUAGES), ["path.language", "body.languages[*]"]),
    }
    for name, (values, places) in dictionaries.items():
        lines += [f"[dictionaries.{name}]", f"values = {json.dumps(values)}"]
        for place in places:
            lines += [f'[parameters."{place}"]', f'dictionary = "{name}"', "probability = 0.5"]
    # A display's long poll would hold its request for up to 20 s: fuzz it without waiting.
    lines += [
        "[[operations]]",
        'include-name = "GET /v1/walk-in/calls"',
        'parameters = { "query.wait" = 0 }',
    ]
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
    gateway: RunningGateway,
    seeded: Seeded,
    paths: str,
    workdir: Path,
    staff: str | None = None,
) -> dict[str, Any]:
    """One ``st run`` over the operations whose path matches ``paths``; its JSON report."""
    config = workdir / "schemathesis.toml"
    postgres = gateway.settings.db_url.startswith("postgresql")
    examples = max(3, EXAMPLES // 3) if postgres else EXAMPLES
    config.write_text(schemathesis_config(seeded, examples, staff), encoding="utf-8")
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
        found = warnings.get(name) or []
        if name == "missing_auth":
            found = [operation for operation in found if operation not in EXPECTED_401]
        assert not found, (name, warnings[name], output)
    return report


@pytest.mark.slow
def test_every_operation_keeps_to_the_document(
    gateway: RunningGateway, seeded: Seeded, tmp_path: Path
) -> None:
    # The device's and the staff's operations first: the admin run revokes devices and rotates
    # the pepper.
    reports = [run_schemathesis(gateway, seeded, "^/v1/", tmp_path)]
    for paths, person in STAFF_RUNS:
        reports.append(run_schemathesis(gateway, seeded, paths, tmp_path, person))
    reports.append(run_schemathesis(gateway, seeded, "^/admin/v1/", tmp_path))
    document = httpx.get(f"{gateway.url}/openapi.json").json()
    tested = sum(report["operations"]["tested"] for report in reports)
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
    counter = enroll_counter(gateway, "token-counter")
    add_staff(gateway, "token.clerk", password=STAFF_PASSWORD)
    add_staff(gateway, "token.admin", "admin", password=STAFF_PASSWORD)
    clerk = signed_in(counter, "token.clerk", STAFF_PASSWORD).session.session_token
    admin = signed_in(counter, "token.admin", STAFF_PASSWORD).session.session_token
    problems: list[str] = []
    checked = 0
    client = httpx.Client(base_url=gateway.url, timeout=30)
    gateway.clients.append(client)  # closed with the gateway

    def expect(method: str, path: str, label: str, headers: dict[str, str], want: set[str]):
        nonlocal checked
        # Placeholders, not valid values: the token is checked before parameters and body.
        url = path.replace("{", "").replace("}", "")
        body = {"json": {}} if "requestBody" in operation else {}
        response = client.request(method, url, headers=headers, **body)
        checked += 1
        status = 403 if want <= {"forbidden", "not_a_counter"} else 401
        if response.status_code != status:
            problems.append(f"{method} {path} with {label}: {response.status_code}")
        elif response.json()["error"] not in want:
            problems.append(f"{method} {path} with {label}: {response.text}")
        elif status == 401 and response.headers.get("www-authenticate") != "Bearer":
            problems.append(f"{method} {path} with {label}: no WWW-Authenticate")

    for method, path, operation in operations(document):
        security = operation.get("security")
        if (method, path) in PUBLIC:
            if security:
                problems.append(f"{method} {path}: listed as public but declares {security}")
            continue
        schemes = sorted(name for requirement in security or [] for name in requirement)
        if len(security or []) != 1 or schemes not in (
            ["deviceToken"],
            ["adminToken"],
            ["deviceToken", "staffSession"],
        ):
            problems.append(f"{method} {path}: declares {security}, not one requirement")
            continue
        if "401" not in operation["responses"]:
            problems.append(f"{method} {path}: 401 not documented")
        staff_api = path.startswith("/staff/v1/")
        own_device = counter if staff_api else device
        tokens = {"deviceToken": own_device.enrollment.device_token, "adminToken": ADMIN_TOKEN}
        own = schemes[0]
        other = "adminToken" if own == "deviceToken" else "deviceToken"
        admin_path = path.startswith(("/staff/v1/users", "/staff/v1/fleet"))
        session = {STAFF_SESSION_HEADER: admin if admin_path else clerk}
        if "staffSession" not in schemes:
            session = {}
        unauthorized = {"unauthorized", "device_revoked"}
        refused = {
            "no token": {},
            "a wrong token": {"Authorization": "Bearer " + "x" * 43},
            "a bearer without token": {"Authorization": "Bearer"},
            "basic auth": {"Authorization": f"Basic {tokens[own]}"},
            f"the {other}": {"Authorization": f"Bearer {tokens[other]}"},
            "a staff session as the bearer": {"Authorization": f"Bearer {clerk}"},
        }
        if own == "deviceToken":
            refused["a revoked device's token"] = {
                "Authorization": f"Bearer {revoked.enrollment.device_token}"
            }
        for label, headers in refused.items():
            if label == "a staff session as the bearer" and own == "adminToken":
                # A person's session at the machine's API: refused by role, and audited.
                expect(method, path, label, headers, {"forbidden"})
                continue
            expect(method, path, label, {**headers, **session}, unauthorized)
        if not staff_api:
            continue
        # The staff API: a kiosk is no counter; a session is needed, its own, and the role.
        kiosk = {"Authorization": f"Bearer {device.enrollment.device_token}"}
        expect(method, path, "a kiosk's token", {**kiosk, **session}, {"not_a_counter"})
        if not session:
            continue
        bearer = {"Authorization": f"Bearer {tokens['deviceToken']}"}
        expect(method, path, "no session", bearer, {"session_expired"})
        wrong = {STAFF_SESSION_HEADER: "y" * 43}
        expect(method, path, "a wrong session", {**bearer, **wrong}, {"session_expired"})
        other_role = {
            STAFF_SESSION_HEADER: clerk if session[STAFF_SESSION_HEADER] == admin else admin
        }
        if not (method == "DELETE" and path.endswith("/sessions/current")):
            expect(method, path, "another role's session", {**bearer, **other_role}, {"forbidden"})
    assert not problems, "\n".join(problems)
    assert checked >= 5 * (len(operations(document)) - len(PUBLIC))


def test_the_public_operations_answer_without_a_token(gateway: RunningGateway) -> None:
    assert httpx.get(f"{gateway.url}/v1/health").status_code == 200
    refused = httpx.post(f"{gateway.url}/v1/enroll", json={"code": "x" * 12, "device_name": "k"})
    assert (refused.status_code, refused.json()["error"]) == (403, "invalid_code")
