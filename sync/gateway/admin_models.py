"""Request and answer bodies of the admin API (the device API uses ``sync.protocol``)."""

from __future__ import annotations

import re
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kiosk_app.core.statuses import CaseStatus

_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class AdminModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EnrollmentCodeOut(AdminModel):
    code: str = Field(description="Shown once; only its hash is stored.")
    expires_at: datetime


class DeviceOut(AdminModel):
    device_id: str
    name: str
    enrolled_at: datetime
    revoked_at: datetime | None
    last_applied_seq: int
    last_seen: datetime | None


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
    status_changed_on: date | None = Field(default=None, description="Default: today")


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
    duration_minutes: int = Field(ge=5, le=480)
    working_hours: dict[str, list[tuple[str, str]]] = Field(
        description='Per weekday: {"mon": [["08:00", "12:00"], ["13:00", "15:30"]], ...}'
    )
    counters: int = Field(default=2, ge=1, le=50, description="Desks: parallel slots per time.")

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
    start: datetime = Field(description="Office-local wall time")
    end: datetime
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
    start: datetime | None = Field(description="Office-local wall time (after any move)")
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
    created_at: datetime = Field(description="When the kiosk made the paper (kiosk clock, UTC)")
    device_id: str
    device_name: str | None


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
    start: datetime = Field(description="Office-local wall time")
    end: datetime
    service: str
    case_number: str = Field(
        description="Masked (DA-****-****23-4); the full number is in GET /admin/v1/bookings?day="
    )


class ClosureAdded(ClosureOut):
    created: bool = Field(description="False: the day was closed already (reason updated)")
    affected_bookings: list[AffectedBooking] = Field(
        description="Bookings on that day, by time: none is cancelled, staff contact the residents"
    )
