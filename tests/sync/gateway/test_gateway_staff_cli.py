"""``kiosk-app gateway staff ...`` and ``kiosk-app gateway audit`` against a running gateway's
database (issue 14), on SQLite and PostgreSQL."""

from __future__ import annotations

import argparse
import csv
import io
import re
from datetime import timedelta

from fixed_time import fixed_today
from staff_harness import add_staff, enroll_counter, sign_in, signed_in

from sync.gateway.cli import add_gateway_commands


def _run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="kiosk-app")
    add_gateway_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(list(argv))
    return int(args.func(args))


def _error(response) -> tuple[int, str]:
    return response.status_code, response.json()["error"]


def test_staff_accounts_from_the_shell(gateway, capsys) -> None:
    db = ("--db", gateway.settings.db_url)
    counter = enroll_counter(gateway)
    assert _run("gateway", "staff", "add", "anna.k", "--role", "counter", *db) == 0
    printed = capsys.readouterr().out
    once = re.search(r"Einmalpasswort: (\S+)", printed)
    assert once is not None and "Sachbearbeitung" in printed
    assert _error(sign_in(counter, "anna.k", once.group(1))) == (403, "password_change_required")
    assert _run("gateway", "staff", "add", "anna.k", "--role", "admin", *db) == 1

    assert (
        _run(
            "gateway",
            "staff",
            "add",
            "ben.m",
            "--role",
            "supervisor",
            "--services",
            "application,pickup",
            *db,
        )
        == 0
    )
    capsys.readouterr()
    assert _run("gateway", "staff", "list", *db) == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[0].startswith("anna.k") and "Einmalpasswort noch nicht geändert" in listing[0]
    assert listing[1].startswith("ben.m") and "application, pickup" in listing[1]

    for _ in range(5):
        sign_in(counter, "anna.k", "guess")
    assert _error(sign_in(counter, "anna.k", once.group(1))) == (423, "account_locked")
    assert _run("gateway", "staff", "unlock", "anna.k", *db) == 0
    assert _error(sign_in(counter, "anna.k", once.group(1))) == (403, "password_change_required")

    assert _run("gateway", "staff", "reset-password", "anna.k", *db) == 0
    fresh = re.search(r"neues Einmalpasswort: (\S+)\.", capsys.readouterr().out)
    assert fresh is not None and fresh.group(1) != once.group(1)
    assert _error(sign_in(counter, "anna.k", once.group(1))) == (401, "wrong_credentials")
    assert _error(sign_in(counter, "anna.k", fresh.group(1))) == (403, "password_change_required")

    assert _run("gateway", "staff", "disable", "anna.k", *db) == 0
    assert _error(sign_in(counter, "anna.k", fresh.group(1))) == (401, "wrong_credentials")
    assert _run("gateway", "staff", "unlock", "nobody", *db) == 1


def test_the_audit_log_for_the_data_protection_officer(gateway, demo_cases, capsys) -> None:
    db = ("--db", gateway.settings.db_url)
    counter = enroll_counter(gateway)
    add_staff(gateway, "anna.k")
    clerk = signed_in(counter, "anna.k")
    number = demo_cases[0].case_number.canonical
    assert clerk.get(f"/staff/v1/cases/{number}").status_code == 200
    assert clerk.get(f"/staff/v1/cases/{number}").status_code == 200
    capsys.readouterr()

    assert _run("gateway", "audit", "--case", number, *db) == 0
    text = capsys.readouterr().out.splitlines()
    assert text[0] == f"Protokoll für Aktenzeichen {number}: 2 Eintrag/Einträge (Ortszeit)"
    assert all("anna.k" in line and "Vorgang angesehen" in line for line in text[1:])

    assert _run("gateway", "audit", "--user", "anna.k", "--csv", *db) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out), delimiter=";"))
    assert rows[0] == [
        "id",
        "at_utc",
        "username",
        "device_id",
        "action",
        "case_number",
        "outcome",
        "detail",
    ]
    assert [(r[2], r[4], r[5], r[6]) for r in rows[1:]] == [
        ("anna.k", "sign_in", "", "allowed"),
        ("anna.k", "read_case", number, "allowed"),
        ("anna.k", "read_case", number, "allowed"),
    ]
    assert all(r[3] == counter.enrollment.device_id for r in rows[1:])

    today = fixed_today()
    before = (today - timedelta(days=1)).strftime("%d.%m.%Y")
    assert _run("gateway", "audit", "--user", "anna.k", "--to", before, *db) == 0
    assert "0 Eintrag" in capsys.readouterr().out
    assert (
        _run(
            "gateway",
            "audit",
            "--user",
            "anna.k",
            "--from",
            today.isoformat(),
            "--to",
            today.isoformat(),
            *db,
        )
        == 0
    )
    assert "3 Eintrag" in capsys.readouterr().out
    # Reading the log is in the log (the machine read it).
    assert _run("gateway", "audit", "--case", number, "--csv", *db) == 0
    actions = [r[4] for r in csv.reader(io.StringIO(capsys.readouterr().out), delimiter=";")]
    # (the CLI's clock is the server's, not the test's: compare without order)
    assert sorted(actions[1:]) == ["read_audit", "read_case", "read_case"]
