"""The report's tables from ``usage_hourly``: one SQL aggregation per period over every hour and
device (what the tables by language, status, service and bucket need), one per device (faults,
sync lag) and the hourly rows two figures need (offline minutes against opening hours, the
hour a day's walk-in quota ran out). Nothing here breaks a figure down per staff member:
counters appear only together, never one by one."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import Connection, func, select

from kiosk_app.core.office_days import OfficeDays
from kiosk_app.core.usage_events import LEAD_TIME_BUCKETS, STATUS_CODES, WAIT_BUCKETS

from ..database import as_utc
from ..staff_words import CatalogNames
from ..tables import closure_days, devices, usage_hourly
from . import words
from .model import FigureTable, german_number
from .period import Period, opening_minutes

DIMENSIONS = ("kind", "language", "service", "outcome", "status", "bucket", "detail")
SYNTHETIC_PREFIX = "demo-"
COUNTERS_TOGETHER = "Schalterarbeitsplätze (zusammen)"
# (kind, language, service, outcome, status, bucket, detail) → (count, value_sum)
Sums = Mapping[tuple[str, ...], tuple[int, float]]


@dataclass(frozen=True)
class Device:
    device_id: str
    label: str
    kiosk: bool
    synthetic: bool


@dataclass(frozen=True)
class PeriodFigures:
    """What one period's aggregation found."""

    sums: Sums
    by_device: Mapping[tuple[str, str, str], tuple[int, float]]  # (device, kind, outcome)
    offline_in_opening: Mapping[str, float]  # device → offline minutes while open
    open_minutes: float
    quota_hours: Mapping[str, int]  # local day (ISO) → first local hour the quota ran out

    def count(self, kind: str, **where: str) -> int:
        return sum(c for key, (c, _v) in self.sums.items() if _matches(key, kind, where))

    def value(self, kind: str, **where: str) -> float:
        return sum(v for key, (_c, v) in self.sums.items() if _matches(key, kind, where))

    def grouped(self, kind: str, dimension: str, **where: str) -> dict[str, int]:
        position = DIMENSIONS.index(dimension)
        found: dict[str, int] = defaultdict(int)
        for key, (count, _value) in self.sums.items():
            if _matches(key, kind, where):
                found[key[position]] += count
        return found

    @property
    def empty(self) -> bool:
        return not any(count for count, _value in self.sums.values())


def _matches(key: tuple[str, ...], kind: str, where: Mapping[str, str]) -> bool:
    return key[0] == kind and all(key[DIMENSIONS.index(d)] == v for d, v in where.items())


def period_figures(conn: Connection, period: Period, office_days: OfficeDays) -> PeriodFigures:
    """Every aggregate the report needs for ``period``."""
    u = usage_hourly.c
    in_period = (u.hour >= period.start, u.hour < period.end)
    dimensions = [u[name] for name in DIMENSIONS]
    sums = {
        tuple(row[:-2]): (int(row[-2]), float(row[-1]))
        for row in conn.execute(
            select(*dimensions, func.sum(u.count), func.sum(u.value_sum))
            .where(*in_period)
            .group_by(*dimensions)
        )
    }
    by_device = {
        (device, kind, outcome): (int(count), float(value))
        for device, kind, outcome, count, value in conn.execute(
            select(u.device_id, u.kind, u.outcome, func.sum(u.count), func.sum(u.value_sum))
            .where(*in_period)
            .group_by(u.device_id, u.kind, u.outcome)
        )
    }
    opening = opening_minutes(period, office_days)
    offline: dict[str, float] = defaultdict(float)
    for device, hour, minutes in conn.execute(
        select(u.device_id, u.hour, func.sum(u.value_sum))
        .where(*in_period, u.kind == "offline_minutes")
        .group_by(u.device_id, u.hour)
    ):
        offline[device] += min(float(minutes), opening.get(as_utc(hour), 0.0))
    quota: dict[str, int] = {}
    for (hour,) in conn.execute(
        select(u.hour)
        .where(*in_period, u.kind == "walk_in_ticket", u.outcome == "quota_exhausted")
        .group_by(u.hour)
        .order_by(u.hour)
    ):
        local = period.local_hour(as_utc(hour))
        quota.setdefault(local.date().isoformat(), local.hour)
    return PeriodFigures(sums, by_device, offline, sum(opening.values()), quota)


