"""``build_report``: the figures of a period read in one snapshot, protected, drawn and written
as PDF and, if asked, CSV."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from kiosk_app.core.office import DEFAULT_STATE

from ..database import read_transaction
from .charts import draw, summary_chart
from .contents import ReportContents, collect
from .csv_out import write_csv
from .model import ShownTable, shown
from .pdf import write_pdf
from .period import Period


@dataclass(frozen=True)
class BuiltReport:
    pdf: Path
    csv_files: list[Path]
    contents: ReportContents
    tables: list[ShownTable]  # as published, the key figures first


def build_report(
    engine: Engine,
    period: Period,
    pdf: Path,
    created_at: datetime,
    csv_dir: Path | None = None,
    office_state: str = DEFAULT_STATE,
) -> BuiltReport:
    """Write the report of ``period`` to ``pdf`` (and one CSV per table into ``csv_dir``)."""
    with read_transaction(engine) as conn:
        contents = collect(conn, period, office_state)
    key_figures = shown(contents.key_figures)
    parts = []
    for section in contents.sections:
        tables = [shown(table) for table in section.tables]
        charts = [] if section.empty else [draw(name, tables) for name in section.charts]
        parts.append((tables, charts))
    overview = summary_chart(key_figures) if contents.has_data else None
    write_pdf(pdf, contents, key_figures, parts, created_at, overview)
    published = [key_figures, *(table for tables, _charts in parts for table in tables)]
    csv_files = write_csv(csv_dir, published) if csv_dir is not None else []
    return BuiltReport(pdf, csv_files, contents, published)
