"""The device API: enroll, pull changes, push commands, health (``sync.protocol`` v1 types)."""

from __future__ import annotations

import logging
from typing import Annotated, Any, TypeVar, overload

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, TypeAdapter, ValidationError
from starlette.requests import ClientDisconnect

from sync.protocol import (
    DEFAULT_PAGE,
    MAX_PAGE,
    CatalogSnapshot,
    ChangesPage,
    CommandsRequest,
    CommandsResponse,
    DatasetInfo,
    Enrollment,
    EnrollRequest,
    Health,
    SequenceGap,
)
from sync.snippet_protocol import ResidentSnippets

from .auth import Device, device_of_request
from .booking import BookingPolicy
from .catalog import catalog_snapshot
from .change_feed import UnknownCursor, page_json, read_changes
from .commands import SequenceGapError, apply_commands
from .context import GatewayContext, get_context
from .database import read_transaction, write_transaction
from .dataset import current_dataset
from .enrollment import CodeRefused, redeem_code
from .errors import DEVICE_AUTH, INVALID, TOO_LARGE, ApiError, error_response, error_responses
from .slots import OfficeClock
from .snippet_feed import resident_snippets

log = logging.getLogger(__name__)
router = APIRouter(prefix="/v1", tags=["device"])
Context = Annotated[GatewayContext, Depends(get_context)]
DeviceAuth = Annotated[Device, Depends(device_of_request)]
Model = TypeVar("Model", bound=BaseModel)
Value = TypeVar("Value")
MAX_BODY = 1024 * 1024

DEVICE_ERRORS = error_responses(DEVICE_AUTH)
DEVICE_BODY_ERRORS = error_responses(DEVICE_AUTH, TOO_LARGE, INVALID)


def json_body(name: str) -> dict[str, Any]:
    """OpenAPI for a body read by ``read_body``: the app adds schema ``name`` to components."""
    ref = {"$ref": f"#/components/schemas/{name}"}
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": ref}}}}


@overload
async def read_body(request: Request, model: type[Model]) -> Model: ...
@overload
async def read_body(request: Request, model: TypeAdapter[Value]) -> Value: ...


async def read_body(request: Request, model: type[BaseModel] | TypeAdapter[Any]) -> Any:
    """Validate JSON with the protocol's strict models (JSON mode: ISO dates are accepted)."""
    return parse_body(await body_bytes(request), model)


async def body_bytes(request: Request) -> bytes:
    try:
        return await request.body()
    except ClientDisconnect:  # the kiosk went away mid-request (network cut): nobody to answer
        raise ApiError(400, "client_disconnected") from None


@overload
def parse_body(body: bytes, model: type[Model]) -> Model: ...
@overload
def parse_body(body: bytes, model: TypeAdapter[Value]) -> Value: ...


def parse_body(body: bytes, model: type[BaseModel] | TypeAdapter[Any]) -> Any:
    """``read_body`` for a body already read: 413 over ``MAX_BODY``, 422 if it does not fit."""
    if len(body) > MAX_BODY:
        raise ApiError(413, "too_large", "the body is over 1 MiB")
    try:
        if isinstance(model, TypeAdapter):
            return model.validate_json(body)
        return model.model_validate_json(body)
    except ValidationError as problem:
        where = "; ".join(
            f"{'.'.join(str(part) for part in error['loc'])}: {error['type']}"
            for error in problem.errors(include_input=False)
        )
        raise ApiError(422, "invalid_request", where[:500]) from None


@router.get("/health", response_model=Health)
def health(context: Context) -> Response:
    with context.engine.connect() as conn:
        epoch = current_dataset(conn).epoch
    body = Health(epoch=epoch, server_time=context.now())
    return Response(body.model_dump_json(), media_type="application/json")


@router.post(
    "/enroll",
    response_model=Enrollment,
    responses=error_responses(
        {403: "`invalid_code`: the code is unknown, used or expired (one answer for all)"},
        TOO_LARGE,
        INVALID,
    ),
    openapi_extra=json_body("EnrollRequest"),
)
async def enroll(request: Request, context: Context) -> Response:
    payload = await read_body(request, EnrollRequest)
    return await run_in_threadpool(_enroll, context, payload)


