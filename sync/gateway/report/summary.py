"""The one-page summary: key figures of the period against the previous period of the same
length. Counts of 1 or 2 show as "< 3" here too; a share or mean resting on fewer than 3 cases
shows as "–"."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .figures import PeriodFigures
from .model import FigureTable, german_number
from .suppression import PRIMARY, SMALLEST_SHOWN

NONE = "–"


@dataclass(frozen=True)
class Figure:
    """One key figure: its value (None when it cannot be given) and how a change reads."""

    value: float | None
    count: bool  # a count of cases (protected) rather than a share or mean
    unit: str = ""  # "%", " Tage"


def _count(value: int) -> Figure:
    return Figure(float(value), True)


def _share(part: int, whole: int) -> Figure:
    return Figure(100 * part / whole if whole >= SMALLEST_SHOWN else None, False, " %")


def _mean(total: float, count: int) -> Figure:
    return Figure(total / count if count >= SMALLEST_SHOWN else None, False, " Tage")


def availability(figures: PeriodFigures, kiosk_ids: list[str]) -> Figure:
    possible = figures.open_minutes * len(kiosk_ids)
    if not possible:
        return Figure(None, False, " %")
    offline = sum(figures.offline_in_opening.get(i, 0.0) for i in kiosk_ids)
    return Figure(100 * (1 - offline / possible), False, " %")


KEY_FIGURES: tuple[tuple[str, Callable[[PeriodFigures, list[str]], Figure]], ...] = (
    ("Statusabfragen", lambda f, _k: _count(f.count("lookup"))),
    (
        "davon Fall gefunden",
        lambda f, _k: _share(f.count("lookup", outcome="found"), f.count("lookup")),
    ),
    ("Termine gebucht", lambda f, _k: _count(f.count("booking", outcome="made"))),
    ("Termine verlegt", lambda f, _k: _count(f.count("booking", outcome="moved"))),
    ("Termine abgesagt", lambda f, _k: _count(f.count("booking", outcome="cancelled"))),
    ("Termine nicht wahrgenommen", lambda f, _k: _count(f.count("booking", outcome="missed"))),
    (
        "mittlere Vorlaufzeit bis zum Termin",
        lambda f, _k: _mean(
            f.value("booking", outcome="made") + f.value("booking", outcome="moved"),
            f.count("booking", outcome="made") + f.count("booking", outcome="moved"),
        ),
    ),
    (
        "Checklisten gedruckt",
        lambda f, _k: _count(f.count("checklist_printed", outcome="printed")),
    ),
    ("Kiosk-Verfügbarkeit in den Öffnungszeiten", availability),
    ("Druckerstörungen", lambda f, _k: _count(f.count("printer_fault"))),
)


def _text(figure: Figure) -> str:
    if figure.value is None:
        return NONE
    if figure.count:
        value = int(figure.value)
        return PRIMARY if 0 < value < SMALLEST_SHOWN else german_number(value)
    return german_number(figure.value, 1) + figure.unit


def _change(now: Figure, before: Figure) -> str:
    if now.value is None or before.value is None:
        return NONE
    if now.count:
        hidden = any(0 < v < SMALLEST_SHOWN for v in (now.value, before.value))
        if hidden or before.value == 0:
            return NONE
        return f"{(now.value / before.value - 1) * 100:+.0f} %".replace("-", "−")
    difference = german_number(abs(now.value - before.value), 1)
    sign = "+" if now.value >= before.value else "−"
    unit = " Prozentpunkte" if figure_is_share(now) else now.unit
    return f"{sign}{difference}{unit}"


def figure_is_share(figure: Figure) -> bool:
    return figure.unit == " %"


def key_figures_table(
    now: PeriodFigures, before: PeriodFigures, kiosks_now: list[str], kiosks_before: list[str]
) -> FigureTable:
    rows, texts = [], []
    for label, measure in KEY_FIGURES:
        current, previous = measure(now, kiosks_now), measure(before, kiosks_before)
        rows.append((label, ()))
        texts.append((_text(current), _text(previous), _change(current, previous)))
    return FigureTable(
        "kennzahlen",
        "Kennzahlen im Vergleich zur Vorperiode",
        "Kennzahl",
        ("Zeitraum", "Vorperiode", "Veränderung"),
        tuple(rows),
        protected=False,
        texts=tuple(texts),
    )
