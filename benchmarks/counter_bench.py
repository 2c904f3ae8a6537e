"""The counter's core, as a clerk waits for it (issue 14).

counter_open_case_ms     median ``CounterDesk.read_cached(reference)``: a scanned reference
                         opened from the counter's encrypted cache holding 100,000 cases
                         (normalise, reference → case, case JSON → ``StaffCase``, queued actions
                         applied, the resident's language). Baseline: a plain primary-key
                         ``SELECT body FROM cases`` on the same connection, measured in the same
                         run → ``counter_open_case_ratio`` (target ≤ 5).
counter_open_offline_ms  the same through ``CounterDesk.open`` with the gateway away: the read
                         plus the ``StaffCaseViewed`` queued for the audit log (one durable write).
counter_action_ms        median ``CounterDesk.mark_received`` online: from the tick-off until the
                         gateway (a process on loopback, SQLite) acknowledged it and the answer
                         is stored in the cache.

``python -m benchmarks.counter_bench [--quick]`` prints the figures.
"""

from __future__ import annotations

import base64
import random
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import httpx

from kiosk_app.core.case_number import CaseNumber
from kiosk_app.core.clock import OfficeTime
from kiosk_app.core.demo_cases import generate
from kiosk_app.core.statuses import CaseStatus
from kiosk_app.counter.cache import CounterCache
from kiosk_app.counter.desk import CounterDesk
from kiosk_app.counter.enroll import enroll_counter
from kiosk_app.store.transactions import transaction
from sync.gateway.app import create_app
from sync.gateway.demo import seed_demo
from sync.gateway.process import GatewayProcess
from sync.gateway.settings import GatewaySettings
from sync.gateway.staff.accounts import create_user
from sync.gateway.staff.audit import Actor
from sync.staff_protocol import Printout, StaffCase, StaffSession

CASES, QUICK_CASES = 100_000, 10_000
SEED = 43
CLERK, PASSWORD = "bench.clerk", "bench password, long enough"
NOWHERE = "http://127.0.0.1:9"  # the discard port: nothing answers there


def _median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 3)


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _reference(rng: random.Random) -> str:
    return base64.b32encode(rng.randbytes(8)).decode("ascii")[:10]


def fill_cache(cache: CounterCache, count: int, today: date) -> list[str]:
    """``count`` cases, each with one printed reference (as a day's fetches leave them);
    returns the references."""
    rng = random.Random(SEED)
    now = datetime.now(UTC)
    references: list[str] = []
    rows, printouts = [], []
    for serial in rng.sample(range(1, 1_000_000), count):
        number = CaseNumber("DA", 2026, serial).canonical
        reference = _reference(rng)
        references.append(reference)
        case = StaffCase(
            case_number=number,
            status=CaseStatus.DOCUMENTS_MISSING,
            status_changed_on=today,
            permit_type="work",
            missing_documents=["passport", "photo", "health_insurance"],
            printouts=[
                Printout(
                    reference=reference,
                    created_at=now,
                    language="ar",
                    documents=["passport", "photo"],
                )
            ],
        )
        rows.append((number, case.model_dump_json(), now.isoformat(), today.isoformat()))
        printouts.append((reference, number, today.isoformat()))
    with transaction(cache.connection) as conn:
        conn.executemany(
            "INSERT OR IGNORE INTO cases (case_number, body, fetched_at, day) VALUES (?, ?, ?, ?)",
            rows,
        )
        conn.executemany(
            "INSERT OR IGNORE INTO printouts (reference, case_number, day) VALUES (?, ?, ?)",
            printouts,
        )
    return references


