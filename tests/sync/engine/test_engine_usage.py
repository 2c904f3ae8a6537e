"""Usage figures from a kiosk to a real gateway (issue 18): what the kiosk counted arrives at
the gateway's ``usage_hourly`` exactly once, through an outage, with the outage's minutes and
the lag of the commands that waited it out."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from gateway_harness import RunningGateway
from kiosk_harness import KioskCache, enroll
from sqlalchemy import create_engine, func, select

from kiosk_app.core.usage_events import UsageCount, hour_of
from kiosk_app.store.usage import add_count, pending_counts
from sync.gateway.tables import usage_hourly
from sync.usage_flush import offline_counts

Totals = dict[tuple[str, str, str, str], tuple[int, float]]  # (hour, kind, language, outcome)


def gateway_totals(db_url: str, kinds: Iterable[str] | None = None) -> Totals:
    """What the gateway holds, added up over devices and the dimensions not in the key."""
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            key = (
                usage_hourly.c.hour,
                usage_hourly.c.kind,
                usage_hourly.c.language,
                usage_hourly.c.outcome,
            )
            query = select(
                *key, func.sum(usage_hourly.c.count), func.sum(usage_hourly.c.value_sum)
            ).group_by(*key)
            if kinds is not None:
                query = query.where(usage_hourly.c.kind.in_(list(kinds)))
            rows = conn.execute(query).all()
    finally:
        engine.dispose()
    return {
        (_utc_hour(hour), kind, language, outcome): (int(count), float(value))
        for hour, kind, language, outcome, count, value in rows
    }


def _utc_hour(hour: datetime) -> str:
    """SQLite hands back a naive datetime (stored as UTC), PostgreSQL an aware one."""
    return (hour if hour.tzinfo is None else hour.astimezone(UTC)).replace(tzinfo=None).isoformat()


def totals(counts: Iterable[UsageCount]) -> Totals:
    added: Totals = {}
    for count in counts:
        key = (
            count.hour.replace(tzinfo=None).isoformat(),
            count.kind,
            count.language,
            count.outcome,
        )
        total, value = added.get(key, (0, 0.0))
        added[key] = (total + count.count, value + count.value_sum)
    return added


def test_counts_cross_an_outage_exactly_once_with_its_minutes(
    kiosk: KioskCache, sqlite_gateway: RunningGateway
) -> None:
    sqlite_gateway.import_demo(5, seed=3)
    enroll(kiosk, sqlite_gateway)
    conn = kiosk.connect()
    kiosk.clock.now = hour_of(kiosk.clock.now) + timedelta(minutes=50)
    engine = kiosk.engine(timeout_s=2.0)
    assert engine.sync_once().online

    recorded: list[UsageCount] = []

    def count(figure: UsageCount) -> None:
        add_count(conn, figure)
        recorded.append(figure)

    hour = hour_of(kiosk.clock())
    for language, outcome in [("ar", "found"), ("ar", "found"), ("tr", "not_found")]:
        count(
            UsageCount(
                hour,
                "lookup",
                language=language,
                outcome=outcome,
                status=("in_review" if outcome == "found" else ""),
            )
        )
    assert engine.sync_once().online  # the running hour's first report goes at once

    sqlite_gateway.stop()
    kiosk.clock.advance(timedelta(minutes=1))
    went_offline = kiosk.clock()
    count(UsageCount(hour, "lookup", language="uk", outcome="mistyped"))
    assert not engine.sync_once().online  # first failed round: the outage starts here
    for _ in range(3):  # the kiosk keeps counting while the gateway is away
        kiosk.clock.advance(timedelta(minutes=10))
        count(UsageCount(hour_of(kiosk.clock()), "lookup", language="de", outcome="paused"))
        count(
            UsageCount(
                hour_of(kiosk.clock()),
                "booking",
                service="biometrics",
                outcome="made",
                bucket="2-7",
                value_sum=4,
            )
        )
        assert not engine.sync_once().online
    kiosk.clock.advance(timedelta(minutes=7))
    came_back = kiosk.clock()
    sqlite_gateway.start()
    assert engine.sync_once().online
    # Later rounds bring what is still counted here (the running hour, the outage's figures).
    kiosk.clock.advance(timedelta(hours=2))
    assert engine.sync_once().online
    assert pending_counts(conn) == []

    db_url = sqlite_gateway.settings.db_url
    assert gateway_totals(db_url, ["lookup", "booking"]) == totals(recorded)
    offline = gateway_totals(db_url, ["offline_minutes"])
    assert offline == totals(offline_counts(went_offline, came_back))
    assert sum(value for _count, value in offline.values()) == 37.0
    # The first report queued while offline (ten minutes in, when its hour was over; the
    # running hour had been reported a minute before the outage) waited until it was over.
    (lag,) = gateway_totals(db_url, ["sync_lag"]).values()
    assert lag == (1, 27 * 60.0)


def test_a_quiet_online_kiosk_sends_nothing_and_measures_no_lag(
    kiosk: KioskCache, sqlite_gateway: RunningGateway
) -> None:
    enroll(kiosk, sqlite_gateway)
    engine = kiosk.engine()
    for _ in range(3):
        assert engine.sync_once().online
        kiosk.clock.advance(timedelta(minutes=20))
    assert kiosk.outbox().counts()["pending"] == 0
    assert gateway_totals(sqlite_gateway.settings.db_url) == {}