def office_days_of(conn: Connection, state: str) -> OfficeDays:
    closures = {
        day: reason
        for day, reason in conn.execute(select(closure_days.c.day, closure_days.c.reason))
    }
    return OfficeDays(state, closures)


def devices_of(conn: Connection, device_ids: Iterable[str]) -> list[Device]:
    """The devices that reported, kiosks first, by label; names from enrollment where known."""
    known = {
        device_id: (name, kind)
        for device_id, name, kind in conn.execute(
            select(devices.c.device_id, devices.c.name, devices.c.kind)
        )
    }
    found = []
    for device_id in set(device_ids):
        name, kind = known.get(
            device_id, (device_id, "counter" if "counter" in device_id else "kiosk")
        )
        synthetic = device_id.startswith(SYNTHETIC_PREFIX)
        label = name or device_id
        if synthetic:
            label = f"{device_id} (synthetisch)"
        found.append(Device(device_id, label, kind == "kiosk", synthetic))
    return sorted(found, key=lambda device: (not device.kiosk, device.label))


def any_figures_of(conn: Connection, kinds: Iterable[str]) -> bool:
    """Whether any device ever reported one of ``kinds`` (a feature in operation)."""
    u = usage_hourly.c
    return conn.execute(select(u.kind).where(u.kind.in_(list(kinds))).limit(1)).first() is not None


# --- the tables ---------------------------------------------------------------------------


def languages_table(now: PeriodFigures) -> FigureTable:
    kinds: tuple[tuple[str, dict[str, str], str], ...] = (
        ("lookup", {}, "Abfragen"),
        ("booking", {"outcome": "made"}, "Buchungen"),
        ("checklist_printed", {"outcome": "printed"}, "Checklisten"),
        ("form_submitted", {}, "Formulare"),
        ("question_answered", {}, "Fragen"),
    )
    columns = [now.grouped(kind, "language", **where) for kind, where, _title in kinds]
    codes = list(words.LANGUAGE_CODES)
    if any(column.get("") for column in columns):
        codes.append("")
    return FigureTable(
        "nachfrage_nach_sprache",
        "Nachfrage nach Sprache",
        "Sprache",
        tuple(title for _kind, _where, title in kinds),
        tuple(
            (words.language_name(code), tuple(column.get(code, 0) for column in columns))
            for code in codes
        ),
    )


def lookups_table(now: PeriodFigures) -> FigureTable:
    found = now.grouped("lookup", "status", outcome="found")
    outcomes = now.grouped("lookup", "outcome")
    rows = [
        (f"gefunden: {words.status_name(code)}", (found.get(code, 0),)) for code in STATUS_CODES
    ]
    if found.get(""):
        rows.append(("gefunden: Status ohne Angabe", (found[""],)))
    rows += [(label, (outcomes.get(code, 0),)) for code, label in words.LOOKUP_OUTCOMES.items()]
    return FigureTable(
        "statusabfragen",
        "Statusabfragen nach Ergebnis und Status",
        "Ergebnis",
        ("Abfragen",),
        tuple(rows),
    )


def bookings_table(now: PeriodFigures, names: CatalogNames) -> FigureTable:
    columns = [now.grouped("booking", "service", outcome=code) for code in words.BOOKING_OUTCOMES]
    services = sorted({code for column in columns for code in column}, key=names.service)
    return FigureTable(
        "termine_nach_dienstleistung",
        "Termine nach Dienstleistung",
        "Dienstleistung",
        tuple(words.BOOKING_OUTCOMES.values()),
        tuple(
            (
                names.service(code) if code else words.NOT_GIVEN,
                tuple(c.get(code, 0) for c in columns),
            )
            for code in services
        ),
    )


def lead_time_table(now: PeriodFigures) -> FigureTable:
    made = now.grouped("booking", "bucket", outcome="made")
    moved = now.grouped("booking", "bucket", outcome="moved")
    return FigureTable(
        "vorlaufzeit",
        "Vorlaufzeit von der Buchung bis zum Termin",
        "Vorlaufzeit",
        ("gebucht", "verlegt"),
        tuple((words.LEAD_TIMES[b], (made.get(b, 0), moved.get(b, 0))) for b in LEAD_TIME_BUCKETS),
    )


