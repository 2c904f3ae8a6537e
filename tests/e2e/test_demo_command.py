"""``kiosk-app demo`` run twice keeps what the first run's users did (it used to reseed and
wipe every booking silently); ``--reset`` starts afresh, and says so. The report command it
prints runs on its synthetic figures, which a second run replaces rather than doubles."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

from kiosk_app.backend import key_providers
from kiosk_app.config import KioskConfig
from kiosk_app.store.connection import open_cache
from kiosk_app.store.keys import resolve_key
from kiosk_app.store.sync_state import SyncState


def demo(state: Path, *extra: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "kiosk_app.cli", "demo", "--cases", "60", "--no-window", *extra],
        env={**os.environ, "KIOSK_STATE_DIR": str(state)},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def device_id(state: Path) -> str | None:
    config = KioskConfig(state_dir=state, demo=True)
    connection = open_cache(config.cache_path, resolve_key(key_providers(config)))
    try:
        return SyncState(connection).device_id
    finally:
        connection.close()


def status_of(state: Path, case_number: str) -> str:
    with sqlite3.connect(state / "gateway.db") as db:
        (status,) = db.execute(
            "SELECT status FROM cases WHERE case_number = ?", (case_number,)
        ).fetchone()
    return str(status)


def usage_total(state: Path) -> int:
    with sqlite3.connect(state / "gateway.db") as db:
        (total,) = db.execute("SELECT SUM(count) FROM usage_hourly").fetchone()
    return int(total or 0)


def test_a_second_demo_continues_the_first_and_reset_starts_afresh(tmp_path: Path) -> None:
    state = tmp_path / "state"
    first = demo(state)
    # The printed command runs as shown (the installed script, not a bare name off PATH).
    command = re.search(
        r"^\s+(\S+) gateway set-status (\S+) ready_for_pickup --db (\S+)$", first, re.MULTILINE
    )
    assert command is not None, first
    script, case_number, db_url = command.groups()
    was = status_of(state, case_number)
    assert was != "ready_for_pickup"
    enrolled_as = device_id(state)
    changed = subprocess.run(
        [*script.split(), "gateway", "set-status", case_number, "ready_for_pickup",
         "--db", db_url],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert changed.returncode == 0, changed.stderr
    assert "Status gesetzt: abholbereit" in changed.stdout

    # The task force's report on the demo's synthetic month, with the command as printed.
    report = re.search(
        r"^\s+\S+ (gateway report --from \S+ --to \S+) --out report.pdf --csv report-csv "
        r"--db (\S+)$",
        first,
        re.MULTILINE,
    )
    assert report is not None, first
    written = subprocess.run(
        [*script.split(), *report.group(1).split(), "--out", str(tmp_path / "report.pdf"),
         "--db", report.group(2)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert written.returncode == 0, written.stderr
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")
    figures = usage_total(state)
    assert figures > 0

    second = demo(state)
    assert "Continuing the earlier demo" in second
    assert status_of(state, case_number) == "ready_for_pickup"  # not reseeded
    assert usage_total(state) == figures  # the synthetic figures replaced, not doubled
    assert device_id(state) == enrolled_as  # the same kiosk, not enrolled anew

    fresh = demo(state, "--reset")
    assert "Continuing" not in fresh
    assert status_of(state, case_number) == was
    assert device_id(state) != enrolled_as
