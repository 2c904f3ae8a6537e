"""Admin API for office closure days (``closures.py``): list, close a day, open it again."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from . import closures
from .admin_models import ClosureAdded, ClosureIn, ClosureOut, IsoDay
from .database import read_transaction, write_transaction
from .errors import ADMIN_AUTH, INVALID, ApiError, error_responses
from .routes_admin import ADMIN_INPUT_ERRORS, Admin
from .slots import OfficeClock

log = logging.getLogger(__name__)
router = APIRouter(prefix="/admin/v1", tags=["closures"])


Day = Annotated[IsoDay, Path(description="Office-local day, YYYY-MM-DD")]


@router.get("/closures", response_model=list[ClosureOut], responses=ADMIN_INPUT_ERRORS)
def list_closures(
    context: Admin,
    since: Annotated[
        IsoDay | None,
        Query(alias="from", description="Office-local day, YYYY-MM-DD; default today"),
    ] = None,
) -> list[ClosureOut]:
    """Closure days from ``from`` on, by day (public holidays need no entry and are not listed,
    but a closure on one names it)."""
    settings = context.settings
    first = since or OfficeClock(settings.office_timezone, settings.booking_window).today(
        context.now()
    )
    with read_transaction(context.engine) as conn:
        return closures.list_closures(conn, settings.office_state, first)


@router.put(
    "/closures/{day}",
    response_model=ClosureAdded,
    responses={
        201: {"model": ClosureAdded, "description": "Closed now (200: it was closed already)"},
        **ADMIN_INPUT_ERRORS,
    },
)
def put_closure(day: Day, body: ClosureIn, context: Admin, response: Response) -> ClosureAdded:
    """Close the office on ``day``: no slot, lease or new booking on it from now on (kiosks
    learn it with their catalog). Bookings already made stay and are listed in the answer:
    contact those residents. 201 when the day was not closed before."""
    with write_transaction(context.engine) as conn:
        added = closures.add_closure(
            conn, day, body.reason.strip(), context.settings.office_state, context.now()
        )
    response.status_code = 201 if added.created else 200
    return added


@router.delete(
    "/closures/{day}",
    status_code=204,
    responses=error_responses(ADMIN_AUTH, {404: "`unknown_closure`"}, INVALID),
)
def delete_closure(day: Day, context: Admin) -> None:
    """Open ``day`` again (a public holiday stays closed)."""
    with write_transaction(context.engine) as conn:
        if not closures.remove_closure(conn, day):
            raise ApiError(404, "unknown_closure")
    log.info("closure day removed")
