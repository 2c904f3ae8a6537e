"""Deterministic, synthetic demo cases: every status, permit type and some Fiktionsbescheinigungen.

Nothing here is copied from a real person; case numbers and birth dates come from a seeded RNG.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from .case_number import DEFAULT_PREFIX, CaseNumber
from .catalog import PERMIT_TYPES, required_documents
from .status_lookup import CaseRecord
from .statuses import CaseStatus

_STATUSES = tuple(CaseStatus)
_PERMITS = tuple(PERMIT_TYPES)
_WITH_APPOINTMENT = {CaseStatus.APPOINTMENT_REQUIRED, CaseStatus.READY_FOR_PICKUP}
_PENDING = {
    CaseStatus.RECEIVED,
    CaseStatus.DOCUMENTS_MISSING,
    CaseStatus.IN_REVIEW,
    CaseStatus.AWAITING_OTHER_AUTHORITY,
    CaseStatus.APPOINTMENT_REQUIRED,
}


@dataclass(frozen=True)
class DemoCase:
    case_number: CaseNumber
    birth_date: date
    record: CaseRecord


def generate(
    count: int, seed: int, today: date, prefix: str = DEFAULT_PREFIX
) -> Iterator[DemoCase]:
    """``count`` distinct cases; the first nine cover every status, in lifecycle order."""
    rng = random.Random(seed)
    serials = rng.sample(range(1, 1_000_000), k=min(count, 999_999))
    for index, serial in enumerate(serials):
        status = _STATUSES[index] if index < len(_STATUSES) else rng.choice(_STATUSES)
        number = CaseNumber(prefix, today.year - rng.choice((0, 0, 1)), serial)
        # Absolute birth dates keep a seed's sample pairs the same from day to day.
        born = date(1950, 1, 1) + timedelta(days=rng.randint(0, 58 * 365))
        yield DemoCase(number, born, _record(rng, status, today))


def _ends(rng: random.Random, today: date) -> date | None:
    own = random.Random(hash(rng.getstate()[1]))  # derived from the case's stream, not advancing it
    return today + timedelta(days=own.randint(-30, 400)) if own.random() < 0.8 else None


def _record(rng: random.Random, status: CaseStatus, today: date) -> CaseRecord:
    permit = rng.choice(_PERMITS)
    missing: tuple[str, ...] = ()
    if status is CaseStatus.DOCUMENTS_MISSING:
        needed = required_documents(permit)
        missing = tuple(sorted(rng.sample(needed, k=rng.randint(1, min(4, len(needed))))))
    appointment = None
    if status in _WITH_APPOINTMENT and rng.random() < 0.6:
        day = today + timedelta(days=rng.randint(1, 28))
        appointment = datetime.combine(day, time(rng.randint(8, 15), rng.choice((0, 15, 30, 45))))
    fiktion = None
    if status in _PENDING and rng.random() < 0.35:
        fiktion = today + timedelta(days=rng.randint(-20, 120))
    # Most exports name the permit's end. From its own stream (``_ends``): the cases' other
    # values stay what they were for a seed.
    ends = _ends(rng, today)
    return CaseRecord(
        status=status,
        status_changed_on=today - timedelta(days=rng.randint(0, 60)),
        permit_type=permit,
        missing_documents=missing,
        next_appointment=appointment,
        fiktion_valid_until=fiktion,
        permit_valid_until=ends,
    )
