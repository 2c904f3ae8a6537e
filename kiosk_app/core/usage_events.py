"""Anonymous usage figures (issue 18): what kiosks, counters and displays count for the city
council's task force. Counts, never people.

A figure is a ``UsageCount``: the hour it fell in (UTC, whole hour), a ``kind`` and up to four
dimensions, each drawn from a closed vocabulary this module owns (a language code, a service
code, an outcome word, a status or a bucket), with how many times it happened and, for kinds that
measure something (minutes offline, seconds of sync lag, days of lead time), the sum of the
measured values. Nothing typed by a resident and nothing that names a case, a reference, a
booking or a person fits a dimension: ``check_count`` refuses any value outside the vocabulary,
on the device before a figure is recorded and at the gateway before it is stored.

Devices add counts up per hour locally and send them through the outbox (exactly once, like any
command); the gateway adds them into ``usage_hourly`` per hour, device, kind and dimensions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from kiosk_app.core.languages import LANGUAGES
from kiosk_app.core.snippets import TOPIC_IDS
from kiosk_app.core.statuses import CaseStatus

# Booking lead time (booking made → appointment start) in whole days, as buckets: the report's
# chart reads these, the sum of days gives the mean.
LEAD_TIME_BUCKETS = ("0-1", "2-7", "8-14", "15-28", "29+")

# Walk-in wait in minutes (ticket taken → called), for the queue issue.
WAIT_BUCKETS = ("0-15", "16-30", "31-60", "61-120", "121+")

STATUS_CODES = tuple(status.value for status in CaseStatus)
LANGUAGE_CODES = frozenset(language.code for language in LANGUAGES)

# Every kind with the values each dimension may take. A dimension a kind does not list must be
# empty; ``value`` says what ``value_sum`` adds up ("" when the kind measures nothing).
USAGE_KINDS: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    # A status lookup at a kiosk. found: the case's status is in ``status``; mistyped: the case
    # number's check digit or the date was wrong before any search; paused: the number was
    # paused after repeated failures (the kiosk's "locked out").
    "lookup": {
        "outcome": ("found", "not_found", "mistyped", "paused"),
        "status": STATUS_CODES,
    },
    # A paper printed at a kiosk or counter. outcome printed / failed (the photo fallback).
    "checklist_printed": {"outcome": ("printed", "failed")},
    "confirmation_printed": {"outcome": ("printed", "failed")},
    "receipt_printed": {"outcome": ("printed", "failed")},
    # Appointments: made, moved, cancelled at a kiosk; missed (no-show) at a counter. For made
    # and moved, ``bucket`` is the lead time and ``value_sum`` adds its days.
    "booking": {
        "outcome": ("made", "moved", "cancelled", "missed", "checked_in"),
        "bucket": LEAD_TIME_BUCKETS,
    },
    # Walk-in queue (issue 15): tickets issued, and waits when called (``bucket``, minutes in
    # ``value_sum``); ``estimate_error``: |estimated − real wait| in minutes in ``value_sum``.
    "walk_in_ticket": {"outcome": ("issued", "quota_exhausted", "printer_failed")},
    "walk_in_wait": {"bucket": WAIT_BUCKETS},
    "walk_in_estimate_error": {},
    # Forms (issue 17) by form id (``register_vocabulary``); questions answered (issue 16) by
    # the knowledge base's topic ids (``snippets.TOPIC_IDS``; an office's own topics are
    # added with ``register_vocabulary``).
    "form_submitted": {"detail": ()},
    "question_answered": {
        "detail": TOPIC_IDS,
        "outcome": ("answered", "none_of_these", "no_result"),
    },
    # Device health: minutes offline (``value_sum``), the sync lag seen at each completed sync
    # (seconds in ``value_sum``), printer faults by kind.
    "offline_minutes": {},
    "sync_lag": {},
    "printer_fault": {"outcome": ("paper_out", "paper_low", "offline", "error")},
}

# What ``value_sum`` holds for the kinds that measure something.
VALUE_UNITS: Mapping[str, str] = {
    "booking": "days",
    "walk_in_wait": "minutes",
    "walk_in_estimate_error": "minutes",
    "offline_minutes": "minutes",
    "sync_lag": "seconds",
}

# Dimensions every kind may carry: the session's language (kiosk languages only) and the
# service (the office's service codes, which the catalog defines: checked by pattern).
DIMENSIONS = ("language", "service", "outcome", "status", "bucket", "detail")
_SERVICE_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")

_EXTRA_DETAILS: dict[str, set[str]] = {}


def register_vocabulary(kind: str, details: tuple[str, ...]) -> None:
    """Lets a later feature (forms, knowledge base) add its closed list of ``detail`` codes."""
    _EXTRA_DETAILS.setdefault(kind, set()).update(details)


class UsageError(ValueError):
    """A figure that does not fit the vocabulary: never recorded, never stored."""


@dataclass(frozen=True, slots=True)
class UsageCount:
    hour: datetime  # UTC, whole hour
    kind: str
    language: str = ""
    service: str = ""
    outcome: str = ""
    status: str = ""
    bucket: str = ""
    detail: str = ""
    count: int = 1
    value_sum: float = 0.0

    def key(self) -> tuple[str, ...]:
        return (
            self.hour.isoformat(),
            self.kind,
            self.language,
            self.service,
            self.outcome,
            self.status,
            self.bucket,
            self.detail,
        )


def hour_of(moment: datetime) -> datetime:
    """The whole UTC hour a moment falls in (the unit figures are counted in)."""
    if moment.tzinfo is None:
        raise UsageError("usage time without a time zone")
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def lead_time_bucket(days: int) -> str:
    for bucket, upper in zip(LEAD_TIME_BUCKETS, (1, 7, 14, 28), strict=False):
        if days <= upper:
            return bucket
    return LEAD_TIME_BUCKETS[-1]


def wait_bucket(minutes: float) -> str:
    for bucket, upper in zip(WAIT_BUCKETS, (15, 30, 60, 120), strict=False):
        if minutes <= upper:
            return bucket
    return WAIT_BUCKETS[-1]


def check_count(count: UsageCount) -> UsageCount:
    """``count`` if every part of it fits the vocabulary, else ``UsageError``."""
    allowed = USAGE_KINDS.get(count.kind)
    if allowed is None:
        raise UsageError(f"unknown usage kind {count.kind!r}")
    if count.hour.tzinfo is None or count.hour != hour_of(count.hour):
        raise UsageError("usage hour must be a whole UTC hour")
    if count.count < 0 or count.value_sum < 0:
        raise UsageError("usage counts are never negative")
    if count.language and count.language not in LANGUAGE_CODES:
        raise UsageError("unknown language")
    if count.service and (len(count.service) > 32 or not set(count.service) <= _SERVICE_CHARS):
        raise UsageError("service must be a service code")
    for dimension in ("outcome", "status", "bucket", "detail"):
        value = getattr(count, dimension)
        if not value:
            continue
        if dimension not in allowed:
            raise UsageError(f"{count.kind} has no {dimension}")
        vocabulary = set(allowed[dimension])
        if dimension == "detail":
            vocabulary |= _EXTRA_DETAILS.get(count.kind, set())
        if value not in vocabulary:
            raise UsageError(f"{dimension} {value!r} is not in the vocabulary of {count.kind}")
    return count
