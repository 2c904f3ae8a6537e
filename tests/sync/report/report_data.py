"""Figures for the report's tests: a fixed month of synthetic figures (never today's date)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import Engine

from sync.gateway.app import create_app
from sync.gateway.database import write_transaction
from sync.gateway.report.period import Period
from sync.gateway.report.synthetic import synthetic_counts
from sync.gateway.settings import GatewaySettings
from sync.gateway.usage import add_usage

NOVEMBER = Period(date(2026, 11, 1), date(2026, 11, 30))
KIOSKS = ("demo-kiosk-01", "demo-kiosk-02")
COUNTERS = ("demo-counter-01",)


def gateway_engine(db_url: str) -> Engine:
    engine: Engine = create_app(GatewaySettings(db_url=db_url)).state.gateway.engine
    return engine


def insert_month(engine: Engine, period: Period = NOVEMBER, seed: int = 7) -> dict:
    """Insert synthetic figures of every kind; returns the totals they hold, counted here:
    (kind, outcome) → count and (kind, language) → count."""
    totals: dict = defaultdict(int)
    with write_transaction(engine) as conn:
        for device, counts in synthetic_counts(
            period, KIOSKS, COUNTERS, seed=seed, every_kind=True
        ):
            add_usage(conn, device, counts)
            for count in counts:
                totals[("kind", count.kind)] += count.count
                totals[(count.kind, "outcome", count.outcome)] += count.count
                totals[(count.kind, "language", count.language)] += count.count
    return dict(totals)
