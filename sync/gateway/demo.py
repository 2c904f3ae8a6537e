"""Synthetic demo cases in the gateway, the same ``core.demo_cases`` the kiosk's samples use, and a
bookable calendar: the services with working hours and two desks each (``catalog.seed_catalog``)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from kiosk_app.core.demo_cases import generate

from .case_writes import CaseFields, UpsertCounts, upsert_cases
from .catalog import seed_catalog
from .database import write_transaction
from .dataset import current_dataset


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
        return upsert_cases(conn, current_dataset(conn), rows)
