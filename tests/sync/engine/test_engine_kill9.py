"""``kill -9`` of a syncing kiosk at random points, 30 times over one cache: it always opens,
passes ``integrity_check``, its cursor matches its data, and no queued command is lost or
applied twice at the gateway."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from gateway_harness import RunningGateway
from kiosk_harness import KioskCache, enroll

from kiosk_app.store.connection import open_cache
from kiosk_app.store.outbox import NEXT_SEQ
from kiosk_app.store.sync_state import SyncState

ITERATIONS = 30
WORKER = Path(__file__).with_name("kill_worker.py")
ROOT = Path(__file__).resolve().parents[3]


def gateway_view(db: Path) -> tuple[int, dict[str, tuple[int, str | None]], set[int]]:
    """(epoch, lookup key -> (change_seq, status or None if removed), applied command seqs)."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as gw:
        epoch = gw.execute("SELECT epoch FROM dataset").fetchone()[0]
        view: dict[str, tuple[int, str | None]] = {
            key: (seq, None if removed else status)
            for key, seq, status, removed in gw.execute(
                "SELECT lookup_key, change_seq, status, removed FROM cases"
            )
        }
        for key, seq in gw.execute("SELECT lookup_key, change_seq FROM retired_keys"):
            view.setdefault(key, (seq, None))
        applied = {row[0] for row in gw.execute("SELECT seq FROM command_log")}
    return epoch, view, applied


def check_consistent(kiosk: KioskCache, gateway_db: Path, queued: set[int]) -> None:
    conn = open_cache(kiosk.path, kiosk.key)  # opens: not corrupted, key still right
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        state = SyncState(conn)
        epoch, view, applied = gateway_view(gateway_db)
        resync = state.resync
        table, cursor, kiosk_epoch = (
            ("cases_staging", resync.cursor, resync.epoch)
            if resync
            else ("cases", state.cursor, state.epoch)
        )
        if kiosk_epoch == epoch:
            held = {
                bytes(k).hex(): s
                for k, s in conn.execute(f"SELECT lookup_key, status FROM {table}")
            }
            for key, (seq, status) in view.items():
                if seq <= cursor:  # everything up to the cursor is there, as it is now
                    assert held.get(key) == status, (key, seq, cursor)
            assert set(held) <= {k for k, (_seq, s) in view.items() if s is not None}
        outbox = {row[0] for row in conn.execute("SELECT seq FROM outbox")}
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (NEXT_SEQ,)).fetchone()
        issued = int(bytes(row[0]).decode()) - 1 if row else 0
        assert queued <= outbox | applied, "a command the resident was told is done got lost"
        assert set(range(1, issued + 1)) <= outbox | applied, "a hole in the command numbers"
        assert applied <= set(range(1, issued + 1)), "the gateway holds a command never issued"
    finally:
        conn.close()


@pytest.mark.slow
def test_kill_minus_nine_at_random_points(
    kiosk: KioskCache, sqlite_gateway: RunningGateway, tmp_path: Path
) -> None:
    rng = random.Random(20261126)
    demo = sqlite_gateway.import_demo(1500, seed=11)
    enroll(kiosk, sqlite_gateway)
    gateway_db = Path(sqlite_gateway.settings.db_url.removeprefix("sqlite:///"))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    queued: set[int] = set()
    for iteration in range(ITERATIONS):
        for case in rng.sample(demo, 15):  # new changes for every round
            sqlite_gateway.set_status(case.case_number.canonical, rng.choice(STATUSES))
        if iteration % 10 == 9:
            sqlite_gateway.rotate_pepper()  # some kills land in the middle of a resync
        worker = subprocess.Popen(
            [sys.executable, str(WORKER), str(kiosk.path), kiosk.key.hex(), str(iteration)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        # The window starts once the worker is up: a loaded machine takes a second or more
        # just to import it, and a kill before that tests nothing.
        assert worker.stdout is not None and worker.stdout.readline() == "ready\n"
        time.sleep(rng.uniform(0.3, 1.5))
        worker.send_signal(signal.SIGKILL)
        out, err = worker.communicate(timeout=30)
        assert worker.returncode == -signal.SIGKILL, err[-2000:]
        queued |= {int(line.split()[1]) for line in out.splitlines() if line.startswith("queued")}
        check_consistent(kiosk, gateway_db, queued)
    assert len(queued) > ITERATIONS  # the test really queued commands between kills

    # Once the kiosk can finish in peace, everything converges exactly.
    status = kiosk.engine(page_limit=200).sync_once()
    assert status.online and status.pending_commands == 0
    _epoch, view, applied = gateway_view(gateway_db)
    assert queued <= applied
    conn = open_cache(kiosk.path, kiosk.key)
    held = {bytes(k).hex(): s for k, s in conn.execute("SELECT lookup_key, status FROM cases")}
    conn.close()
    assert held == {k: s for k, (_seq, s) in view.items() if s is not None}


STATUSES = ["received", "in_review", "appointment_required", "card_in_production", "completed"]
