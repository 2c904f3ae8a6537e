"""The counter's commands (``sync.protocol.Staff*``) at a real gateway (issue 14): exactly once,
under the person of the session they name, audited in their transaction; on SQLite and
PostgreSQL with the gateway's clock fixed."""

from __future__ import annotations

import argparse
import json
from datetime import timedelta

import pytest
from staff_harness import (
    add_staff,
    audit,
    book,
    booking_row,
    enroll_counter,
    signed_in,
)

from sync.gateway.cli import add_gateway_commands
from sync.gateway.conflicts import list_conflicts
from sync.gateway.database import make_engine
from sync.staff_protocol import StaffCase


def _run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="kiosk-app")
    add_gateway_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(list(argv))
    return int(args.func(args))


@pytest.fixture
def counter(gateway):
    return enroll_counter(gateway)


@pytest.fixture
def clerk(gateway, counter):
    add_staff(gateway, "anna.k")
    return signed_in(counter, "anna.k")


def _case(clerk, number: str) -> StaffCase:
    response = clerk.get(f"/staff/v1/cases/{number}")
    assert response.status_code == 200, response.text
    return StaffCase.model_validate_json(response.content)


def _with_missing(demo_cases, count: int = 2):
    return next(c for c in demo_cases if len(c.record.missing_documents) >= count)


def test_documents_received_apply_once_reach_kiosks_and_only_grow(
    gateway, gateway_clock, clerk, device, demo_cases
) -> None:
    case = _with_missing(demo_cases)
    number = case.case_number.canonical
    first, *rest = case.record.missing_documents
    _, cursor, _ = device.pull_all()
    at = gateway_clock()
    payload = {"kind": "staff_mark_documents", "case_number": number, "documents": [first]}

    assert clerk.command(payload, at).outcome == "applied"
    assert clerk.command(payload, at, seq=1).outcome == "duplicate"  # the answer got lost
    page = device.changes_arrived(cursor)
    assert [change.case.missing_documents for change in page.changes] == [list(rest)]
    # Again later (another clerk ticked it too): applied, nothing changes, the first time stays.
    assert clerk.command(payload, at + timedelta(minutes=5)).outcome == "applied"
    assert device.changes(page.next_cursor).changes == []
    seen = _case(clerk, number)
    assert [(d.code, d.received_at) for d in seen.received_documents] == [(first, at)]
    assert seen.missing_documents == list(rest)
    marks = [e for e in audit(gateway, case_number=number) if e.action == "mark_documents"]
    assert [(e.username, e.outcome, e.detail) for e in marks] == [
        ("anna.k", "allowed", first),
        ("anna.k", "allowed", first),
    ]


def test_a_status_changed_meanwhile_is_a_conflict_not_overwritten(
    gateway, gateway_clock, clerk, demo_cases, capsys
) -> None:
    case = demo_cases[0]
    number = case.case_number.canonical
    seen = case.record.status.value
    gateway.set_status(number, "card_in_production")  # an import or a colleague meanwhile
    wanted = "ready_for_pickup"
    payload = {
        "kind": "staff_set_status",
        "case_number": number,
        "status": wanted,
        "expected_status": seen,
    }
    result = clerk.command(payload, gateway_clock())
    assert (result.outcome, result.reason) == ("rejected", "status_changed")
    assert _case(clerk, number).status.value == "card_in_production"
    engine = make_engine(gateway.settings.db_url)
    try:
        with engine.connect() as conn:
            conflict = list_conflicts(conn)[-1]
    finally:
        engine.dispose()
    assert conflict.kind == "staff_set_status" and conflict.case_number == number
    assert (
        conflict.detail["expected_status"],
        conflict.detail["current_status"],
        conflict.detail["wanted_status"],
    ) == (seen, "card_in_production", wanted)
    assert _run("gateway", "conflicts", "--db", gateway.settings.db_url) == 0
    listed = capsys.readouterr().out
    assert "Schalter: Status geändert" in listed and number in listed
    assert f"gesehen {seen}, jetzt card_in_production, gewollt {wanted}" in listed

    # Applied again on the status as it now is (the clerk decided).
    again = {**payload, "expected_status": "card_in_production"}
    assert clerk.command(again, gateway_clock()).outcome == "applied"
    assert _case(clerk, number).status.value == wanted
    rows = [(e.action, e.outcome) for e in audit(gateway, case_number=number)]
    assert ("set_status", "refused") in rows and ("set_status", "allowed") in rows


