"""Errors answered as ``protocol.ErrorBody``; details never contain personal data.

Every status a route can answer is declared in the OpenAPI document with ``error_responses``,
so a client generated from the document knows them (the fuzz test holds the routes to it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.routing import Match

from sync.protocol import ErrorBody


class ApiError(Exception):
    def __init__(self, status_code: int, error: str, detail: str | None = None) -> None:
        super().__init__(error)
        self.status_code = status_code
        self.error = error
        self.detail = detail


# The statuses most routes share; each route adds its own (404 ``unknown_...``, 413, 415, 201).
DEVICE_AUTH = {401: "`unauthorized` (no or unknown device token) or `device_revoked`"}
ADMIN_AUTH = {
    401: "`unauthorized`: no or wrong admin token, or the admin API is off",
    403: "`forbidden`: a person's staff session was presented; the admin API is the "
    "machine's (staff accounts: /staff/v1)",
}
INVALID = {
    422: "`invalid_request`: a parameter or the body does not match this document "
    "(the detail names the place and the problem, never the value)"
}
TOO_LARGE = {413: "`too_large`: the body is over the size limit"}


def error_responses(*groups: dict[int, str]) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a route: each status with its ``error`` codes, as ``ErrorBody``."""
    merged: dict[int, str] = {}
    for group in groups:
        merged.update(group)
    return {
        status: {"model": ErrorBody, "description": description}
        for status, description in sorted(merged.items())
    }


def error_response(
    status_code: int,
    error: str,
    detail: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    body = ErrorBody(error=error, detail=detail)
    return JSONResponse(body.model_dump(mode="json"), status_code=status_code, headers=headers)


async def handle_api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status_code == 401 else None
    return error_response(exc.status_code, exc.error, exc.detail, headers)


_HTTP_ERRORS = {404: "not_found", 405: "method_not_allowed"}


async def handle_http_error(request: Request, exc: Exception) -> JSONResponse:
    """Starlette's and FastAPI's own refusals, in the gateway's ``ErrorBody`` like every other.

    A 405 lists in ``Allow`` every method of the path, not only those of the first route that
    matched it (``PUT`` and ``DELETE /admin/v1/documents/{code}`` are two routes). A body
    FastAPI cannot decode (not UTF-8) is a malformed body like any other: 422."""
    assert isinstance(exc, HTTPException)
    if exc.status_code == 405:
        allowed = _allowed_methods(request)
        return error_response(405, "method_not_allowed", headers={"Allow": ", ".join(allowed)})
    if exc.status_code == 400:
        return error_response(422, "invalid_request", "body: unreadable")
    error = _HTTP_ERRORS.get(exc.status_code, "http_error")
    return error_response(exc.status_code, error, headers=exc.headers)


def _allowed_methods(request: Request) -> list[str]:
    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _scope = route.matches(request.scope)
        if match != Match.NONE:
            methods.update(getattr(route, "methods", None) or ())
    return sorted(methods)
