"""``kill -9`` of a kiosk that counts usage figures and syncs them, at eight different moments:
after a final sync in peace, the gateway holds exactly what the kiosk counted, never a figure
lost or added twice."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from gateway_harness import RunningGateway
from kiosk_harness import KioskCache, enroll
from sqlalchemy import create_engine, func, select
from usage_kill_worker import COUNTED

from kiosk_app.store.connection import open_cache
from kiosk_app.store.usage import get_state, pending_counts
from sync.gateway.tables import usage_hourly

ITERATIONS = 8
WORKER = Path(__file__).with_name("usage_kill_worker.py")
ROOT = Path(__file__).resolve().parents[3]


def counted(kiosk: KioskCache) -> tuple[int, int]:
    conn = open_cache(kiosk.path, kiosk.key)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        figures, days = (get_state(conn, COUNTED) or "0 0").split()
        return int(figures), int(days)
    finally:
        conn.close()


def at_gateway(db_url: str) -> tuple[int, int]:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            figures, days = conn.execute(
                select(func.sum(usage_hourly.c.count), func.sum(usage_hourly.c.value_sum)).where(
                    usage_hourly.c.kind == "booking"
                )
            ).one()
    finally:
        engine.dispose()
    return int(figures or 0), round(days or 0)


def test_usage_figures_survive_kill_minus_nine_exactly_once(
    kiosk: KioskCache, sqlite_gateway: RunningGateway
) -> None:
    rng = random.Random(20261206)
    enroll(kiosk, sqlite_gateway)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    moments = [0.02 + 0.08 * n for n in range(ITERATIONS)]  # from the first round to later ones
    rng.shuffle(moments)
    for iteration, moment in enumerate(moments):
        worker = subprocess.Popen(
            [sys.executable, str(WORKER), str(kiosk.path), kiosk.key.hex(), str(iteration)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert worker.stdout is not None
        assert worker.stdout.readline().strip() == "ready", worker.stderr and worker.stderr.read()
        time.sleep(moment)
        worker.send_signal(signal.SIGKILL)
        _out, err = worker.communicate(timeout=30)
        assert worker.returncode == -signal.SIGKILL, err[-2000:]
        # Never more at the gateway than was counted, whenever the kill came.
        figures, days = at_gateway(sqlite_gateway.settings.db_url)
        assert figures <= counted(kiosk)[0] and days <= counted(kiosk)[1]

    total = counted(kiosk)
    assert total[0] > ITERATIONS  # the kiosk really counted between kills
    # Finished in peace, a day later: every hour is over and goes.
    engine = kiosk.engine()
    kiosk.clock.advance(timedelta(days=1))
    assert engine.sync_once().online
    assert engine.sync_once().pending_commands == 0
    conn = kiosk.connect()
    assert [c for c in pending_counts(conn) if c.kind == "booking"] == []
    assert at_gateway(sqlite_gateway.settings.db_url) == total
