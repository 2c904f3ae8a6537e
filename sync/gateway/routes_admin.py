"""The admin API (admin bearer token): enrollment codes, devices, case imports and writes."""

from __future__ import annotations

import json
import logging
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import delete, func, select, update

from kiosk_app.core.case_number import CaseNumber
from kiosk_app.core.errors import KioskError

from .admin_models import (
    CaseWritten,
    DatasetOut,
    DeviceOut,
    EnrollmentCodeOut,
    ImportReport,
    ReferenceOut,
    StatusChange,
)
from .auth import require_admin
from .case_writes import CaseNotFoundError, remove_case, set_status
from .context import GatewayContext, get_context
from .database import read_transaction, write_transaction
from .dataset import rotate_pepper
from .enrollment import create_code
from .errors import ApiError
from .import_runner import ImportInput, run_import
from .imports import ImportFormatError
from .references import find_reference
from .tables import cases, devices, slot_leases

log = logging.getLogger(__name__)


def admin_context(
    request: Request, context: Annotated[GatewayContext, Depends(get_context)]
) -> GatewayContext:
    require_admin(request, context.settings.admin_token)
    return context


Admin = Annotated[GatewayContext, Depends(admin_context)]
router = APIRouter(prefix="/admin/v1", tags=["admin"])

_IMPORT_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "text/csv": {"schema": {"type": "string", "format": "binary"}},
            "application/json": {"schema": {"type": "array", "items": {"type": "object"}}},
        },
    }
}


@router.post("/enrollment-codes", response_model=EnrollmentCodeOut, status_code=201)
def new_enrollment_code(context: Admin) -> EnrollmentCodeOut:
    with write_transaction(context.engine) as conn:
        issued = create_code(conn, context.now(), context.settings.enrollment_code_ttl)
    log.info("enrollment code created")
    return EnrollmentCodeOut(code=issued.code, expires_at=issued.expires_at)


@router.get("/devices", response_model=list[DeviceOut])
def list_devices(context: Admin) -> list[DeviceOut]:
    with context.engine.connect() as conn:
        rows = conn.execute(select(devices).order_by(devices.c.enrolled_at)).all()
    return [DeviceOut.model_validate(row, from_attributes=True) for row in rows]


@router.post("/devices/{device_id}/revoke", response_model=DeviceOut)
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


@router.post("/imports", response_model=ImportReport, openapi_extra=_IMPORT_BODY)
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


@router.put("/cases/{case_number}/status", response_model=CaseWritten)
def put_status(case_number: str, change: StatusChange, context: Admin) -> CaseWritten:
    number = _case_number(case_number)
    changed_on = change.status_changed_on or context.now().date()
    try:
        with write_transaction(context.engine) as conn:
            seq = set_status(conn, number, change.status, changed_on)
    except CaseNotFoundError:
        raise ApiError(404, "unknown_case") from None
    log.info("case status set (change %d)", seq)
    return CaseWritten(change_seq=seq)


@router.delete("/cases/{case_number}", response_model=CaseWritten)
def delete_case(case_number: str, context: Admin) -> CaseWritten:
    """Take a case out of the kiosk dataset; kiosks receive a tombstone."""
    number = _case_number(case_number)
    try:
        with write_transaction(context.engine) as conn:
            seq = remove_case(conn, number)
    except CaseNotFoundError:
        raise ApiError(404, "unknown_case") from None
    log.info("case removed (change %d)", seq)
    return CaseWritten(change_seq=seq)


@router.post("/rotate-pepper", response_model=DatasetOut)
def rotate(context: Admin) -> DatasetOut:
    """New pepper and epoch; every case is re-keyed and re-sequenced, kiosks resync."""
    with write_transaction(context.engine) as conn:
        ds = rotate_pepper(conn, context.now())
        count = conn.execute(select(func.count()).select_from(cases)).scalar_one()
    log.info("pepper rotated, epoch now %d", ds.epoch)
    return DatasetOut(epoch=ds.epoch, cases=count)


@router.get("/references/{reference}", response_model=ReferenceOut)
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
