"""Forms at the gateway (issue 17): a kiosk's ``submit_form`` applied exactly once, the staff
inbox and one form in German, each read audited. Real gateway on loopback, SQLite and
PostgreSQL, the gateway's clock fixed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select
from staff_harness import add_staff, audit, enroll_counter, signed_in

from kiosk_app.core.forms.german import FOREIGN_TEXT_NOTE
from kiosk_app.core.reference import new_reference
from sync.form_protocol import FormInbox, FormRendition, FormSummary
from sync.gateway.database import make_engine
from sync.gateway.tables import command_log
from sync.protocol import CommandsResponse

ARABIC_REMARK = "أعمل الآن في شركة جديدة منذ يناير"


@pytest.fixture
def clerk(gateway):
    add_staff(gateway, "anna.k")
    return signed_in(enroll_counter(gateway), "anna.k")


def extension_answers(gateway) -> list[dict[str, Any]]:
    until = (gateway.settings.clock() + timedelta(days=3 * 365)).date().isoformat()
    return [
        {"field": "purpose_unchanged", "value": True},
        {"field": "livelihood_changed", "value": True},
        {"field": "income_sources", "value": ["employment"]},
        {"field": "new_employer", "value": "Müller Logistik GmbH"},
        {"field": "passport_valid", "value": True},
        {"field": "passport_valid_until", "value": until},
        {"field": "health_insured", "value": True},
        {"field": "address_unchanged", "value": True},
        {"field": "remarks", "value": ARABIC_REMARK, "language": "ar"},
        {"field": "confirm_truth", "value": True},
    ]


def submit(device, seq: int, receipt: str, form_id: str, answers, key=None):
    created = filled_at(device.gateway).isoformat()
    payload: dict[str, Any] = {
        "kind": "submit_form",
        "receipt": receipt,
        "form_id": form_id,
        "form_version": 1,
        "language": "ar",
        "answers": answers,
        "submitted_at": created,
    }
    if key is not None:
        payload["lookup_key"] = key
    response = device.push([{"seq": seq, "created_at": created, "payload": payload}])
    assert response.status_code == 200, response.text
    (result,) = CommandsResponse.model_validate_json(response.content).results
    return result.outcome, result.reason


def filled_at(gateway):
    return gateway.settings.clock() - timedelta(hours=2)  # filled offline, delivered later


@pytest.fixture
def kiosk(gateway, device):
    device.gateway = gateway
    return device


def test_an_arabic_extension_is_stored_once_and_read_in_german(
    gateway, kiosk, demo_cases, clerk
) -> None:
    case = demo_cases[0]
    number = case.case_number.canonical
    key = kiosk.lookup_key(number, case.birth_date)
    receipt = new_reference()
    answers = extension_answers(gateway)

    assert submit(kiosk, 1, receipt, "extend_permit", answers, key) == ("applied", None)
    assert submit(kiosk, 1, receipt, "extend_permit", answers, key) == ("duplicate", None)
    # The same receipt in a later command (a kiosk that lost its acknowledgement): still one.
    assert submit(kiosk, 2, receipt, "extend_permit", answers, key) == ("applied", None)

    inbox = clerk.get("/staff/v1/forms")
    assert inbox.status_code == 200, inbox.text
    forms = FormInbox.model_validate_json(inbox.content).forms
    assert [(f.receipt, f.form_id, f.case_number) for f in forms] == [
        (receipt, "extend_permit", number)
    ]
    summary = forms[0]
    assert summary.title == "Antrag auf Verlängerung des Aufenthaltstitels"
    assert summary.submitted_at == filled_at(gateway)  # the kiosk's time: the date of receipt
    assert summary.received_at == gateway.settings.clock()
    assert summary.status == "new"

    read = clerk.get(f"/staff/v1/forms/{receipt.lower()}")
    assert read.status_code == 200, read.text
    form = FormRendition.model_validate_json(read.content)
    assert form.language_name == "Arabisch"
    flat = {a.field: (a.label, a.text, a.note) for s in form.sections for a in s.answers}
    assert flat["income_sources"] == ("Wovon leben Sie jetzt?", "Beschäftigung", None)
    assert flat["passport_valid"] == ("Haben Sie einen gültigen Pass?", "Ja", None)
    until = answers[5]["value"]
    assert flat["passport_valid_until"][1] == f"{until[8:10]}.{until[5:7]}.{until[:4]}"
    assert flat["remarks"] == (
        "Möchten Sie der Behörde noch etwas mitteilen?",
        ARABIC_REMARK,
        f"{FOREIGN_TEXT_NOTE} (Sprache: Arabisch)",
    )
    rows = [(e.username, e.action, e.outcome) for e in audit(gateway, case_number=number)]
    assert rows == [("anna.k", "read_forms", "allowed"), ("anna.k", "read_form", "allowed")]


def test_a_question_comes_without_a_case_and_other_forms_need_one(gateway, kiosk, clerk) -> None:
    question = [
        {"field": "topic", "value": "fees"},
        {"field": "question_text", "value": "Wie viel kostet die Verlängerung?", "language": "de"},
        {"field": "reply_by", "value": "at_visit"},
    ]
    receipt = new_reference()
    assert submit(kiosk, 1, receipt, "question", question) == ("applied", None)
    lost = [{"field": "what_happened", "value": "lost"}]
    assert submit(kiosk, 2, new_reference(), "lost_card", lost) == ("rejected", "case_required")
    assert submit(kiosk, 3, new_reference(), "height", []) == ("rejected", "unknown_form")
    assert submit(kiosk, 4, new_reference(), "question", question, "ab" * 32) == (
        "rejected",
        "unknown_lookup_key",
    )
    bad = [*question[:1], {"field": "question_text", "value": "x", "language": "de"}]
    assert submit(kiosk, 5, new_reference(), "question", bad[:2] + question[2:]) == (
        "rejected",
        "invalid_answers",
    )

    # What staff see of the refused ones names the form and receipt, never an answer.
    engine = make_engine(gateway.settings.db_url)
    try:
        with engine.connect() as conn:
            details = [str(d) for d in conn.execute(select(command_log.c.detail)).scalars()]
    finally:
        engine.dispose()
    assert len(details) == 5 and not any("kostet" in d or "fees" in d for d in details)

    forms = FormInbox.model_validate_json(clerk.get("/staff/v1/forms").content).forms
    assert [(f.receipt, f.case_number, f.foreign_text) for f in forms] == [(receipt, None, False)]
    form = FormRendition.model_validate_json(clerk.get(f"/staff/v1/forms/{receipt}").content)
    text = form.sections[0].answers[1]
    assert (text.text, text.language, text.note) == (
        "Wie viel kostet die Verlängerung?",
        "de",
        None,
    )
    assert form.sections[0].answers[0].text == "Gebühren"
    assert clerk.get(f"/staff/v1/forms/{new_reference()}").json()["error"] == "unknown_form"
    reads = [e.outcome for e in audit(gateway) if e.action == "read_form"]
    assert reads == ["allowed", "refused"]


def test_a_clerk_sets_the_processing_state_audited_and_listed_with_the_inbox(
    gateway, kiosk, demo_cases, clerk
) -> None:
    case = demo_cases[0]
    number = case.case_number.canonical
    receipt = new_reference()
    key = kiosk.lookup_key(number, case.birth_date)
    assert submit(kiosk, 1, receipt, "extend_permit", extension_answers(gateway), key)[0] == (
        "applied"
    )

    changed = clerk.post(
        f"/staff/v1/forms/{receipt.lower()}/status", json={"status": "in_progress"}
    )
    assert changed.status_code == 200, changed.text
    summary = FormSummary.model_validate_json(changed.content)
    assert (summary.status, summary.status_changed_by) == ("in_progress", "anna.k")
    assert summary.status_changed_at == gateway.settings.clock()

    (listed,) = FormInbox.model_validate_json(clerk.get("/staff/v1/forms").content).forms
    assert (listed.status, listed.status_changed_by) == ("in_progress", "anna.k")
    assert listed.foreign_text  # the Arabic remark
    assert (
        clerk.post(f"/staff/v1/forms/{receipt}/status", json={"status": "done"}).status_code == 200
    )
    bad = clerk.post(f"/staff/v1/forms/{receipt}/status", json={"status": "archived"})
    assert bad.status_code == 422
    unknown = clerk.post(f"/staff/v1/forms/{new_reference()}/status", json={"status": "done"})
    assert unknown.json()["error"] == "unknown_form"

    changes = [
        (e.username, e.outcome, e.case_number, e.detail)
        for e in audit(gateway)
        if e.action == "set_form_status"
    ]
    assert changes == [
        ("anna.k", "allowed", number, f"{receipt} in_progress"),
        ("anna.k", "allowed", number, f"{receipt} done"),
        ("anna.k", "refused", None, "unknown form"),
    ]


def test_an_admin_may_not_set_a_form_state(gateway, kiosk) -> None:
    add_staff(gateway, "root", role="admin")
    admin = signed_in(enroll_counter(gateway, "counter-2"), "root")
    answer = admin.post(f"/staff/v1/forms/{new_reference()}/status", json={"status": "done"})
    assert answer.json()["error"] == "forbidden"


def test_forms_need_a_signed_in_clerk(gateway, device) -> None:
    counter = enroll_counter(gateway, "counter-2")
    assert counter.client.get("/staff/v1/forms").status_code == 401
    assert device.client.get("/staff/v1/forms").status_code in (401, 403)
    add_staff(gateway, "root", role="admin")
    admin = signed_in(counter, "root")
    assert admin.get("/staff/v1/forms").json()["error"] == "forbidden"


def test_a_command_built_at_the_kiosk_renders_as_the_same_answers_given_in_german() -> None:
    from datetime import UTC, date, datetime

    from kiosk_app.core.forms.definition import load_forms
    from kiosk_app.core.forms.engine import Answer, validate
    from kiosk_app.core.forms.german import render_german
    from sync.form_protocol import submit_form_command
    from sync.gateway.forms import answers_of
    from sync.protocol import Command, CommandsRequest

    form = load_forms()["extend_permit"]
    answers = {
        "purpose_unchanged": Answer(False),
        "new_purpose": Answer("study"),
        "livelihood_changed": Answer(True),
        "income_sources": Answer(("scholarship", "savings")),
        "new_employer": Answer("Vergessen GmbH"),  # hidden again: employment not chosen
        "passport_valid": Answer(True),
        "passport_valid_until": Answer("2029-01-31"),
        "health_insured": Answer(True),
        "address_unchanged": Answer(False),
        "remarks": Answer("أدرس الآن في الجامعة", "ar"),
        "confirm_truth": Answer(True),
    }
    submitted = datetime(2026, 3, 10, 7, 30, tzinfo=UTC)
    command = submit_form_command(
        form,
        answers,
        receipt=new_reference(),
        language="ar",
        lookup_key=bytes(32),
        submitted_at=submitted,
    )
    wire = CommandsRequest(commands=[Command(seq=1, created_at=submitted, payload=command)])
    (received,) = CommandsRequest.model_validate_json(wire.model_dump_json()).commands
    assert isinstance(received.payload, type(command))
    stored = [a.model_dump(exclude_none=True) for a in received.payload.answers]
    arrived = answers_of(stored)
    assert "new_employer" not in arrived  # nothing the resident did not see is sent
    assert validate(form, arrived, date(2026, 3, 10)) == {}
    in_german = {k: v for k, v in answers.items() if k != "new_employer"}
    assert render_german(form, arrived) == render_german(form, in_german)


def test_forms_past_their_retention_are_deleted_with_their_answers(
    gateway, kiosk, gateway_clock
) -> None:
    """``kiosk-app gateway forms purge --older-than DAYS`` (docs/privacy.md "Forms")."""
    from sync.gateway.database import write_transaction
    from sync.gateway.forms import RETENTION_DAYS, purge
    from sync.gateway.staff.audit import Actor, audit_entries

    question = [
        {"field": "topic", "value": "fees"},
        {"field": "question_text", "value": "Synthetische Frage zur Gebühr", "language": "de"},
        {"field": "reply_by", "value": "at_visit"},
    ]
    old, recent = new_reference(), new_reference()
    assert submit(kiosk, 1, old, "question", question) == ("applied", None)
    gateway_clock.advance(timedelta(days=RETENTION_DAYS))
    assert submit(kiosk, 2, recent, "question", question) == ("applied", None)

    engine = make_engine(gateway.settings.db_url)
    machine = Actor(None, None, gateway_clock())
    try:
        with write_transaction(engine) as conn:
            cutoff = gateway_clock() - timedelta(days=RETENTION_DAYS - 1)
            assert purge(conn, cutoff, machine) == 1
        with write_transaction(engine) as conn:
            assert purge(conn, cutoff, machine) == 0  # nothing more, and again harmless
        with engine.connect() as conn:
            from sync.gateway.tables import form_submissions

            rows = conn.execute(select(form_submissions.c.receipt)).scalars().all()
            audited = [e for e in audit_entries(conn) if e.action == "purge_form"]
    finally:
        engine.dispose()
    assert rows == [recent]  # the old one is gone, answers and all
    # the data-protection officer sees what went, when and by whom (the machine), no answers
    (entry,) = audited
    assert (entry.username, entry.outcome, entry.at) == (None, "allowed", gateway_clock())
    assert entry.detail.startswith(f"question {old}, eingegangen vor ")
    assert "Synthetische" not in entry.detail


def test_the_purge_command_refuses_a_retention_below_one_day(sqlite_db_url, capsys) -> None:
    from kiosk_app.cli import main

    assert main(["gateway", "forms", "purge", "--older-than", "0", "--db", sqlite_db_url]) == 2
    assert "mindestens 1 Tag" in capsys.readouterr().err


def test_a_kiosk_reads_a_cases_requests_and_their_state_without_answers(
    gateway, kiosk, demo_cases, clerk
) -> None:
    """``POST /v1/forms/of-case``: what a resident looking the case up again sees (issue 17)."""
    from sync.form_protocol import CaseRequests

    case = demo_cases[0]
    key = kiosk.lookup_key(case.case_number.canonical, case.birth_date)
    receipt = new_reference()
    assert submit(kiosk, 1, receipt, "extend_permit", extension_answers(gateway), key) == (
        "applied",
        None,
    )

    def read(lookup_key: str) -> CaseRequests:
        response = kiosk.client.post("/v1/forms/of-case", json={"lookup_key": lookup_key})
        assert response.status_code == 200, response.text
        assert ARABIC_REMARK not in response.text and receipt not in response.text
        return CaseRequests.model_validate_json(response.content)

    (request,) = read(key).requests
    assert (request.form_id, request.status) == ("extend_permit", "new")
    assert request.submitted_at == filled_at(gateway)
    clerk.post(f"/staff/v1/forms/{receipt}/status", json={"status": "in_progress"})
    assert [r.status for r in read(key).requests] == ["in_progress"]
    assert read("ab" * 32).requests == []  # an unknown case: none
    bad = kiosk.client.post("/v1/forms/of-case", json={"lookup_key": "not-a-key"})
    assert bad.status_code == 422
