"""The staff API (``/staff/v1``, ``sync.staff_protocol``): sign-in, sign-out and password at a
counter; audited case reads; account management for admins. Cases are read only through
``case_view.audited_cases``, in a transaction that writes their audit rows first."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Connection, select

from kiosk_app.core.case_number import CaseNumber
from kiosk_app.core.errors import KioskError
from sync.staff_protocol import (
    NewStaffAccount,
    NewStaffUser,
    PasswordChange,
    ReferenceHit,
    SignInRequest,
    StaffAccount,
    StaffCase,
    StaffSession,
    TodayPage,
)

from ..admin_models import IsoDay
from ..database import write_transaction
from ..errors import INVALID, TOO_LARGE, ApiError, error_responses
from ..references import normalise_reference
from ..routes_admin import CaseNumberPath
from ..routes_device import json_body, read_body
from ..slots import OfficeClock
from ..tables import services
from .access import Counter, StaffCaller, counter_of_request, staff_of_request
from .accounts import (
    AccountError,
    StaffUser,
    create_user,
    find_user,
    set_password,
    sign_in_checked,
    unlock,
)
from .audit import Actor, record
from .case_view import (
    audited_case,
    audited_cases,
    day_appointment,
    day_appointments,
    reference_case,
)
from .sessions import end_session, open_session

log = logging.getLogger(__name__)
router = APIRouter(prefix="/staff/v1", tags=["staff"])
CounterAuth = Annotated[Counter, Depends(counter_of_request)]
StaffAuth = Annotated[StaffCaller, Depends(staff_of_request)]

COUNTER_AUTH = {
    401: "`unauthorized` (no or unknown device token) or `device_revoked`",
    403: "`not_a_counter`: the device is not enrolled as a counter",
}
SIGN_IN_ERRORS = {
    401: "`wrong_credentials` (unknown user or wrong password: one answer), `unauthorized` "
    "(device token) or `device_revoked`",
    403: "`not_a_counter`, or `password_change_required` (first sign-in: POST /staff/v1/password)",
    423: "`account_locked`: too many failed sign-ins; the detail is the ISO time the lock ends",
}
STAFF_AUTH = {
    401: "`unauthorized` or `device_revoked` (device token), or `session_expired` (the session "
    "ended, expired, or belongs to another workstation)",
    403: "`not_a_counter`, or `forbidden`: the person's role does not allow this (the detail "
    "names the role)",
}
_ERROR_CODES = {
    "wrong_credentials": 401,
    "password_change_required": 403,
    "account_locked": 423,
}
ReferencePath = Annotated[
    str, Path(max_length=40, description="The code under a kiosk paper's QR code, as scanned")
]
UsernamePath = Annotated[str, Path(pattern=r"^[a-z0-9][a-z0-9._-]{0,63}$")]


def _account_error(problem: AccountError) -> ApiError:
    return ApiError(_ERROR_CODES.get(problem.code, 422), problem.code, problem.detail)


# --- signing in and out ---------------------------------------------------------------------


@router.post(
    "/sessions",
    response_model=StaffSession,
    status_code=201,
    responses=error_responses(SIGN_IN_ERRORS, TOO_LARGE, INVALID),
    openapi_extra=json_body("SignInRequest"),
)
async def sign_in(request: Request, counter: CounterAuth) -> Response:
    """Sign a person in at this counter: a session bound to it, for
    ``GatewaySettings.staff_session_ttl`` (8 h) or until sign-out."""
    payload = await read_body(request, SignInRequest)
    session = await run_in_threadpool(_sign_in, counter, payload)
    return Response(session.model_dump_json(), status_code=201, media_type="application/json")


def _sign_in(counter: Counter, payload: SignInRequest) -> StaffSession:
    context = counter.context
    actor = Actor(payload.username, counter.device.device_id, counter.now)

    def start(conn: Connection, user: StaffUser) -> StaffSession:
        opened = open_session(
            conn,
            user.username,
            counter.device.device_id,
            counter.now,
            context.settings.staff_session_ttl,
        )
        return StaffSession(
            session_id=opened.session_id,
            session_token=opened.token,
            username=user.username,
            role=user.role,  # type: ignore[arg-type]  # checked by the table's constraint
            services=list(user.services) or _all_services(conn),
            expires_at=opened.expires_at,
            server_time=counter.now,
        )

    try:
        session = sign_in_checked(
            context.engine, actor, payload.username, payload.password, "sign_in", start
        )
    except AccountError as problem:
        raise _account_error(problem) from None
    log.info("staff signed in at device %s", counter.device.device_id)
    return session


def _all_services(conn: Connection) -> list[str]:
    return list(conn.execute(select(services.c.code).order_by(services.c.code)).scalars())


@router.post(
    "/password",
    status_code=204,
    responses=error_responses(SIGN_IN_ERRORS, TOO_LARGE, INVALID),
    openapi_extra=json_body("PasswordChange"),
)
async def change_password(request: Request, counter: CounterAuth) -> Response:
    """Change one's password with the current (or one-time) one; no session needed."""
    payload = await read_body(request, PasswordChange)
    if payload.new_password == payload.password:
        raise ApiError(422, "invalid_request", "new_password: the same as the current one")
    await run_in_threadpool(_change_password, counter, payload)
    return Response(status_code=204)


def _change_password(counter: Counter, payload: PasswordChange) -> None:
    actor = Actor(payload.username, counter.device.device_id, counter.now)
    try:
        sign_in_checked(
            counter.context.engine,
            actor,
            payload.username,
            payload.password,
            "change_password",
            lambda conn, user: set_password(conn, user.username, payload.new_password),
            allow_must_change=True,
        )
    except AccountError as problem:
        raise _account_error(problem) from None


