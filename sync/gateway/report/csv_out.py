"""The report's tables as CSV files, one per table, exactly as the PDF shows them (the small
cells hidden alike): UTF-8 with a byte-order mark and ``;`` between fields, which spreadsheets in
a German locale open directly, German headers."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from .model import ShownTable


def write_csv(directory: Path, tables: Sequence[ShownTable]) -> list[Path]:
    """One ``NN_key.csv`` per table in ``directory`` (created if missing); the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for number, table in enumerate(tables, 1):
        path = directory / f"{number:02d}_{table.key}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
            writer.writerows(table.all_rows())
        written.append(path)
    return written
