"""The admin API (admin bearer token): enrollment codes, devices, case imports and writes."""

from __future__ import annotations

import json
import logging
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import delete, func, select, update

from kiosk_app.core.case_number import DEFAULT_PREFIX, CaseNumber
from kiosk_app.core.errors import KioskError

from .admin_models import (
    CaseWritten,
    DatasetOut,
    DeviceOut,
    EnrollmentCodeOut,
    EnrollmentCodeRequest,
    ImportReport,
    ReferenceOut,
    StatusChange,
)
from .auth import admin_context
from .case_writes import CaseNotFoundError, remove_case, set_status
from .context import GatewayContext
from .database import read_transaction, write_transaction
from .dataset import rotate_pepper
from .enrollment import create_code
from .errors import ADMIN_AUTH, INVALID, ApiError, error_responses
from .import_runner import ImportInput, run_import
from .imports import ImportFormatError
from .references import find_reference
from .tables import cases, devices, slot_leases

log = logging.getLogger(__name__)


Admin = Annotated[GatewayContext, Depends(admin_context)]
router = APIRouter(prefix="/admin/v1", tags=["admin"])
ADMIN_ERRORS = error_responses(ADMIN_AUTH)
ADMIN_INPUT_ERRORS = error_responses(ADMIN_AUTH, INVALID)

_COLUMNS = (
    "Columns (German or English names): Aktenzeichen/case_number, Geburtsdatum/birth_date, "
    "Status/status, Aufenthaltstitel/permit_type (required); Statusdatum/status_changed_on, "
    "Fehlende Unterlagen/missing_documents, Termin/next_appointment, "
    "Fiktionsbescheinigung bis/fiktion_valid_until, "
    "Aufenthaltstitel gültig bis/permit_valid_until. A row with a bad value is reported in "
    "`rejected` (its number and field, never the value); the others are imported."
)
_IMPORT_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": _COLUMNS,
        "content": {
            "text/csv": {
                "schema": {
                    "type": "string",
                    "description": "A header line naming at least the required columns, then "
                    "one case per line; `;` or `,`; UTF-8 (BOM optional) or Windows-1252",
                }
            },
            "application/json": {
                "schema": {
                    "type": "array",
                    # Not ``"type": "object"``: any other item is a row reported in
                    # ``rejected`` ("row: not an object"), not a refused request.
                    "items": {"description": "One case: an object keyed by column name"},
                }
            },
        },
    }
}
# The lenient shape people type (spaces, dots, dashes, O for 0); the last digit is a check digit
# (Damm), which a pattern cannot check: a number that fails it is 422 invalid_case_number.
CASE_NUMBER_PATTERN = r"^[ ._-]*(?:[Dd][ ._-]*[Aa][ ._-]*)?(?:[0-9OoQqIiLl][ ._-]*){11}$"
CaseNumberPath = Annotated[
    str,
    Path(
        description="DA-YYYY-NNNNNN-C as typed (spaces, dots, dashes; O for 0); C is a check digit",
        json_schema_extra={"pattern": CASE_NUMBER_PATTERN},
        examples=[CaseNumber(DEFAULT_PREFIX, 2026, 123).canonical],
    ),
]
_CASE_ERRORS = error_responses(
    ADMIN_AUTH,
    {404: "`unknown_case`"},
    {422: "`invalid_case_number` (the check digit is wrong), or `invalid_request`"},
)


@router.post(
    "/enrollment-codes",
    response_model=EnrollmentCodeOut,
    status_code=201,
    responses=ADMIN_INPUT_ERRORS,
)
def new_enrollment_code(
    context: Admin, body: EnrollmentCodeRequest | None = None
) -> EnrollmentCodeOut:
    """A one-time code; ``{"kind": "counter"}`` enrolls a counter workstation, ``{"kind":
    "display"}`` a waiting room's call display (default kiosk)."""
    kind = body.kind if body is not None else "kiosk"
    with write_transaction(context.engine) as conn:
        issued = create_code(conn, context.now(), context.settings.enrollment_code_ttl, kind)
    log.info("enrollment code created (%s)", kind)
    return EnrollmentCodeOut(code=issued.code, expires_at=issued.expires_at, kind=kind)


@router.get("/devices", response_model=list[DeviceOut], responses=ADMIN_ERRORS)
def list_devices(context: Admin) -> list[DeviceOut]:
    with context.engine.connect() as conn:
        rows = conn.execute(select(devices).order_by(devices.c.enrolled_at)).all()
    return [DeviceOut.model_validate(row, from_attributes=True) for row in rows]


