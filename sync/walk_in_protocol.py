"""Wire types of the walk-in queue (issue 15) besides the kiosk's command
(``sync.protocol.IssueWalkInTicket``): the kiosk's view of the queue and of its ticket, the
counter's queue and tickets, and the admin's walk-in services. No personal data anywhere."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from sync.protocol import Code, Language, TicketId, WireModel

TicketState = Literal["waiting", "called", "serving", "done", "no_show", "missed"]
Letter = Annotated[str, StringConstraints(pattern=r"^[A-Z]$")]
ClockTime = Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]
MAX_QUEUE = 2000


class WalkInServiceIn(WireModel):
    """``PUT /admin/v1/walk-in/{service}``: a catalog service takes walk-ins. ``issue_from`` and
    ``issue_until`` are office-local (Europe/Berlin), the end exclusive and after the start."""

    letter: Letter
    daily_quota: int = Field(ge=1, le=999)
    issue_from: ClockTime
    issue_until: ClockTime
    urgent_share: int = Field(default=0, ge=0, le=100)  # percent of the quota
    urgent_days: int = Field(default=14, ge=0, le=365)


class WalkInServiceOut(WalkInServiceIn):
    service: Code


class WaitRange(WireModel):
    low: int = Field(ge=0)  # minutes
    high: int = Field(ge=0)


class WalkInServiceState(WireModel):
    """One walk-in service as a kiosk or display shows it now."""

    service: Code
    letter: Letter
    open: bool
    refusal: Literal["office_closed", "walk_in_closed", "quota_exhausted"] | None
    left_normal: int = Field(ge=0)
    left_urgent: int = Field(ge=0)  # what an urgent ticket may still take (the whole rest)
    waiting: int = Field(ge=0)
    estimate: WaitRange  # for a ticket taken now (not urgent)
    # for an urgent ticket taken now (called before every normal one waiting); none from an
    # older gateway
    estimate_urgent: WaitRange | None = None
    # a case whose permit or Fiktion ends within this many days counts as urgent
    urgent_days: int = Field(default=14, ge=0, le=365)


class WalkInBoard(WireModel):
    """``GET /v1/walk-in`` (device auth)."""

    server_time: datetime
    day: date
    services: list[WalkInServiceState] = Field(max_length=100)


class WalkInLease(WireModel):
    """A ticket lease: numbers ``first_number``..``last_number`` of ``service`` on ``day`` lent to
    this kiosk until ``expires_at`` (the end of that day's issuing), to issue from while offline.
    ``estimate``: the wait for a ticket taken at its grant (offline: shown as approximate)."""

    lease_id: TicketId
    service: Code
    letter: Letter
    day: date
    first_number: int = Field(ge=1, le=999)
    last_number: int = Field(ge=1, le=999)
    used: int = Field(ge=0)  # numbers of it the gateway has seen issued
    expires_at: datetime
    estimate: WaitRange


class WalkInLeases(WireModel):
    """``POST /v1/walk-in/leases`` (device auth, after the kiosk drained its outbox): the kiosk's
    ticket leases for today, topped up."""

    server_time: datetime
    leases: list[WalkInLease] = Field(max_length=100)


class WalkInTicket(WireModel):
    """A ticket as the kiosk prints it and the counter shows it: ``label`` is ``A 042``."""

    ticket_id: TicketId
    label: str
    letter: Letter
    number: int = Field(ge=1, le=999)
    service: Code
    language: Language
    urgent: bool
    state: TicketState
    calls: int = Field(ge=0, le=3)
    issued_at: datetime
    called_at: datetime | None = None
    counter_name: str | None = None
    ahead: int = Field(ge=0)  # waiting before it now (0 once called)
    estimate_given: WaitRange


class WalkInQueue(WireModel):
    """``GET /staff/v1/walk-in/queue``: the open tickets of the services asked for (today's,
    office-local), in call order: waiting ones (urgent first, then by issue), then the called and
    served ones."""

    server_time: datetime
    day: date
    tickets: list[WalkInTicket] = Field(max_length=MAX_QUEUE)


class WalkInCall(WireModel):
    """One call of a ticket as the waiting room's display shows and speaks it: the first call
    (``call_number`` 1) and each recall (2, 3). ``seq`` numbers the calls in commit order."""

    seq: int = Field(ge=1)
    ticket_id: TicketId
    label: str  # "A 042"
    service: Code
    language: Language  # the ticket holder's: the call is spoken in it after German
    counter_name: str
    call_number: int = Field(ge=1, le=3)
    called_at: datetime


class WalkInCalls(WireModel):
    """``GET /v1/walk-in/calls``: the calls after the cursor asked for, oldest first (without a
    cursor: today's last few, to fill a display that starts), and the cursor to ask with next."""

    server_time: datetime
    cursor: int = Field(ge=0)
    calls: list[WalkInCall] = Field(max_length=100)
