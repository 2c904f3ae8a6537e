"""Sync protocol v1: the wire types shared by kiosk and gateway (DESIGN.md "Sync protocol").

Strict validation on both ends: unknown fields, wrong types and oversized pages are refused, so
bad server data is rejected whole before any of it reaches the cache.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal, NotRequired

from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    TypeAdapter,
    WithJsonSchema,
    model_validator,
    with_config,
)
from typing_extensions import TypedDict  # pydantic needs this one before Python 3.12

from kiosk_app.core.reference import REFERENCE_PATTERN
from kiosk_app.core.statuses import CaseStatus

PROTOCOL_VERSION = 1
MAX_PAGE = 5000
DEFAULT_PAGE = 5000
MAX_COMMANDS = 100

HexKey = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
CODE_PATTERN = r"^[a-z0-9_]{1,64}$"
Code = Annotated[str, StringConstraints(pattern=CODE_PATTERN)]
# ``kiosk_app.core.booking.Slot.slot_id``: service, office-local start, counter.
SlotId = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9_]{1,64}@\d{4}-\d{2}-\d{2}T\d{2}:\d{2}#\d{1,3}$")
]
# Chosen by the kiosk (uuid4 hex) before it first sends a booking, so a retry is recognised.
BookingId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")]
# The code on a printed checklist or appointment confirmation (``core.reference.new_reference``).
Reference = Annotated[str, StringConstraints(pattern=REFERENCE_PATTERN)]
MAX_FREE_SLOTS = 20000
MAX_LEASES = 500
MAX_CATALOG_DOCUMENTS = 500
MAX_CATALOG_SERVICES = 100
MAX_CATALOG_LANGUAGES = 40
MAX_CATALOG_TEXT = 300
MAX_CLOSED_DAYS = 366
# Language of a catalog text: "de", "en", "zh_Hans" (the kiosk's language codes).
Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(_[A-Za-z]{2,8})?$")]
CatalogText = Annotated[str, StringConstraints(min_length=1, max_length=MAX_CATALOG_TEXT)]


def _integral(value: object) -> object:
    # JSON Schema counts 5.0 as the integer 5 (a client may send it so); a strict int refuses it.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# An integer in a request body, as JSON Schema defines one: 5 or 5.0, never "5" or true.
JsonInteger = Annotated[int, BeforeValidator(_integral), Strict()]
# An appointment's time as the office's clock shows it (``Slot.start``): a wall time without an
# offset, which kiosks read as such. Not RFC 3339 ``date-time`` (that needs an offset), so the
# document says what is sent; giving it an offset now would break kiosks already deployed.
LOCAL_DATE_TIME_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$"
OfficeDateTime = Annotated[
    datetime,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": LOCAL_DATE_TIME_PATTERN,
            "description": "Office-local wall time (Europe/Berlin by default), without an offset",
            "examples": ["2026-03-11T08:30:00"],
        }
    ),
]


class WireModel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class BookingInfo(WireModel):
    """An active appointment of a case, as the kiosk shows it (move and cancel need the id)."""

    booking_id: BookingId
    service: Code
    start: OfficeDateTime  # naive, like ``Slot.start``


class CaseState(WireModel):
    """One case as a kiosk may hold it: no case number, name or birth date."""

    status: CaseStatus
    status_changed_on: date
    permit_type: Code
    missing_documents: list[Code] = Field(default_factory=list, max_length=40)
    next_appointment: OfficeDateTime | None = None
    fiktion_valid_until: date | None = None
    permit_valid_until: date | None = None  # the permit's end ("Aufenthaltstitel gültig bis")
    bookings: list[BookingInfo] = Field(default_factory=list, max_length=20)


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


# The same page as plain dicts, for the kiosk's pull (``sync.client.parse_page_data``): the
# checks are those of the models above (strict, unknown fields refused, same patterns and
# limits; a test keeps the JSON schemas equal), without building two model objects per change
# (a 100,000-case initial sync validates 100,000 changes). Absent optional fields stay absent.
_DATA_CONFIG = ConfigDict(extra="forbid", strict=True)


@with_config(_DATA_CONFIG)
class BookingInfoData(TypedDict):
    booking_id: BookingId
    service: Code
    start: OfficeDateTime


@with_config(_DATA_CONFIG)
class CaseStateData(TypedDict):
    status: CaseStatus
    status_changed_on: date
    permit_type: Code
    missing_documents: NotRequired[Annotated[list[Code], Field(max_length=40)]]
    next_appointment: NotRequired[OfficeDateTime | None]
    fiktion_valid_until: NotRequired[date | None]
    permit_valid_until: NotRequired[date | None]
    bookings: NotRequired[Annotated[list[BookingInfoData], Field(max_length=20)]]


@with_config(_DATA_CONFIG)
class ChangeData(TypedDict):
    seq: Annotated[int, Field(ge=1)]
    lookup_key: HexKey
    case: CaseStateData | None


@with_config(_DATA_CONFIG)
class ChangesPageData(TypedDict):
    protocol: NotRequired[Literal[1]]
    epoch: Annotated[int, Field(ge=1)]
    cursor: Annotated[int, Field(ge=0)]
    next_cursor: Annotated[int, Field(ge=0)]
    has_more: bool
    server_time: datetime
    changes: Annotated[list[ChangeData], Field(max_length=MAX_PAGE)]


CHANGES_PAGE_DATA: TypeAdapter[ChangesPageData] = TypeAdapter(ChangesPageData)


class EnrollRequest(WireModel):
    code: Annotated[str, StringConstraints(min_length=8, max_length=64)]
    device_name: Annotated[str, StringConstraints(min_length=1, max_length=80)]


class Enrollment(WireModel):
    device_id: str
    device_token: str
    pepper: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    epoch: int = Field(ge=1)
    server_time: datetime


def _kind_required(schema: dict[str, Any]) -> None:
    # ``kind`` has a default so Python code need not repeat it, but the union below is decided
    # by it: on the wire every command payload names its kind.
    required = schema.setdefault("required", [])
    if "kind" not in required:
        required.insert(0, "kind")


class _CommandPayload(WireModel):
    model_config = ConfigDict(json_schema_extra=_kind_required)


class MarkDocumentsReceived(_CommandPayload):
    """Staff at a counter tick off documents a resident handed in."""

    kind: Literal["mark_documents_received"] = "mark_documents_received"
    lookup_key: HexKey
    documents: list[Code] = Field(min_length=1, max_length=40)


class BookSlot(_CommandPayload):
    """A booking the kiosk made offline from a slot leased to it: already final for the
    resident, so the gateway honours it while the lease is this device's."""

    kind: Literal["book_slot"] = "book_slot"
    booking_id: BookingId
    lookup_key: HexKey
    slot_id: SlotId


