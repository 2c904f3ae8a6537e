"""Appointments over HTTP: online booking, free slots and leases for kiosks (device token);
the day's bookings for staff (admin token), as JSON or CSV."""

from __future__ import annotations

import json
import logging
from datetime import date, datetime, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.concurrency import run_in_threadpool

from kiosk_app.core.booking import Slot
from sync.protocol import (
    MAX_FREE_SLOTS,
    BookingOutcome,
    BookingRequest,
    FreeSlots,
    LeaseGrant,
    LeaseRequest,
)

from .admin_models import BookingOut
from .auth import authenticate_device, authenticate_device_in
from .booking import BookingPolicy, apply_booking, bookings_csv, day_bookings
from .context import GatewayContext, get_context
from .database import read_transaction, write_transaction
from .errors import ApiError
from .leases import LeasePolicy, grant_leases
from .routes_admin import Admin
from .routes_device import _ERRORS, json_body, parse_body, request_body
from .slots import OfficeClock, calendar_slot_ids, load_calendars, taken_slot_ids

log = logging.getLogger(__name__)
router = APIRouter(prefix="/v1", tags=["device"])
admin_router = APIRouter(prefix="/admin/v1", tags=["admin"])
Context = Annotated[GatewayContext, Depends(get_context)]


@router.post(
    "/bookings",
    response_model=BookingOutcome,
    responses=_ERRORS,
    openapi_extra=json_body(BookingRequest),
)
async def post_booking(request: Request, context: Context) -> Response:
    """Book, move or cancel at once. Domain refusals are 200 with ``outcome: refused``."""
    # One hop to a worker thread per request: each costs a noticeable share of the CPU.
    return await run_in_threadpool(_book, request, await request_body(request), context)


def _book(request: Request, body: bytes, context: GatewayContext) -> Response:
    policy = BookingPolicy.from_settings(context.settings)
    now = context.now()
    with write_transaction(context.engine) as conn:
        device = authenticate_device_in(conn, request, now)
        payload = parse_body(body, BookingRequest)
        if payload.action != "cancel" and payload.slot_id is None:
            raise ApiError(422, "invalid_request", "slot_id: required for book and move")
        outcome = apply_booking(conn, policy, payload, device.device_id, now)
    log.info(
        "device %s: %s -> %s%s",
        device.device_id,
        payload.action,
        outcome.outcome,
        f" ({outcome.reason})" if outcome.reason else "",
    )
    return Response(outcome.model_dump_json(), media_type="application/json")


@router.get("/slots", response_model=FreeSlots, responses=_ERRORS)
def free_slots(request: Request, context: Context) -> Response:
    """Every slot in the booking window that is neither booked nor leased to a kiosk."""
    now = context.now()
    authenticate_device(request, context.engine, now)
    settings = context.settings
    clock = OfficeClock(settings.office_timezone, settings.booking_window)
    days = clock.days(now)
    with read_transaction(context.engine) as conn:
        calendars = load_calendars(conn)
        taken = taken_slot_ids(conn, days[0], now, settings.lease_grace) if days else set()
    free = [slot_id for slot_id in calendar_slot_ids(calendars, days) if slot_id not in taken]
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
    responses=_ERRORS,
    openapi_extra=json_body(LeaseRequest),
)
async def post_leases(request: Request, context: Context) -> Response:
    """Renew the leases in ``keep``, release the device's others, top it up to its quota."""
    return await run_in_threadpool(_leases, request, await request_body(request), context)


def _leases(request: Request, body: bytes, context: GatewayContext) -> Response:
    now = context.now()
    policy = LeasePolicy.from_settings(context.settings)
    with write_transaction(context.engine) as conn:
        device = authenticate_device_in(conn, request, now)
        payload = parse_body(body, LeaseRequest)
        leases = grant_leases(conn, policy, device.device_id, list(payload.keep), now)
    grant = LeaseGrant(server_time=now, leases=leases)
    log.info("device %s: holds %d leases", device.device_id, len(grant.leases))
    return Response(grant.model_dump_json(), media_type="application/json")


# --- staff --------------------------------------------------------------------------------------

Day = Annotated[date | None, Query(description="Office-local day; default today")]


@admin_router.get(
    "/bookings",
    response_model=list[BookingOut],
    responses={200: {"content": {"text/csv": {}}}},
)
def list_bookings(
    context: Admin,
    day: Day = None,
    as_format: Annotated[Literal["json", "csv"], Query(alias="format")] = "json",
) -> Response:
    """The day's appointments by time: service, desk, case number, source."""
    rows = _day(context, day)
    if as_format == "csv":
        return _csv(rows, day or _today(context))
    body = json.dumps([row.model_dump(mode="json") for row in rows], ensure_ascii=False)
    return Response(body, media_type="application/json")


@admin_router.get(
    "/bookings.csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}}
)
def export_bookings(context: Admin, day: Day = None) -> Response:
    """The same as ``/bookings?format=csv``: ``;``-separated, UTF-8 with BOM (spreadsheets)."""
    return _csv(_day(context, day), day or _today(context))


def _today(context: GatewayContext) -> date:
    settings = context.settings
    return OfficeClock(settings.office_timezone, settings.booking_window).today(context.now())


def _day(context: GatewayContext, day: date | None) -> list[BookingOut]:
    with read_transaction(context.engine) as conn:
        return day_bookings(conn, day or _today(context))


def _csv(rows: list[BookingOut], day: date) -> Response:
    return Response(
        "\ufeff" + bookings_csv(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="bookings-{day.isoformat()}.csv"'},
    )
