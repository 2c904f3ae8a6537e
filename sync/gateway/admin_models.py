"""Request and answer bodies of the admin API (the device API uses ``sync.protocol``)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_validator,
)

from kiosk_app.core.statuses import CaseStatus
from sync.protocol import JsonInteger, OfficeDateTime

from .database import as_utc

_TIME_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d$"
_TIME = re.compile(_TIME_PATTERN)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# An instant, always sent with its offset (UTC): SQLite hands stored instants back naive.
UtcDateTime = Annotated[datetime, AfterValidator(as_utc)]


def _iso_day(value: object) -> object:
    # pydantic's ``date`` also reads 0 as 1970-01-01 and a midnight timestamp as its day; a day
    # is what the document says, YYYY-MM-DD.
    if isinstance(value, date) or (isinstance(value, str) and _DAY.match(value)):
        return value
    raise ValueError("a day is written YYYY-MM-DD")


IsoDay = Annotated[date, BeforeValidator(_iso_day)]
# FastAPI validates admin bodies from parsed JSON in pydantic's lax mode, which reads "20" as
# 20: the document says integer, so an integer it is (20 or 20.0, as JSON Schema has it).
WholeNumber = JsonInteger
_SPAN = {
    "type": "array",
    "items": {"type": "string", "pattern": _TIME_PATTERN},
    "minItems": 2,
    "maxItems": 2,
    "description": "[start, end] in office-local HH:MM; start must be before end",
}
WorkingHours = Annotated[
    dict[str, list[tuple[str, str]]],
    WithJsonSchema(
        {
            "type": "object",
            "properties": {day: {"type": "array", "items": _SPAN} for day in WEEKDAYS},
            "additionalProperties": False,
        }
    ),
]


class AdminModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EnrollmentCodeRequest(AdminModel):
    """Optional body of ``POST /admin/v1/enrollment-codes``: the kind of device it enrolls."""

    kind: Literal["kiosk", "counter", "display"] = "kiosk"


class EnrollmentCodeOut(AdminModel):
    code: str = Field(description="Shown once; only its hash is stored.")
    expires_at: UtcDateTime
    kind: Literal["kiosk", "counter", "display"] = "kiosk"


class DeviceOut(AdminModel):
    device_id: str
    name: str
    enrolled_at: UtcDateTime
    revoked_at: UtcDateTime | None
    last_applied_seq: int
    last_seen: UtcDateTime | None
    kind: Literal["kiosk", "counter", "display"] = "kiosk"


class RejectedRow(AdminModel):
    row: int = Field(description="CSV: spreadsheet row (header = 1). JSON: position from 1.")
    reason: str = Field(description="Field name and problem; never the value itself.")


class ImportReport(AdminModel):
    received: int
    inserted: int
    updated: int
    unchanged: int
    rejected: list[RejectedRow]


class StatusChange(AdminModel):
    status: CaseStatus
    status_changed_on: IsoDay | None = Field(default=None, description="Default: today")


class CaseWritten(AdminModel):
    change_seq: int


class DatasetOut(AdminModel):
    epoch: int
    cases: int


class DocumentIn(AdminModel):
    names: dict[str, str] = Field(description='By language: {"de": "...", "en": "..."}')
    explanations: dict[str, str] = Field(default_factory=dict)


class DocumentOut(DocumentIn):
    code: str


class ServiceIn(AdminModel):
    names: dict[str, str]
    duration_minutes: WholeNumber = Field(ge=5, le=480)
    working_hours: WorkingHours = Field(
        description='Per weekday: {"mon": [["08:00", "12:00"], ["13:00", "15:30"]], ...}'
    )
    counters: WholeNumber = Field(
        default=2, ge=1, le=50, description="Desks: parallel slots per time."
    )

    @field_validator("working_hours")
    @classmethod
    def _hours(cls, value: dict[str, list[tuple[str, str]]]) -> dict[str, list[tuple[str, str]]]:
        for day, spans in value.items():
            if day not in WEEKDAYS:
                raise ValueError(f"unknown weekday {day!r}; use {', '.join(WEEKDAYS)}")
            for start, end in spans:
                if not (_TIME.match(start) and _TIME.match(end)) or start >= end:
                    raise ValueError(f"{day}: spans are HH:MM pairs with start before end")
        return value


class ServiceOut(ServiceIn):
    code: str


class BookingOut(AdminModel):
    """One appointment of the day, for staff (names the case number: admin only)."""

    booking_id: str
    start: OfficeDateTime
    end: OfficeDateTime
    service: str
    slot_id: str
    case_number: str
    source: str = Field(description="online (kiosk, answered at once) or offline (a command)")
    device_id: str | None
    closed: str | None = Field(
        default=None,
        description="Set when the office is closed that day (public holiday or closure day): "
        "the holiday's name or the closure's reason. The booking stands: contact the resident.",
    )


class PrintedBookingOut(AdminModel):
    """The appointment a confirmation was printed for, as it stands now."""

    booking_id: str
    service: str | None = Field(description="None: the gateway never received this booking")
    start: OfficeDateTime | None = Field(description="After any move; None: never received")
    active: bool = Field(description="False: cancelled since (or never received)")


class ReferenceOut(AdminModel):
    """What staff see when they scan the QR code of a kiosk paper (admin only: names the case)."""

    reference: str
    case_number: str
    status: CaseStatus = Field(description="The case's status now")
    status_changed_on: date
    missing_documents: list[str] = Field(description="Still missing now (catalog codes)")
    in_kiosk_dataset: bool = Field(description="False: the case was removed from the kiosks")
    documents: list[str] = Field(description="Documents listed on the paper (catalog codes)")
    booking: PrintedBookingOut | None = Field(description="The appointment it confirms, if any")
    created_at: UtcDateTime = Field(description="When the kiosk made the paper (kiosk clock)")
    device_id: str
    device_name: str | None
    language: str | None = Field(
        default=None, description="The resident's kiosk language; null from older kiosks"
    )


class ClosureIn(AdminModel):
    reason: str = Field(default="", max_length=200, description="For staff, e.g. Betriebsausflug")


class ClosureOut(AdminModel):
    """A closure day staff entered (public holidays need none: they come from the library)."""

    day: date = Field(description="Office-local")
    reason: str
    public_holiday: str | None = Field(description="The state's public holiday that day, if any")


class AffectedBooking(AdminModel):
    """An active booking on a day that was just closed: it stands until staff move or cancel it."""

    booking_id: str
    start: OfficeDateTime
    end: OfficeDateTime
    service: str
    case_number: str = Field(
        description="Masked (DA-****-****23-4); the full number is in GET /admin/v1/bookings?day="
    )


class ClosureAdded(ClosureOut):
    created: bool = Field(description="False: the day was closed already (reason updated)")
    affected_bookings: list[AffectedBooking] = Field(
        description="Bookings on that day, by time: none is cancelled, staff contact the residents"
    )