@router.delete("/sessions/current", status_code=204, responses=error_responses(STAFF_AUTH))
def sign_out(caller: StaffAuth) -> Response:
    with write_transaction(caller.context.engine) as conn:
        end_session(conn, caller.session.session_id, caller.now)
        record(conn, caller.actor, "sign_out", "allowed")
    return Response(status_code=204)


# --- audited reads ----------------------------------------------------------------------------


@router.get(
    "/cases/{case_number}",
    response_model=StaffCase,
    responses=error_responses(
        STAFF_AUTH,
        {404: "`unknown_case`"},
        {422: "`invalid_case_number` (the check digit is wrong), or `invalid_request`"},
    ),
)
def get_case(case_number: CaseNumberPath, caller: StaffAuth) -> Response:
    """A case for the clerk (audited: one row per read)."""
    caller.require("read_cases", "read_case")
    try:
        number = CaseNumber.parse(case_number).canonical
    except KioskError:
        raise ApiError(422, "invalid_case_number") from None
    with write_transaction(caller.context.engine) as conn:
        case = audited_case(conn, caller.actor, number, "read_case")
    if case is None:
        raise ApiError(404, "unknown_case")
    return Response(case.model_dump_json(), media_type="application/json")


@router.get(
    "/references/{reference}",
    response_model=ReferenceHit,
    responses=error_responses(STAFF_AUTH, {404: "`unknown_reference` (not registered yet)"}),
)
def get_reference(reference: ReferencePath, caller: StaffAuth) -> Response:
    """A scanned kiosk paper and its case (the case read is audited)."""
    caller.require("read_cases", "read_reference")
    code = normalise_reference(reference)
    with write_transaction(caller.context.engine) as conn:
        found = reference_case(conn, code)
        if found is None:
            record(conn, caller.actor, "read_reference", "refused", detail="unknown reference")
            case = None
        else:
            case = audited_case(conn, caller.actor, found[1], "read_reference", code)
    if found is None or case is None:
        raise ApiError(404, "unknown_reference")
    hit = ReferenceHit(printout=found[0], case=case)
    return Response(hit.model_dump_json(), media_type="application/json")


@router.get(
    "/today",
    response_model=TodayPage,
    responses=error_responses(STAFF_AUTH, INVALID),
)
def today(caller: StaffAuth, day: IsoDay | None = None) -> Response:
    """The day's active appointments of the person's services (office-local day, default
    today), in start order, with each case (audited: one row per case)."""
    caller.require("read_cases", "read_today")
    settings = caller.context.settings
    day = day or OfficeClock(settings.office_timezone, settings.booking_window).today(caller.now)
    with write_transaction(caller.context.engine) as conn:
        rows = day_appointments(conn, day, caller.session.services)
        read = audited_cases(
            conn, caller.actor, [number for _, number in rows], "read_today", day.isoformat()
        )
    page = TodayPage(
        day=day,
        server_time=caller.now,
        appointments=[day_appointment(row, read[number]) for row, number in rows if number in read],
        cases=list(read.values()),
    )
    return Response(page.model_dump_json(), media_type="application/json")


# --- accounts (admins) --------------------------------------------------------------------


def account(user: StaffUser) -> StaffAccount:
    return StaffAccount(
        username=user.username,
        role=user.role,  # type: ignore[arg-type]
        services=list(user.services),
        must_change_password=user.must_change_password,
        locked_until=user.locked_until,
        disabled=user.disabled_at is not None,
    )


@router.post(
    "/users",
    response_model=NewStaffAccount,
    status_code=201,
    responses=error_responses(
        STAFF_AUTH,
        {409: "`user_exists`"},
        TOO_LARGE,
        {422: "`unknown_service` (not in the catalog) or `invalid_request`"},
    ),
    openapi_extra=json_body("NewStaffUser"),
)
async def new_user(request: Request, caller: StaffAuth) -> Response:
    """A new account with a one-time password, shown in this answer only."""
    caller.require("manage_staff", "create_user")
    payload = await read_body(request, NewStaffUser)
    created = await run_in_threadpool(_new_user, caller, payload)
    return Response(created.model_dump_json(), status_code=201, media_type="application/json")


def _new_user(caller: StaffCaller, payload: NewStaffUser) -> NewStaffAccount:
    with write_transaction(caller.context.engine) as conn:
        unknown = set(payload.services) - set(_all_services(conn))
        if unknown:
            raise ApiError(422, "unknown_service", "services: not in the catalog")
        try:
            secret = create_user(
                conn, caller.actor, payload.username, payload.role, payload.services
            )
        except AccountError as problem:
            raise ApiError(409, problem.code, problem.detail) from None
        user = find_user(conn, payload.username)
    assert user is not None
    return NewStaffAccount(account=account(user), one_time_password=secret)


@router.post(
    "/users/{username}/unlock",
    response_model=StaffAccount,
    responses=error_responses(STAFF_AUTH, {404: "`unknown_user`"}, INVALID),
)
def unlock_user(username: UsernamePath, caller: StaffAuth) -> Response:
    """End a lock-out after failed sign-ins."""
    caller.require("manage_staff", "unlock_user")
    with write_transaction(caller.context.engine) as conn:
        done = unlock(conn, caller.actor, username)
        user = find_user(conn, username)
    if not done or user is None:
        raise ApiError(404, "unknown_user")
    return Response(account(user).model_dump_json(), media_type="application/json")
