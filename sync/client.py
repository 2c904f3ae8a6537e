"""The kiosk's HTTP client for the gateway: httpx, timeouts on every request, TLS always
verified, bounded response size, and every failure turned into one of a few typed errors."""

from __future__ import annotations

import functools
import ipaddress
import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

import httpx
from pydantic import BaseModel, ValidationError

from sync import protocol
from sync.snippet_protocol import ResidentSnippets
from sync.walk_in_protocol import WalkInBoard, WalkInLeases, WalkInTicket

MAX_RESPONSE_BYTES = 8 * 1024 * 1024
DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)

Model = TypeVar("Model", bound=BaseModel)


class GatewayError(Exception):
    """Base: the sync engine decides from the subtype whether to retry, resync or park."""


class GatewayUnreachable(GatewayError):
    """Network error, timeout, or a 5xx: retry later with backoff."""


class GatewayNotReached(GatewayUnreachable):
    """No connection could be made (refused, no route, connect timeout): the request was never
    sent, so nothing happened at the gateway. A booking can safely fall back to a lease."""


class BadServerData(GatewayError):
    """Malformed, truncated, oversized or ill-typed answer: nothing of it is applied."""


class DeviceUnauthorized(GatewayError):
    """401: token revoked or unknown. The kiosk keeps serving its cache and says it is offline."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class UnknownCursor(GatewayError):
    """410: the gateway no longer knows our cursor: full resync."""


class SequenceGap(GatewayError):
    def __init__(self, expected_seq: int) -> None:
        super().__init__(f"gateway expects command {expected_seq}")
        self.expected_seq = expected_seq


class CommandRefused(GatewayError):
    """Another 4xx for a command batch: the batch itself is malformed for this gateway."""


@dataclass(frozen=True)
class TlsOptions:
    ca_bundle: Path | None = None  # the office's CA; default: the system's trust store


def _is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@functools.cache
def verify_context(tls: TlsOptions) -> ssl.SSLContext:
    """Built once per CA choice: loading the trust store costs tens of milliseconds."""
    context = ssl.create_default_context(cafile=str(tls.ca_bundle) if tls.ca_bundle else None)
    context.check_hostname = True
    context.verify_mode = ssl.CERT_REQUIRED
    return context


class GatewayClient:
    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        tls: TlsOptions | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
    ) -> None:
        if not base_url.startswith("https://") and not _is_loopback(base_url):
            raise ValueError("the gateway must be reached over https (plain http: loopback only)")
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"),
            headers=headers,
            timeout=timeout,
            verify=verify_context(tls or TlsOptions()),
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> GatewayClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- endpoints ---------------------------------------------------------------------------
    def enroll(self, code: str, device_name: str) -> protocol.Enrollment:
        body = protocol.EnrollRequest(code=code, device_name=device_name)
        return self._call("POST", "/v1/enroll", protocol.Enrollment, body)

    def changes(self, cursor: int, limit: int = protocol.DEFAULT_PAGE) -> protocol.ChangesPage:
        return parse_page(self.changes_raw(cursor, limit))

    def changes_raw(self, cursor: int, limit: int = protocol.DEFAULT_PAGE) -> bytes:
        """The page's body, checked for transport and HTTP errors but not yet validated: a
        prefetching thread waits on the network here without holding the GIL for parsing."""
        params = {"cursor": cursor, "limit": limit}
        return self._request("GET", "/v1/changes", params=params)

    def dataset(self) -> protocol.DatasetInfo:
        return self._call("GET", "/v1/dataset", protocol.DatasetInfo)

    def send_commands(self, commands: list[protocol.Command]) -> protocol.CommandsResponse:
        body = protocol.CommandsRequest(commands=commands)
        return self._call("POST", "/v1/commands", protocol.CommandsResponse, body)

    def book(self, request: protocol.BookingRequest) -> protocol.BookingOutcome:
        """``POST /v1/bookings``: book, move or cancel online. A refusal is an outcome, not an
        error (also when the gateway sends it with a 4xx status)."""
        return self._call(
            "POST", "/v1/bookings", protocol.BookingOutcome, request, outcome_on_4xx=True
        )

    def free_slots(self) -> protocol.FreeSlots:
        """``GET /v1/slots``: the bookable slots neither booked nor leased, for the calendar."""
        return self._call("GET", "/v1/slots", protocol.FreeSlots)

    def leases(self, keep: list[str]) -> protocol.LeaseGrant:
        """``POST /v1/leases`` (after the outbox is drained): renew ``keep``, release the other
        untaken leases, and receive every lease this device now holds."""
        body = protocol.LeaseRequest(keep=keep)
        return self._call("POST", "/v1/leases", protocol.LeaseGrant, body)

    def snippets(self) -> ResidentSnippets:
        """``GET /v1/snippets``: the knowledge base's approved texts for residents."""
        return self._call("GET", "/v1/snippets", ResidentSnippets)

    def catalog(self) -> protocol.CatalogSnapshot:
        """``GET /v1/catalog``: the office's documents and services with their texts."""
        return self._call("GET", "/v1/catalog", protocol.CatalogSnapshot)

    def walk_in_board(self) -> WalkInBoard:
        """``GET /v1/walk-in``: the walk-in services now (open, quota left, waiting, estimate)."""
        return self._call("GET", "/v1/walk-in", WalkInBoard)

    def walk_in_leases(self) -> WalkInLeases:
        """``POST /v1/walk-in/leases`` (after the outbox is drained): this kiosk's ticket leases
        for today, topped up."""
        return self._call("POST", "/v1/walk-in/leases", WalkInLeases)

    def walk_in_ticket(self, ticket_id: str) -> WalkInTicket:
        """``GET /v1/walk-in/tickets/{ticket_id}``: a ticket this kiosk's command issued (its
        number); ``CommandRefused`` (404 ``unknown_ticket``) while the gateway has none."""
        return self._call("GET", f"/v1/walk-in/tickets/{ticket_id}", WalkInTicket)

    def health(self) -> protocol.Health:
        return self._call("GET", "/v1/health", protocol.Health)

    def report_status(self, report: protocol.DeviceStatusReport) -> None:
        """``PUT /v1/device-status``: this device's own state, for the fleet view."""
        self._request("PUT", "/v1/device-status", report)

    # -- one request, every failure typed ---------------------------------------------------
    def _call(
        self,
        method: str,
        path: str,
        model: type[Model],
        body: BaseModel | None = None,
        params: dict[str, int] | None = None,
        *,
        outcome_on_4xx: bool = False,
    ) -> Model:
        if not outcome_on_4xx:
            return _parse(model, self._request(method, path, body, params))
        try:
            return _parse(model, self._request(method, path, body, params, raw_4xx=True))
        except _ClientErrorBody as refused:
            try:
                return model.model_validate_json(refused.raw)
            except ValidationError:
                raise CommandRefused(f"HTTP {refused.status}: {refused.code}") from None

    def _request(
        self,
        method: str,
        path: str,
        body: BaseModel | None = None,
        params: dict[str, int] | None = None,
        raw_4xx: bool = False,
    ) -> bytes:
        content = body.model_dump_json().encode() if body is not None else None
        headers = {"Content-Type": "application/json"} if content is not None else {}
        try:
            with self._http.stream(
                method, path, content=content, params=params, headers=headers
            ) as response:
                raw = self._read_bounded(response)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as error:
            raise GatewayNotReached(type(error).__name__) from error
        except httpx.HTTPError as error:  # read, timeout, reset mid-body, protocol
            raise GatewayUnreachable(type(error).__name__) from error
        status = response.status_code
        if status >= 500:
            raise GatewayUnreachable(f"HTTP {status}")
        if status == 401:
            raise DeviceUnauthorized(_error_code(raw) or "unauthorized")
        if raw_4xx and 400 <= status < 500:
            raise _ClientErrorBody(status, raw)
        if status == 410:
            raise UnknownCursor()
        if status == 409:
            try:
                gap = protocol.SequenceGap.model_validate_json(raw)
            except ValidationError as error:
                raise BadServerData("409 without a sequence gap body") from error
            raise SequenceGap(gap.expected_seq)
        if status >= 400:
            raise CommandRefused(f"HTTP {status}: {_error_code(raw) or 'refused'}")
        return raw

    @staticmethod
    def _read_bounded(response: httpx.Response) -> bytes:
        declared = response.headers.get("Content-Length")
        if declared is not None and declared.isdigit() and int(declared) > MAX_RESPONSE_BYTES:
            raise BadServerData("response too large")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > MAX_RESPONSE_BYTES:
                raise BadServerData("response too large")
            chunks.append(chunk)
        return b"".join(chunks)


class _ClientErrorBody(Exception):
    """A 4xx whose body the caller may read as an outcome (bookings)."""

    def __init__(self, status: int, raw: bytes) -> None:
        super().__init__(status)
        self.status, self.raw = status, raw
        self.code = _error_code(raw) or "refused"


def _parse(model: type[Model], raw: bytes) -> Model:
    try:
        return model.model_validate_json(raw)
    except ValidationError as error:
        raise BadServerData(f"{model.__name__}: {error.error_count()} problems") from error


def parse_page(raw: bytes) -> protocol.ChangesPage:
    """Validate a changes page whole (strict): bad data is refused before any of it is used."""
    return _parse(protocol.ChangesPage, raw)


def parse_page_data(raw: bytes) -> protocol.ChangesPageData:
    """``parse_page`` for the sync engine: the same strict checks, plain dicts as the result
    (``protocol.ChangesPageData``); bad data is refused whole."""
    try:
        return protocol.CHANGES_PAGE_DATA.validate_json(raw)
    except ValidationError as error:
        raise BadServerData(f"ChangesPage: {error.error_count()} problems") from error


def _error_code(raw: bytes) -> str | None:
    try:
        return protocol.ErrorBody.model_validate_json(raw).error
    except ValidationError:
        return None
