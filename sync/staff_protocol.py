"""Staff API v1 (``/staff/v1``): the wire types between a counter workstation and the gateway.

A counter is a device (enrolled with a code of kind ``counter``); the person at it signs in with
a personal account. Every staff call carries both credentials:

    Authorization: Bearer <the counter's device token>
    X-Staff-Session: <the session token from POST /staff/v1/sessions>

A session belongs to one workstation and one person, lasts at most ``expires_at`` and ends at
sign-out. Staff actions (documents received, status, check-in, no-show) are not calls here but
commands in the counter's outbox (``sync.protocol.Staff*``), pushed to ``/device/v1/commands``
and applied exactly once, so they work offline. Every read of a case and every action is in
the gateway's append-only audit log, written in the transaction of the read or write.

Errors are ``ErrorBody`` with these codes:
  401 ``wrong_credentials``  unknown user or wrong password (one answer for both)
  401 ``session_expired``    the session ended, expired, or belongs to another workstation
  401 ``unauthorized``       no or a wrong device token
  403 ``not_a_counter``      the device is not enrolled as a counter
  403 ``forbidden``          the person's role does not allow this (detail names the role)
  403 ``password_change_required``  first sign-in with the one-time password: change it first
  404 ``unknown_case`` / ``unknown_reference``
  423 ``account_locked``     too many failed sign-ins; detail is the ISO time the lock ends
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from kiosk_app.core.statuses import CaseStatus

from .protocol import (
    BookingId,
    CaseNumberText,
    Code,
    Language,
    OfficeDateTime,
    PrinterState,
    Reference,
    StaffSessionId,
    WireModel,
)

STAFF_SESSION_HEADER = "X-Staff-Session"
MAX_DAY_APPOINTMENTS = 5000

StaffRole = Literal["counter", "supervisor", "admin"]
Username = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]{0,63}$")]
Password = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class SignInRequest(WireModel):
    username: Username
    password: Password


class PasswordChange(WireModel):
    """``POST /staff/v1/password`` (device token, no session): the one-time password or the
    current one, and the new one (at least 12 characters)."""

    username: Username
    password: Password
    new_password: Annotated[str, StringConstraints(min_length=12, max_length=200)]


class StaffSession(WireModel):
    """``POST /staff/v1/sessions`` 201."""

    session_id: StaffSessionId  # named in the counter's commands; not a secret
    session_token: str  # the secret for X-Staff-Session; shown once
    username: Username
    role: StaffRole
    services: list[Code]  # the services this person serves (their "today" list)
    expires_at: datetime
    server_time: datetime


class StaffBooking(WireModel):
    booking_id: BookingId
    service: Code
    start: OfficeDateTime
    active: bool
    checked_in_at: datetime | None = None
    no_show_at: datetime | None = None


class ReceivedDocument(WireModel):
    code: Code
    received_at: datetime  # when a clerk ticked it off (the command's time)


class Printout(WireModel):
    """A paper a kiosk printed for the case (checklist or appointment confirmation)."""

    reference: Reference
    created_at: datetime
    device_name: str | None = None
    language: Language | None = None  # the resident's kiosk language; None from old kiosks
    documents: list[Code] = Field(default_factory=list, max_length=40)
    booking_id: BookingId | None = None


class StaffCase(WireModel):
    """What a clerk sees of a case (``GET /staff/v1/cases/{case_number}``). No names: the
    gateway has none."""

    case_number: CaseNumberText
    status: CaseStatus
    status_changed_on: date
    permit_type: Code
    missing_documents: list[Code] = Field(default_factory=list, max_length=40)
    received_documents: list[ReceivedDocument] = Field(default_factory=list, max_length=200)
    fiktion_valid_until: date | None = None
    bookings: list[StaffBooking] = Field(default_factory=list, max_length=50)
    printouts: list[Printout] = Field(default_factory=list, max_length=200)


class ReferenceHit(WireModel):
    """``GET /staff/v1/references/{reference}``: the scanned paper and its case."""

    printout: Printout
    case: StaffCase


class DayAppointment(WireModel):
    booking_id: BookingId
    service: Code
    start: OfficeDateTime
    case_number: CaseNumberText
    status: CaseStatus
    checked_in_at: datetime | None = None
    no_show_at: datetime | None = None


class TodayPage(WireModel):
    """``GET /staff/v1/today[?day=YYYY-MM-DD]``: the day's active appointments of the signed-in
    person's services, in start order, with the case behind each (for the counter's cache).
    Audited as one read per case."""

    day: date
    server_time: datetime
    appointments: list[DayAppointment] = Field(max_length=MAX_DAY_APPOINTMENTS)
    cases: list[StaffCase] = Field(max_length=MAX_DAY_APPOINTMENTS)


class NewStaffUser(WireModel):
    """``POST /staff/v1/users`` (an admin's session): a new account."""

    username: Username
    role: StaffRole
    services: list[Code] = Field(default_factory=list, max_length=100)  # empty: all services


class StaffAccount(WireModel):
    """An account as admins see it (never its password hash)."""

    username: Username
    role: StaffRole
    services: list[Code]
    must_change_password: bool
    locked_until: datetime | None = None
    disabled: bool = False


class NewStaffAccount(WireModel):
    """``POST /staff/v1/users`` 201: the one-time password is shown this once; the person
    changes it at first sign-in (``POST /staff/v1/password``)."""

    account: StaffAccount
    one_time_password: str


MAX_FLEET_DEVICES = 5000
DEFAULT_SILENT_MINUTES = 15


class FleetDevice(WireModel):
    """One enrolled device as the fleet view shows it (``GET /staff/v1/fleet``, supervisors
    and admins; ``kiosk-app gateway fleet --json``).

    ``kind`` is the enrollment's. ``online``: the gateway heard from it within
    ``FleetPage.online_minutes``. ``silent``: a kiosk not heard from for longer than
    ``FleetPage.silent_minutes``, ``silent_since`` its last contact (or its enrollment).
    The ``status`` fields are the device's latest own report (None: it never sent one)."""

    device_id: Annotated[str, StringConstraints(max_length=40)]
    name: Annotated[str, StringConstraints(max_length=80)]
    kind: Literal["kiosk", "counter", "display"]
    online: bool
    last_seen: datetime | None = None
    silent: bool
    silent_since: datetime | None = None
    last_sync_at: datetime | None = None
    app_version: str | None = None
    printer: PrinterState | None = None
    outbox_backlog: int | None = None
    oldest_pending_s: int | None = None
    reported_online: bool | None = None
    reported_at: datetime | None = None


class FleetPage(WireModel):
    """Every enrolled, unrevoked device: kiosks first, then counters and displays, by name."""

    server_time: datetime
    online_minutes: int
    silent_minutes: int
    devices: list[FleetDevice] = Field(max_length=MAX_FLEET_DEVICES)