class MoveBooking(_CommandPayload):
    """Offline move of a booking to a slot leased to this kiosk."""

    kind: Literal["move_booking"] = "move_booking"
    booking_id: BookingId
    lookup_key: HexKey
    slot_id: SlotId


class CancelBooking(_CommandPayload):
    kind: Literal["cancel_booking"] = "cancel_booking"
    booking_id: BookingId
    lookup_key: HexKey


def booking_command(
    action: str, booking_id: str, lookup_key: bytes, slot_id: str | None
) -> BookSlot | MoveBooking | CancelBooking:
    """The outbox command for a booking action (``book``, ``move``, ``cancel``) decided
    offline, or sent again as a command."""
    key = lookup_key.hex()
    if action == "book":
        return BookSlot(booking_id=booking_id, lookup_key=key, slot_id=slot_id or "")
    if action == "move":
        return MoveBooking(booking_id=booking_id, lookup_key=key, slot_id=slot_id or "")
    return CancelBooking(booking_id=booking_id, lookup_key=key)


class RegisterReference(_CommandPayload):
    """A case-bound paper was made at the kiosk: its reference (the QR code), the documents on
    it and the appointment it confirms, so staff who scan it can look the case up. The gateway
    finds the case from the key; the paper's case number and birth date never travel."""

    kind: Literal["register_reference"] = "register_reference"
    reference: Reference
    lookup_key: HexKey
    documents: list[Code] = Field(default_factory=list, max_length=40)
    booking_id: BookingId | None = None
    # The language the resident used at the kiosk: the counter's receipt of documents is printed
    # in German and in it. Absent from kiosks of earlier versions.
    language: Language | None = None


# A staff sign-in at a counter (``sync.staff_protocol.StaffSession.session_id``). A counter's
# command names the session it was made in: the gateway accepts it when that session belonged to
# this workstation and was open at the command's ``created_at`` (so actions queued offline still
# count after the session ended), and audits it under that person.
StaffSessionId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")]
CaseNumberText = Annotated[str, StringConstraints(min_length=1, max_length=32)]


class StaffMarkDocuments(_CommandPayload):
    """A clerk received documents at the counter. Received documents only grow: a repeat or a
    document no longer missing changes nothing and is never a conflict."""

    kind: Literal["staff_mark_documents"] = "staff_mark_documents"
    session_id: StaffSessionId
    case_number: CaseNumberText
    documents: list[Code] = Field(min_length=1, max_length=40)