def walk_in_tables(now: PeriodFigures) -> list[FigureTable]:
    tickets = now.grouped("walk_in_ticket", "outcome")
    waits = now.grouped("walk_in_wait", "bucket")
    bands: dict[int, int] = defaultdict(int)
    for hour in now.quota_hours.values():
        bands[min(max(hour, 8), 16)] += 1
    band_labels = {8: "vor 9 Uhr", **{h: f"{h}–{h + 1} Uhr" for h in range(9, 16)}, 16: "ab 16 Uhr"}
    return [
        FigureTable(
            "wartemarken",
            "Wartemarken",
            "Ergebnis",
            ("Anzahl",),
            tuple(
                (label, (tickets.get(code, 0),)) for code, label in words.TICKET_OUTCOMES.items()
            ),
        ),
        FigureTable(
            "wartezeiten",
            "Wartezeit bis zum Aufruf",
            "Wartezeit",
            ("Aufrufe",),
            tuple((words.WAITS[b], (waits.get(b, 0),)) for b in WAIT_BUCKETS),
        ),
        FigureTable(
            "kontingent_erschoepft",
            "Uhrzeit, zu der das Tageskontingent erschöpft war",
            "Uhrzeit",
            ("Tage",),
            tuple((label, (bands.get(h, 0),)) for h, label in band_labels.items()),
        ),
    ]


def forms_table(now: PeriodFigures) -> FigureTable:
    forms = now.grouped("form_submitted", "detail")
    return FigureTable(
        "formulare",
        "Eingereichte Formulare nach Art",
        "Formular",
        ("Eingereicht",),
        tuple((code or words.NOT_GIVEN, (forms[code],)) for code in sorted(forms)),
    )


def questions_table(now: PeriodFigures) -> FigureTable:
    columns = [
        now.grouped("question_answered", "detail", outcome=o) for o in words.QUESTION_OUTCOMES
    ]
    topics = sorted({code for column in columns for code in column})
    return FigureTable(
        "fragen",
        "Fragen nach Thema",
        "Thema",
        tuple(words.QUESTION_OUTCOMES.values()),
        tuple((code or words.NOT_GIVEN, tuple(c.get(code, 0) for c in columns)) for code in topics),
    )


def availability_table(now: PeriodFigures, kiosks: list[Device]) -> FigureTable:
    """Minutes and percentages are measurements, not cases: shown as they are."""
    rows, texts = [], []
    for device in kiosks:
        offline = now.offline_in_opening.get(device.device_id, 0.0)
        lag_count, lag_sum = now.by_device.get((device.device_id, "sync_lag", ""), (0, 0.0))
        share = 100 * (1 - offline / now.open_minutes) if now.open_minutes else 100.0
        rows.append((device.label, ()))
        texts.append(
            (
                german_number(now.open_minutes / 60, 1),
                german_number(offline),
                f"{german_number(share, 1)} %",
                german_number(lag_sum / lag_count, 1) if lag_count else "–",
            )
        )
    return FigureTable(
        "kiosk_verfuegbarkeit",
        "Verfügbarkeit der Kioske in den Öffnungszeiten",
        "Kiosk",
        ("Öffnungszeit (Std.)", "offline (Min.)", "verfügbar", "Sync-Verzug (s)"),
        tuple(rows),
        protected=False,
        texts=tuple(texts),
    )


def printer_table(now: PeriodFigures, devices_seen: list[Device]) -> FigureTable:
    def faults(ids: list[str]) -> tuple[int, ...]:
        return tuple(
            sum(now.by_device.get((i, "printer_fault", code), (0, 0.0))[0] for i in ids)
            for code in words.PRINTER_FAULTS
        )

    rows = [(d.label, faults([d.device_id])) for d in devices_seen if d.kiosk]
    counters = [d.device_id for d in devices_seen if not d.kiosk]
    if counters:
        rows.append((COUNTERS_TOGETHER, faults(counters)))
    return FigureTable(
        "druckerstoerungen",
        "Druckerstörungen nach Gerät",
        "Gerät",
        tuple(words.PRINTER_FAULTS.values()),
        tuple(rows),
    )