def _enroll(context: GatewayContext, payload: EnrollRequest) -> Response:
    now = context.now()
    try:
        with write_transaction(context.engine) as conn:
            device = redeem_code(conn, payload.code, payload.device_name, now)
            ds = current_dataset(conn)
    except CodeRefused:
        log.info("enrollment refused: code unknown, used or expired")
        return error_response(403, "invalid_code", "the code is unknown, used or expired")
    log.info("device %s enrolled", device.device_id)
    body = Enrollment(
        device_id=device.device_id,
        device_token=device.device_token,
        pepper=ds.pepper.hex(),
        epoch=ds.epoch,
        server_time=now,
    )
    return Response(body.model_dump_json(), media_type="application/json")


@router.get("/dataset", response_model=DatasetInfo, responses=DEVICE_ERRORS)
def dataset_info(_device: DeviceAuth, context: Context) -> Response:
    """The current epoch and pepper, for a kiosk that saw a new epoch in a changes page."""
    with context.engine.connect() as conn:
        ds = current_dataset(conn)
    body = DatasetInfo(epoch=ds.epoch, pepper=ds.pepper.hex())
    return Response(body.model_dump_json(), media_type="application/json")


@router.get("/catalog", response_model=CatalogSnapshot, responses=DEVICE_ERRORS)
def catalog(_device: DeviceAuth, context: Context) -> Response:
    """The office's documents and services with their texts per language (admin-managed), and
    its closure days from today on."""
    now = context.now()
    settings = context.settings
    today = OfficeClock(settings.office_timezone, settings.booking_window).today(now)
    with context.engine.connect() as conn:
        body = catalog_snapshot(conn, today)
    # Without closures the field is left out: a kiosk built before it refuses unknown fields.
    unused = {"closed_days"} if not body.closed_days else None
    return Response(body.model_dump_json(exclude=unused), media_type="application/json")


@router.get("/snippets", response_model=ResidentSnippets, responses=DEVICE_ERRORS)
def snippets(_device: DeviceAuth, context: Context) -> Response:
    """The knowledge base's approved texts for residents (issue 16; ``snippet_feed``)."""
    with context.engine.connect() as conn:
        body = resident_snippets(conn, context.settings.office_data)
    return Response(body.model_dump_json(), media_type="application/json")


@router.get(
    "/changes",
    response_model=ChangesPage,
    responses=error_responses(
        DEVICE_AUTH,
        {410: "`unknown_cursor`: the cursor is beyond this dataset (never issued here): resync"},
        INVALID,
    ),
)
def changes(
    _device: DeviceAuth,
    context: Context,
    cursor: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, description=f"At most {MAX_PAGE} are sent")] = DEFAULT_PAGE,
) -> Response:
    limit = min(limit, MAX_PAGE)
    try:
        with read_transaction(context.engine) as conn:
            epoch = current_dataset(conn).epoch
            page = read_changes(conn, cursor, limit)
    except UnknownCursor:
        return error_response(410, "unknown_cursor", "cursor beyond this dataset; resync from 0")
    body = page_json(epoch, cursor, page, context.now())
    return Response(body, media_type="application/json")


@router.post(
    "/commands",
    response_model=CommandsResponse,
    responses={
        **DEVICE_BODY_ERRORS,
        409: {"model": SequenceGap, "description": "a gap in `seq`: resend from `expected_seq`"},
    },
    openapi_extra=json_body("CommandsRequest"),
)
async def commands(request: Request, device: DeviceAuth, context: Context) -> Response:
    payload = await read_body(request, CommandsRequest)
    ordered = sorted(payload.commands, key=lambda command: command.seq)
    try:
        applied = await run_in_threadpool(
            apply_commands,
            context.engine,
            device.device_id,
            ordered,
            context.now(),
            BookingPolicy.from_settings(context.settings),
        )
    except SequenceGapError as gap:
        log.info("device %s: sequence gap, expected %d", device.device_id, gap.expected_seq)
        body = SequenceGap(expected_seq=gap.expected_seq)
        return Response(body.model_dump_json(), status_code=409, media_type="application/json")
    answer = CommandsResponse(last_applied_seq=applied.last_applied_seq, results=applied.results)
    return Response(answer.model_dump_json(), media_type="application/json")