class StaffSetStatus(_CommandPayload):
    """A clerk changed a case's status. ``expected_status`` is the status the clerk saw: when
    the gateway's differs (changed meanwhile by someone else or by an import), the command is
    rejected with ``status_changed`` and the counter shows the clerk what happened."""

    kind: Literal["staff_set_status"] = "staff_set_status"
    session_id: StaffSessionId
    case_number: CaseNumberText
    status: CaseStatus
    expected_status: CaseStatus


class StaffCheckIn(_CommandPayload):
    """The resident of an active booking has arrived at the counter."""

    kind: Literal["staff_check_in"] = "staff_check_in"
    session_id: StaffSessionId
    booking_id: BookingId


class StaffNoShow(_CommandPayload):
    """The resident of an active booking did not come."""

    kind: Literal["staff_no_show"] = "staff_no_show"
    session_id: StaffSessionId
    booking_id: BookingId


class StaffCaseViewed(_CommandPayload):
    """A clerk opened a case from the counter's own cache while the gateway was unreachable:
    the audit log gets the read when the command arrives."""

    kind: Literal["staff_case_viewed"] = "staff_case_viewed"
    session_id: StaffSessionId
    case_number: CaseNumberText


# One figure of anonymous usage (``kiosk_app.core.usage_events``): dimensions are words of a
# closed vocabulary, checked again at the gateway (``check_count``) before anything is stored.
UsageWord = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_+-]{0,32}$")]
MAX_USAGE_COUNTS = 500


class UsageFigure(WireModel):
    hour: datetime  # UTC, whole hour
    kind: UsageWord
    language: Annotated[str, StringConstraints(pattern=r"^([a-z]{2,3}(_[A-Za-z]{2,8})?)?$")] = ""
    service: UsageWord = ""
    outcome: UsageWord = ""
    status: UsageWord = ""
    bucket: UsageWord = ""
    detail: UsageWord = ""
    count: JsonInteger = Field(ge=0, le=1_000_000)
    value_sum: float = Field(default=0.0, ge=0, le=1e12)


class ReportUsage(_CommandPayload):
    """Counts a device added up (per hour and dimensions) since its last report: anonymous,
    delivered exactly once through the outbox; the gateway adds them into ``usage_hourly``."""

    kind: Literal["report_usage"] = "report_usage"
    counts: list[UsageFigure] = Field(min_length=1, max_length=MAX_USAGE_COUNTS)


# A walk-in ticket (issue 15), chosen by the kiosk (uuid4 hex) before it first sends it.
TicketId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")]
MAX_ESTIMATE_MINUTES = 24 * 60


class IssueWalkInTicket(_CommandPayload):
    """A resident took a walk-in ticket at a kiosk. No personal data: the service, the language
    chosen (the call is announced in it), whether the case counted as urgent (judged at the kiosk
    from the case data, ``kiosk_app.core.walk_in.is_urgent``) and the wait estimate the kiosk
    showed, in minutes. The gateway numbers it (``GET /v1/walk-in/tickets/{ticket_id}``) or
    rejects it: ``unknown_service``, ``office_closed``, ``walk_in_closed``, ``quota_exhausted``.

    Issued offline from a ticket lease (``sync.walk_in_protocol.WalkInLease``) it also carries
    the lease, the number the kiosk gave it and the kiosk's instant of issue: the gateway judges
    it at that instant within the lease (never "closed" for arriving late), or rejects it with
    ``unknown_lease``, ``outside_lease`` or ``number_taken``."""

    kind: Literal["issue_walk_in_ticket"] = "issue_walk_in_ticket"
    ticket_id: TicketId
    service: Code
    language: Language
    urgent: bool = False
    estimate_low: JsonInteger = Field(ge=0, le=MAX_ESTIMATE_MINUTES)
    estimate_high: JsonInteger = Field(ge=0, le=MAX_ESTIMATE_MINUTES)
    lease_id: TicketId | None = None
    number: Annotated[int, Field(ge=1, le=999), BeforeValidator(_integral), Strict()] | None = None
    issued_at: AwareDatetime | None = None


# A form a resident filled at a kiosk (issue 17, ``kiosk_app.core.forms``): answers as codes and
# values, never translated text; free text with the language it was typed in.
MAX_FORM_ANSWERS = 100
MAX_FORM_TEXT = 2000
FormText = Annotated[str, StringConstraints(max_length=MAX_FORM_TEXT)]


