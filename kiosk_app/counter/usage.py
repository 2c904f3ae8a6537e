"""Anonymous usage figures at the counter (issue 18), in the counter's cache.

What is counted: a check-in (booking outcome ``checked_in``) and a no-show (``missed``) once
the gateway applied it, in the transaction that records its answer (so once, even if the
answer comes twice); receipts of documents printed or failed, with the printer's fault. The
figures travel like the kiosk's (``kiosk_app.store.usage``): ``report_usage`` commands in the
counter's own outbox, queued and deleted in one transaction before each push. No case number,
booking id or reference is in a figure: only the service code, the outcome and the hour.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime

from kiosk_app.core.usage_events import UsageCount, UsageError, hour_of
from kiosk_app.store.transactions import Connection
from kiosk_app.store.usage import add_count
from sync.protocol import CommandPayload, ReportUsage

log = logging.getLogger(__name__)

_BOOKING_OUTCOMES = {"staff_check_in": "checked_in", "staff_no_show": "missed"}


def count_answered(
    conn: Connection, payload: CommandPayload, made_at: datetime, booking_id: str | None
) -> None:
    """Inside the transaction of the gateway's answer: an applied check-in or no-show counts
    once, in the hour it was made, under its appointment's service (when cached)."""
    outcome = _BOOKING_OUTCOMES.get(payload.kind)
    if outcome is None or booking_id is None:
        return
    row = conn.execute(
        "SELECT service FROM appointments WHERE booking_id = ?", (booking_id,)
    ).fetchone()
    count = UsageCount(
        hour_of(made_at), "booking", service="" if row is None else str(row[0]), outcome=outcome
    )
    try:
        add_count(conn, count)
    except UsageError as error:  # e.g. a service code the vocabulary refuses: drop the figure
        log.warning("counter usage figure dropped: %s", type(error).__name__)


class CounterReports:
    """The counter's outbox as ``store.usage.flush_usage`` sees it: a report is queued with
    ``append``, which must run inside the caller's transaction (``CounterCache._append``)."""

    def __init__(self, append: Callable[[ReportUsage, datetime, date], int], today: date) -> None:
        self._append = append
        self._today = today

    def append(self, kind: str, payload: str, created_at: datetime) -> int:
        return self._append(ReportUsage.model_validate_json(payload), created_at, self._today)
