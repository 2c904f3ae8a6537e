"""``create_app(settings)``: the gateway as a FastAPI application.

FastAPI because the wire types are pydantic models already shared with the kiosk
(``sync.protocol``), it publishes the OpenAPI document for free, and Starlette underneath is a
small, well-tested ASGI core that uvicorn serves directly.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from pydantic import BaseModel, TypeAdapter
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sync.form_protocol import CaseRequestsQuery, FormStatusChange
from sync.protocol import (
    BOOKING_REQUEST,
    PROTOCOL_VERSION,
    CommandsRequest,
    DeviceStatusReport,
    EnrollRequest,
    LeaseRequest,
)
from sync.snippet_protocol import SnippetApproval, SnippetTextIn
from sync.staff_protocol import NewStaffUser, PasswordChange, SignInRequest

from . import (
    routes_admin,
    routes_booking,
    routes_catalog,
    routes_closures,
    routes_device,
    routes_walk_in,
)
from .catalog import seed_catalog
from .change_feed import lock_feed
from .context import GatewayContext
from .database import make_engine, upgrade, write_transaction
from .dataset import ensure_dataset
from .errors import ApiError, error_response, handle_api_error, handle_http_error
from .fleet import routes as fleet_routes
from .serving import serving
from .settings import GatewaySettings
from .staff import form_routes, snippet_routes
from .staff import routes as staff_routes

log = logging.getLogger("sync.gateway.access")
# Bodies read raw and validated strictly as JSON (``routes_device.read_body``), by their name
# in the document. ``BookingRequest`` is the union of book, move and cancel it is on the wire.
_BODY_MODELS: dict[str, type[BaseModel] | TypeAdapter[Any]] = {
    "EnrollRequest": EnrollRequest,
    "CommandsRequest": CommandsRequest,
    "BookingRequest": BOOKING_REQUEST,
    "LeaseRequest": LeaseRequest,
    "DeviceStatusReport": DeviceStatusReport,
    "SignInRequest": SignInRequest,
    "PasswordChange": PasswordChange,
    "NewStaffUser": NewStaffUser,
    "SnippetTextIn": SnippetTextIn,
    "SnippetApproval": SnippetApproval,
    "FormStatusChange": FormStatusChange,
    "CaseRequestsQuery": CaseRequestsQuery,
}


def create_app(settings: GatewaySettings) -> FastAPI:
    """Migrate the database (unless told not to), seed the dataset and catalog, build the app."""
    if settings.migrate_on_start:
        upgrade(settings.db_url)
    engine = make_engine(settings.db_url)
    with write_transaction(engine) as conn:
        lock_feed(conn)  # processes starting together on PostgreSQL: one creates, the others find
        ensure_dataset(conn, settings.clock().astimezone(UTC))
        seed_catalog(conn)
    context = GatewayContext(settings, engine)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            with serving(engine, settings.db_url):  # a restore refuses to run under it
                yield
        finally:
            engine.dispose()

    app = FastAPI(
        title="Kiosk back-office gateway",
        version=f"{PROTOCOL_VERSION}.0",
        description="Sync protocol v1 for kiosks (/v1), the staff API for counters (/staff/v1) "
        "and the office's admin API (/admin/v1).",
        lifespan=lifespan,
    )
    app.state.gateway = context
    app.add_exception_handler(ApiError, handle_api_error)
    app.add_exception_handler(HTTPException, handle_http_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_middleware(AccessLog)
    app.include_router(routes_device.router)
    app.include_router(routes_admin.router)
    app.include_router(routes_catalog.router)
    app.include_router(routes_booking.router)
    app.include_router(routes_booking.admin_router)
    app.include_router(routes_closures.router)
    app.include_router(staff_routes.router)
    app.include_router(fleet_routes.device_router)
    app.include_router(fleet_routes.staff_router)
    app.include_router(routes_walk_in.admin_router)
    app.include_router(routes_walk_in.device_router)
    app.include_router(routes_walk_in.staff_router)
    app.include_router(snippet_routes.router)
    app.include_router(form_routes.router)
    app.include_router(form_routes.device_router)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


async def _invalid_request(_request: Request, exc: Exception) -> JSONResponse:
    # FastAPI's default echoes the input, which may be personal data: name places, not values.
    assert isinstance(exc, RequestValidationError)
    where = "; ".join(
        f"{'.'.join(str(part) for part in error['loc'])}: {error['type']}" for error in exc.errors()
    )
    return error_response(422, "invalid_request", where[:500])


class AccessLog:
    """Route templates only (``/admin/v1/cases/{case_number}/status``): no case numbers in logs.

    A plain ASGI middleware: Starlette's ``BaseHTTPMiddleware`` runs every request through an
    extra task and memory streams, a noticeable share of a booking's CPU time.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # unless the application answers
        answered = False

        async def send_noting_status(message: Message) -> None:
            nonlocal status, answered
            if message["type"] == "http.response.start":
                status = int(message["status"])
                answered = True
            await send(message)

        try:
            await self.app(scope, receive, send_noting_status)
        except Exception as problem:
            # A bug or a database failure (an audit row that cannot be written, say): a plain
            # 500 that names no value; the log has the exception's type only (values may be
            # personal data).
            log.error("internal error: %s", type(problem).__name__)
            if answered:
                raise
            await error_response(500, "internal_error")(scope, receive, send)
        finally:
            path = getattr(scope.get("route"), "path", "<unmatched>")
            elapsed = (time.perf_counter() - started) * 1000
            log.info("%s %s %d %.1fms", scope["method"], path, status, elapsed)


def _openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    _validation_errors_as_sent(schema)
    _schemes_together(schema)
    ref_template = "#/components/schemas/{model}"
    for name, model in _BODY_MODELS.items():
        if isinstance(model, TypeAdapter):
            body = model.json_schema(ref_template=ref_template)
        else:
            body = model.model_json_schema(ref_template=ref_template)
        components.update(body.pop("$defs", {}))
        components[name] = body
    app.openapi_schema = schema
    return schema


def _schemes_together(schema: dict[str, Any]) -> None:
    """FastAPI lists a route's security schemes as alternatives; a staff route needs both the
    counter's device token and the person's session, so they form one requirement."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            security = operation.get("security")
            if security and len(security) > 1:
                operation["security"] = [{name: [] for need in security for name in need}]


def _validation_errors_as_sent(schema: dict[str, Any]) -> None:
    """FastAPI documents its own 422 body on routes that declare none; ``_invalid_request``
    answers ``ErrorBody`` instead, so the document says that."""
    fastapi_422 = {"$ref": "#/components/schemas/HTTPValidationError"}
    ours = {"$ref": "#/components/schemas/ErrorBody"}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            answer = operation.get("responses", {}).get("422")
            if answer and answer["content"]["application/json"]["schema"] == fastapi_422:
                answer["description"] = (
                    "`invalid_request`: a parameter does not match this document"
                )
                answer["content"]["application/json"]["schema"] = ours
    components = schema.get("components", {}).get("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
