"""The demo's synthetic figures: two months before the demo's day, deterministic, replaced
rather than doubled when the demo runs again, and never touching a real device's figures."""

from __future__ import annotations

from datetime import UTC, date, datetime

from report_data import gateway_engine
from sqlalchemy import func, select

from kiosk_app.core.usage_events import UsageCount
from sync.gateway.database import read_transaction, write_transaction
from sync.gateway.report.synthetic import seed_demo_figures
from sync.gateway.tables import usage_hourly
from sync.gateway.usage import add_usage


def totals(engine) -> tuple[int, int, datetime, datetime]:  # type: ignore[no-untyped-def]
    u = usage_hourly.c
    with read_transaction(engine) as conn:
        row = conn.execute(
            select(func.count(), func.sum(u.count), func.min(u.hour), func.max(u.hour))
        ).one()
    return int(row[0]), int(row[1]), row[2], row[3]


def test_running_the_demo_again_does_not_double_the_figures(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = gateway_engine(f"sqlite:///{tmp_path / 'gateway.db'}")
    try:
        with write_transaction(engine) as conn:  # a real kiosk's figure stays as it is
            add_usage(
                conn,
                "a1b2",
                [UsageCount(datetime(2026, 11, 3, 9, tzinfo=UTC), "lookup", outcome="paused")],
            )
        suggested = seed_demo_figures(engine, date(2026, 12, 6))
        first = totals(engine)
        assert seed_demo_figures(engine, date(2026, 12, 6)) == suggested
        assert totals(engine) == first
    finally:
        engine.dispose()
    assert (suggested.first, suggested.last) == (date(2026, 11, 1), date(2026, 11, 30))
    rows, cases, earliest, latest = first
    assert rows > 1000 and cases > 5000
    assert earliest.date() >= date(2026, 9, 30) and latest.date() <= date(2026, 12, 5)
