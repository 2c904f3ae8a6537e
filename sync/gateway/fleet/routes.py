"""``PUT /v1/device-status`` (a device's report about itself, device token) and
``GET /staff/v1/fleet`` (the fleet, for supervisors and admins signed in at a counter)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.concurrency import run_in_threadpool

from sync.protocol import DeviceStatusReport
from sync.staff_protocol import DEFAULT_SILENT_MINUTES, FleetPage

from ..auth import Device, device_of_request
from ..context import GatewayContext, get_context
from ..database import read_transaction, write_transaction
from ..errors import DEVICE_AUTH, INVALID, TOO_LARGE, error_responses
from ..routes_device import json_body, read_body
from ..staff.access import StaffCaller, staff_of_request
from .listing import fleet_page
from .reports import store_report

device_router = APIRouter(prefix="/v1", tags=["device"])
staff_router = APIRouter(prefix="/staff/v1", tags=["staff"])
_Context = Annotated[GatewayContext, Depends(get_context)]
_DeviceAuth = Annotated[Device, Depends(device_of_request)]
_StaffAuth = Annotated[StaffCaller, Depends(staff_of_request)]

STAFF_AUTH = {
    401: "`unauthorized` or `device_revoked` (device token), or `session_expired`",
    403: "`not_a_counter`, or `forbidden`: only supervisors and admins see the fleet (audited)",
}


@device_router.put(
    "/device-status",
    status_code=204,
    responses=error_responses(DEVICE_AUTH, TOO_LARGE, INVALID),
    openapi_extra=json_body("DeviceStatusReport"),
)
async def report_status(request: Request, device: _DeviceAuth, context: _Context) -> Response:
    """The device's own view of its health (kind, version, printer, outbox backlog, last sync,
    online); the gateway keeps the latest per device for the fleet view."""
    report = await read_body(request, DeviceStatusReport)
    await run_in_threadpool(_store, context, device.device_id, report)
    return Response(status_code=204)


def _store(context: GatewayContext, device_id: str, report: DeviceStatusReport) -> None:
    with write_transaction(context.engine) as conn:
        store_report(conn, device_id, report, context.now())


@staff_router.get(
    "/fleet",
    response_model=FleetPage,
    responses=error_responses(STAFF_AUTH, INVALID),
)
def fleet(
    caller: _StaffAuth,
    silent_minutes: Annotated[
        int, Query(ge=1, le=10080, description="a kiosk not heard from for longer is flagged")
    ] = DEFAULT_SILENT_MINUTES,
) -> Response:
    """Every enrolled device: online or not, last sync, version, printer, outbox backlog; kiosks
    silent for longer than ``silent_minutes`` are flagged. Supervisors and admins only."""
    caller.require("view_fleet", "read_fleet")
    with read_transaction(caller.context.engine) as conn:
        page = fleet_page(conn, caller.now, silent_minutes)
    return Response(page.model_dump_json(), media_type="application/json")