def measure_open_case(workdir: Path, cases: int, samples: int) -> dict[str, float | int]:
    workdir.mkdir(parents=True, exist_ok=True)
    office_time = OfficeTime()
    cache = CounterCache.open(workdir / "counter.db", secrets.token_bytes(32))
    try:
        cache.save_enrollment(NOWHERE, "bench-device", "bench-token")
        references = fill_cache(cache, cases, office_time.today())
        desk = CounterDesk(cache, office_time)
        rng = random.Random(SEED + 1)
        picks = [rng.choice(references) for _ in range(samples)]
        numbers = [desk.read_cached(reference).case.case_number for reference in picks[:50]]
        conn = cache.connection
        plain, opened = [], []
        for n, reference in enumerate(picks):  # interleaved: machine drift hits both alike
            number = numbers[n % len(numbers)]
            plain.append(
                _timed(
                    lambda number=number: conn.execute(
                        "SELECT body FROM cases WHERE case_number = ?", (number,)
                    ).fetchone()
                )
            )
            # As a scanner sends it, with the dashes a clerk may type.
            typed = f"{reference[:5]}-{reference[5:]}".lower()
            opened.append(_timed(lambda typed=typed: desk.read_cached(typed)))
        # The full offline open: the read and the audit command it queues.
        session = StaffSession(
            session_id="0" * 32,
            session_token="bench",
            username="bench.clerk",
            role="counter",
            services=[],
            expires_at=datetime(2999, 1, 1, tzinfo=UTC),
            server_time=office_time.utc_now(),
        )
        offline = [
            _timed(lambda reference=reference: desk.read_cached(reference, session=session))
            for reference in picks[: max(20, samples // 10)]
        ]
        desk.close()
    finally:
        cache.close()
    result: dict[str, float | int] = {
        "counter_open_case_ms": _median_ms(opened),
        "counter_open_case_baseline_ms": _median_ms(plain),
        "counter_open_offline_ms": _median_ms(offline),
        "counter_cache_cases": cases,
    }
    result["counter_open_case_ratio"] = round(
        statistics.median(opened) / statistics.median(plain), 2
    )
    return result


def measure_action(workdir: Path, samples: int) -> dict[str, float]:
    workdir.mkdir(parents=True, exist_ok=True)
    db_url = f"sqlite:///{workdir / 'gateway.db'}"
    today = date.today()
    app = create_app(GatewaySettings(db_url=db_url))
    engine = app.state.gateway.engine
    try:
        seed_demo(engine, 200, SEED, today)
        with engine.begin() as conn:
            actor = Actor(None, None, datetime.now(UTC))
            create_user(
                conn, actor, CLERK, "counter", password=PASSWORD, must_change_password=False
            )
    finally:
        engine.dispose()
    admin = "bench-" + secrets.token_hex(8)
    server = GatewayProcess(db_url, admin).start()
    cache = CounterCache.open(workdir / "counter.db", secrets.token_bytes(32))
    try:
        code = httpx.post(
            f"{server.url}/admin/v1/enrollment-codes",
            headers={"Authorization": f"Bearer {admin}"},
            json={"kind": "counter"},
        ).json()["code"]
        enroll_counter(server.url, str(code), cache, device_name="bench-counter")
        desk = CounterDesk(cache, OfficeTime())
        desk.sign_in(CLERK, PASSWORD)
        numbers = [
            case.case_number.canonical
            for case in generate(200, SEED, today)
            if case.record.missing_documents
        ]
        opened = [desk.open(number) for number in numbers[:samples]]
        ticks = []
        for case in opened:
            code_ = case.case.missing_documents[0]
            ticks.append(
                _timed(
                    lambda case=case, code_=code_: desk.mark_received(
                        case.case.case_number, [code_]
                    )
                )
            )
        assert desk.pending_count() == 0 and not desk.conflicts(), "an action was not applied"
        desk.sign_out()
        desk.close()
    finally:
        cache.close()
        server.stop()
    return {"counter_action_ms": _median_ms(ticks)}


def measure_counter(workdir: Path, *, quick: bool) -> dict[str, float | int]:
    results: dict[str, float | int] = {}
    results.update(
        measure_open_case(
            workdir / "open", QUICK_CASES if quick else CASES, samples=300 if quick else 2000
        )
    )
    results.update(measure_action(workdir / "action", samples=15 if quick else 50))
    return results


if __name__ == "__main__":
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-counter-") as tmp:
        print(measure_counter(Path(tmp), quick="--quick" in sys.argv))
