"""What a clerk sees of a case, and the one way to read it: ``audited_cases`` writes the audit
rows first and reads afterwards, in the caller's transaction, so no case leaves the gateway for
staff without its audit row (if the row cannot be written, the transaction fails and nothing is
read). The staff routes read cases only through it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, select

from kiosk_app.core.statuses import CaseStatus
from sync.staff_protocol import (
    MAX_DAY_APPOINTMENTS,
    DayAppointment,
    Printout,
    ReceivedDocument,
    StaffBooking,
    StaffCase,
)

from ..database import as_utc
from ..tables import ACTIVE, bookings, cases, devices, printed_references
from .audit import Actor, record_many
from .tables import received_documents

MAX_BOOKINGS = 50
MAX_PRINTOUTS = 200


def audited_case(
    conn: Connection, actor: Actor, case_number: str, action: str, detail: str = ""
) -> StaffCase | None:
    """The case for staff, its read audited first; None (audited as refused) if unknown."""
    return audited_cases(conn, actor, [case_number], action, detail).get(case_number)


def audited_cases(
    conn: Connection, actor: Actor, case_numbers: Sequence[str], action: str, detail: str = ""
) -> dict[str, StaffCase]:
    """Each known case, after one audit row per case read (and one refused row per unknown
    number) is written in this transaction."""
    wanted = list(dict.fromkeys(case_numbers))
    known = _known(conn, wanted)
    record_many(conn, actor, action, "allowed", [n for n in wanted if n in known], detail=detail)
    unknown = [n for n in wanted if n not in known]
    record_many(conn, actor, action, "refused", unknown, detail="unknown case")
    return _read_cases(conn, [n for n in wanted if n in known])


def _known(conn: Connection, numbers: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(numbers), 500):
        chunk = numbers[start : start + 500]
        found.update(
            conn.execute(select(cases.c.case_number).where(cases.c.case_number.in_(chunk)))
            .scalars()
            .all()
        )
    return found


def _read_cases(conn: Connection, numbers: list[str]) -> dict[str, StaffCase]:
    read: dict[str, StaffCase] = {}
    for start in range(0, len(numbers), 500):
        chunk = numbers[start : start + 500]
        received = _grouped(
            conn.execute(
                select(received_documents)
                .where(received_documents.c.case_number.in_(chunk))
                .order_by(received_documents.c.received_at, received_documents.c.code)
            )
        )
        booked = _grouped(
            conn.execute(
                select(bookings)
                .where(bookings.c.case_number.in_(chunk), bookings.c.service.is_not(None))
                .order_by(bookings.c.start, bookings.c.booking_id)
            )
        )
        printed = _grouped(
            conn.execute(
                select(printed_references, devices.c.name.label("device_name"))
                .outerjoin(devices, devices.c.device_id == printed_references.c.device_id)
                .where(printed_references.c.case_number.in_(chunk))
                .order_by(printed_references.c.created_at, printed_references.c.reference)
            )
        )
        for row in conn.execute(select(cases).where(cases.c.case_number.in_(chunk))):
            number = row.case_number
            read[number] = StaffCase(
                case_number=number,
                status=CaseStatus(row.status),
                status_changed_on=row.status_changed_on,
                permit_type=row.permit_type,
                missing_documents=list(row.missing_documents),
                received_documents=[
                    ReceivedDocument(code=doc.code, received_at=as_utc(doc.received_at))
                    for doc in received.get(number, [])
                ][:200],
                fiktion_valid_until=row.fiktion_valid_until,
                bookings=[staff_booking(b) for b in booked.get(number, [])][-MAX_BOOKINGS:],
                printouts=[printout(p) for p in printed.get(number, [])][-MAX_PRINTOUTS:],
            )
    return read


def _grouped(rows: Iterable[Any]) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = {}
    for row in rows:
        grouped.setdefault(row.case_number, []).append(row)
    return grouped


def _instant(value: datetime | None) -> datetime | None:
    return None if value is None else as_utc(value)


def staff_booking(row: Any) -> StaffBooking:
    return StaffBooking(
        booking_id=row.booking_id,
        service=row.service,
        start=row.start,
        active=bool(row.active),
        checked_in_at=_instant(row.checked_in_at),
        no_show_at=_instant(row.no_show_at),
    )


def printout(row: Any) -> Printout:
    return Printout(
        reference=row.reference,
        created_at=as_utc(row.created_at),
        device_name=row.device_name,
        language=row.language,
        documents=list(row.documents),
        booking_id=row.booking_id,
    )


def reference_case(conn: Connection, reference: str) -> tuple[Printout, str] | None:
    """The scanned paper and its case's number (the case itself is read through
    ``audited_case``)."""
    row = conn.execute(
        select(printed_references, devices.c.name.label("device_name"))
        .outerjoin(devices, devices.c.device_id == printed_references.c.device_id)
        .where(printed_references.c.reference == reference)
    ).first()
    return None if row is None else (printout(row), row.case_number)


def day_appointments(conn: Connection, day: date, services: Sequence[str]) -> list[tuple[Any, str]]:
    """The day's active bookings (office-local day) of these services (empty: all), in start
    order: (booking row, case number). No case data: that is read audited."""
    start = datetime.combine(day, time())
    query = (
        select(bookings)
        .where(ACTIVE, bookings.c.start >= start, bookings.c.start < start + timedelta(days=1))
        .order_by(bookings.c.start, bookings.c.booking_id)
        .limit(MAX_DAY_APPOINTMENTS)
    )
    if services:
        query = query.where(bookings.c.service.in_(list(services)))
    return [(row, row.case_number) for row in conn.execute(query)]


def day_appointment(row: Any, case: StaffCase) -> DayAppointment:
    return DayAppointment(
        booking_id=row.booking_id,
        service=row.service,
        start=row.start,
        case_number=case.case_number,
        status=case.status,
        checked_in_at=_instant(row.checked_in_at),
        no_show_at=_instant(row.no_show_at),
    )
