"""Find a case's status by case number and birth date, without the kiosk ever storing either."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from .appointments import Appointment
from .attempts import AttemptLimiter
from .birth_date import parse_birth_date
from .case_number import DEFAULT_PREFIX, CaseNumber
from .errors import CaseNotFound
from .lookup_key import derive_lookup_key
from .statuses import CaseStatus


@dataclass(frozen=True)
class CaseRecord:
    """What the cache holds for one case, keyed by its lookup key only."""

    status: CaseStatus
    status_changed_on: date
    permit_type: str
    missing_documents: tuple[str, ...] = ()
    next_appointment: datetime | None = None
    fiktion_valid_until: date | None = None
    appointments: tuple[Appointment, ...] = ()  # active bookings, as last synced
    permit_valid_until: date | None = None  # the residence permit's end, when known


class CaseRecords(Protocol):
    def get(self, lookup_key: bytes) -> CaseRecord | None: ...


@dataclass(frozen=True)
class StatusAnswer:
    """A found case, for one resident's session (held in memory only)."""

    case_number: CaseNumber
    record: CaseRecord
    today: date
    # The session needs it to book, move or cancel for this case; never stored or logged.
    lookup_key: bytes = b""

    @property
    def fiktion_valid(self) -> bool:
        until = self.record.fiktion_valid_until
        return until is not None and until >= self.today


class StatusLookup:
    def __init__(
        self,
        records: CaseRecords,
        pepper: Callable[[], bytes],
        limiter: AttemptLimiter,
        today: Callable[[], date],
        prefix: str = DEFAULT_PREFIX,
    ) -> None:
        self._records = records
        self._pepper = pepper
        self._limiter = limiter
        self._today = today
        self._prefix = prefix

    @property
    def limiter(self) -> AttemptLimiter:
        return self._limiter

    def find(self, case_number: str, birth_date: str) -> StatusAnswer:
        """The case's status; raises a ``KioskError`` subtype for anything a resident can fix.

        The kiosk-wide slowdown (``limiter.delay()``) is the caller's to wait out first: the
        GUI waits with a timer, not in here.
        """
        number = CaseNumber.parse(case_number, self._prefix)
        # Before the cache is read: a paused number answers no pair, not even the right one,
        # or the pause would not slow a guesser down at all (docs/privacy.md).
        self._limiter.check_number(number)
        today = self._today()
        born = parse_birth_date(birth_date, today)
        key = derive_lookup_key(self._pepper(), number, born)
        record = self._records.get(key)
        if record is None:
            self._limiter.record_failure(number)
            raise CaseNotFound()
        return StatusAnswer(number, record, today, key)
