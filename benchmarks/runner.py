"""``kiosk-app bench``: ratio benchmarks, each against a baseline measured in the same run.

cold_start_ratio  kiosk start → first rendered welcome frame (100,000-case cache)
                  ÷ the same for a bare QML window.                      target ≤ 1.5
lookup_ratio      median StatusLookup.find on a 1,000,000-case cache
                  ÷ median plain-sqlite3 primary-key lookup on the same rows. target ≤ 3
a4_render_ms, receipt_render_ms (+ ratios to an empty page): benchmarks/print_bench.py
bundle_size_mb, bundle_cold_start_ratio (bundle ÷ source tree): benchmarks/bundle_bench.py
initial_sync_ratio, delta_sync_ratio, max_ui_stall_ms: see benchmarks/sync_bench.py
                  (targets ≤ 2, ≤ 3, ≤ 100 ms; 100,000 cases and 1,000 changes).
gateway_bookings_per_s_sqlite, gateway_bookings_per_s_postgres, ..._postgres_3p: online
                  bookings per second with 50 concurrent clients, against one gateway process
                  (and three on one PostgreSQL schema: _3p) (benchmarks/gateway_booking.py;
                  PostgreSQL null when no server answers).
booking_online_ms, booking_offline_ms (+ ratios to a health round trip / one durable cache
                  write): the desk's book, online and from leases (benchmarks/kiosk_booking.py).
counter_open_case_ms, counter_open_case_ratio (÷ a plain cache primary-key lookup, ≤ 5),
                  counter_open_offline_ms, counter_action_ms: the counter's core opening a
                  scanned reference from a 100,000-case cache, and a tick-off acknowledged by a
                  gateway on loopback (benchmarks/counter_bench.py).
call_to_display_p95_ms (+ median): a counter's "call next" until the call display's long poll
                  has it, gateway on loopback (target ≤ 1,000; benchmarks/call_display_bench.py).
report_build_s, report_query_s, report_build_ratio: the task force's report (PDF and CSV) of a
                  month from 10 kiosks (target ≤ 10 s) and ÷ its raw aggregation query
                  (benchmarks/report_bench.py).
ticket_issue_ms, ticket_issue_ratio (÷ a health round trip): a walk-in ticket issued online
                  at the kiosk, from the tap to the ticket ready to print; ticket_issue_lease_ms
                  the same offline from the kiosk's ticket lease (benchmarks/walk_in_bench.py).
faq_search_p95_ms (+ median), faq_top3, faq_top3_min_language: the knowledge base's search at
                  the kiosk over the frozen evaluation set, on a 100,000-case cache (targets
                  ≤ 100 ms, ≥ 0.90, ≥ 0.85; benchmarks/faq_bench.py).
``--quick`` uses smaller data so the whole run stays under a minute.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bundle_bench import measure_bundle
from benchmarks.call_display_bench import measure_call_display
from benchmarks.counter_bench import measure_counter
from benchmarks.faq_bench import measure_faq
from benchmarks.gateway_booking import measure_gateway_booking
from benchmarks.kiosk_booking import measure_kiosk_booking
from benchmarks.lookup import measure_lookup
from benchmarks.print_bench import measure_printing
from benchmarks.report_bench import measure_report
from benchmarks.start_env import start_up_env
from benchmarks.sync_bench import measure_sync
from benchmarks.walk_in_bench import measure_walk_in
from kiosk_app.store.keys import DEMO_KEY_FILE_NAME

COLD_START_CASES = 100_000
SYNC_CASES, SYNC_CHANGES = 100_000, 1_000
SYNC_QUICK_CASES, SYNC_QUICK_CHANGES = 10_000, 200
LOOKUP_CASES = 1_000_000
FAQ_CASES = 100_000


def _first_frame_seconds(command: list[str], env: dict[str, str]) -> float:
    started = time.time()
    done = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    for line in done.stdout.splitlines():
        if line.startswith("first-frame "):
            return float(line.split()[1]) - started
    raise RuntimeError(f"no first frame from {command[:3]}: {done.stderr[-500:]}")


def measure_cold_start(state_dir: Path, cases: int, runs: int) -> dict[str, float]:
    from datetime import date

    from kiosk_app.config import KioskConfig
    from kiosk_app.demo_seed import seed_demo_cache

    config = KioskConfig(state_dir=state_dir, demo=True)
    seed_demo_cache(config, cases, 11, date.today())
    env = start_up_env(state_dir)
    # The production start-up (not demo mode, so no sample box), in a window of the same
    # size as the bare one; the demo key file serves as the configured key file.
    kiosk = [
        sys.executable,
        "-m",
        "kiosk_app.cli",
        "run",
        "--state",
        str(state_dir),
        "--key-file",
        str(state_dir / DEMO_KEY_FILE_NAME),
        "--windowed",
        "--quit-after-first-frame",
    ]
    bare = [sys.executable, "-m", "benchmarks.bare_window"]
    _first_frame_seconds(bare, env)  # warm the OS file cache for both
    _first_frame_seconds(kiosk, env)
    bare_times, kiosk_times = [], []
    for _ in range(runs):  # interleaved, so drift in machine load hits both alike
        bare_times.append(_first_frame_seconds(bare, env))
        kiosk_times.append(_first_frame_seconds(kiosk, env))
    bare_s, kiosk_s = statistics.median(bare_times), statistics.median(kiosk_times)
    return {
        "cold_start_kiosk_ms": round(kiosk_s * 1000, 1),
        "cold_start_bare_qml_ms": round(bare_s * 1000, 1),
        "cold_start_ratio": round(kiosk_s / bare_s, 3),
        "cold_start_cases": cases,
    }


def run_benchmarks(*, quick: bool, as_json: bool) -> int:
    from PySide6.QtGui import QGuiApplication

    # One GUI application for the in-process measurements (the sync stall probe's event loop,
    # the printing benchmark's fonts); the start-up ones run in their own processes.
    _app = QGuiApplication.instance() or QGuiApplication([])
    results: dict[str, float | int | str | None] = {"mode": "quick" if quick else "full"}
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-") as tmp:
        cold = measure_cold_start(
            Path(tmp) / "cold", 10_000 if quick else COLD_START_CASES, runs=5 if quick else 9
        )
        results.update(cold)
        print(
            f"cold start: kiosk {cold['cold_start_kiosk_ms']} ms, bare QML "
            f"{cold['cold_start_bare_qml_ms']} ms, ratio {cold['cold_start_ratio']} (≤ 1.5)"
        )
        lookup = measure_lookup(
            Path(tmp) / "lookup", 50_000 if quick else LOOKUP_CASES, samples=500 if quick else 2000
        )
        results.update(lookup)
        print(
            f"lookup: StatusLookup.find {lookup['lookup_find_us']} µs, plain sqlite3 "
            f"{lookup['lookup_sqlite_us']} µs, ratio {lookup['lookup_ratio']} (≤ 3)"
        )
        sync = measure_sync(
            Path(tmp) / "sync",
            SYNC_QUICK_CASES if quick else SYNC_CASES,
            SYNC_QUICK_CHANGES if quick else SYNC_CHANGES,
        )
        results.update(sync)
        print(
            f"initial sync of {sync['sync_cases']} cases: {sync['initial_sync_s']} s, physical "
            f"limit {sync['initial_sync_limit_s']} s, ratio {sync['initial_sync_ratio']} (≤ 2)"
        )
        print(
            f"delta of {sync['delta_changes']} changes: {sync['delta_sync_ms']} ms, limit "
            f"{sync['delta_sync_limit_ms']} ms, ratio {sync['delta_sync_ratio']} (≤ 3); "
            f"longest GUI stall during the initial sync {sync['max_ui_stall_ms']} ms (≤ 100)"
        )
        booking = measure_gateway_booking(Path(tmp) / "booking", quick=quick)
        results.update(booking)
        postgres = booking["gateway_bookings_per_s_postgres"]
        on_postgres = (
            "PostgreSQL unreachable"
            if postgres is None
            else f"{postgres}/s on PostgreSQL, "
            f"{booking['gateway_bookings_per_s_postgres_3p']}/s with three processes"
        )
        print(
            f"gateway bookings, 50 clients: "
            f"{booking['gateway_bookings_per_s_sqlite']}/s on SQLite, {on_postgres}"
        )
        desk = measure_kiosk_booking(Path(tmp) / "kiosk-booking", quick=quick)
        results.update(desk)
        print(
            f"booking at the kiosk: online {desk['booking_online_ms']} ms "
            f"({desk['booking_online_ratio']}x a health round trip), offline from leases "
            f"{desk['booking_offline_ms']} ms ({desk['booking_offline_ratio']}x one durable write)"
        )
        walk_in = measure_walk_in(Path(tmp) / "walk-in", quick=quick)
        results.update(walk_in)
        print(
            f"walk-in ticket at the kiosk, online: {walk_in['ticket_issue_ms']} ms from the tap to "
            f"the ticket ready to print ({walk_in['ticket_issue_ratio']}x a health round trip); "
            f"from its lease offline {walk_in['ticket_issue_lease_ms']} ms"
        )
        counter = measure_counter(Path(tmp) / "counter", quick=quick)
        results.update(counter)
        print(
            f"counter: open a case by reference from {counter['counter_cache_cases']} cached "
            f"cases {counter['counter_open_case_ms']} ms ({counter['counter_open_case_ratio']}x "
            f"a plain primary-key lookup, ≤ 5; offline with its audit command "
            f"{counter['counter_open_offline_ms']} ms), tick-off acknowledged by the gateway "
            f"{counter['counter_action_ms']} ms"
        )
        display = measure_call_display(Path(tmp) / "call-display", quick=quick)
        results.update(display)
        print(
            f"call display: counter press → the display's long poll has the call, p95 "
            f"{display['call_to_display_p95_ms']} ms (≤ 1000), median "
            f"{display['call_to_display_median_ms']} ms over "
            f"{display['call_to_display_calls']} calls"
        )
        faq = measure_faq(Path(tmp) / "faq", 10_000 if quick else FAQ_CASES)
        results.update(faq)
        print(
            f"knowledge base search on a {faq['faq_cache_cases']}-case cache: p95 "
            f"{faq['faq_search_p95_ms']} ms (≤ 100), median {faq['faq_search_median_ms']} ms; "
            f"top-3 {faq['faq_top3']} (≥ 0.90), weakest language {faq['faq_top3_weakest']} "
            f"{faq['faq_top3_min_language']} (≥ 0.85)"
        )
        report = measure_report(Path(tmp) / "report", quick=quick)
        results.update(report)
        print(
            f"task force report of a month ({report['report_rows']} hourly rows): "
            f"{report['report_build_s']} s (≤ 10), {report['report_build_ratio']}x the raw "
            "aggregation query"
        )
    printing = measure_printing(quick)
    results.update(printing)
    print(
        f"printing: A4 {printing['a4_render_ms']} ms ({printing['a4_render_ratio']}x an empty "
        f"page), receipt {printing['receipt_render_ms']} ms ({printing['receipt_render_ratio']}x)"
    )
    bundle = measure_bundle(quick)
    results.update(bundle)
    print(
        f"bundle: {bundle['bundle_size_mb']} MiB, cold start "
        f"{bundle['bundle_cold_start_ratio']}x the source tree"
        if bundle["bundle_size_mb"] is not None
        else f"bundle: {bundle['bundle_note']}"
    )
    if as_json:
        print(json.dumps(results, sort_keys=True))
    return 0
