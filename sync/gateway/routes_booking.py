"""Appointments over HTTP: online booking, free slots and leases for kiosks (device token);
the day's bookings for staff (admin token), as JSON or CSV."""

from __future__ import annotations

import json
import logging
from datetime import date, datetime, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response, Security
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials

from kiosk_app.core.booking import Slot
from sync.protocol import (
    BOOKING_REQUEST,
    MAX_FREE_SLOTS,
    BookingOutcome,
    BookingRequest,
    FreeSlots,
    LeaseGrant,
    LeaseRequest,
)

from .admin_models import BookingOut, IsoDay
from .auth import DEVICE_TOKEN, authenticate_device
from .booking import BookingPolicy, apply_booking, bookings_csv, day_bookings
from .context import GatewayContext, get_context
from .database import read_transaction, single_statement_write, write_transaction
from .errors import ADMIN_AUTH, INVALID, error_responses
from .leases import LeasePolicy, grant_leases
from .routes_admin import Admin
from .routes_device import (
    DEVICE_BODY_ERRORS,
    DEVICE_ERRORS,
    DeviceAuth,
    body_bytes,
    json_body,
    parse_body,
    read_body,
)
from .slots import (
    OfficeClock,
    calendar_slot_ids,
    load_calendars,
    load_office_days,
    taken_slot_ids,
)

log = logging.getLogger(__name__)
router = APIRouter(prefix="/v1", tags=["device"])
admin_router = APIRouter(prefix="/admin/v1", tags=["admin"])
Context = Annotated[GatewayContext, Depends(get_context)]
# Declares the device token in the OpenAPI document; ``_book`` checks it (authenticate_device).
DeviceToken = Annotated[HTTPAuthorizationCredentials | None, Security(DEVICE_TOKEN)]


@router.post(
    "/bookings",
    response_model=BookingOutcome,
    responses=DEVICE_BODY_ERRORS,
    openapi_extra=json_body("BookingRequest"),
)
async def post_booking(request: Request, context: Context, _token: DeviceToken) -> Response:
    """Book, move or cancel at once. Domain refusals are 200 with ``outcome: refused``."""
    body = await body_bytes(request)
    device_id, payload, outcome = await run_in_threadpool(_book, context, request, body)
    log.info(
        "device %s: %s -> %s%s",
        device_id,
        payload.action,
        outcome.outcome,
        f" ({outcome.reason})" if outcome.reason else "",
    )
    return Response(outcome.model_dump_json(), media_type="application/json")


def _book(
    context: GatewayContext, request: Request, body: bytes
) -> tuple[str, BookingRequest, BookingOutcome]:
    # The busiest route: the token check, the body's and the booking in one worker thread
    # and on one connection (on PostgreSQL two statements, booking_pg). The token first, as
    # ``DeviceAuth`` does for other routes: a caller without one learns nothing of the body.
    now = context.now()
    policy = BookingPolicy.from_settings(context.settings)
    with single_statement_write(context.engine) as conn:
        device = authenticate_device(request, context.engine, now, conn)
        checked = parse_body(body, BOOKING_REQUEST)  # slot_id required for book and move
        payload = BookingRequest.model_validate(checked.model_dump())
        outcome = apply_booking(conn, policy, payload, device.device_id, now)
    return device.device_id, payload, outcome


@router.get("/slots", response_model=FreeSlots, responses=DEVICE_ERRORS)
def free_slots(_device: DeviceAuth, context: Context) -> Response:
    """Every slot in the booking window that is neither booked nor leased to a kiosk, on days
    the office is not closed (public holidays, closure days)."""
    now = context.now()
    settings = context.settings
    clock = OfficeClock(settings.office_timezone, settings.booking_window)
    days = clock.days(now)
    with read_transaction(context.engine) as conn:
        calendars = load_calendars(conn)
        open_days = load_office_days(conn, settings.office_state).without_closed(days)
        taken = taken_slot_ids(conn, days[0], now, settings.lease_grace) if days else set()
    free = [slot_id for slot_id in calendar_slot_ids(calendars, open_days) if slot_id not in taken]
    first, last = (days[0], days[-1]) if days else (clock.today(now), clock.today(now))
    if len(free) > MAX_FREE_SLOTS:
        # Whole days only, so a day the kiosk is told about is never shown fuller than it is.
        cut = Slot.parse(free[MAX_FREE_SLOTS]).start.date()
        free = [
            slot_id for slot_id in free[:MAX_FREE_SLOTS] if Slot.parse(slot_id).start.date() < cut
        ]
        last = cut - timedelta(days=1)
    return Response(_free_slots_json(now, first, last, free), media_type="application/json")