def test_check_in_and_no_show(gateway, gateway_clock, clerk, device, demo_cases) -> None:
    arriving, absent = demo_cases[0], demo_cases[1]
    keys = [device.lookup_key(c.case_number.canonical, c.birth_date) for c in (arriving, absent)]
    came = book(gateway, device, keys[0])
    missed = book(gateway, device, keys[1])
    _, cursor, _ = device.pull_all()
    at = gateway_clock()

    check_in = {"kind": "staff_check_in", "booking_id": came["booking_id"]}
    assert clerk.command(check_in, at).outcome == "applied"
    assert booking_row(gateway, came["booking_id"]).checked_in_at is not None
    no_show = {"kind": "staff_no_show", "booking_id": missed["booking_id"]}
    assert clerk.command(no_show, at).outcome == "applied"
    gone = booking_row(gateway, missed["booking_id"])
    assert not gone.active and gone.no_show_at is not None

    # Kiosks see the missed booking gone from its case.
    absent_key = keys[1]
    changed = {change.lookup_key: change.case for change in device.changes_arrived(cursor).changes}
    assert changed[absent_key] is not None and changed[absent_key].bookings == []
    seen = _case(clerk, absent.case_number.canonical)
    assert [(b.active, b.no_show_at) for b in seen.bookings] == [(False, at)]

    again = clerk.command({"kind": "staff_check_in", "booking_id": missed["booking_id"]}, at)
    assert (again.outcome, again.reason) == ("rejected", "booking_not_active")
    unknown = clerk.command({"kind": "staff_no_show", "booking_id": "f" * 32}, at)
    assert (unknown.outcome, unknown.reason) == ("rejected", "unknown_booking")


def test_a_command_counts_if_its_session_was_open_when_it_was_made(
    gateway, gateway_clock, counter, clerk, demo_cases
) -> None:
    number = demo_cases[0].case_number.canonical
    viewed = {"kind": "staff_case_viewed", "case_number": number}
    signed_in_at = gateway_clock()
    before = clerk.command(viewed, signed_in_at - timedelta(seconds=1))
    assert (before.outcome, before.reason) == ("rejected", "session_invalid")

    # Made offline while the session was open, arriving after sign-out: it counts.
    made_offline = signed_in_at + timedelta(minutes=30)
    gateway_clock.advance(timedelta(hours=1))
    counter.client.delete("/staff/v1/sessions/current", headers=clerk.headers)
    gateway_clock.advance(timedelta(hours=1))
    assert clerk.command(viewed, made_offline).outcome == "applied"
    after = clerk.command(viewed, gateway_clock())
    assert (after.outcome, after.reason) == ("rejected", "session_invalid")
    past_expiry = clerk.command(viewed, signed_in_at + timedelta(hours=8))
    assert past_expiry.reason == "session_invalid"
    offline_reads = [e for e in audit(gateway, case_number=number) if e.outcome == "allowed"]
    assert [(e.username, e.action) for e in offline_reads] == [("anna.k", "read_case_offline")]

    # Another counter cannot use this session's id.
    other = enroll_counter(gateway, "counter-2")
    add_staff(gateway, "ben.m")
    ben = signed_in(other, "ben.m")
    ben.session = ben.session.model_copy(update={"session_id": clerk.session.session_id})
    foreign = ben.command(viewed, made_offline)
    assert (foreign.outcome, foreign.reason) == ("rejected", "session_invalid")


def test_staff_commands_need_a_counter_and_a_known_case(
    gateway, gateway_clock, clerk, device, demo_cases
) -> None:
    body = {
        "seq": 1,
        "created_at": gateway_clock().isoformat(),
        "payload": {
            "kind": "staff_case_viewed",
            "session_id": clerk.session.session_id,
            "case_number": demo_cases[0].case_number.canonical,
        },
    }
    from_kiosk = device.push([body]).json()["results"][0]
    assert (from_kiosk["outcome"], from_kiosk["reason"]) == ("rejected", "not_a_counter")
    unknown = clerk.command(
        {"kind": "staff_mark_documents", "case_number": "DA-2026-999999-0", "documents": ["x"]},
        gateway_clock(),
    )
    assert (unknown.outcome, unknown.reason) == ("rejected", "unknown_case")
    engine = make_engine(gateway.settings.db_url)
    try:
        with engine.connect() as conn:
            refused = list_conflicts(conn)
    finally:
        engine.dispose()
    assert sorted(c.reason or "" for c in refused) == ["not_a_counter", "unknown_case"]
    assert json.dumps(refused[-1].detail)  # what staff see of it
