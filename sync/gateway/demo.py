"""Synthetic demo cases in the gateway, the same ``core.demo_cases`` the kiosk's samples use, and a
bookable calendar: the services with working hours and two desks each (``catalog.seed_catalog``),
and the closure days many offices have (24 and 31 December): demo data, which an office enters
for itself (``kiosk-app gateway closures add``), never a rule in code."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy import Connection, Engine, insert, select

from kiosk_app.core.demo_cases import generate

from .case_writes import CaseFields, UpsertCounts, upsert_cases
from .catalog import seed_catalog
from .database import write_transaction
from .dataset import current_dataset
from .tables import closure_days

DEMO_CLOSURES = ((12, 24, "Heiligabend"), (12, 31, "Silvester"))  # (month, day, reason)


def seed_demo(engine: Engine, count: int, seed: int, today: date) -> UpsertCounts:
    """Idempotent for the same seed and day."""
    rows = [
        CaseFields(
            case_number=case.case_number.canonical,
            birth_date=case.birth_date,
            status=case.record.status,
            status_changed_on=case.record.status_changed_on,
            permit_type=case.record.permit_type,
            missing_documents=case.record.missing_documents,
            next_appointment=case.record.next_appointment,
            fiktion_valid_until=case.record.fiktion_valid_until,
        )
        for case in generate(count, seed, today)
    ]
    with write_transaction(engine) as conn:
        seed_catalog(conn)  # a catalog the office edited is left alone
        seed_closures(conn, today)
        return upsert_cases(conn, current_dataset(conn), rows)


def seed_closures(conn: Connection, today: date) -> None:
    """The demo office's closure days this year and next; days already entered are left alone
    (an office may have given another reason)."""
    entered = set(conn.execute(select(closure_days.c.day)).scalars())
    created = datetime.combine(today, time(), tzinfo=UTC)
    rows = [
        {"day": day, "reason": reason, "created_at": created}
        for year in (today.year, today.year + 1)
        for month, dom, reason in DEMO_CLOSURES
        if (day := date(year, month, dom)) not in entered
    ]
    if rows:
        conn.execute(insert(closure_days), rows)
