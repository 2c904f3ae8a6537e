"""What a staff command does to the counter's copy of a case: the same rule for an action
still queued (shown as pending) and for one the gateway acknowledged (written to the cache)."""

from __future__ import annotations

from datetime import date, datetime

from sync.protocol import (
    StaffCaseViewed,
    StaffCheckIn,
    StaffMarkDocuments,
    StaffNoShow,
    StaffSetStatus,
)
from sync.staff_protocol import ReceivedDocument, StaffCase

StaffPayload = StaffMarkDocuments | StaffSetStatus | StaffCheckIn | StaffNoShow | StaffCaseViewed


def merge_received(case: StaffCase, received: list[ReceivedDocument]) -> StaffCase:
    """Received documents only grow: a union by code (the earliest receipt stands), and a
    received document is no longer missing."""
    by_code = {document.code: document for document in case.received_documents}
    for document in received:
        known = by_code.get(document.code)
        if known is None or document.received_at < known.received_at:
            by_code[document.code] = document
    if len(by_code) == len(case.received_documents) and not any(
        code in by_code for code in case.missing_documents
    ):
        return case
    merged = sorted(by_code.values(), key=lambda document: (document.received_at, document.code))
    missing = [code for code in case.missing_documents if code not in by_code]
    return case.model_copy(update={"received_documents": merged, "missing_documents": missing})


def apply_command(
    case: StaffCase, payload: StaffPayload, made_at: datetime, on_day: date
) -> StaffCase:
    """``case`` as it looks after ``payload`` (made at ``made_at``, office day ``on_day``)."""
    if isinstance(payload, StaffMarkDocuments):
        received = [ReceivedDocument(code=code, received_at=made_at) for code in payload.documents]
        return merge_received(case, received)
    if isinstance(payload, StaffSetStatus):
        if case.case_number != payload.case_number:
            return case
        return case.model_copy(update={"status": payload.status, "status_changed_on": on_day})
    if isinstance(payload, StaffCheckIn | StaffNoShow):
        field = "checked_in_at" if isinstance(payload, StaffCheckIn) else "no_show_at"
        bookings = [
            booking.model_copy(update={field: made_at})
            if booking.booking_id == payload.booking_id and getattr(booking, field) is None
            else booking
            for booking in case.bookings
        ]
        return case.model_copy(update={"bookings": bookings})
    return case
