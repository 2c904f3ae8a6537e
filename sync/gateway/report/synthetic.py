"""Synthetic usage figures for the demo and the benchmark: made-up kiosks and a counter whose
ids start with "demo-" (the report marks them as synthetic), counting during the office's
opening hours what a busy lobby would. Deterministic: each device's day comes from its own
seeded generator, so the same day always gets the same figures, whatever range is asked for.
``seed_demo_figures`` replaces every "demo-" row, so running the demo again never doubles them.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, delete

from kiosk_app.core.booking import DEFAULT_HOURS
from kiosk_app.core.office import OFFICE_TIMEZONE
from kiosk_app.core.office_days import OfficeDays
from kiosk_app.core.usage_events import (
    STATUS_CODES,
    UsageCount,
    lead_time_bucket,
    register_vocabulary,
    wait_bucket,
)

from ..database import write_transaction
from ..tables import usage_hourly
from ..usage import add_usage
from .figures import SYNTHETIC_PREFIX
from .period import Period

DEMO_KIOSKS = tuple(f"{SYNTHETIC_PREFIX}kiosk-{n:02d}" for n in range(1, 4))
DEMO_COUNTER = f"{SYNTHETIC_PREFIX}counter-01"
# Who uses the lobby's kiosks, roughly: German and the languages of the office's largest groups.
LANGUAGE_WEIGHTS = {
    "de": 26, "ar": 15, "uk": 13, "tr": 10, "en": 9, "fa": 8, "ru": 8, "zh_Hans": 4, "fr": 4,
    "es": 3,
}  # fmt: skip
STATUS_WEIGHTS = (10, 14, 30, 8, 9, 10, 8, 5, 6)  # in the order of STATUS_CODES
SERVICE_WEIGHTS = {
    "card_pickup": 22, "hand_in_documents": 18, "biometrics": 16, "fiktion_certificate": 10,
    "application": 18, "consultation": 10, "formal_obligation": 6,
}  # fmt: skip
DEMO_FORMS = ("address_change", "extension_request", "fiktion_request", "lost_card")
DEMO_TOPICS = ("fees", "documents", "appointments", "fiktion", "work_permit", "family")


# (kind, language, service, outcome, status, bucket, detail) → (count, value_sum)
Key = tuple[str, ...]
Cells = dict[Key, tuple[int, float]]


def _usage(hour: datetime, key: Key, count: int, value: float) -> UsageCount:
    kind, language, service, outcome, status, bucket, detail = key
    return UsageCount(hour, kind, language, service, outcome, status, bucket, detail, count, value)


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def _open_hours(day: date, zone: ZoneInfo) -> list[tuple[datetime, float]]:
    """(UTC hour, share of it the office is open) for the day's opening periods."""
    hours = []
    for opens, closes in DEFAULT_HOURS.get(day.weekday(), ()):
        local = datetime.combine(day, time(opens.hour), tzinfo=zone)
        end = datetime.combine(day, closes, tzinfo=zone)
        while local < end:
            share = min(1.0, (end - local).total_seconds() / 3600)
            hours.append((local.astimezone(UTC), share))
            local += timedelta(hours=1)
    return hours


def _kiosk_hour(rng: random.Random, share: float, every_kind: bool) -> Cells:
    """One kiosk's counts in one hour."""
    found: Counter[Key] = Counter()
    values: dict[Key, float] = defaultdict(float)

    def add(kind: str, value: float = 0.0, **dims: str) -> None:
        key = (
            kind,
            *(
                dims.get(d, "")
                for d in ("language", "service", "outcome", "status", "bucket", "detail")
            ),
        )
        found[key] += 1
        values[key] += value

    for _ in range(round(rng.randint(3, 12) * share)):
        language = _pick(rng, LANGUAGE_WEIGHTS)
        roll = rng.random()
        if roll < 0.78:
            status = rng.choices(STATUS_CODES, STATUS_WEIGHTS)[0]
            add("lookup", language=language, outcome="found", status=status)
            if rng.random() < 0.35:
                add(
                    "checklist_printed",
                    language=language,
                    outcome="printed" if rng.random() < 0.96 else "failed",
                )
            if rng.random() < 0.2:
                days = min(60, int(rng.expovariate(1 / 9)) + 1)
                outcome = rng.choices(("made", "moved", "cancelled"), (80, 12, 8))[0]
                service = _pick(rng, SERVICE_WEIGHTS)
                if outcome == "cancelled":
                    add("booking", language=language, service=service, outcome=outcome)
                else:
                    add(
                        "booking",
                        days,
                        language=language,
                        service=service,
                        outcome=outcome,
                        bucket=lead_time_bucket(days),
                    )
                    add("confirmation_printed", language=language, outcome="printed")
        else:
            outcome = "not_found" if roll < 0.88 else "mistyped" if roll < 0.97 else "paused"
            add("lookup", language=language, outcome=outcome)
        if every_kind and rng.random() < 0.08:
            register_vocabulary("form_submitted", DEMO_FORMS)
            add("form_submitted", language=language, detail=rng.choice(DEMO_FORMS))
        if every_kind and rng.random() < 0.15:
            register_vocabulary("question_answered", DEMO_TOPICS)
            answer = rng.choices(("answered", "none_of_these", "no_result"), (80, 12, 8))[0]
            add(
                "question_answered",
                language=language,
                outcome=answer,
                detail=rng.choice(DEMO_TOPICS),
            )
    if every_kind:
        for _ in range(round(rng.randint(2, 8) * share)):
            add("walk_in_ticket", language=_pick(rng, LANGUAGE_WEIGHTS), outcome="issued")
            wait = rng.expovariate(1 / 35)
            add("walk_in_wait", wait, bucket=wait_bucket(wait))
            add("walk_in_estimate_error", abs(rng.gauss(0, 8)))
    if rng.random() < 0.03:
        add("offline_minutes", float(rng.randint(3, int(50 * share) + 5)))
    syncs = int(60 * share)
    key = ("sync_lag", "", "", "", "", "", "")
    found[key] += syncs
    values[key] += syncs * rng.uniform(1.5, 4.5)
    if rng.random() < 0.08:
        add(
            "printer_fault",
            outcome=rng.choices(("paper_low", "paper_out", "offline", "error"), (6, 3, 1, 1))[0],
        )
    return {key: (found[key], values[key]) for key in found}