def _free_slots_json(now: datetime, first: date, last: date, slots: list[str]) -> str:
    # Thousands of ids: written directly (they come from the calendar, already well-formed);
    # the shape is ``FreeSlots``, which the kiosk validates.
    head = json.dumps(
        {
            "server_time": now.isoformat(),
            "first_day": first.isoformat(),
            "last_day": last.isoformat(),
        }
    )
    return head[:-1] + ', "slots": ' + json.dumps(slots, separators=(",", ":")) + "}"


@router.post(
    "/leases",
    response_model=LeaseGrant,
    responses=DEVICE_BODY_ERRORS,
    openapi_extra=json_body("LeaseRequest"),
)
async def post_leases(request: Request, device: DeviceAuth, context: Context) -> Response:
    """Renew the leases in ``keep``, release the device's others, top it up to its quota."""
    payload = await read_body(request, LeaseRequest)
    grant = await run_in_threadpool(_leases, context, payload, device.device_id)
    log.info("device %s: holds %d leases", device.device_id, len(grant.leases))
    return Response(grant.model_dump_json(), media_type="application/json")


def _leases(context: GatewayContext, payload: LeaseRequest, device_id: str) -> LeaseGrant:
    now = context.now()
    policy = LeasePolicy.from_settings(context.settings)
    with write_transaction(context.engine) as conn:
        leases = grant_leases(conn, policy, device_id, list(payload.keep), now)
    return LeaseGrant(server_time=now, leases=leases)


# --- staff --------------------------------------------------------------------------------------

Day = Annotated[IsoDay | None, Query(description="Office-local day, YYYY-MM-DD; default today")]
_CSV = {"content": {"text/csv": {"schema": {"type": "string"}}}}


@admin_router.get(
    "/bookings",
    response_model=list[BookingOut],
    responses={200: _CSV, **error_responses(ADMIN_AUTH, INVALID)},
)
def list_bookings(
    context: Admin,
    day: Day = None,
    as_format: Annotated[Literal["json", "csv"], Query(alias="format")] = "json",
) -> Response:
    """The day's appointments by time: service, desk, case number, source; ``closed`` names
    the holiday or closure when the office is closed that day (the bookings stand)."""
    rows = _day(context, day)
    if as_format == "csv":
        return _csv(rows, day or _today(context))
    body = json.dumps([row.model_dump(mode="json") for row in rows], ensure_ascii=False)
    return Response(body, media_type="application/json")


@admin_router.get(
    "/bookings.csv",
    response_class=Response,
    responses={200: _CSV, **error_responses(ADMIN_AUTH, INVALID)},
)
def export_bookings(context: Admin, day: Day = None) -> Response:
    """The same as ``/bookings?format=csv``: ``;``-separated, UTF-8 with BOM (spreadsheets)."""
    return _csv(_day(context, day), day or _today(context))


def _today(context: GatewayContext) -> date:
    settings = context.settings
    return OfficeClock(settings.office_timezone, settings.booking_window).today(context.now())


def _day(context: GatewayContext, day: date | None) -> list[BookingOut]:
    with read_transaction(context.engine) as conn:
        return day_bookings(conn, day or _today(context), context.settings.office_state)


def _csv(rows: list[BookingOut], day: date) -> Response:
    return Response(
        "\ufeff" + bookings_csv(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="bookings-{day.isoformat()}.csv"'},
    )