class FormAnswer(WireModel):
    """One answer: ``yes_no`` a bool, ``number`` an integer, ``multi_choice`` a list of codes,
    ``choice`` a code, ``date`` an ISO day, ``text``/``latin_text`` the text as typed."""

    field: Code
    value: bool | JsonInteger | FormText | Annotated[list[Code], Field(max_length=50)]
    language: Language | None = None  # free text: the language it was typed in


class SubmitForm(_CommandPayload):
    """A resident submitted a form. ``receipt`` is chosen by the kiosk (``new_reference``) and
    printed on the dated receipt; ``submitted_at`` is the kiosk's time of submitting (the
    office's time of receipt, § 81 (4) AufenthG). The case by its lookup key, as the kiosk's
    other case commands carry it; none for a form that may come without a case ("I have a
    question"). The gateway checks the answers against the definition again: rejected with
    ``unknown_form``, ``case_required``, ``unknown_lookup_key`` or ``invalid_answers``."""

    kind: Literal["submit_form"] = "submit_form"
    receipt: Reference
    form_id: Code
    form_version: JsonInteger = Field(ge=1, le=10_000)
    lookup_key: HexKey | None = None
    language: Language  # the kiosk session's language
    answers: list[FormAnswer] = Field(max_length=MAX_FORM_ANSWERS)
    submitted_at: AwareDatetime


class VoidCommand(_CommandPayload):
    """Fills the sequence number of a command the gateway refused as malformed (HTTP 4xx), so
    the commands after it are not blocked; the original stays parked on the kiosk for staff."""

    kind: Literal["void"] = "void"
    reason: Annotated[str, StringConstraints(max_length=200)]


CommandPayload = Annotated[
    MarkDocumentsReceived
    | BookSlot
    | MoveBooking
    | CancelBooking
    | RegisterReference
    | VoidCommand
    | StaffMarkDocuments
    | StaffSetStatus
    | StaffCheckIn
    | StaffNoShow
    | StaffCaseViewed
    | ReportUsage
    | IssueWalkInTicket
    | SubmitForm,
    Field(discriminator="kind"),
]


class Command(WireModel):
    seq: JsonInteger = Field(ge=1)  # per device, gap-free: the gateway refuses a gap
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


BookingRefusal = Literal[
    "slot_taken",  # someone else has it (booked, or leased to another kiosk)
    "already_booked",  # the case has an active booking for this service: move it instead
    "outside_window",  # too soon or too far ahead, or not a slot of the calendar
    "not_found",  # no active booking with this id for this case
    "unknown_lookup_key",  # no such case (the kiosk's cache is behind)
    "lease_not_held",  # a command named a slot not leased to this device (or reclaimed)
    "office_closed",  # a public holiday or a closure day staff entered
]


class BookingRequest(WireModel):
    """``POST /v1/bookings`` (device auth): book, move or cancel online, answered at once.
    Idempotent by ``booking_id``: a repeat of an applied request gets the same answer.

    The kiosk's form of the body. On the wire it is one of ``BookRequest``, ``MoveRequest`` and
    ``CancelRequest`` (``BOOKING_REQUEST``: the gateway validates with that union, and the
    OpenAPI document publishes it), which is exactly what this model accepts."""

    action: Literal["book", "move", "cancel"]
    booking_id: BookingId
    lookup_key: HexKey
    slot_id: SlotId | None = None  # required for book and move

    @model_validator(mode="after")
    def _slot_for_book_and_move(self) -> BookingRequest:
        if self.action != "cancel" and self.slot_id is None:
            raise ValueError("slot_id: required for book and move")
        return self


class BookRequest(WireModel):
    """Book ``slot_id`` for the case; ``booking_id`` is chosen by the kiosk."""

    action: Literal["book"]
    booking_id: BookingId
    lookup_key: HexKey
    slot_id: SlotId


class MoveRequest(WireModel):
    """Move the case's booking ``booking_id`` to ``slot_id`` (same service)."""

    action: Literal["move"]
    booking_id: BookingId
    lookup_key: HexKey
    slot_id: SlotId


class CancelRequest(WireModel):
    """Cancel the booking ``booking_id``; a ``slot_id`` sent along is ignored (kiosks send
    ``null``)."""

    action: Literal["cancel"]
    booking_id: BookingId
    lookup_key: HexKey
    slot_id: SlotId | None = None


BOOKING_REQUEST: TypeAdapter[BookRequest | MoveRequest | CancelRequest] = TypeAdapter(
    Annotated[BookRequest | MoveRequest | CancelRequest, Field(discriminator="action")]
)


