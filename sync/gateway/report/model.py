"""What the report is made of: tables of counts (protected against small cells before anyone
sees them) and the sections that hold them. The PDF, its charts and the CSV files all read the
``ShownTable``, so they cannot disagree."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from babel.numbers import format_decimal

from .suppression import PRIMARY, SECONDARY, suppress, table_equations

TOTAL = "Summe"


@dataclass(frozen=True)
class FigureTable:
    """Counts of cases: ``rows`` of (label, one count per column). ``protected`` tables go
    through the small-cell rules; measurements (minutes, percentages) are ``protected=False``
    and carry their text already."""

    key: str  # the CSV file's name, e.g. "sprachen"
    title: str
    row_header: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[int, ...]], ...]
    row_totals: bool = True  # a "Summe" column (only where columns add up to something)
    protected: bool = True
    texts: tuple[tuple[str, ...], ...] = ()  # for protected=False: the cells as shown
    note: str = ""

    @property
    def empty(self) -> bool:
        if not self.protected:
            return not self.rows
        return not any(any(counts) for _label, counts in self.rows)


@dataclass(frozen=True)
class ShownTable:
    """A table as published: header, body rows and the total row, every cell text."""

    key: str
    title: str
    header: tuple[str, ...]
    body: tuple[tuple[str, ...], ...]
    total: tuple[str, ...] | None
    note: str = ""
    # (row, column) of body/total cells that are hidden, for the charts
    hidden: frozenset[tuple[int, int]] = field(default_factory=frozenset)

    def all_rows(self) -> list[tuple[str, ...]]:
        return [self.header, *self.body, *([self.total] if self.total else [])]


def german_number(value: float, digits: int = 0) -> str:
    if digits == 0:
        return format_decimal(round(value), locale="de")
    return format_decimal(round(value, digits), format=f"#,##0.{'0' * digits}", locale="de")


def shown(table: FigureTable) -> ShownTable:
    """``table`` with its totals added and, if protected, its small cells hidden."""
    header = (table.row_header, *table.columns)
    if not table.protected:
        body = tuple(
            (label, *texts) for (label, _counts), texts in zip(table.rows, table.texts, strict=True)
        )
        return ShownTable(table.key, table.title, header, body, None, table.note)
    width = len(table.columns)
    row_totals = table.row_totals and width > 1
    values: dict[tuple[int, int], int] = {}
    for r, (_label, counts) in enumerate(table.rows):
        for c, count in enumerate(counts):
            values[(r, c)] = count
        if row_totals:
            values[(r, width)] = sum(counts)
    height = len(table.rows)
    for c in range(width + (1 if row_totals else 0)):
        values[(height, c)] = sum(values[(r, c)] for r in range(height))
    hidden = suppress(values, table_equations(height, width, row_totals=row_totals))
    columns = width + (1 if row_totals else 0)

    def text(cell: tuple[int, int]) -> str:
        return hidden.get(cell) or german_number(values[cell])

    labels = [label for label, _counts in table.rows]
    body = tuple((labels[r], *(text((r, c)) for c in range(columns))) for r in range(height))
    total = (TOTAL, *(text((height, c)) for c in range(columns)))
    if row_totals:
        header = (*header, TOTAL)
    return ShownTable(table.key, table.title, header, body, total, table.note, frozenset(hidden))


def number_of(cell: str) -> float | None:
    """A shown cell's value for a chart; None when hidden (or not a number)."""
    if cell in (PRIMARY, SECONDARY):
        return None
    try:
        return float(cell.replace(".", "").replace(",", ".").rstrip(" %"))
    except ValueError:
        return None


@dataclass(frozen=True)
class Section:
    """One part of the report: a heading, what it means, its charts and tables; ``empty_text``
    replaces them when there is nothing to show."""

    heading: str
    intro: str
    tables: Sequence[FigureTable]
    charts: Sequence[str] = ()  # chart names (charts.py) drawn from this section's tables
    empty_text: str = "Keine Daten im Zeitraum."

    @property
    def empty(self) -> bool:
        return all(table.empty for table in self.tables)
