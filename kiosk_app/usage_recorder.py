"""Counting what happens at the kiosk (issue 18), for the view models to call.

``UsageRecorder`` turns an event (a lookup's outcome, a paper printed or failed, a booking
made, moved or cancelled) into a ``UsageCount`` of the current hour in the session's language
and adds it to the cache (``store.usage.add_count``) in a writer thread of its own: the GUI
never waits for the cache's write lock. Only vocabulary words go in: a status, an outcome, a
service code, a lead-time bucket; never what a resident typed, a case number, a reference, a
booking id or a date. Recording never raises into the UI: a figure the vocabulary refuses, or
a failed write, is logged by its error's type alone and dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, date, datetime

from kiosk_app.core.errors import (
    BirthDateInFuture,
    BirthDateInvalid,
    CaseNotFound,
    CaseNumberIncomplete,
    NumberLooksMistyped,
    NumberPaused,
)
from kiosk_app.core.i18n import active_language
from kiosk_app.core.print_errors import (
    PrinterMissing,
    PrinterOffline,
    PrinterOutOfPaper,
    PrintFailed,
)
from kiosk_app.core.statuses import CaseStatus
from kiosk_app.core.usage_events import UsageCount, check_count, hour_of, lead_time_bucket
from kiosk_app.store.transactions import Connection
from kiosk_app.store.usage import add_count

log = logging.getLogger(__name__)

# A lookup the resident could not complete, by the reason the kiosk gave.
_REFUSALS: tuple[tuple[type[Exception], str], ...] = (
    (NumberPaused, "paused"),
    (CaseNotFound, "not_found"),
    (NumberLooksMistyped, "mistyped"),
    (CaseNumberIncomplete, "mistyped"),
    (BirthDateInvalid, "mistyped"),
    (BirthDateInFuture, "mistyped"),
)
# Why a paper did not come out, as the printer fault it counts as.
_FAULTS: tuple[tuple[type[PrintFailed], str], ...] = (
    (PrinterOutOfPaper, "paper_out"),
    (PrinterOffline, "offline"),
    (PrinterMissing, "offline"),
)
PAPERS = {
    "checklist": "checklist_printed",
    "confirmation": "confirmation_printed",
    "receipt": "receipt_printed",
}


class UsageRecorder:
    """Counts events into the cache behind ``open_connection`` (opened on the first write).

    ``clock`` gives the instant (timezone-aware), ``today`` the office's date (lead times),
    ``language`` the session's language (default: the language the kiosk speaks now)."""

    def __init__(
        self,
        open_connection: Callable[[], Connection],
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        today: Callable[[], date] = date.today,
        language: Callable[[], str] = active_language,
    ) -> None:
        self._open = open_connection
        self._clock = clock
        self._today = today
        self._language = language
        self._conn: Connection | None = None  # the writer thread's own
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="usage-writer")

    # -- events ------------------------------------------------------------------------------
    def lookup_found(self, status: CaseStatus) -> None:
        self.record("lookup", outcome="found", status=CaseStatus(status).value)

    def lookup_refused(self, error: Exception) -> None:
        """A lookup refused with ``error``; reasons that are no lookup outcome count nothing."""
        outcome = next((word for kind, word in _REFUSALS if isinstance(error, kind)), None)
        if outcome is not None:
            self.record("lookup", outcome=outcome)

    def paper(self, paper: str, failure: PrintFailed | None) -> None:
        """A paper (``checklist``, ``confirmation``, ``receipt``) printed, or failed: then the
        screen offered the photo instead, and the printer's fault is counted too."""
        self.record(PAPERS[paper], outcome="printed" if failure is None else "failed")
        if failure is not None:
            fault = next((word for kind, word in _FAULTS if isinstance(failure, kind)), "error")
            self.record("printer_fault", outcome=fault)

    def booking(self, outcome: str, service: str, start: datetime | None = None) -> None:
        """A booking ``made``, ``moved`` (with the appointment's ``start``: its lead time in
        days from today) or ``cancelled``."""
        if start is None:
            self.record("booking", outcome=outcome, service=service)
            return
        days = max(0, (start.date() - self._today()).days)
        self.record(
            "booking",
            outcome=outcome,
            service=service,
            bucket=lead_time_bucket(days),
            value_sum=float(days),
        )

    def question(self, language: str, outcome: str, topic_id: str = "") -> None:
        """The knowledge base at the kiosk (``store.faq_store.FaqIndex``'s ``count``): a topic
        opened (``answered``), ``none_of_these`` or ``no_result``, in ``language``; never
        what was typed."""
        self.record("question_answered", outcome=outcome, detail=topic_id, language=language)

    # -- recording ---------------------------------------------------------------------------
    def record(self, kind: str, *, value_sum: float = 0.0, **dimensions: str) -> None:
        """Count one ``kind`` event now, in the session's language; never raises."""
        try:
            dimensions.setdefault("language", self._language())
            count = check_count(
                UsageCount(hour_of(self._clock()), kind, value_sum=value_sum, **dimensions)
            )
            future = self._writer.submit(self._write, count)
            future.add_done_callback(_log_failure)
        except Exception as error:  # the values stay out of the log: they may be anything
            log.warning("usage figure of kind %s dropped: %s", _safe(kind), type(error).__name__)

    def _write(self, count: UsageCount) -> None:
        if self._conn is None:
            self._conn = self._open()
        add_count(self._conn, count)

    def flush(self) -> None:
        """Wait until every figure counted so far is written (or dropped)."""
        self._writer.submit(lambda: None).result()

    def close(self) -> None:
        """Write what is counted, then close the writer's connection."""
        self._writer.submit(self._close_connection)
        self._writer.shutdown(wait=True)

    def _close_connection(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def _safe(kind: str) -> str:
    return kind if kind.isidentifier() and kind.isascii() and len(kind) <= 32 else "?"


def _log_failure(future: Future[None]) -> None:
    error = future.exception()
    if error is not None:
        log.warning("usage figure not written: %s", type(error).__name__)
