"""An import end to end: parse the export row by row, upsert the good rows in one transaction."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from .admin_models import ImportReport, RejectedRow
from .case_writes import upsert_cases
from .catalog import document_codes
from .database import write_transaction
from .dataset import current_dataset
from .imports import parse_csv, parse_json_rows

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImportInput:
    csv: bytes | None = None
    json_rows: object = None


def run_import(engine: Engine, source: ImportInput, now: datetime) -> ImportReport:
    """Idempotent: importing the same export again reports every row unchanged."""
    today = now.date()
    with write_transaction(engine) as conn:
        known = document_codes(conn)
        if source.csv is not None:
            parsed = parse_csv(source.csv, known, today)
        else:
            parsed = parse_json_rows(source.json_rows, known, today)
        counts = upsert_cases(conn, current_dataset(conn), parsed.rows)
    report = ImportReport(
        received=parsed.received,
        inserted=counts.inserted,
        updated=counts.updated,
        unchanged=counts.unchanged,
        rejected=[RejectedRow(row=item.row, reason=item.reason) for item in parsed.rejected],
    )
    log.info(
        "import: %d rows, %d inserted, %d updated, %d unchanged, %d rejected",
        report.received,
        report.inserted,
        report.updated,
        report.unchanged,
        len(report.rejected),
    )
    return report
