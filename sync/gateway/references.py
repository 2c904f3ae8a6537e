"""References printed on kiosk papers (the QR code on a checklist or appointment confirmation).

A kiosk registers each case-bound paper with a ``register_reference`` command: the reference,
the documents on the paper and the booking it confirms, with the case's lookup key. The case
is stored by *number* (keys change with the pepper; ``resolve_case`` also knows keys of the
previous epoch), so a paper printed before a rotation still leads to its case. Staff scan the
code at the counter and look it up (``GET /admin/v1/references/{reference}``, or
``kiosk-app gateway reference REF``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, insert, select
from sqlalchemy.exc import IntegrityError

from sync.protocol import RegisterReference

from .admin_models import PrintedBookingOut, ReferenceOut
from .case_keys import resolve_case
from .database import as_utc
from .tables import bookings, cases, devices, printed_references


def normalise_reference(text: str) -> str:
    """As typed at a counter: spaces and dashes dropped, upper case (scanners send it exact)."""
    return "".join(ch for ch in text if ch not in " -").upper()


def register_reference(
    conn: Connection, payload: RegisterReference, device_id: str, created_at: datetime
) -> bool:
    """Bind the reference to its case; a reference already known is left as it is (a repeat).
    False: no live case has this key (now or in the previous epoch)."""
    case_number = resolve_case(conn, payload.lookup_key)
    if case_number is None:
        return False
    known = select(printed_references.c.reference).where(
        printed_references.c.reference == payload.reference
    )
    if conn.execute(known).first() is not None:
        return True
    try:
        with conn.begin_nested():  # another device's command may insert it at the same moment
            conn.execute(
                insert(printed_references).values(
                    reference=payload.reference,
                    case_number=case_number,
                    documents=list(payload.documents),
                    booking_id=payload.booking_id,
                    device_id=device_id,
                    created_at=as_utc(created_at),
                    language=payload.language,
                )
            )
    except IntegrityError:
        pass  # registered meanwhile: the first registration stands
    return True


def find_reference(conn: Connection, reference: str) -> ReferenceOut | None:
    """What staff see for a scanned reference: the case, its status now, the paper's documents,
    the booking as it now stands, and when and at which kiosk the paper was made."""
    row = conn.execute(
        select(
            printed_references,
            cases.c.status,
            cases.c.status_changed_on,
            cases.c.missing_documents,
            cases.c.removed,
            devices.c.name.label("device_name"),
        )
        .join(cases, cases.c.case_number == printed_references.c.case_number)
        .outerjoin(devices, devices.c.device_id == printed_references.c.device_id)
        .where(printed_references.c.reference == normalise_reference(reference))
    ).first()
    if row is None:
        return None
    booking = None
    if row.booking_id is not None:
        found = conn.execute(
            select(bookings.c.service, bookings.c.start, bookings.c.active).where(
                bookings.c.booking_id == row.booking_id
            )
        ).first()
        booking = PrintedBookingOut(
            booking_id=row.booking_id,
            service=found.service if found else None,
            start=found.start if found else None,
            active=bool(found and found.active),
        )
    return ReferenceOut(
        reference=row.reference,
        case_number=row.case_number,
        status=row.status,
        status_changed_on=row.status_changed_on,
        missing_documents=list(row.missing_documents),
        in_kiosk_dataset=not row.removed,
        documents=list(row.documents),
        booking=booking,
        created_at=as_utc(row.created_at),
        device_id=row.device_id,
        device_name=row.device_name,
        language=row.language,
    )
