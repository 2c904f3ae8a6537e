"""Small-cell protection for the task force's tables (docs/report.md "Small cells").

Primary: a count of 1 or 2 cases is shown as "< 3" (0 stays 0). Secondary: a published total
must not give a hidden cell away. Every row and column of a table, its totals included, is an
equation (the parts add up to the total); a line with exactly one hidden entry would reveal it,
so the smallest other non-zero entry of that line is hidden too ("x"), until no line has exactly
one. Last, hidden cells that the equations together still pin down (a "bridge" between two
groups of hidden cells) are found by exact elimination, and a neighbour of each is hidden too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

PRIMARY = "< 3"
SECONDARY = "x"
SMALLEST_SHOWN = 3

Cell = tuple[int, int]
# (total cell, the cells adding up to it)
Equation = tuple[Cell, Sequence[Cell]]


def suppress(values: Mapping[Cell, int], equations: Sequence[Equation]) -> dict[Cell, str]:
    """Which cells to hide and why: cell → ``PRIMARY`` or ``SECONDARY`` (shown cells absent)."""
    hidden: dict[Cell, str] = {
        cell: PRIMARY for cell, value in values.items() if 0 < value < SMALLEST_SHOWN
    }
    while True:
        _close_lines(values, equations, hidden)
        revealed = determined_cells(set(hidden), equations)
        if not revealed:
            return hidden
        for cell in sorted(revealed):
            neighbour = _smallest_shown(values, hidden, _lines_of(cell, equations))
            if neighbour is None:
                neighbour = _smallest_shown(values, hidden, [list(values)])
            if neighbour is None:  # everything non-zero is hidden already
                return hidden
            hidden[neighbour] = SECONDARY


def table_equations(rows: int, columns: int, *, row_totals: bool) -> list[Equation]:
    """The equations of a ``rows`` × ``columns`` table whose last row holds the column totals
    and, with ``row_totals``, whose last column holds the row totals (the grand total in the
    corner). Cells are (row, column) with the totals at index ``rows`` / ``columns``."""
    equations: list[Equation] = []
    total_rows = range(rows + 1)
    for column in range(columns + (1 if row_totals else 0)):
        equations.append(((rows, column), [(row, column) for row in range(rows)]))
    if row_totals:
        for row in total_rows:
            equations.append(((row, columns), [(row, column) for column in range(columns)]))
    return equations


def determined_cells(hidden: set[Cell], equations: Sequence[Equation]) -> set[Cell]:
    """Hidden cells whose value the equations fix once every shown cell is known: ``x_i`` is
    fixed exactly when the reduced row echelon form of the system over the hidden cells has a
    row that is the unit vector of ``i``."""
    unknowns = sorted(hidden)
    index = {cell: n for n, cell in enumerate(unknowns)}
    matrix: list[list[Fraction]] = []
    for total, parts in equations:
        row = [Fraction(0)] * len(unknowns)
        for cell, sign in [(total, -1), *((part, 1) for part in parts)]:
            if cell in index:
                row[index[cell]] += sign
        if any(row):
            matrix.append(row)
    found: set[Cell] = set()
    for row in _reduced(matrix, len(unknowns)):
        nonzero = [n for n, value in enumerate(row) if value]
        if len(nonzero) == 1:
            found.add(unknowns[nonzero[0]])
    return found


def _reduced(matrix: list[list[Fraction]], width: int) -> list[list[Fraction]]:
    rows = [row[:] for row in matrix]
    pivot_row = 0
    for column in range(width):
        pivot = next((r for r in range(pivot_row, len(rows)) if rows[r][column]), None)
        if pivot is None:
            continue
        rows[pivot_row], rows[pivot] = rows[pivot], rows[pivot_row]
        lead = rows[pivot_row][column]
        rows[pivot_row] = [value / lead for value in rows[pivot_row]]
        for r in range(len(rows)):
            factor = rows[r][column]
            if r != pivot_row and factor:
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[pivot_row], strict=True)]
        pivot_row += 1
        if pivot_row == len(rows):
            break
    return rows[:pivot_row]


def _close_lines(
    values: Mapping[Cell, int], equations: Sequence[Equation], hidden: dict[Cell, str]
) -> None:
    """Hide the smallest other entry of every line with exactly one hidden entry, until none."""
    changed = True
    while changed:
        changed = False
        for total, parts in equations:
            line = [total, *parts]
            if sum(cell in hidden for cell in line) != 1:
                continue
            neighbour = _smallest_shown(values, hidden, [line])
            if neighbour is not None:
                hidden[neighbour] = SECONDARY
                changed = True


def _lines_of(cell: Cell, equations: Sequence[Equation]) -> list[list[Cell]]:
    return [[total, *parts] for total, parts in equations if cell == total or cell in parts]


def _smallest_shown(
    values: Mapping[Cell, int], hidden: Mapping[Cell, str], lines: Sequence[Sequence[Cell]]
) -> Cell | None:
    """The smallest non-zero shown cell of ``lines`` (a zero is known, hiding it hides nothing);
    on a tie the first, so the choice is stable."""
    candidates = [
        cell for line in lines for cell in line if cell not in hidden and values.get(cell, 0) > 0
    ]
    return min(candidates, key=lambda cell: (values[cell], cell), default=None)
