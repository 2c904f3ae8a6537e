"""Admin CRUD for the document catalog and the appointment services."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Path, Response

from . import catalog
from .admin_models import DocumentIn, DocumentOut, ServiceIn, ServiceOut
from .database import write_transaction
from .errors import ADMIN_AUTH, INVALID, ApiError, error_responses
from .routes_admin import ADMIN_ERRORS, Admin
from .tables import documents, services

router = APIRouter(prefix="/admin/v1", tags=["catalog"])
CODE_PATTERN = r"^[a-z0-9_]{1,64}$"
CODE = re.compile(CODE_PATTERN)
# Documented, and checked by ``_check_code`` (422 ``invalid_code``) rather than by FastAPI.
CodePath = Annotated[str, Path(json_schema_extra={"pattern": CODE_PATTERN})]
_PUT_ERRORS = error_responses(
    ADMIN_AUTH, INVALID, {422: "`invalid_code` (the path's code) or `invalid_request`"}
)


@router.get("/documents", response_model=list[DocumentOut], responses=ADMIN_ERRORS)
def list_documents(context: Admin) -> list[DocumentOut]:
    with context.engine.connect() as conn:
        return catalog.list_documents(conn)


@router.put(
    "/documents/{code}",
    response_model=DocumentOut,
    responses={
        201: {"model": DocumentOut, "description": "Created (200: replaced)"},
        **_PUT_ERRORS,
    },
)
def put_document(
    code: CodePath, body: DocumentIn, context: Admin, response: Response
) -> DocumentOut:
    _check_code(code)
    with write_transaction(context.engine) as conn:
        created = catalog.put_document(conn, code, body)
    response.status_code = 201 if created else 200
    return DocumentOut(code=code, **body.model_dump())


@router.delete(
    "/documents/{code}",
    status_code=204,
    responses=error_responses(ADMIN_AUTH, {404: "`unknown_document`"}),
)
def delete_document(code: CodePath, context: Admin) -> None:
    with write_transaction(context.engine) as conn:
        if not catalog.delete_entry(conn, documents, code):
            raise ApiError(404, "unknown_document")


@router.get("/services", response_model=list[ServiceOut], responses=ADMIN_ERRORS)
def list_services(context: Admin) -> list[ServiceOut]:
    with context.engine.connect() as conn:
        return catalog.list_services(conn)


@router.put(
    "/services/{code}",
    response_model=ServiceOut,
    responses={201: {"model": ServiceOut, "description": "Created (200: replaced)"}, **_PUT_ERRORS},
)
def put_service(code: CodePath, body: ServiceIn, context: Admin, response: Response) -> ServiceOut:
    _check_code(code)
    with write_transaction(context.engine) as conn:
        created = catalog.put_service(conn, code, body)
    response.status_code = 201 if created else 200
    return ServiceOut(code=code, **body.model_dump())


@router.delete(
    "/services/{code}",
    status_code=204,
    responses=error_responses(ADMIN_AUTH, {404: "`unknown_service`"}),
)
def delete_service(code: CodePath, context: Admin) -> None:
    with write_transaction(context.engine) as conn:
        if not catalog.delete_entry(conn, services, code):
            raise ApiError(404, "unknown_service")


def _check_code(code: str) -> None:
    if not CODE.match(code):
        raise ApiError(422, "invalid_code", "codes are lower-case letters, digits and _")
