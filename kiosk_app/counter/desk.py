"""CounterDesk: the one object the counter UI talks to (docs/counter.md).

Blocking and thread-safe: the Qt layer calls it from worker threads, never the GUI thread.
Online, reads go to the gateway (audited there) and land in the cache; offline, they come from
the cache and a ``StaffCaseViewed`` is queued so the audit log still gets the read. Actions are
queued in the outbox in the transaction of their local effect and pushed at once when online.
"""

from __future__ import annotations

from kiosk_app.core.clock import OfficeTime
from kiosk_app.core.statuses import CaseStatus
from sync.staff_protocol import StaffSession

from .cache import CounterCache
from .errors import (
    ActionRejected,
    CaseNotFound,
    CounterError,
    NotEnrolled,
    NotSignedIn,
    SignInRefused,
)
from .views import Conflict, DayRow, OpenedCase, SyncStatus

__all__ = [
    "ActionRejected",
    "CaseNotFound",
    "Conflict",
    "CounterDesk",
    "CounterError",
    "DayRow",
    "NotEnrolled",
    "NotSignedIn",
    "OpenedCase",
    "SignInRefused",
    "SyncStatus",
]


class CounterDesk:
    """The counter's operations over its cache and the staff API.

    ``client_factory`` makes a ``sync.staff_client.StaffClient`` for the enrolled gateway
    (tests pass one with a short timeout); default: from the cache's enrollment.
    """

    def __init__(self, cache: CounterCache, office_time: OfficeTime, client_factory=None) -> None:
        raise NotImplementedError

    # -- the session --------------------------------------------------------------------------
    def sign_in(self, username: str, password: str) -> StaffSession:
        """``POST /staff/v1/sessions``; raises ``SignInRefused(code)`` (``offline`` when the
        gateway cannot be reached). Refreshes today's appointments on success."""
        raise NotImplementedError

    def change_password(self, username: str, old: str, new: str) -> None:
        """``POST /staff/v1/password``; raises ``SignInRefused(code)`` (``offline``, …)."""
        raise NotImplementedError

    def sign_out(self) -> None:
        """Forget the session here (always) and end it at the gateway (best effort). Actions
        already queued keep their session and are still sent."""
        raise NotImplementedError

    @property
    def session(self) -> StaffSession | None:
        """The signed-in person's session, or ``None``."""
        raise NotImplementedError

    # -- reading ------------------------------------------------------------------------------
    def today(self) -> list[DayRow]:
        """Today's appointments from the cache (filled by the sync), queued check-ins and
        no-shows applied, in start order."""
        raise NotImplementedError

    def open(self, text: str) -> OpenedCase:
        """Open a case by a scanned or typed reference (spaces, dashes, case ignored) or a
        case number. Online: read at the gateway and cached. Offline: from the cache, with a
        ``StaffCaseViewed`` queued. Raises ``CaseNotFound`` (``unknown_case``,
        ``unknown_reference``, ``not_a_reference``, ``not_cached``), ``NotSignedIn``."""
        raise NotImplementedError

    # -- actions (queued, pushed at once when online) ---------------------------------------
    def mark_received(self, case_number: str, codes: list[str]) -> OpenedCase:
        """Tick off documents the resident handed in. Never a conflict (received only grows).
        Returns the case as it now looks here."""
        raise NotImplementedError

    def set_status(
        self, case_number: str, status: CaseStatus, expected_status: CaseStatus
    ) -> OpenedCase:
        """Change the case's status from ``expected_status`` (what the clerk saw). If the
        gateway answers at once with ``status_changed``, raises ``ActionRejected`` naming the
        new ``Conflict``; a refusal that comes later shows up in ``conflicts()``."""
        raise NotImplementedError

    def check_in(self, booking_id: str) -> None:
        """The resident of this booking arrived. Raises ``ActionRejected`` on an immediate
        refusal (e.g. the booking is no longer active)."""
        raise NotImplementedError

    def no_show(self, booking_id: str) -> None:
        """The resident of this booking did not come. As ``check_in``."""
        raise NotImplementedError

    # -- conflicts and state ------------------------------------------------------------------
    def conflicts(self) -> list[Conflict]:
        """Refused actions the clerk has not resolved yet, oldest first."""
        raise NotImplementedError

    def resolve(self, conflict_id: int, apply_again: bool) -> None:
        """Close a conflict: ``apply_again`` queues the wanted status on the gateway's current
        status (``status_changed`` only); otherwise the action is dropped."""
        raise NotImplementedError

    def pending_count(self) -> int:
        """Commands queued and not yet acknowledged by the gateway."""
        raise NotImplementedError

    @property
    def online(self) -> bool:
        """The last contact with the gateway succeeded."""
        raise NotImplementedError

    def status(self) -> SyncStatus:
        """Online, pending, conflicts, signed in, last contact: one consistent snapshot."""
        raise NotImplementedError

    # -- used by CounterSync -------------------------------------------------------------------
    def push(self) -> int:
        """Send the outbox in order until empty; returns how many were answered. Raises
        nothing for an unreachable gateway (``online`` turns false)."""
        raise NotImplementedError

    def refresh_today(self) -> None:
        """``GET /staff/v1/today`` into the cache (when signed in and online)."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError
