"""Usage figures the gateway itself counts for the walk-in queue (issue 18's vocabulary,
``kiosk_app.core.usage_events``): at a ticket's first call, the wait it really had
(``walk_in_wait``, minutes in its bucket) and how far the estimate it was given was off
(``walk_in_estimate_error``: |middle of the range − real wait|, minutes), added to
``usage_hourly`` under the kiosk that issued it, in the call's transaction (so exactly once).

Only the gateway knows when a ticket is called, so devices do not report these two kinds; the
kiosk still reports ``walk_in_ticket`` (issued, quota exhausted, printer failed). A ticket sent
to another service counts its first wait only."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from kiosk_app.core.usage_events import (
    LANGUAGE_CODES,
    UsageCount,
    UsageError,
    check_count,
    hour_of,
    wait_bucket,
)

from .database import as_utc
from .usage import add_usage


def count_first_call(conn: Connection, ticket: Any) -> None:
    """Add the figures of ``ticket`` (a ``walk_in_tickets`` row just called) unless it was
    called before (a transfer) or a dimension would leave the vocabulary."""
    if ticket.transferred_from is not None or ticket.called_at is None:
        return
    called = as_utc(ticket.called_at)
    waited = max(0.0, (called - as_utc(ticket.issued_at)).total_seconds() / 60)
    middle = (ticket.estimate_low + ticket.estimate_high) / 2
    language = ticket.language if ticket.language in LANGUAGE_CODES else ""
    service = ticket.service if len(ticket.service) <= 32 else ""
    hour = hour_of(called)
    try:
        counts = [
            check_count(
                UsageCount(
                    hour,
                    "walk_in_wait",
                    language=language,
                    service=service,
                    bucket=wait_bucket(waited),
                    value_sum=waited,
                )
            ),
            check_count(
                UsageCount(
                    hour,
                    "walk_in_estimate_error",
                    language=language,
                    service=service,
                    value_sum=abs(middle - waited),
                )
            ),
        ]
    except UsageError:
        return
    add_usage(conn, ticket.device_id, counts)
