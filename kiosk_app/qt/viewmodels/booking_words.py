"""The words and numbers of the booking screens: dates and times in the resident's locale
(Babel), the calendar's cells, and which next option follows a refused booking. No QObject here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from kiosk_app.core.appointments import BookingUnconfirmed, DayFree, MoveUnconfirmed
from kiosk_app.core.booking import (
    AlreadyBookedForService,
    BookingNotFound,
    OutsideBookingWindow,
    SlotTaken,
)
from kiosk_app.core.errors import KioskError
from kiosk_app.core.flow import BookingMode
from kiosk_app.core.formatting import date_kept_whole, keep_together
from kiosk_app.core.i18n import N_, _, active_language, ngettext
from kiosk_app.core.leases import LeaseNotHeld, NoFreeSlotOffline

if TYPE_CHECKING:
    from babel import Locale

    from kiosk_app.core.catalog import Catalog
    from kiosk_app.core.checklist import AppointmentBringList
    from kiosk_app.core.status_lookup import StatusAnswer

# Printed under "Next steps" on the booking's paper (N_: the printout translates it twice).
STEP_OFFLINE_FINAL = N_(
    "Booked at this kiosk while it was offline. It is final and will reach the office "
    "automatically."
)

# After a refused write, what the resident can do next (the QML labels each in its language).
NEXT_TIME = "time"  # choose another time on the same day
NEXT_DAY = "day"  # choose another day
NEXT_RETRY = "retry"  # the office did not answer: try the same again
NEXT_STATUS = "status"  # back to the case's result (move or cancel there, or ask staff)

_NEXT_AFTER: tuple[tuple[type[KioskError], str], ...] = (
    (SlotTaken, NEXT_TIME),
    (LeaseNotHeld, NEXT_TIME),
    (NoFreeSlotOffline, NEXT_DAY),
    (OutsideBookingWindow, NEXT_DAY),
    (MoveUnconfirmed, NEXT_STATUS),  # moved or not: the result shows it once the office says
    (BookingUnconfirmed, NEXT_RETRY),
    (AlreadyBookedForService, NEXT_STATUS),
    (BookingNotFound, NEXT_STATUS),
)


def next_option(error: KioskError, mode: BookingMode) -> str:
    """What the screen offers after ``error``; a cancellation can only retry or go back."""
    found = next((option for kind, option in _NEXT_AFTER if isinstance(error, kind)), NEXT_STATUS)
    if mode is BookingMode.CANCEL and found != NEXT_RETRY:
        return NEXT_STATUS
    return found


def bring_list(catalog: Catalog, answer: StatusAnswer, service: str) -> AppointmentBringList:
    """What to bring to an appointment of ``service`` in the case of ``answer``."""
    from kiosk_app.core.checklist import bring_to_appointment

    record = answer.record
    return bring_to_appointment(catalog, record.permit_type, record.missing_documents, service)


def document_names(catalog: Catalog, codes: Sequence[str]) -> list[str]:
    """The documents' names in the resident's language."""
    return [_(catalog.document_name(code)) for code in codes]


def _locale() -> Locale:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(active_language().replace("_Hans", "_Hans_CN"))
    except (ValueError, UnknownLocaleError):
        return Locale("en")


def full_date(value: date) -> str:
    """Weekday and date; the date itself never wraps inside (a break only after the weekday)."""
    from babel.dates import format_date

    locale = _locale()
    return date_kept_whole(
        format_date(value, format="full", locale=locale),
        format_date(value, format="long", locale=locale),
    )


def short_time(value: datetime) -> str:
    from babel.dates import format_time

    return keep_together(format_time(value, format="short", locale=_locale()))


def appointment_when(start: datetime) -> str:
    """An appointment's day and time in the resident's words (no seconds)."""
    return _("{date} at {time}").format(date=full_date(start), time=short_time(start))


def _skeleton(skeleton: str, value: date) -> str:
    from babel.dates import format_skeleton

    return format_skeleton(skeleton, value, locale=_locale())


def weekday_names() -> list[str]:
    from babel.dates import get_day_names

    names = get_day_names("abbreviated", locale=_locale())
    return [names[day] for day in range(7)]  # Monday first, as the office's week


def calendar_cells(days: Sequence[DayFree]) -> list[dict[str, object]]:
    """Whole weeks, Monday first, covering the booking window; days outside it are blank,
    days without a free time are shown but cannot be chosen."""
    if not days:
        return []
    free = {d.day: d.free for d in days}
    first, last = min(free), max(free)
    day = first - timedelta(days=first.weekday())
    cells: list[dict[str, object]] = []
    while day <= last or day.weekday() != 0:
        inside = first <= day <= last
        count_free = free.get(day, 0)
        # The month is named where the window starts and where a new month begins.
        month = _skeleton("MMM", day) if day == first or day.day == 1 else ""
        # "0 free" rather than "full": offline, or on a closed day, nothing may be bookable here.
        free_text = (
            ngettext("{count} free", "{count} free", count_free).format(count=count_free)
            if inside
            else ""
        )
        cells.append(
            {
                "iso": day.isoformat(),
                "label": _skeleton("d", day) if inside else "",
                "month": month if inside else "",
                "free": count_free,
                "freeText": free_text,
                "inWindow": inside,
                "enabled": inside and count_free > 0,
                "accessibleName": (
                    ngettext(
                        "{date}: {count} free time",
                        "{date}: {count} free times",
                        count_free,
                    ).format(date=full_date(day), count=count_free)
                    if inside
                    else ""
                ),
            }
        )
        day += timedelta(days=1)
    return cells


def month_span(days: Sequence[DayFree]) -> str:
    """The months the calendar covers, e.g. "November 2026 – December 2026"."""
    if not days:
        return ""
    start, end = (keep_together(_skeleton("yMMMM", d.day)) for d in (days[0], days[-1]))
    return start if start == end else f"{start} – {end}"
