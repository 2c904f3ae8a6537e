"""The report's charts, drawn with matplotlib's Agg canvas (no display, no pyplot state) from
the tables as published: a hidden cell is never drawn as a bar, only labelled "< 3" or "x"."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

from .model import ShownTable, number_of

WIDTH_CM = 17.0
DPI = 150
BLUE, ORANGE, GREY = "#1f5f99", "#e08a1e", "#6b6b6b"


def _figure(height_cm: float):  # type: ignore[no-untyped-def]
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_CM / 2.54, height_cm / 2.54), dpi=DPI, layout="constrained")
    figure.set_facecolor("white")
    return figure


def _png(figure) -> bytes:  # type: ignore[no-untyped-def]
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    buffer = io.BytesIO()
    FigureCanvasAgg(figure).print_png(buffer)  # type: ignore[no-untyped-call]
    return buffer.getvalue()


def _column(table: ShownTable, column: int) -> tuple[list[str], list[float | None], list[str]]:
    labels = [row[0] for row in table.body]
    texts = [row[column] for row in table.body]
    return labels, [number_of(text) for text in texts], texts


def _bars(
    labels: Sequence[str],
    values: Sequence[float | None],
    texts: Sequence[str],
    axis_label: str,
    colour: str = BLUE,
    percent: bool = False,
) -> bytes:
    """Horizontal bars, first row on top, every bar labelled with its published text."""
    figure = _figure(2.2 + 0.62 * len(labels))
    axes = figure.add_subplot()
    positions = list(range(len(labels)))[::-1]
    heights = [value or 0.0 for value in values]
    axes.barh(positions, heights, color=colour, height=0.65)
    axes.set_yticks(positions, labels, fontsize=9)
    axes.set_xlabel(axis_label, fontsize=9)
    top = max([*heights, 1.0])
    axes.set_xlim(0, 100 if percent else top * 1.15)
    for position, height, text in zip(positions, heights, texts, strict=True):
        axes.text(height + top * 0.01, position, f" {text}", va="center", fontsize=8, color=GREY)
    axes.tick_params(axis="x", labelsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure)


def _grouped(table: ShownTable, columns: Sequence[int], axis_label: str) -> bytes:
    """Vertical bars per row, one colour per column (lead time: booked and moved)."""
    figure = _figure(7.0)
    axes = figure.add_subplot()
    width = 0.8 / len(columns)
    labels = [row[0] for row in table.body]
    top = 1.0
    for n, (column, colour) in enumerate(zip(columns, (BLUE, ORANGE), strict=False)):
        _labels, values, texts = _column(table, column)
        xs = [i + (n - (len(columns) - 1) / 2) * width for i in range(len(labels))]
        heights = [value or 0.0 for value in values]
        top = max(top, *heights)
        axes.bar(xs, heights, width=width * 0.95, color=colour, label=table.header[column])
        for x, height, text in zip(xs, heights, texts, strict=True):
            axes.text(x, height, text, ha="center", va="bottom", fontsize=7, color=GREY)
    axes.set_xticks(range(len(labels)), labels, fontsize=9)
    axes.set_ylabel(axis_label, fontsize=9)
    axes.set_ylim(0, top * 1.15)
    axes.legend(fontsize=8, frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure)


def summary_chart(key_figures: ShownTable) -> bytes:
    """The summary's counts, period against previous period, side by side."""
    rows = [
        row
        for row in key_figures.body
        if not row[1].endswith(("%", "Tage")) and not row[2].endswith(("%", "Tage"))
    ]
    figure = _figure(1.6 + 0.55 * len(rows))
    axes = figure.add_subplot()
    positions = list(range(len(rows)))[::-1]
    top = 1.0
    for column, colour, offset in ((1, BLUE, 0.2), (2, "#9db9d6", -0.2)):
        values = [number_of(row[column]) or 0.0 for row in rows]
        top = max(top, *values)
        axes.barh(
            [p + offset for p in positions],
            values,
            height=0.38,
            color=colour,
            label=key_figures.header[column],
        )
        for position, value, row in zip(positions, values, rows, strict=True):
            axes.text(
                value, position + offset, f" {row[column]}", va="center", fontsize=7, color=GREY
            )
    axes.set_yticks(positions, [row[0] for row in rows], fontsize=8)
    axes.set_xlim(0, top * 1.15)
    axes.tick_params(axis="x", labelsize=7)
    axes.legend(fontsize=8, frameon=False, loc="lower right")
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure)


def _total_bars(table: ShownTable, axis_label: str) -> bytes:
    return _bars(*_column(table, len(table.header) - 1), axis_label)


CHARTS: dict[str, Callable[[Sequence[ShownTable]], bytes]] = {
    "languages": lambda t: _total_bars(t[0], "Vorgänge (Statusabfragen, Termine, Ausdrucke, …)"),
    "lookups": lambda t: _bars(*_column(t[0], 1), "Statusabfragen"),
    "lead_time": lambda t: _grouped(t[1], (1, 2), "Termine"),
    "waits": lambda t: _bars(*_column(t[1], 1), "Aufrufe", ORANGE),
    "forms": lambda t: _bars(*_column(t[0], 1), "Formulare"),
    "questions": lambda t: _total_bars(t[0], "Fragen"),
    "availability": lambda t: _bars(
        *_column(t[0], 3), "verfügbar in den Öffnungszeiten (%)", percent=True
    ),
    "printer": lambda t: _total_bars(t[1], "Druckerstörungen (alle Arten zusammen)"),
}


def draw(name: str, tables: Sequence[ShownTable]) -> bytes:
    """The chart ``name`` (a key of ``CHARTS``) as PNG."""
    return CHARTS[name](tables)
