"""Walk-in queue rules (issue 15), pure and Qt-free: whether a service issues tickets at an
instant, what is left of its daily quota (with the share reserved for urgent cases), how a
ticket number reads, whether a case counts as urgent, and the estimated wait as a range.

The gateway applies them when it issues a ticket; kiosks, counters and the call display may use
them to say the same thing offline. All times are instants (aware) judged in the office's zone.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Literal
from zoneinfo import ZoneInfo

from .office_days import OfficeDays

DEFAULT_TIMEZONE = "Europe/Berlin"  # the office zone (the gateway's default setting too)

# Why a ticket is refused. ``office_closed``: a weekend, public holiday or closure day;
# ``walk_in_closed``: an office day, but outside the hours tickets are issued.
Refusal = Literal["office_closed", "walk_in_closed", "quota_exhausted"]
MAX_NUMBER = 999  # three digits on the ticket ("A 042")
EWMA_ALPHA = 0.3  # weight of the latest handling time in the running mean
ESTIMATE_SPREAD = 0.25  # the range: ±25 % around the point estimate, at least a few minutes
MIN_SPREAD_MINUTES = 5


@dataclass(frozen=True)
class WalkInRules:
    """One walk-in service: ``daily_quota`` tickets per office day, issued from ``issue_from``
    to ``issue_until`` (office-local, end exclusive); ``urgent_share`` percent of the quota is
    kept for urgent cases (permit or Fiktion ending within ``urgent_days`` days)."""

    service: str
    letter: str
    daily_quota: int
    issue_from: time
    issue_until: time
    urgent_share: int
    urgent_days: int

    @property
    def reserved(self) -> int:
        """Tickets only urgent cases may take (rounded up: a share never rounds to nothing)."""
        return math.ceil(self.daily_quota * self.urgent_share / 100)


def office_local(instant: datetime, timezone: str = DEFAULT_TIMEZONE) -> datetime:
    """The office's wall time for an aware instant, naive."""
    if instant.tzinfo is None:
        raise ValueError("an aware instant is needed")
    return instant.astimezone(ZoneInfo(timezone)).replace(tzinfo=None)


def issuing_refusal(
    rules: WalkInRules,
    instant: datetime,
    days: OfficeDays,
    timezone: str = DEFAULT_TIMEZONE,
) -> Refusal | None:
    """Why no ticket can be issued at ``instant`` (None: issuing is open). Walk-in days are
    Monday to Friday, minus the office's public holidays and closure days."""
    local = office_local(instant, timezone)
    if local.weekday() >= 5 or days.is_closed(local.date()):
        return "office_closed"
    if not rules.issue_from <= local.time() < rules.issue_until:
        return "walk_in_closed"
    return None


@dataclass(frozen=True)
class QuotaLeft:
    """What is left of a service's day: ``total`` for an urgent ticket, ``normal`` for others."""

    total: int
    normal: int

    def allows(self, urgent: bool) -> bool:
        return (self.total if urgent else self.normal) > 0


def quota_left(rules: WalkInRules, issued_normal: int, issued_urgent: int) -> QuotaLeft:
    """An urgent ticket may use any ticket left, the reserved share included; a normal one only
    what is left outside the reserved share (urgent tickets beyond their share use it up too)."""
    total = max(0, rules.daily_quota - issued_normal - issued_urgent)
    normal = max(0, min(total, rules.daily_quota - rules.reserved - issued_normal))
    return QuotaLeft(total, normal)


def ticket_label(letter: str, number: int) -> str:
    """``A 042``: the letter of the service, a space, three digits."""
    if not 1 <= number <= MAX_NUMBER:
        raise ValueError("ticket numbers run from 1 to 999")
    return f"{letter} {number:03d}"


def spoken_number(letter: str, number: int) -> str:
    """``A 42``: the number as it is called out (no leading zeros)."""
    return f"{letter} {number}"


@dataclass(frozen=True)
class CaseEnds:
    """What urgency is judged from, from the case on the kiosk's result screen: when the
    permit ends and when the Fiktionsbescheinigung runs out (either may be unknown)."""

    permit_ends: date | None
    fiktion_until: date | None


def is_urgent(
    today: date, urgent_days: int, permit_ends: date | None, fiktion_until: date | None
) -> bool:
    """Whether a case counts as urgent: its permit or Fiktion ends within ``urgent_days``
    (today included; one already over counts too). Judged at the kiosk from the case data;
    only the flag travels with the ticket."""
    ends = [day for day in (permit_ends, fiktion_until) if day is not None]
    return any((day - today).days <= urgent_days for day in ends)


def ewma(durations: Iterable[float], alpha: float = EWMA_ALPHA) -> float | None:
    """The exponentially weighted mean of handling times, oldest first (None: none yet)."""
    mean: float | None = None
    for value in durations:
        mean = value if mean is None else alpha * value + (1 - alpha) * mean
    return mean


@dataclass(frozen=True)
class WaitEstimate:
    """Minutes until the call, as a range (``low`` ≤ ``high``)."""

    low: int
    high: int


def estimate_wait(
    ahead: int, handling_minutes: float, counters: int, no_show_rate: float
) -> WaitEstimate:
    """The wait of someone with ``ahead`` people before them: the people expected to come
    (``no_show_rate`` of them do not) times the handling time, shared by ``counters`` desks;
    ±25 % (at least five minutes either way, never below zero)."""
    if ahead < 0 or counters < 1 or handling_minutes < 0 or not 0 <= no_show_rate <= 1:
        raise ValueError("ahead >= 0, counters >= 1, handling >= 0, 0 <= no_show_rate <= 1")
    point = ahead * (1 - no_show_rate) * handling_minutes / counters
    spread = max(point * ESTIMATE_SPREAD, MIN_SPREAD_MINUTES)
    if ahead == 0:
        return WaitEstimate(0, MIN_SPREAD_MINUTES)
    return WaitEstimate(max(0, math.floor(point - spread)), math.ceil(point + spread))
