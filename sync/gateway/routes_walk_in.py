"""The walk-in queue's API (issue 15, ``walk_in.py`` and ``walk_in_queue.py``): the admin's
walk-in services (``/admin/v1/walk-in``), the kiosk's view of the queue and of its ticket
(``/v1/walk-in``; tickets are issued by the ``issue_walk_in_ticket`` command), and the counter's
queue actions (``/staff/v1/walk-in``, audited)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Connection

from kiosk_app.core.walk_in import office_local
from sync.walk_in_protocol import (
    WalkInBoard,
    WalkInCalls,
    WalkInLeases,
    WalkInQueue,
    WalkInServiceIn,
    WalkInServiceOut,
    WalkInTicket,
)

from . import walk_in, walk_in_calls, walk_in_leases, walk_in_queue
from .auth import Device, device_of_request
from .context import GatewayContext, get_context
from .database import read_transaction, write_transaction
from .errors import ADMIN_AUTH, DEVICE_AUTH, INVALID, ApiError, error_responses
from .routes_admin import ADMIN_INPUT_ERRORS, Admin
from .staff.access import StaffCaller, staff_of_request
from .staff.routes import STAFF_AUTH
from .walk_in import Office, WalkInError
from .walk_in_queue import Desk, QueueError

log = logging.getLogger(__name__)
admin_router = APIRouter(prefix="/admin/v1", tags=["walk-in"])
device_router = APIRouter(prefix="/v1", tags=["walk-in"])
staff_router = APIRouter(prefix="/staff/v1/walk-in", tags=["walk-in"])

ServicePath = Annotated[str, Path(pattern=r"^[a-z0-9_]{1,64}$", description="A catalog service")]
TicketPath = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$", description="The kiosk's ticket id")]
ServicesQuery = Annotated[
    list[Annotated[str, Query(pattern=r"^[a-z0-9_]{1,64}$")]] | None,
    Query(
        alias="service",
        max_length=100,
        description="Services to serve (repeat the parameter); default: the person's services",
    ),
]
_DeviceAuth = Annotated[Device, Depends(device_of_request)]
_Context = Annotated[GatewayContext, Depends(get_context)]


def clerk_of_request(caller: Annotated[StaffCaller, Depends(staff_of_request)]) -> StaffCaller:
    """A person whose role acts on the queue (clerks, supervisors): checked before parameters,
    so another role learns nothing about them (403 ``forbidden``, audited)."""
    caller.require("staff_commands", "walk_in")
    return caller


_StaffAuth = Annotated[StaffCaller, Depends(clerk_of_request)]
_WALK_IN_ERRORS = {404: "`unknown_service`", 409: "`letter_taken`", 422: "`bad_hours`"}
_QUEUE_ERRORS = {
    404: "`unknown_ticket`",
    409: "`ticket_state` (the ticket is not in a state that allows this; the detail says "
    "which), `not_your_ticket` (called to another counter)",
}


def _office(context: GatewayContext) -> Office:
    return Office(context.settings.office_state, context.settings.office_timezone)


def _json(body: WalkInTicket | WalkInQueue | WalkInBoard | WalkInCalls | WalkInLeases) -> Response:
    return Response(body.model_dump_json(), media_type="application/json")


# --- admin ------------------------------------------------------------------------------------


@admin_router.get("/walk-in", response_model=list[WalkInServiceOut], responses=ADMIN_INPUT_ERRORS)
def list_walk_in(context: Admin) -> list[WalkInServiceOut]:
    """The services that take walk-ins, by ticket letter."""
    with read_transaction(context.engine) as conn:
        return walk_in.list_walk_in_services(conn)


@admin_router.put(
    "/walk-in/{service}",
    response_model=WalkInServiceOut,
    responses={
        201: {"model": WalkInServiceOut, "description": "Created (200: changed)"},
        **error_responses(ADMIN_AUTH, _WALK_IN_ERRORS, INVALID),
    },
)
def put_walk_in(
    service: ServicePath, body: WalkInServiceIn, context: Admin, response: Response
) -> WalkInServiceOut:
    """Let ``service`` (of the catalog) take walk-ins with these rules, from now on (tickets
    already issued stay). 201 when it took none before."""
    try:
        with write_transaction(context.engine) as conn:
            created = walk_in.set_walk_in_service(conn, service, body, context.now())
    except WalkInError as problem:
        status = {"unknown_service": 404, "letter_taken": 409}.get(problem.code, 422)
        raise ApiError(status, problem.code) from None
    response.status_code = 201 if created else 200
    log.info("walk-in service set")
    return WalkInServiceOut(service=service, **body.model_dump())


@admin_router.delete(
    "/walk-in/{service}",
    status_code=204,
    responses=error_responses(ADMIN_AUTH, {404: "`unknown_service`"}, INVALID),
)
def delete_walk_in(service: ServicePath, context: Admin) -> None:
    """No more tickets for ``service`` (issued ones stay in the queue)."""
    with write_transaction(context.engine) as conn:
        if not walk_in.remove_walk_in_service(conn, service):
            raise ApiError(404, "unknown_service")


# --- kiosks and displays ------------------------------------------------------------------


@device_router.get("/walk-in", response_model=WalkInBoard, responses=error_responses(DEVICE_AUTH))
def board(_device: _DeviceAuth, context: _Context) -> Response:
    """Every walk-in service now: whether it issues tickets (else why), what is left of its
    quota, how many wait and the estimate for a ticket taken now."""
    now = context.now()
    with read_transaction(context.engine) as conn:
        day, states = walk_in.service_states(conn, now, _office(context))
    return _json(WalkInBoard(server_time=now, day=day, services=states))


@device_router.post(
    "/walk-in/leases", response_model=WalkInLeases, responses=error_responses(DEVICE_AUTH)
)
def ticket_leases(device: _DeviceAuth, context: _Context) -> Response:
    """This kiosk's ticket leases for today, topped up: blocks of numbers (and so shares of the
    quota) it may issue from while offline. Ask after draining the outbox."""
    now = context.now()
    with write_transaction(context.engine) as conn:
        found = walk_in_leases.grant_ticket_leases(conn, device.device_id, now, _office(context))
    return _json(WalkInLeases(server_time=now, leases=found))


@device_router.get(
    "/walk-in/tickets/{ticket_id}",
    response_model=WalkInTicket,
    responses=error_responses(
        DEVICE_AUTH, {404: "`unknown_ticket` (not issued: see the command's result)"}, INVALID
    ),
)
def device_ticket(ticket_id: TicketPath, _device: _DeviceAuth, context: _Context) -> Response:
    """A ticket issued by an ``issue_walk_in_ticket`` command: its number, place and state."""
    with read_transaction(context.engine) as conn:
        found = walk_in.ticket_out(conn, ticket_id)
    if found is None:
        raise ApiError(404, "unknown_ticket")
    return _json(found)


MAX_WAIT = 20.0  # seconds a display's long poll may hold (below common proxies' idle limits)
POLL_EVERY = 0.2  # seconds between reads of the database while a long poll waits


def _read_calls(context: GatewayContext, after: int | None) -> WalkInCalls:
    now = context.now()
    with read_transaction(context.engine) as conn:
        if after is None:
            day = office_local(now, context.settings.office_timezone).date()
            found, cursor = walk_in_calls.latest_calls(conn, day)
        else:
            found = walk_in_calls.calls_after(conn, after)
            cursor = found[-1].seq if found else after
    return WalkInCalls(server_time=now, cursor=cursor, calls=found)


@device_router.get(
    "/walk-in/calls", response_model=WalkInCalls, responses=error_responses(DEVICE_AUTH, INVALID)
)
async def calls(
    _device: _DeviceAuth,
    context: _Context,
    after: Annotated[
        int | None,
        Query(ge=0, le=2**62, description="The cursor of the last answer; none: today's latest"),
    ] = None,
    wait: Annotated[
        float, Query(ge=0, le=MAX_WAIT, description="Seconds to wait for a call (long poll)")
    ] = 0,
) -> Response:
    """The calls after ``after``, oldest first, with the cursor to ask with next; waits up to
    ``wait`` seconds for one (a long poll: the gateway reads its database every 0.2 s, so any of
    its processes answers within that of the clerk's press). Without ``after``: today's last
    few calls, at once."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait
    while True:
        body = await run_in_threadpool(_read_calls, context, after)
        left = deadline - loop.time()
        if body.calls or after is None or left <= 0:
            return _json(body)
        await asyncio.sleep(min(POLL_EVERY, left))


# --- counters -------------------------------------------------------------------------------


def _services(conn: Connection, caller: StaffCaller, asked: list[str] | None) -> list[str]:
    """The services asked for that the person serves (a person without services serves all);
    none asked: all the person serves."""
    mine = list(caller.session.services) or [
        row.service for row in walk_in.list_walk_in_services(conn)
    ]
    return [code for code in asked if code in mine] if asked else mine


@staff_router.get(
    "/queue", response_model=WalkInQueue, responses=error_responses(STAFF_AUTH, INVALID)
)
def queue(caller: _StaffAuth, service: ServicesQuery = None) -> Response:
    """Today's open tickets of the services asked for (of the person's), in call order."""
    context = caller.context
    day = office_local(caller.now, context.settings.office_timezone).date()
    with read_transaction(context.engine) as conn:
        tickets = walk_in.open_tickets(conn, day, _services(conn, caller, service))
    return _json(WalkInQueue(server_time=caller.now, day=day, tickets=tickets))


@staff_router.post(
    "/call-next",
    response_model=WalkInTicket,
    responses=error_responses(STAFF_AUTH, {404: "`queue_empty`"}, INVALID),
)
def call_next(caller: _StaffAuth, service: ServicesQuery = None) -> Response:
    """Call the next ticket of these services (of the person's) to this counter: urgent ones
    first, then in order of issue. Two counters calling at once never get the same ticket."""
    context = caller.context
    day = office_local(caller.now, context.settings.office_timezone).date()
    try:
        with write_transaction(context.engine) as conn:
            called = walk_in_queue.call_next(
                conn, _desk(caller), day, _services(conn, caller, service)
            )
            found = walk_in.ticket_out(conn, called) if called else None
    except QueueError as problem:
        raise ApiError(409, problem.code, problem.detail) from None
    if found is None:
        raise ApiError(404, "queue_empty")
    return _json(found)


def _desk(caller: StaffCaller) -> Desk:
    return Desk(caller.actor, caller.device.device_id, caller.device.name)


def _act(
    caller: StaffCaller, ticket_id: str, action: Callable[..., object], *args: str
) -> Response:
    try:
        with write_transaction(caller.context.engine) as conn:
            action(conn, _desk(caller), ticket_id, *args)
            found = walk_in.ticket_out(conn, ticket_id)
    except QueueError as problem:
        status = {"unknown_ticket": 404, "unknown_service": 404}.get(problem.code, 409)
        raise ApiError(status, problem.code, problem.detail) from None
    assert found is not None
    return _json(found)


_ACTION_ERRORS = error_responses(STAFF_AUTH, _QUEUE_ERRORS, INVALID)


@staff_router.post(
    "/tickets/{ticket_id}/recall", response_model=WalkInTicket, responses=_ACTION_ERRORS
)
def recall(ticket_id: TicketPath, caller: _StaffAuth) -> Response:
    """Call the ticket again (at most three calls: the recall after the third marks it
    ``missed``)."""
    return _act(caller, ticket_id, walk_in_queue.recall)


@staff_router.post(
    "/tickets/{ticket_id}/start", response_model=WalkInTicket, responses=_ACTION_ERRORS
)
def start(ticket_id: TicketPath, caller: _StaffAuth) -> Response:
    """The ticket's holder came to the counter: serving starts."""
    return _act(caller, ticket_id, walk_in_queue.start)


@staff_router.post(
    "/tickets/{ticket_id}/done", response_model=WalkInTicket, responses=_ACTION_ERRORS
)
def done(ticket_id: TicketPath, caller: _StaffAuth) -> Response:
    """Served (the handling time counts towards the estimates)."""
    return _act(caller, ticket_id, walk_in_queue.done)


@staff_router.post(
    "/tickets/{ticket_id}/no-show", response_model=WalkInTicket, responses=_ACTION_ERRORS
)
def no_show(ticket_id: TicketPath, caller: _StaffAuth) -> Response:
    """The holder did not come after being called."""
    return _act(caller, ticket_id, walk_in_queue.no_show)


@staff_router.post(
    "/tickets/{ticket_id}/transfer",
    response_model=WalkInTicket,
    responses=error_responses(
        STAFF_AUTH,
        {**_QUEUE_ERRORS, 404: "`unknown_ticket`, or `unknown_service` (not a walk-in service)"},
        INVALID,
    ),
)
def transfer(
    ticket_id: TicketPath,
    caller: _StaffAuth,
    to: Annotated[str, Query(pattern=r"^[a-z0-9_]{1,64}$", description="The walk-in service")],
) -> Response:
    """Send the ticket to another service's queue, where it waits in the place its issue time
    gives it."""
    return _act(caller, ticket_id, walk_in_queue.transfer, to)
