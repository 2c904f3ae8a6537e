"""The device API: enroll, pull changes, push commands, health (``sync.protocol`` v1 types)."""

from __future__ import annotations

import logging
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ValidationError

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
    ErrorBody,
    Health,
    SequenceGap,
)

from .auth import authenticate_device
from .booking import BookingPolicy
from .catalog import catalog_snapshot
from .change_feed import UnknownCursor, page_json, read_changes
from .commands import SequenceGapError, apply_commands
from .context import GatewayContext, get_context
from .database import read_transaction, write_transaction
from .dataset import current_dataset
from .enrollment import CodeRefused, redeem_code
from .errors import ApiError, error_response

log = logging.getLogger(__name__)
router = APIRouter(prefix="/v1", tags=["device"])
Context = Annotated[GatewayContext, Depends(get_context)]
Model = TypeVar("Model", bound=BaseModel)
MAX_BODY = 1024 * 1024

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "unauthorized or device_revoked"},
    422: {"model": ErrorBody, "description": "invalid_request"},
}


def json_body(model: type[BaseModel]) -> dict[str, Any]:
    """OpenAPI for a body read by ``read_body`` (the app adds the schema to components)."""
    ref = {"$ref": f"#/components/schemas/{model.__name__}"}
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": ref}}}}


async def read_body(request: Request, model: type[Model]) -> Model:
    """Validate JSON with the protocol's strict models (JSON mode: ISO dates are accepted)."""
    return parse_body(await request_body(request), model)


async def request_body(request: Request) -> bytes:
    """The raw body, read in the event loop (the one place every device route reads it)."""
    return await request.body()


def parse_body(body: bytes, model: type[Model]) -> Model:
    """``read_body`` for a body already read (e.g. validated in a worker thread)."""
    if len(body) > MAX_BODY:
        raise ApiError(413, "too_large")
    try:
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
    responses={403: {"model": ErrorBody, "description": "invalid_code"}, **_ERRORS},
    openapi_extra=json_body(EnrollRequest),
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


@router.get("/dataset", response_model=DatasetInfo, responses=_ERRORS)
def dataset_info(request: Request, context: Context) -> Response:
    """The current epoch and pepper, for a kiosk that saw a new epoch in a changes page."""
    authenticate_device(request, context.engine, context.now())
    with context.engine.connect() as conn:
        ds = current_dataset(conn)
    body = DatasetInfo(epoch=ds.epoch, pepper=ds.pepper.hex())
    return Response(body.model_dump_json(), media_type="application/json")


@router.get("/catalog", response_model=CatalogSnapshot, responses=_ERRORS)
def catalog(request: Request, context: Context) -> Response:
    """The office's documents and services with their texts per language (admin-managed)."""
    authenticate_device(request, context.engine, context.now())
    with context.engine.connect() as conn:
        body = catalog_snapshot(conn)
    return Response(body.model_dump_json(), media_type="application/json")


@router.get(
    "/changes",
    response_model=ChangesPage,
    responses={
        410: {"model": ErrorBody, "description": "unknown_cursor: resync from 0"},
        **_ERRORS,
    },
)
def changes(
    request: Request,
    context: Context,
    cursor: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1)] = DEFAULT_PAGE,
) -> Response:
    authenticate_device(request, context.engine, context.now())
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
    responses={409: {"model": SequenceGap, "description": "resend from expected_seq"}, **_ERRORS},
    openapi_extra=json_body(CommandsRequest),
)
async def commands(request: Request, context: Context) -> Response:
    # One hop to a worker thread per request: each costs a noticeable share of the CPU.
    return await run_in_threadpool(_commands, request, await request_body(request), context)


def _commands(request: Request, body: bytes, context: GatewayContext) -> Response:
    device = authenticate_device(request, context.engine, context.now())
    payload = parse_body(body, CommandsRequest)
    ordered = sorted(payload.commands, key=lambda command: command.seq)
    try:
        applied = apply_commands(
            context.engine,
            device.device_id,
            ordered,
            context.now(),
            BookingPolicy.from_settings(context.settings),
        )
    except SequenceGapError as gap:
        log.info("device %s: sequence gap, expected %d", device.device_id, gap.expected_seq)
        gap_body = SequenceGap(expected_seq=gap.expected_seq)
        return Response(gap_body.model_dump_json(), status_code=409, media_type="application/json")
    answer = CommandsResponse(last_applied_seq=applied.last_applied_seq, results=applied.results)
    return Response(answer.model_dump_json(), media_type="application/json")