@router.post(
    "/devices/{device_id}/revoke",
    response_model=DeviceOut,
    responses=error_responses(ADMIN_AUTH, {404: "`unknown_device`"}),
)
def revoke_device(device_id: str, context: Admin) -> DeviceOut:
    with write_transaction(context.engine) as conn:
        conn.execute(
            update(devices)
            .where(devices.c.device_id == device_id, devices.c.revoked_at.is_(None))
            .values(revoked_at=context.now())
        )
        # Its leases go back on sale now: a revoked kiosk can no longer sync offline bookings.
        conn.execute(delete(slot_leases).where(slot_leases.c.device_id == device_id))
        row = conn.execute(select(devices).where(devices.c.device_id == device_id)).first()
    if row is None:
        raise ApiError(404, "unknown_device")
    log.info("device %s revoked", device_id)
    return DeviceOut.model_validate(row, from_attributes=True)


@router.post(
    "/imports",
    response_model=ImportReport,
    openapi_extra=_IMPORT_BODY,
    responses=error_responses(
        ADMIN_AUTH,
        {413: "`too_large`: split the export into smaller batches"},
        {415: "`unsupported_media_type`: send text/csv or application/json"},
        {
            422: "`unreadable_import` (empty, a required column missing, JSON that is not a "
            "list) or `invalid_json`"
        },
    ),
)
async def import_cases(request: Request, context: Admin) -> ImportReport:
    body = await request.body()
    if len(body) > context.settings.max_import_bytes:
        raise ApiError(413, "too_large", "split the export into smaller batches")
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind in ("text/csv", "application/csv", "text/plain"):
        source = ImportInput(csv=body)
    elif kind == "application/json":
        try:
            source = ImportInput(json_rows=json.loads(body))
        except ValueError:
            raise ApiError(422, "invalid_json") from None
    else:
        raise ApiError(415, "unsupported_media_type", "send text/csv or application/json")
    try:
        return await run_in_threadpool(run_import, context.engine, source, context.now())
    except ImportFormatError as problem:
        raise ApiError(422, "unreadable_import", str(problem)) from None


@router.put("/cases/{case_number}/status", response_model=CaseWritten, responses=_CASE_ERRORS)
def put_status(case_number: CaseNumberPath, change: StatusChange, context: Admin) -> CaseWritten:
    number = _case_number(case_number)
    changed_on = change.status_changed_on or context.now().date()
    try:
        with write_transaction(context.engine) as conn:
            seq = set_status(conn, number, change.status, changed_on)
    except CaseNotFoundError:
        raise ApiError(404, "unknown_case") from None
    log.info("case status set (change %d)", seq)
    return CaseWritten(change_seq=seq)


@router.delete("/cases/{case_number}", response_model=CaseWritten, responses=_CASE_ERRORS)
def delete_case(case_number: CaseNumberPath, context: Admin) -> CaseWritten:
    """Take a case out of the kiosk dataset; kiosks receive a tombstone."""
    number = _case_number(case_number)
    try:
        with write_transaction(context.engine) as conn:
            seq = remove_case(conn, number)
    except CaseNotFoundError:
        raise ApiError(404, "unknown_case") from None
    log.info("case removed (change %d)", seq)
    return CaseWritten(change_seq=seq)


@router.post("/rotate-pepper", response_model=DatasetOut, responses=ADMIN_ERRORS)
def rotate(context: Admin) -> DatasetOut:
    """New pepper and epoch; every case is re-keyed and re-sequenced, kiosks resync."""
    with write_transaction(context.engine) as conn:
        ds = rotate_pepper(conn, context.now())
        count = conn.execute(select(func.count()).select_from(cases)).scalar_one()
    log.info("pepper rotated, epoch now %d", ds.epoch)
    return DatasetOut(epoch=ds.epoch, cases=count)


@router.get(
    "/references/{reference}",
    response_model=ReferenceOut,
    responses=error_responses(ADMIN_AUTH, {404: "`unknown_reference` (not registered yet)"}),
)
def get_reference(reference: str, context: Admin) -> ReferenceOut:
    """A scanned kiosk paper: its case, the status now, the documents and appointment on it."""
    with read_transaction(context.engine) as conn:
        found = find_reference(conn, reference)
    if found is None:
        raise ApiError(404, "unknown_reference")
    log.info("reference looked up")
    return found


def _case_number(text: str) -> str:
    try:
        return CaseNumber.parse(text).canonical
    except KioskError:
        raise ApiError(422, "invalid_case_number") from None
