"""Printed references (issue 4): a kiosk registers the QR code of a case-bound paper with a
``register_reference`` command; staff scan it and look the case up (``GET
/admin/v1/references/{reference}``, ``kiosk-app gateway reference``). SQLite and PostgreSQL,
real gateway on loopback."""

from __future__ import annotations

import argparse
import json
import re
from typing import Any

from test_gateway_leases import Outbox, book_online, free, key_of

from kiosk_app.core.booking import Slot
from kiosk_app.core.catalog import DOCUMENTS
from kiosk_app.core.i18n import load_catalog
from kiosk_app.core.reference import REFERENCE_PATTERN, new_reference
from sync.gateway.cli import add_gateway_commands
from sync.gateway.staff_words import STATUS_TERMS


def lookup(gateway: Any, reference: str) -> Any:
    return gateway.admin.get(f"/admin/v1/references/{reference}")


def register(outbox: Outbox, reference: str, key: str, documents: list[str], **extra: str):
    return outbox.send(
        "register_reference",
        reference=reference,
        lookup_key=key,
        documents=documents,  # type: ignore[arg-type]
        **extra,
    )


def test_the_pattern_matches_what_the_kiosk_makes() -> None:
    assert all(re.fullmatch(REFERENCE_PATTERN, new_reference()) for _ in range(2000))


def test_a_registered_checklist_shows_its_case_status_and_documents(
    gateway, device, demo_cases
) -> None:
    case = next(c for c in demo_cases if c.record.missing_documents)
    reference = new_reference()
    documents = list(case.record.missing_documents)

    assert register(Outbox(device), reference, key_of(device, case), documents) == ("applied", None)

    response = lookup(gateway, reference)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["case_number"] == case.case_number.canonical
    assert body["status"] == case.record.status.value
    assert body["documents"] == documents
    assert body["booking"] is None
    assert body["device_id"] == device.enrollment.device_id
    assert body["in_kiosk_dataset"] is True
    # Typed at a counter in lower case with a space: the same paper.
    typed = f"{reference[:5].lower()} {reference[5:]}"
    assert lookup(gateway, typed).json()["case_number"] == case.case_number.canonical


def test_an_appointment_confirmation_shows_the_booking(gateway, device, demo_cases) -> None:
    case = demo_cases[1]
    key = key_of(device, case)
    slot_id = sorted(free(device))[0]
    booked = book_online(device, key, slot_id)
    assert booked.outcome == "booked" and booked.booking is not None
    reference = new_reference()

    outcome = register(
        Outbox(device), reference, key, ["passport"], booking_id=booked.booking.booking_id
    )

    assert outcome == ("applied", None)
    booking = lookup(gateway, reference).json()["booking"]
    slot = Slot.parse(slot_id)
    assert booking["booking_id"] == booked.booking.booking_id
    assert (booking["service"], booking["active"]) == (slot.service, True)
    assert booking["start"].startswith(slot.start.isoformat(timespec="minutes"))


def test_a_repeat_changes_nothing(gateway, device, demo_cases) -> None:
    first, other = demo_cases[2], demo_cases[3]
    reference = new_reference()
    outbox = Outbox(device)
    assert register(outbox, reference, key_of(device, first), ["passport"]) == ("applied", None)
    before = lookup(gateway, reference).json()

    assert outbox.resend_last() == ("duplicate", None)  # the same command again
    # The same reference in a later command (even naming another case): the first one stands.
    assert register(outbox, reference, key_of(device, other), ["photo"]) == ("applied", None)

    assert lookup(gateway, reference).json() == before


def test_unknown_references_and_keys(gateway, device, demo_cases) -> None:
    response = lookup(gateway, new_reference())
    assert response.status_code == 404 and response.json()["error"] == "unknown_reference"
    assert lookup(gateway, "not-a-reference!").status_code == 404

    reference = new_reference()
    outcome = register(Outbox(device), reference, "ab" * 32, [])
    assert outcome == ("rejected", "unknown_lookup_key")
    assert lookup(gateway, reference).status_code == 404


def test_a_malformed_reference_is_refused_whole(gateway, device) -> None:
    command = {
        "seq": 1,
        "created_at": "2026-01-05T10:00:00+01:00",
        "payload": {"kind": "register_reference", "reference": "abc", "lookup_key": "ab" * 32},
    }
    response = device.push([command])
    assert response.status_code == 422


def test_the_lookup_needs_the_admin_token(gateway, device) -> None:
    response = device.client.get(f"/admin/v1/references/{new_reference()}")
    assert response.status_code == 401


def test_a_key_of_the_previous_epoch_still_resolves(gateway, device, demo_cases) -> None:
    case = demo_cases[4]
    old_key = key_of(device, case)
    gateway.rotate_pepper()  # the paper was printed before; its command arrives after
    reference = new_reference()

    assert register(Outbox(device), reference, old_key, []) == ("applied", None)
    assert lookup(gateway, reference).json()["case_number"] == case.case_number.canonical


def test_the_cli_prints_what_staff_see(gateway, device, demo_cases, capsys) -> None:
    case = next(c for c in demo_cases if c.record.missing_documents)
    reference = new_reference()
    documents = list(case.record.missing_documents)
    register(Outbox(device), reference, key_of(device, case), documents)

    parser = argparse.ArgumentParser(prog="kiosk-app")
    add_gateway_commands(parser.add_subparsers(dest="command", required=True))
    db = gateway.settings.db_url

    args = parser.parse_args(["gateway", "reference", reference, "--db", db])
    assert args.func(args) == 0
    text = capsys.readouterr().out
    # German for staff, with the catalog's names and the official status term, no codes.
    german = load_catalog("de")
    assert case.case_number.canonical in text and STATUS_TERMS[case.record.status.value] in text
    assert all(german.gettext(DOCUMENTS[code]) in text for code in documents)
    assert not any(f" {code}" in text for code in documents)
    assert "gedruckt oder zum Abfotografieren angezeigt" in text  # not "printed" for sure

    args = parser.parse_args(["gateway", "reference", reference, "--db", db, "--json"])
    assert args.func(args) == 0
    assert json.loads(capsys.readouterr().out)["reference"] == reference

    args = parser.parse_args(["gateway", "reference", new_reference(), "--db", db])
    assert args.func(args) == 1
