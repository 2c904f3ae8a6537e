"""Forms on the staff API (issue 17, ``sync.form_protocol``): the inbox of forms residents
submitted at kiosks and one form in German. Counter and supervisor roles (``read_cases``); every
read is audited like a case read, in the transaction of the read: one row per case listed (a
question without a case: one row without a case number)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool

from sync.form_protocol import (
    CaseRequests,
    CaseRequestsQuery,
    FormInbox,
    FormRendition,
    FormStatus,
    FormStatusChange,
    FormSummary,
)
from sync.protocol import CODE_PATTERN

from ..auth import Device, device_of_request
from ..context import GatewayContext, get_context
from ..database import read_transaction, write_transaction
from ..errors import DEVICE_AUTH, INVALID, TOO_LARGE, ApiError, error_responses
from ..forms import case_requests, inbox, rendition, set_status
from ..references import normalise_reference
from ..routes_device import json_body, read_body
from .access import StaffCaller, staff_of_request
from .audit import record, record_many
from .routes import STAFF_AUTH

router = APIRouter(prefix="/staff/v1", tags=["staff"])
device_router = APIRouter(prefix="/v1", tags=["forms"])
StaffAuth = Annotated[StaffCaller, Depends(staff_of_request)]
ReceiptPath = Annotated[
    str, Path(max_length=40, description="The receipt number on the resident's printed receipt")
]


@router.get("/forms", response_model=FormInbox, responses=error_responses(STAFF_AUTH, INVALID))
def list_forms(
    caller: StaffAuth,
    form_id: Annotated[
        str | None,
        Query(pattern=CODE_PATTERN, description="Only this form's (e.g. `extend_permit`)"),
    ] = None,
    status: Annotated[FormStatus | None, Query(description="Only forms in this state")] = None,
) -> Response:
    """The newest submitted forms, newest received first, at most 200; filtered by form and
    state if asked (audited: one row per case listed)."""
    caller.require("read_cases", "read_forms")
    with write_transaction(caller.context.engine) as conn:
        page = inbox(conn, caller.now, form_id=form_id, status=status)
        numbers = list(dict.fromkeys(form.case_number for form in page.forms))
        record_many(conn, caller.actor, "read_forms", "allowed", numbers, detail="forms inbox")
    return Response(page.model_dump_json(), media_type="application/json")


@router.get(
    "/forms/{receipt}",
    response_model=FormRendition,
    responses=error_responses(STAFF_AUTH, {404: "`unknown_form`"}),
)
def get_form(receipt: ReceiptPath, caller: StaffAuth) -> Response:
    """One form in German: every label and chosen answer in German, exact; free text as typed,
    flagged "fremdsprachig, ggf. Übersetzung nötig" with its language (audited)."""
    caller.require("read_cases", "read_form")
    code = normalise_reference(receipt)
    with write_transaction(caller.context.engine) as conn:
        found = rendition(conn, code)
        if found is None:
            record(conn, caller.actor, "read_form", "refused", detail="unknown form")
        else:
            number = found.summary.case_number
            record(conn, caller.actor, "read_form", "allowed", case_number=number, detail=code)
    if found is None:
        raise ApiError(404, "unknown_form")
    return Response(found.model_dump_json(), media_type="application/json")


# The role is checked as a dependency, before the path's parameters and the body.
def _state_setter(caller: StaffAuth) -> StaffCaller:
    caller.require("staff_commands", "set_form_status")
    return caller


StateSetter = Annotated[StaffCaller, Depends(_state_setter)]


@router.post(
    "/forms/{receipt}/status",
    response_model=FormSummary,
    responses=error_responses(STAFF_AUTH, {404: "`unknown_form`"}, INVALID, TOO_LARGE),
    openapi_extra=json_body("FormStatusChange"),
)
async def change_form_status(
    receipt: ReceiptPath, request: Request, caller: StateSetter
) -> Response:
    """Set a form's processing state (``new``, ``in_progress``, ``done``); the form notes who
    changed it and when. Counter and supervisor roles (``staff_commands``); audited in the same
    transaction as the change."""
    change = await read_body(request, FormStatusChange)
    summary = await run_in_threadpool(_set_status, caller, normalise_reference(receipt), change)
    return Response(summary.model_dump_json(), media_type="application/json")


def _set_status(caller: StaffCaller, code: str, change: FormStatusChange) -> FormSummary:
    with write_transaction(caller.context.engine) as conn:
        summary = set_status(conn, code, change.status, caller.session.username, caller.now)
        if summary is None:
            record(conn, caller.actor, "set_form_status", "refused", detail="unknown form")
        else:
            record(
                conn,
                caller.actor,
                "set_form_status",
                "allowed",
                case_number=summary.case_number,
                detail=f"{code} {change.status}",
            )
    if summary is None:
        raise ApiError(404, "unknown_form")
    return summary


@device_router.post(
    "/forms/of-case",
    response_model=CaseRequests,
    responses=error_responses(DEVICE_AUTH, INVALID, TOO_LARGE),
    openapi_extra=json_body("CaseRequestsQuery"),
)
async def requests_of_case(
    request: Request,
    _device: Annotated[Device, Depends(device_of_request)],
    context: Annotated[GatewayContext, Depends(get_context)],
) -> Response:
    """A kiosk showing a case asks which requests it made and their state (issue 17): the form,
    when it was received, new / in progress / done; never an answer. An unknown key: none."""
    query = await read_body(request, CaseRequestsQuery)
    found = await run_in_threadpool(_requests, context, query.lookup_key)
    return Response(found.model_dump_json(), media_type="application/json")


def _requests(context: GatewayContext, lookup_key: str) -> CaseRequests:
    with read_transaction(context.engine) as conn:
        found = case_requests(conn, lookup_key)
    return CaseRequests(server_time=context.now(), requests=found)
