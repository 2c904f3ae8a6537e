"""Sync protocol v1: the wire types shared by kiosk and gateway (DESIGN.md "Sync protocol").

Strict validation on both ends: unknown fields, wrong types and oversized pages are refused, so
bad server data is rejected whole before any of it reaches the cache.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from kiosk_app.core.statuses import CaseStatus

PROTOCOL_VERSION = 1
MAX_PAGE = 5000
DEFAULT_PAGE = 5000
MAX_COMMANDS = 100

HexKey = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Code = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,64}$")]


class WireModel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class CaseState(WireModel):
    """One case as a kiosk may hold it: no case number, name or birth date."""

    status: CaseStatus
    status_changed_on: date
    permit_type: Code
    missing_documents: list[Code] = Field(default_factory=list, max_length=40)
    next_appointment: datetime | None = None
    fiktion_valid_until: date | None = None


class Change(WireModel):
    seq: int = Field(ge=1)
    lookup_key: HexKey
    case: CaseState | None  # None: the case was removed from the kiosk dataset


class ChangesPage(WireModel):
    protocol: Literal[1] = 1
    epoch: int = Field(ge=1)
    cursor: int = Field(ge=0)
    next_cursor: int = Field(ge=0)
    has_more: bool
    server_time: datetime
    changes: list[Change] = Field(max_length=MAX_PAGE)


class EnrollRequest(WireModel):
    code: Annotated[str, StringConstraints(min_length=8, max_length=64)]
    device_name: Annotated[str, StringConstraints(min_length=1, max_length=80)]


class Enrollment(WireModel):
    device_id: str
    device_token: str
    pepper: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    epoch: int = Field(ge=1)
    server_time: datetime


class MarkDocumentsReceived(WireModel):
    """Staff at a counter tick off documents a resident handed in."""

    kind: Literal["mark_documents_received"] = "mark_documents_received"
    lookup_key: HexKey
    documents: list[Code] = Field(min_length=1, max_length=40)


class VoidCommand(WireModel):
    """Fills the sequence number of a command the gateway refused as malformed (HTTP 4xx), so
    the commands after it are not blocked; the original stays parked on the kiosk for staff."""

    kind: Literal["void"] = "void"
    reason: Annotated[str, StringConstraints(max_length=200)]


CommandPayload = Annotated[MarkDocumentsReceived | VoidCommand, Field(discriminator="kind")]


class Command(WireModel):
    seq: int = Field(ge=1)  # per device, gap-free: the gateway refuses a gap
    created_at: datetime
    payload: CommandPayload


class CommandsRequest(WireModel):
    commands: list[Command] = Field(min_length=1, max_length=MAX_COMMANDS)


class CommandResult(WireModel):
    seq: int
    outcome: Literal["applied", "duplicate", "rejected"]
    reason: str | None = None


class CommandsResponse(WireModel):
    last_applied_seq: int
    results: list[CommandResult]


class SequenceGap(WireModel):
    """409 body: the device skipped a sequence number; it must resend from ``expected_seq``."""

    error: Literal["sequence_gap"] = "sequence_gap"
    expected_seq: int


class DatasetInfo(WireModel):
    """``GET /v1/dataset`` (device auth): the current epoch and its pepper, fetched by a kiosk
    that sees a new epoch in a changes page before it resyncs."""

    epoch: int = Field(ge=1)
    pepper: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class Health(WireModel):
    status: Literal["ok"] = "ok"
    protocol: Literal[1] = 1
    epoch: int
    server_time: datetime


class ErrorBody(WireModel):
    error: str
    detail: str | None = None