def _counter_hour(rng: random.Random, share: float) -> Cells:
    found: Counter[Key] = Counter()
    for _ in range(round(rng.randint(2, 6) * share)):
        service = _pick(rng, SERVICE_WEIGHTS)
        outcome = "checked_in" if rng.random() < 0.88 else "missed"
        found[("booking", "", service, outcome, "", "", "")] += 1
        if outcome == "checked_in" and rng.random() < 0.5:
            found[("receipt_printed", "", "", "printed", "", "", "")] += 1
    if rng.random() < 0.01:
        found[("printer_fault", "", "", "paper_low", "", "", "")] += 1
    return {key: (count, 0.0) for key, count in found.items()}


def synthetic_counts(
    period: Period,
    kiosks: Sequence[str] = DEMO_KIOSKS,
    counters: Sequence[str] = (DEMO_COUNTER,),
    seed: int = 2026,
    *,
    every_kind: bool = False,
    office_days: OfficeDays | None = None,
) -> Iterator[tuple[str, list[UsageCount]]]:
    """(device id, its counts of one day) for every open day of ``period``. ``every_kind`` adds
    the walk-in queue, forms and questions (not yet in operation: the benchmark's volume)."""
    zone = ZoneInfo(period.zone)
    office_days = office_days or OfficeDays()
    day = period.first
    while day <= period.last:
        if not office_days.is_closed(day):
            for device in (*kiosks, *counters):
                rng = random.Random(f"{seed}:{device}:{day.isoformat()}")
                counts: list[UsageCount] = []
                quota_hour = rng.randint(10, 14) if every_kind and rng.random() < 0.6 else None
                for hour, share in _open_hours(day, zone):
                    cells = (
                        _counter_hour(rng, share)
                        if device in counters
                        else _kiosk_hour(rng, share, every_kind)
                    )
                    if device in kiosks and quota_hour == hour.astimezone(zone).hour:
                        cells[("walk_in_ticket", "", "", "quota_exhausted", "", "", "")] = (1, 0.0)
                    counts += [
                        _usage(hour, key, count, value)
                        for key, (count, value) in cells.items()
                        if count
                    ]
                yield device, counts
        day += timedelta(days=1)


def demo_period(today: date) -> tuple[Period, Period]:
    """What the demo seeds (from the first of the month before last up to yesterday) and the
    report it suggests (last calendar month, whose previous period is then seeded too)."""
    last_month_end = today.replace(day=1) - timedelta(days=1)
    last_month = Period(last_month_end.replace(day=1), last_month_end, OFFICE_TIMEZONE)
    before = (last_month.first - timedelta(days=1)).replace(day=1)
    return Period(before, today - timedelta(days=1), OFFICE_TIMEZONE), last_month


def seed_demo_figures(engine: Engine, today: date, seed: int = 2026) -> Period:
    """Replace the figures of every "demo-" device with the synthetic ones of the two months
    before ``today``; returns the period worth a report (last calendar month)."""
    seeded, suggested = demo_period(today)
    with write_transaction(engine) as conn:
        conn.execute(
            delete(usage_hourly).where(usage_hourly.c.device_id.like(f"{SYNTHETIC_PREFIX}%"))
        )
        for device, counts in synthetic_counts(seeded, seed=seed):
            add_usage(conn, device, counts)
    return suggested
