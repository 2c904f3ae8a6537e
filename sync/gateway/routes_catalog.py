"""Admin CRUD for the document catalog and the appointment services."""

from __future__ import annotations

import re

from fastapi import APIRouter, Response

from . import catalog
from .admin_models import DocumentIn, DocumentOut, ServiceIn, ServiceOut
from .database import write_transaction
from .errors import ApiError
from .routes_admin import Admin
from .tables import documents, services

router = APIRouter(prefix="/admin/v1", tags=["catalog"])
CODE = re.compile(r"^[a-z0-9_]{1,64}$")


@router.get("/documents", response_model=list[DocumentOut])
def list_documents(context: Admin) -> list[DocumentOut]:
    with context.engine.connect() as conn:
        return catalog.list_documents(conn)


@router.put("/documents/{code}", response_model=DocumentOut)
def put_document(code: str, body: DocumentIn, context: Admin, response: Response) -> DocumentOut:
    _check_code(code)
    with write_transaction(context.engine) as conn:
        created = catalog.put_document(conn, code, body)
    response.status_code = 201 if created else 200
    return DocumentOut(code=code, **body.model_dump())


@router.delete("/documents/{code}", status_code=204)
def delete_document(code: str, context: Admin) -> None:
    with write_transaction(context.engine) as conn:
        if not catalog.delete_entry(conn, documents, code):
            raise ApiError(404, "unknown_document")


@router.get("/services", response_model=list[ServiceOut])
def list_services(context: Admin) -> list[ServiceOut]:
    with context.engine.connect() as conn:
        return catalog.list_services(conn)


@router.put("/services/{code}", response_model=ServiceOut)
def put_service(code: str, body: ServiceIn, context: Admin, response: Response) -> ServiceOut:
    _check_code(code)
    with write_transaction(context.engine) as conn:
        created = catalog.put_service(conn, code, body)
    response.status_code = 201 if created else 200
    return ServiceOut(code=code, **body.model_dump())


@router.delete("/services/{code}", status_code=204)
def delete_service(code: str, context: Admin) -> None:
    with write_transaction(context.engine) as conn:
        if not catalog.delete_entry(conn, services, code):
            raise ApiError(404, "unknown_service")


def _check_code(code: str) -> None:
    if not CODE.match(code):
        raise ApiError(422, "invalid_code", "codes are lower-case letters, digits and _")
