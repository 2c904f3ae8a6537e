"""The task force's report on a month of figures from 10 kiosks (and 2 counters): every opening
hour, every kind, ten languages, seven services (``sync.gateway.report.synthetic``).

report_build_s       the full report, PDF with its charts and every CSV file (target ≤ 10 s)
report_query_s       baseline: the raw aggregation of the month in one GROUP BY over
                     ``usage_hourly`` (what the report cannot do without)
report_build_ratio   report_build_s ÷ report_query_s
report_rows          rows of ``usage_hourly`` in the month

``python -m benchmarks.report_bench [--quick]`` prints the figures; ``--quick`` uses 3 kiosks.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import func, select

from sync.gateway.app import create_app
from sync.gateway.database import read_transaction, write_transaction
from sync.gateway.report import Period, build_report
from sync.gateway.report.synthetic import synthetic_counts
from sync.gateway.settings import GatewaySettings
from sync.gateway.tables import usage_hourly
from sync.gateway.usage import add_usage

MONTH = Period(date(2026, 11, 1), date(2026, 11, 30))
KIOSKS, QUICK_KIOSKS = 10, 3


def measure_report(folder: Path, quick: bool = False) -> dict[str, float | int]:
    folder.mkdir(parents=True, exist_ok=True)
    kiosks = [f"demo-kiosk-{n:02d}" for n in range(1, (QUICK_KIOSKS if quick else KIOSKS) + 1)]
    engine = create_app(
        GatewaySettings(db_url=f"sqlite:///{folder / 'gw.db'}")
    ).state.gateway.engine
    try:
        with write_transaction(engine) as conn:
            for period in (MONTH.previous(), MONTH):
                for device, counts in synthetic_counts(
                    period, kiosks, ("demo-counter-01", "demo-counter-02"), every_kind=True
                ):
                    add_usage(conn, device, counts)
        u = usage_hourly.c
        dimensions = [u.kind, u.language, u.service, u.outcome, u.status, u.bucket, u.detail]
        query = (
            select(*dimensions, func.sum(u.count), func.sum(u.value_sum))
            .where(u.hour >= MONTH.start, u.hour < MONTH.end)
            .group_by(*dimensions)
        )
        with read_transaction(engine) as conn:
            rows = conn.execute(
                select(func.count()).where(u.hour >= MONTH.start, u.hour < MONTH.end)
            ).scalar_one()
            conn.execute(query).all()  # warm the page cache
        query_times = []
        for _ in range(5):
            started = time.perf_counter()
            with read_transaction(engine) as conn:
                conn.execute(query).all()
            query_times.append(time.perf_counter() - started)
        query_s = min(query_times)
        created = datetime(2026, 12, 1, 8, tzinfo=UTC)
        build_report(engine, MONTH, folder / "warm.pdf", created)  # fonts, matplotlib's import
        started = time.perf_counter()
        build_report(engine, MONTH, folder / "report.pdf", created, folder / "csv")
        build_s = time.perf_counter() - started
    finally:
        engine.dispose()
    return {
        "report_build_s": round(build_s, 3),
        "report_query_s": round(query_s, 4),
        "report_build_ratio": round(build_s / query_s, 1),
        "report_rows": int(rows),
    }


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="report-bench-") as scratch:
        figures = measure_report(Path(scratch), quick="--quick" in sys.argv)
    print(
        f"report of a month ({figures['report_rows']} hourly rows): {figures['report_build_s']} s "
        f"(≤ 10), raw aggregation {figures['report_query_s']} s, ratio "
        f"{figures['report_build_ratio']}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
