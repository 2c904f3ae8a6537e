"""The report's aggregation against a generated figure stream whose totals are known, on
SQLite and PostgreSQL; the period is whole office days (Europe/Berlin)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from report_data import NOVEMBER, gateway_engine, insert_month

from kiosk_app.core.office_days import OfficeDays
from kiosk_app.core.usage_events import UsageCount
from sync.gateway.database import read_transaction, write_transaction
from sync.gateway.report.contents import collect
from sync.gateway.report.figures import period_figures
from sync.gateway.report.model import shown
from sync.gateway.report.period import Period, opening_minutes
from sync.gateway.usage import add_usage


def test_the_tables_add_up_to_the_generated_stream(gateway_db_url: str) -> None:
    engine = gateway_engine(gateway_db_url)
    try:
        expected = insert_month(engine)
        # Figures outside the period are not counted (the previous period is separate).
        insert_month(engine, Period(date(2026, 10, 1), date(2026, 10, 31)), seed=8)
        with read_transaction(engine) as conn:
            now = period_figures(conn, NOVEMBER, OfficeDays())
            contents = collect(conn, NOVEMBER, "HE")
    finally:
        engine.dispose()
    assert now.count("lookup") == expected[("kind", "lookup")]
    for outcome in ("found", "not_found", "mistyped", "paused"):
        assert now.count("lookup", outcome=outcome) == expected[("lookup", "outcome", outcome)]
    for language, count in now.grouped("lookup", "language").items():
        assert count == expected[("lookup", "language", language)]
    assert now.count("printer_fault") == expected[("kind", "printer_fault")]
    assert (
        now.count("walk_in_ticket", outcome="issued")
        == expected[("walk_in_ticket", "outcome", "issued")]
    )
    # The published table's grand total is the same figure, in German digits.
    languages = shown(contents.sections[0].tables[0])
    assert languages.total is not None
    grand = (
        expected[("kind", "lookup")]
        + expected[("booking", "outcome", "made")]
        + expected[("checklist_printed", "outcome", "printed")]
        + expected[("kind", "form_submitted")]
        + expected[("kind", "question_answered")]
    )
    assert languages.total[-1] == f"{grand:,}".replace(",", ".")
    lookups = shown(contents.sections[1].tables[0])
    assert lookups.total == ("Summe", f"{expected[('kind', 'lookup')]:,}".replace(",", "."))
    # Walk-in figures exist, so that section is not "not yet in operation".
    assert not contents.sections[3].empty


def test_the_period_is_whole_days_in_the_office_time_zone(gateway_db_url: str) -> None:
    engine = gateway_engine(gateway_db_url)
    march_first = Period(date(2026, 3, 1), date(2026, 3, 1))
    try:
        with write_transaction(engine) as conn:
            for hour, count in (
                (datetime(2026, 2, 28, 22, tzinfo=UTC), 1),  # 23:00 on 28 Feb in Darmstadt
                (datetime(2026, 2, 28, 23, tzinfo=UTC), 10),  # midnight: 1 March
                (datetime(2026, 3, 1, 22, tzinfo=UTC), 100),  # 23:00 on 1 March
                (datetime(2026, 3, 1, 23, tzinfo=UTC), 1000),  # 2 March
            ):
                add_usage(conn, "k1", [UsageCount(hour, "lookup", outcome="paused", count=count)])
        with read_transaction(engine) as conn:
            figures = period_figures(conn, march_first, OfficeDays())
    finally:
        engine.dispose()
    assert figures.count("lookup") == 110
    assert march_first.previous() == Period(date(2026, 2, 28), date(2026, 2, 28))


def test_a_day_of_the_clock_change_is_23_hours_and_the_office_closed_on_holidays() -> None:
    spring = Period(date(2026, 3, 29), date(2026, 3, 29))
    assert spring.end - spring.start == timedelta(hours=23)
    # Good Friday 2026 (3 April) is a holiday in Hessen: no opening minutes; Thursday before is
    # open 8–12 and 13–15:30 (390 minutes), counted in UTC hours.
    assert opening_minutes(Period(date(2026, 4, 3), date(2026, 4, 3)), OfficeDays()) == {}
    thursday = opening_minutes(Period(date(2026, 4, 2), date(2026, 4, 2)), OfficeDays())
    assert sum(thursday.values()) == 390
    assert min(thursday) == datetime(2026, 4, 2, 6, tzinfo=UTC)  # 8:00 in summer time
