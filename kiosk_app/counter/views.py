"""What the counter shows: plain immutable values the UI reads (no Qt, no database)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from kiosk_app.core.statuses import CaseStatus
from sync.staff_protocol import Printout, StaffCase
from sync.walk_in_protocol import WalkInTicket

CaseSource = Literal["gateway", "cache"]


@dataclass(frozen=True)
class DayRow:
    """One of today's appointments (``CounterDesk.today``), start order.

    ``case_number`` is the full number (to open the case); screens show ``masked``.
    ``pending``: a check-in or no-show queued here and not yet acknowledged by the gateway.
    """

    booking_id: str
    start: datetime  # office-local, naive
    service: str
    case_number: str
    masked: str
    status: CaseStatus
    checked_in: bool
    no_show: bool
    pending: bool = False


@dataclass(frozen=True)
class OpenedCase:
    """A case as the clerk sees it: ``case`` with queued actions already applied.

    ``pending_documents``: received documents ticked off here, not yet acknowledged;
    ``pending_status``: a queued status change (``case.status`` already shows it);
    ``pending_bookings``: booking ids with a queued check-in or no-show.
    ``printout``: the scanned paper when opened by a reference; ``language``: the resident's
    kiosk language from that printout, else from the case's latest printout that has one.
    ``fetched_at``: when the gateway last sent this case (the cache's age when offline).
    """

    case: StaffCase
    source: CaseSource
    fetched_at: datetime
    printout: Printout | None = None
    language: str | None = None
    pending_documents: frozenset[str] = frozenset()
    pending_status: CaseStatus | None = None
    pending_bookings: frozenset[str] = frozenset()

    @property
    def pending(self) -> bool:
        """Anything of this case still waits for the gateway."""
        return bool(self.pending_documents or self.pending_status or self.pending_bookings)


@dataclass(frozen=True)
class Conflict:
    """An action the gateway refused; never applied silently, the clerk decides.

    ``reason`` ``status_changed``: the clerk saw ``expected_status`` and wanted
    ``wanted_status``; the gateway has ``current_status`` (``None``: not known yet, e.g. the
    refusal came back while the case was not readable). ``resolve(id, apply_again=True)``
    queues the change again on the current status. Other reasons (``booking_not_active``,
    ``forbidden``, …) carry the refused ``kind`` and can only be dropped.
    """

    conflict_id: int
    reason: str
    kind: str  # the refused command's kind, e.g. "staff_set_status"
    case_number: str | None
    booking_id: str | None
    made_at: datetime  # when the clerk acted (the command's time)
    expected_status: CaseStatus | None = None
    wanted_status: CaseStatus | None = None
    current_status: CaseStatus | None = None

    @property
    def can_apply_again(self) -> bool:
        return self.reason == "status_changed" and self.wanted_status is not None


@dataclass(frozen=True)
class SyncStatus:
    """What the counter's status bar shows; sent to ``CounterSync``'s callback on change."""

    online: bool
    pending: int  # commands queued, not yet acknowledged
    conflicts: int  # unresolved
    signed_in: bool
    last_contact: datetime | None  # last successful exchange with the gateway (UTC)


StatusListener = Callable[[SyncStatus], None]


@dataclass(frozen=True)
class WalkInView:
    """The walk-in queue as this counter sees it (``CounterDesk.walk_in_queue``), live from the
    gateway: ``waiting`` in call order (urgent first, then by issue), ``mine`` the ticket called
    to this counter or served here (None: none), ``elsewhere`` how many are with other
    counters."""

    server_time: datetime
    waiting: list[WalkInTicket]
    mine: WalkInTicket | None
    elsewhere: int
