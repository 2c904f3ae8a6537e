"""Small-cell protection: 1 and 2 show as "< 3", 0 stays 0, and no hidden cell can be worked
out from the row and column totals (checked independently, by linear algebra with numpy)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sync.gateway.report.model import FigureTable, ShownTable, shown
from sync.gateway.report.suppression import PRIMARY, SECONDARY


def table(*rows: tuple[int, ...]) -> ShownTable:
    width = len(rows[0])
    return shown(
        FigureTable(
            "t",
            "T",
            "Zeile",
            tuple(f"S{c}" for c in range(width)),
            tuple((f"Z{r}", row) for r, row in enumerate(rows)),
        )
    )


def grid(published: ShownTable) -> list[list[str]]:
    rows = [list(row[1:]) for row in published.body]
    assert published.total is not None
    return [*rows, list(published.total[1:])]


def recoverable(values: list[list[int]], cells: list[list[str]]) -> list[tuple[int, int]]:
    """Hidden cells whose value the published cells and the additivity of the table fix."""
    height, width = len(cells), len(cells[0])
    has_row_totals = width > 1
    unknown = [
        (r, c) for r in range(height) for c in range(width) if cells[r][c] in (PRIMARY, SECONDARY)
    ]
    index = {cell: n for n, cell in enumerate(unknown)}
    equations = []
    lines = [[(r, c) for r in range(height)] for c in range(width)]
    if has_row_totals:
        lines += [[(r, c) for c in range(width)] for r in range(height)]
    for line in lines:  # the last cell of each line is its total
        row = np.zeros(len(unknown))
        for cell in line[:-1]:
            if cell in index:
                row[index[cell]] += 1
        if line[-1] in index:
            row[index[line[-1]]] -= 1
        equations.append(row)
    if not unknown:
        return []
    matrix = np.array(equations)
    rank = np.linalg.matrix_rank(matrix)
    found = []
    for cell, n in index.items():
        unit = np.zeros(len(unknown))
        unit[n] = 1
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            found.append(cell)
    return found


def test_small_cells_show_as_less_than_three_and_zero_stays_zero() -> None:
    published = table((0, 1, 7, 9), (2, 5, 8, 10), (4, 6, 9, 12))
    assert published.body[0][1:3] == ("0", PRIMARY)
    assert published.body[1][1] == PRIMARY
    assert published.header[-1] == "Summe"


def test_one_hidden_cell_in_a_row_hides_the_next_smallest_too() -> None:
    published = table((1, 5, 20), (6, 7, 30))
    # Row 1: "< 3" and the smallest other cell (5) hidden; column 1 and 2 then need partners.
    assert published.body[0][1:] == (PRIMARY, SECONDARY, "20", "26")
    assert published.body[1][1:3] == (SECONDARY, SECONDARY)
    assert recoverable([[1, 5, 20], [6, 7, 30]], grid(published)) == []


def test_a_single_column_hides_a_second_cell() -> None:
    published = table((2,), (9,), (40,))
    assert [row[1] for row in published.body] == [PRIMARY, SECONDARY, "40"]
    assert published.total == ("Summe", "51")


def test_a_bridge_between_two_hidden_blocks_is_caught() -> None:
    # Two blocks of hidden cells linked by one cell: row and column rules alone leave the link
    # computable; the elimination step finds it.
    rows = [
        (1, 2, 0, 0, 30),
        (2, 1, 0, 0, 31),
        (0, 1, 2, 0, 32),
        (0, 0, 1, 2, 33),
        (0, 0, 2, 1, 34),
        (40, 41, 42, 43, 44),
    ]
    published = table(*rows)
    assert recoverable([list(r) for r in rows], grid(published)) == []


@settings(max_examples=120, deadline=None)
@given(
    st.integers(1, 6).flatmap(
        lambda width: st.lists(
            st.lists(st.integers(0, 12), min_size=width, max_size=width), min_size=1, max_size=6
        )
    )
)
def test_no_hidden_cell_is_recoverable_from_the_totals(rows: list[list[int]]) -> None:
    published = table(*(tuple(row) for row in rows))
    cells = grid(published)
    width = len(rows[0])
    values = [row + ([sum(row)] if width > 1 else []) for row in rows]
    values.append([sum(column) for column in zip(*values, strict=True)])
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            if value in (1, 2):
                assert cells[r][c] == PRIMARY
            elif value == 0:
                assert cells[r][c] == "0"
            elif cells[r][c] not in (SECONDARY,):
                assert cells[r][c] == f"{value:,}".replace(",", ".")
    assert recoverable(values, cells) == []
    # ... and no line has exactly one hidden cell.
    for line in [*cells, *zip(*cells, strict=True)]:
        assert sum(cell in (PRIMARY, SECONDARY) for cell in line) != 1 or (
            width == 1 and line in cells  # a single-column table has no row totals
        )
