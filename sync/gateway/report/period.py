"""The report's period: whole days in the office's time zone, first and last included, and the
previous period of the same length; and the office's opening minutes in each UTC hour (kiosk
availability is judged against opening hours, not the night)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from kiosk_app.core.booking import DEFAULT_HOURS
from kiosk_app.core.office import OFFICE_TIMEZONE
from kiosk_app.core.office_days import OfficeDays

HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class Period:
    first: date
    last: date
    zone: str = OFFICE_TIMEZONE

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError("the period ends before it starts")

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def start(self) -> datetime:
        """The first instant (UTC): midnight of ``first`` in the office."""
        return _midnight(self.first, self.zone)

    @property
    def end(self) -> datetime:
        """The instant after the period (UTC): midnight after ``last`` in the office."""
        return _midnight(self.last + timedelta(days=1), self.zone)

    def previous(self) -> Period:
        """The same number of days right before."""
        return Period(
            self.first - timedelta(days=self.days), self.first - timedelta(days=1), self.zone
        )

    @property
    def label(self) -> str:
        return f"{self.first:%d.%m.%Y} – {self.last:%d.%m.%Y}"

    def local_hour(self, hour: datetime) -> datetime:
        return hour.astimezone(ZoneInfo(self.zone))


def _midnight(day: date, zone: str) -> datetime:
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(zone)).astimezone(UTC)


def opening_minutes(
    period: Period,
    office_days: OfficeDays,
    hours: Mapping[int, tuple[tuple[time, time], ...]] = DEFAULT_HOURS,
) -> dict[datetime, float]:
    """UTC hour → minutes the office is open in it, for every open hour of the period."""
    zone = ZoneInfo(period.zone)
    found: dict[datetime, float] = {}
    day = period.first
    while day <= period.last:
        if not office_days.is_closed(day):
            for opens, closes in hours.get(day.weekday(), ()):
                start = datetime.combine(day, opens, tzinfo=zone).astimezone(UTC)
                end = datetime.combine(day, closes, tzinfo=zone).astimezone(UTC)
                moment = start
                while moment < end:
                    hour = moment.replace(minute=0, second=0, microsecond=0)
                    upto = min(end, hour + HOUR)
                    found[hour] = found.get(hour, 0.0) + (upto - moment).total_seconds() / 60
                    moment = upto
        day += timedelta(days=1)
    return found
