"""``kill -9`` of a counter process while it queues and pushes staff actions, 30 times over
one cache: the cache always opens and passes ``integrity_check``, every action the clerk was
told is done is queued or at the gateway, and the gateway applies each exactly once."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from counter_harness import (
    CLERK,
    PASSWORD,
    add_clerk,
    commands_at_gateway,
    counter_code,
    fast_client,
    received_at_gateway,
)
from fixed_time import TickingClock, fixed_office_time
from gateway_harness import RunningGateway

from kiosk_app.counter.cache import CounterCache
from kiosk_app.counter.desk import CounterDesk
from kiosk_app.counter.enroll import enroll_counter

ITERATIONS = 30
WORKER = Path(__file__).with_name("counter_kill_worker.py")
ROOT = Path(__file__).resolve().parents[2]


def outbox_and_results(path: Path, key: bytes) -> tuple[set[int], dict[int, str], int]:
    """(queued seqs, answered seq -> outcome, highest seq issued), after an integrity check."""
    cache = CounterCache.open(path, key)  # opens: not corrupted, key still right
    try:
        assert cache.integrity_check() == "ok"
        conn = cache.connection
        queued = {int(r[0]) for r in conn.execute("SELECT seq FROM outbox")}
        answered = {int(r[0]): str(r[1]) for r in conn.execute("SELECT seq, outcome FROM results")}
        row = conn.execute("SELECT value FROM meta WHERE key = 'next_seq'").fetchone()
        return queued, answered, int(row[0]) - 1
    finally:
        cache.close()


@pytest.mark.slow
def test_kill_minus_nine_of_a_counter_loses_and_doubles_nothing(
    gateway: RunningGateway, tmp_path: Path, cache_key: bytes
) -> None:
    rng = random.Random(20261206)
    cases = gateway.import_demo(40, seed=5)
    numbers = [case.case_number.canonical for case in cases]
    add_clerk(gateway)
    path = tmp_path / "counter.db"
    cache = CounterCache.open(path, cache_key)
    device_id = enroll_counter(gateway.url, counter_code(gateway), cache)
    enrollment = cache.enrollment()
    assert enrollment is not None
    cache.close()
    with fast_client(enrollment.gateway_url, enrollment.device_token) as client:
        session = client.sign_in(CLERK, PASSWORD)
    TickingClock(restart=True)  # the workers' clocks start at the fixed instant, as the gateway's
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    told_done: set[int] = set()
    acked: set[int] = set()

    def loaded_worker(iteration: int) -> subprocess.Popen[str]:
        """A worker that has imported everything and waits for ``go`` before it opens the cache."""
        return subprocess.Popen(
            [
                sys.executable,
                str(WORKER),
                str(path),
                cache_key.hex(),
                str(iteration),
                session.session_id,
                ",".join(numbers),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )

    # The next worker is started (and imports) while the current one runs: only one of them
    # ever has the cache open, the one that is killed.
    upcoming = loaded_worker(0)
    try:
        for iteration in range(ITERATIONS):
            worker = upcoming
            assert worker.stdin is not None and worker.stdout is not None
            assert worker.stdout.readline().strip() == "loaded", worker.stderr
            worker.stdin.write("go\n")
            worker.stdin.flush()
            assert worker.stdout.readline().strip() == "ready", worker.stderr
            if iteration + 1 < ITERATIONS:
                upcoming = loaded_worker(iteration + 1)
            time.sleep(rng.uniform(0.0, 0.6))
            worker.send_signal(signal.SIGKILL)
            out, err = worker.communicate(timeout=30)
            assert worker.returncode == -signal.SIGKILL, err[-2000:]
            lines = [line.split() for line in out.splitlines()]
            told_done |= {int(seq) for word, seq in lines if word == "queued"}
            acked |= {int(seq) for word, seq in lines if word == "acked"}

            queued, answered, issued = outbox_and_results(path, cache_key)
            at_gateway = {seq for seq, _kind, _outcome in commands_at_gateway(gateway, device_id)}
            assert told_done <= queued | answered.keys(), "an action the clerk saw done was lost"
            assert queued | answered.keys() == set(range(1, issued + 1)), "a hole in the numbers"
            assert acked <= set(answered) and set(answered) <= at_gateway
            assert at_gateway <= set(range(1, issued + 1)), "the gateway holds a command never made"
    finally:
        if upcoming.poll() is None:
            upcoming.kill()
            upcoming.communicate(timeout=30)
    assert len(told_done) > ITERATIONS and acked  # it really queued and pushed between kills

    # Let the counter finish in peace: everything arrives, each exactly once.
    cache = CounterCache.open(path, cache_key)
    desk = CounterDesk(cache, fixed_office_time(TickingClock()), fast_client)  # type: ignore[arg-type]
    desk.push()
    assert desk.pending_count() == 0
    desk.close()
    cache.close()
    queued, answered, issued = outbox_and_results(path, cache_key)
    log = commands_at_gateway(gateway, device_id)
    assert [seq for seq, _kind, _outcome in log] == list(range(1, issued + 1))
    assert {outcome for _seq, _kind, outcome in log} == {"applied"}
    assert queued == set() and set(answered) == set(range(1, issued + 1))
    # "duplicate": killed after the gateway applied it, before the answer was stored here.
    assert set(answered.values()) <= {"applied", "duplicate"}
    assert any(received_at_gateway(gateway, number) for number in numbers)
