"""Errors answered as ``protocol.ErrorBody``; details never contain personal data."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import JSONResponse

from sync.protocol import ErrorBody


class ApiError(Exception):
    def __init__(self, status_code: int, error: str, detail: str | None = None) -> None:
        super().__init__(error)
        self.status_code = status_code
        self.error = error
        self.detail = detail


def error_response(status_code: int, error: str, detail: str | None = None) -> JSONResponse:
    body = ErrorBody(error=error, detail=detail)
    return JSONResponse(body.model_dump(mode="json"), status_code=status_code)


async def handle_api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status_code == 401 else None
    response = error_response(exc.status_code, exc.error, exc.detail)
    if headers:
        response.headers.update(headers)
    return response
