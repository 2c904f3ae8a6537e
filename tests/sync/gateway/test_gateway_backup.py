"""``kiosk-app gateway backup`` / ``restore`` / ``conflicts`` on SQLite (online backup API) and
PostgreSQL (pg_dump / pg_restore run for real against the local server, one schema per test).

A backup is taken while the gateway serves and writes; a restore refuses to run under a serving
gateway; after it the database holds exactly the backup's state with a new dataset epoch above
every epoch kiosks may hold; a refused command is listed for staff with its case number.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest
from fixed_time import fixed_today
from gateway_harness import RunningGateway

from sync.gateway.cli import add_gateway_commands
from sync.gateway.database import make_engine
from sync.gateway.tables import cases, dataset


def _run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="kiosk-app")
    add_gateway_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(list(argv))
    return int(args.func(args))


def _statuses(db_url: str) -> dict[str, str]:
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                cases.select().with_only_columns(cases.c.case_number, cases.c.status)
            )
            return {row.case_number: row.status for row in rows}
    finally:
        engine.dispose()


def _epoch(db_url: str) -> int:
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            return int(
                conn.execute(dataset.select().with_only_columns(dataset.c.epoch)).scalar_one()
            )
    finally:
        engine.dispose()


def _health_epoch(gateway: RunningGateway) -> int:
    return int(httpx.get(f"{gateway.url}/v1/health").json()["epoch"])


def test_backup_while_serving_then_restore_brings_that_state_back(
    gateway: RunningGateway, demo_cases: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_url = gateway.settings.db_url
    numbers = [case.case_number.canonical for case in demo_cases]
    backup_file = tmp_path / "gateway.backup"

    # Staff keep changing cases while the backup runs: it is one consistent snapshot.
    stop = threading.Event()
    written: list[str] = []

    def keep_writing() -> None:
        while not stop.is_set():
            number = numbers[len(written) % len(numbers)]
            gateway.set_status(number, "in_review" if len(written) % 2 else "ready_for_pickup")
            written.append(number)

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        assert _run("gateway", "backup", str(backup_file), "--db", db_url) == 0
    finally:
        stop.set()
        writer.join()
    assert "Sicherung geschrieben" in capsys.readouterr().out
    assert written, "the gateway was written to during the backup"

    at_backup = _statuses_of_backup(backup_file, db_url)
    assert set(at_backup) == set(numbers)

    gateway.set_status(numbers[0], "completed")  # after the backup: undone by the restore
    before_restore = _health_epoch(gateway)

    # Not under a serving gateway: refused, nothing changed.
    assert _run("gateway", "restore", str(backup_file), "--db", db_url) == 2
    assert "anhalten" in capsys.readouterr().err
    assert _statuses(db_url)[numbers[0]] == "completed"

    gateway.stop()
    assert _run("gateway", "restore", str(backup_file), "--db", db_url) == 0
    assert "Wiederhergestellt" in capsys.readouterr().out
    assert _statuses(db_url) == at_backup
    assert _epoch(db_url) == before_restore + 1  # kiosks see a new epoch and resync

    gateway.start()
    assert _health_epoch(gateway) == before_restore + 1


def _statuses_of_backup(backup_file: Path, db_url: str) -> dict[str, str]:
    """The cases in a backup file: an SQLite file read directly, a dump through pg_restore."""
    if db_url.startswith("sqlite"):
        with sqlite3.connect(backup_file) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
            return dict(conn.execute("SELECT case_number, status FROM cases").fetchall())
    listing = subprocess.run(
        ["pg_restore", "--data-only", "--table=cases", "--file=-", str(backup_file)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lines = listing.split("COPY ", 1)[1].split("\n\\.", 1)[0].splitlines()
    columns = lines[0].split("(", 1)[1].split(")", 1)[0].split(", ")
    number, status = columns.index("case_number"), columns.index("status")
    rows = [line.split("\t") for line in lines[1:]]
    return {row[number]: row[status] for row in rows}


def test_the_new_epoch_is_above_a_rotation_made_after_the_backup(
    gateway: RunningGateway, demo_cases: Any, tmp_path: Path
) -> None:
    db_url = gateway.settings.db_url
    backup_file = tmp_path / "gateway.backup"
    assert _run("gateway", "backup", str(backup_file), "--db", db_url) == 0
    rotated = gateway.rotate_pepper()
    gateway.rotate_pepper()  # kiosks may hold epoch rotated + 1
    gateway.stop()
    assert _run("gateway", "restore", str(backup_file), "--db", db_url) == 0
    assert _epoch(db_url) == rotated + 2  # never an epoch a kiosk already has


def test_restore_refuses_what_is_not_a_gateway_backup(
    sqlite_db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.backup"
    assert _run("gateway", "restore", str(missing), "--db", sqlite_db_url) == 1
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    assert _run("gateway", "restore", str(other), "--db", sqlite_db_url) == 1
    garbage = tmp_path / "garbage.backup"
    garbage.write_bytes(b"not a database at all" * 100)
    assert _run("gateway", "restore", str(garbage), "--db", sqlite_db_url) == 1
    assert capsys.readouterr().err.count("Nicht wiederhergestellt") == 3
    assert not Path(sqlite_db_url.removeprefix("sqlite:///")).exists()  # nothing was created


def test_restore_into_a_new_sqlite_file(sqlite_db_url: str, tmp_path: Path) -> None:
    """A lost disk: the backup becomes a new database file elsewhere."""
    seeded = ("--cases", "12", "--seed", "5", "--as-of", fixed_today().isoformat())
    assert _run("gateway", "seed-demo", "--db", sqlite_db_url, *seeded) == 0
    backup_file = tmp_path / "gateway.backup"
    assert _run("gateway", "backup", str(backup_file), "--db", sqlite_db_url) == 0
    elsewhere = f"sqlite:///{tmp_path / 'new' / 'gateway.db'}"
    assert _run("gateway", "restore", str(backup_file), "--db", elsewhere) == 0
    assert _statuses(elsewhere) == _statuses(sqlite_db_url) and len(_statuses(elsewhere)) == 12
    assert _epoch(elsewhere) == _epoch(sqlite_db_url) + 1


def test_refused_commands_are_listed_for_staff(
    gateway: RunningGateway, demo_cases: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    device = gateway.enroll("Foyer links")
    case = demo_cases[0]
    key = device.lookup_key(case.case_number.canonical, case.birth_date)
    slot = "biometrics@2026-01-01T09:00#1"  # the past, never leased: refused
    answer = device.push(
        [
            {
                "seq": 1,
                "created_at": "2026-03-10T08:00:00+00:00",
                "payload": {
                    "kind": "book_slot",
                    "booking_id": "b" * 32,
                    "lookup_key": key,
                    "slot_id": slot,
                },
            },
            {
                "seq": 2,
                "created_at": "2026-03-10T08:00:00+00:00",
                "payload": {"kind": "void", "reason": "refused as malformed"},
            },
            {
                "seq": 3,
                "created_at": "2026-03-10T08:00:00+00:00",
                "payload": {
                    "kind": "mark_documents_received",
                    "lookup_key": "ab" * 32,
                    "documents": ["passport"],
                },
            },
        ]
    )
    assert [r["outcome"] for r in answer.json()["results"]] == ["rejected", "applied", "rejected"]
    db_url = gateway.settings.db_url
    assert _run("gateway", "conflicts", "--db", db_url) == 0
    text = capsys.readouterr().out
    assert "3 abgelehnte" in text
    assert f"Aktenzeichen {case.case_number.canonical}" in text and slot in text
    assert "Foyer links Nr. 2" in text and "refused as malformed" in text
    assert "Vorgang unbekannt" in text

    assert _run("gateway", "conflicts", "--db", db_url, "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(c["seq"], c["kind"]) for c in listed] == [
        (1, "book_slot"),
        (2, "void"),
        (3, "mark_documents_received"),
    ]
    assert listed[0]["detail"]["case_number"] == case.case_number.canonical
    assert listed[0]["detail"]["booking_id"] == "b" * 32
    assert listed[2]["detail"]["case_number"] is None