class BookingOutcome(WireModel):
    outcome: Literal["booked", "moved", "cancelled", "refused"]
    reason: BookingRefusal | None = None
    booking: BookingInfo | None = None  # the booking as it now stands (None when cancelled)
    existing_booking_id: BookingId | None = None  # with "already_booked"


class FreeSlots(WireModel):
    """``GET /v1/slots`` (device auth): every bookable slot in the booking window that is
    neither booked nor leased to a kiosk, so the calendar can show free counts offline."""

    server_time: datetime
    first_day: date
    last_day: date
    slots: list[SlotId] = Field(max_length=MAX_FREE_SLOTS)


class LeaseRequest(WireModel):
    """``POST /v1/leases`` (device auth), sent after the outbox is drained: renew the untaken
    leases in ``keep``; every other untaken lease of this device is released, and the gateway
    tops the device up to its quota per service and day."""

    keep: list[SlotId] = Field(default_factory=list, max_length=MAX_LEASES)


class LeaseInfo(WireModel):
    slot_id: SlotId
    expires_at: datetime  # gateway time, UTC


class LeaseGrant(WireModel):
    server_time: datetime
    leases: list[LeaseInfo] = Field(max_length=MAX_LEASES)


class DatasetInfo(WireModel):
    """``GET /v1/dataset`` (device auth): the current epoch and its pepper, fetched by a kiosk
    that sees a new epoch in a changes page before it resyncs."""

    epoch: int = Field(ge=1)
    pepper: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class CatalogDocument(WireModel):
    code: Code
    names: dict[Language, CatalogText] = Field(min_length=1, max_length=MAX_CATALOG_LANGUAGES)
    explanations: dict[Language, CatalogText] = Field(
        default_factory=dict, max_length=MAX_CATALOG_LANGUAGES
    )


class CatalogService(WireModel):
    code: Code
    names: dict[Language, CatalogText] = Field(min_length=1, max_length=MAX_CATALOG_LANGUAGES)


class CatalogSnapshot(WireModel):
    """``GET /v1/catalog`` (device auth): the office's documents and services with their texts
    per language. ``version`` is a hash of the content: the kiosk replaces its catalog only when
    it changes. The permit → documents mappings stay the kiosk's (the gateway has none).

    ``closed_days``: the office's closure days from today on, so a kiosk offers none of them,
    offline from its leases too. Public holidays are not listed: both ends compute them
    (``kiosk_app.core.office_days``). Left out of the body when empty."""

    protocol: Literal[1] = 1
    version: HexKey
    documents: list[CatalogDocument] = Field(max_length=MAX_CATALOG_DOCUMENTS)
    services: list[CatalogService] = Field(max_length=MAX_CATALOG_SERVICES)
    closed_days: list[date] = Field(default_factory=list, max_length=MAX_CLOSED_DAYS)

    @model_validator(mode="after")
    def _codes_unique(self) -> CatalogSnapshot:
        for entries in (self.documents, self.services):
            codes = [entry.code for entry in entries]
            if len(codes) != len(set(codes)):
                raise ValueError("duplicate code")
        return self


# What a device says about itself (``PUT /v1/device-status``, issue 18's fleet view): the
# latest report per device is kept at the gateway and shown to supervisors. No personal data.
DeviceKind = Literal["kiosk", "counter", "display"]
PrinterState = Literal["ok", "paper_low", "paper_out", "offline", "error", "none"]
AppVersion = Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z.+_-]{1,40}$")]


class DeviceStatusReport(WireModel):
    """A device's own view of its health, sent at the start of a sync round when it changed,
    and at least every few minutes.

    ``printer``: ``none`` when the device has no printer (or has not printed since it started).
    ``oldest_pending_s``: age of the oldest command still waiting in its outbox (None: empty).
    ``last_sync_at``: the device's last successful sync, by the device's clock.
    ``online``: whether the device considered itself online when it wrote the report."""

    device_kind: DeviceKind
    app_version: AppVersion
    printer: PrinterState
    outbox_backlog: JsonInteger = Field(ge=0, le=1_000_000_000)
    oldest_pending_s: (
        Annotated[int, Field(ge=0, le=10_000_000_000), BeforeValidator(_integral), Strict()] | None
    ) = None
    last_sync_at: AwareDatetime | None = None
    online: bool
    reported_at: AwareDatetime


class Health(WireModel):
    status: Literal["ok"] = "ok"
    protocol: Literal[1] = 1
    epoch: int
    server_time: datetime


class ErrorBody(WireModel):
    error: str
    detail: str | None = None
