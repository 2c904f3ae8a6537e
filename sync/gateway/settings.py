"""What a gateway process is configured with."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from kiosk_app.core.booking import BookingWindow
from kiosk_app.core.office import DEFAULT_STATE

# How long the gateway keeps an idle HTTP connection open (uvicorn's default is 5 s). Longer
# than the clients' own idle expiry (httpx: 5 s), so a client drops an idle connection before
# the server closes it: with equal times a request could go out on a connection the server was
# closing and meet "connection reset" (a busy CI run did, 20 counters after a barrier).
KEEP_ALIVE_S = 30


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class GatewaySettings:
    """``admin_token=None`` disables the admin API (every admin call answers 401)."""

    db_url: str
    admin_token: str | None = None
    enrollment_code_ttl: timedelta = timedelta(hours=24)
    max_import_bytes: int = 64 * 1024 * 1024
    migrate_on_start: bool = True
    # Appointments (docs/gateway.md "Bookings and leases"). Days are judged in the office's
    # time zone; leases in gateway time (UTC).
    booking_window: BookingWindow = field(default_factory=BookingWindow)
    office_timezone: str = "Europe/Berlin"
    office_state: str = DEFAULT_STATE  # German state whose public holidays close the office
    lease_ttl: timedelta = timedelta(hours=4)
    lease_grace: timedelta = timedelta(hours=24)  # an expired lease is reclaimed only after this
    leases_per_service_day: int = 1
    lease_days: int = 3  # the next N bookable days of each service
    # How long a staff sign-in at a counter lasts at most (docs/gateway.md "Staff").
    staff_session_ttl: timedelta = timedelta(hours=8)
    # The office's data the answers name (fees, hours, …; core.office_data wire form, read from
    # --office-data FILE): sent with the knowledge base; empty: none set, answers show gaps.
    office_data: Mapping[str, object] = field(default_factory=dict, compare=False)
    # Injected so tests can move time (code expiry) without sleeping.
    clock: Callable[[], datetime] = field(default=utc_now, compare=False)
