"""Every write to a case, each giving the case's feed row a new change_seq (see change_feed)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from kiosk_app.core.statuses import CaseStatus

from .case_keys import resolve_case
from .change_feed import allocate_seq, allocate_seqs, lock_feed, share_feed
from .dataset import Dataset
from .tables import ACTIVE, bookings, cases, retired_keys

SeqAllocator = Callable[[Connection, int], range]


@dataclass(frozen=True)
class CaseFields:
    """One case as the case management system describes it (already checked)."""

    case_number: str  # canonical
    birth_date: date
    status: CaseStatus
    status_changed_on: date
    permit_type: str
    missing_documents: tuple[str, ...] = ()
    next_appointment: datetime | None = None
    fiktion_valid_until: date | None = None
    permit_valid_until: date | None = None
    # False when the export had no status date: an unchanged status then keeps its stored date.
    status_date_given: bool = True

    def columns(self) -> dict[str, Any]:
        return {
            "birth_date": self.birth_date,
            "status": self.status.value,
            "status_changed_on": self.status_changed_on,
            "permit_type": self.permit_type,
            "missing_documents": list(self.missing_documents),
            "next_appointment": self.next_appointment,
            "fiktion_valid_until": self.fiktion_valid_until,
            "permit_valid_until": self.permit_valid_until,
        }


@dataclass
class UpsertCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0


class CaseNotFoundError(LookupError):
    """No live case with that case number."""


_COMPARED = (
    "birth_date",
    "status",
    "status_changed_on",
    "permit_type",
    "missing_documents",
    "next_appointment",
    "fiktion_valid_until",
    "permit_valid_until",
)
_CHUNK = 500


def upsert_cases(conn: Connection, ds: Dataset, rows: Sequence[CaseFields]) -> UpsertCounts:
    """Insert new cases, update changed ones; an unchanged row keeps its change_seq. Under
    ``lock_feed``: no other writer changes a case between the comparison and the write."""
    counts = UpsertCounts()
    lock_feed(conn)
    latest = {row.case_number: row for row in rows}  # a later row for the same case wins
    existing: dict[str, dict[str, Any]] = {}
    numbers = list(latest)
    for start in range(0, len(numbers), _CHUNK):
        chunk = numbers[start : start + _CHUNK]
        for found in conn.execute(select(cases).where(cases.c.case_number.in_(chunk))):
            existing[found.case_number] = dict(found._mapping)
    inserts: list[CaseFields] = []
    updates: list[CaseFields] = []
    for number, row in latest.items():
        old = existing.get(number)
        if old is not None and not row.status_date_given and old["status"] == row.status.value:
            row = replace(row, status_changed_on=old["status_changed_on"])
        if old is None:
            inserts.append(row)
        elif old["removed"] or _differs(old, row.columns()):
            updates.append(row)
        else:
            counts.unchanged += 1
    retiring = [
        existing[row.case_number]
        for row in updates
        if existing[row.case_number]["birth_date"] != row.birth_date
        and not existing[row.case_number]["removed"]
    ]
    seqs = iter(allocate_seqs(conn, len(inserts) + len(updates) + len(retiring)))
    for old in retiring:
        # The kiosk knows the case under its old key: that key gets a tombstone.
        conn.execute(
            insert(retired_keys).values(lookup_key=old["lookup_key"], change_seq=next(seqs))
        )
    if inserts:
        conn.execute(
            insert(cases),
            [
                {
                    "case_number": row.case_number,
                    **row.columns(),
                    "lookup_key": ds.lookup_key(row.case_number, row.birth_date),
                    "change_seq": next(seqs),
                    "removed": False,
                }
                for row in inserts
            ],
        )
    for row in updates:
        key = ds.lookup_key(row.case_number, row.birth_date)
        conn.execute(retired_keys.delete().where(retired_keys.c.lookup_key == key))
        conn.execute(
            update(cases)
            .where(cases.c.case_number == row.case_number)
            .values(**row.columns(), lookup_key=key, change_seq=next(seqs), removed=False)
        )
    counts.inserted = len(inserts)
    counts.updated = len(updates)
    return counts


def _differs(old: dict[str, Any], new: dict[str, Any]) -> bool:
    return any(_normal(old[name]) != _normal(new[name]) for name in _COMPARED)


def _normal(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, list | tuple):
        return tuple(value)
    return value


def set_status(
    conn: Connection,
    case_number: str,
    status: CaseStatus,
    changed_on: date,
    *,
    allocate: SeqAllocator = allocate_seqs,
) -> int:
    """Set a live case's status; returns its new change_seq. ``allocate`` is swappable for tests
    that prove a non-commit-ordered allocator would make a reader skip changes."""
    share_feed(conn)
    seq = allocate(conn, 1)[0]
    result = conn.execute(
        update(cases)
        .where(cases.c.case_number == case_number, cases.c.removed.is_(False))
        .values(status=status.value, status_changed_on=changed_on, change_seq=seq)
    )
    if result.rowcount != 1:
        raise CaseNotFoundError(case_number)
    return seq


def remove_case(conn: Connection, case_number: str) -> int:
    """Take a case out of the kiosk dataset: its feed row becomes a tombstone."""
    share_feed(conn)
    seq = allocate_seq(conn)
    result = conn.execute(
        update(cases)
        .where(cases.c.case_number == case_number, cases.c.removed.is_(False))
        .values(removed=True, change_seq=seq)
    )
    if result.rowcount != 1:
        raise CaseNotFoundError(case_number)
    return seq


def mark_documents_received(conn: Connection, lookup_key: str, codes: Iterable[str]) -> bool:
    """Strike handed-in documents off a live case's missing list. False: no such live case."""
    share_feed(conn)
    case_number = resolve_case(conn, lookup_key)  # also a key of the previous epoch
    return case_number is not None and strike_documents(conn, case_number, codes)


def strike_documents(conn: Connection, case_number: str, codes: Iterable[str]) -> bool:
    """Strike codes off a case's missing list (a new change_seq if the list changed), with the
    case's row lock held to the end of the transaction. False: no such case."""
    share_feed(conn)
    row = conn.execute(
        select(cases.c.case_number, cases.c.missing_documents)
        .where(cases.c.case_number == case_number)
        .with_for_update()  # read, change and write the list with no other writer in between
    ).first()
    if row is None:
        return False
    received = set(codes)
    missing = [code for code in row.missing_documents if code not in received]
    if missing != list(row.missing_documents):
        conn.execute(
            update(cases)
            .where(cases.c.case_number == row.case_number)
            .values(missing_documents=missing, change_seq=allocate_seq(conn))
        )
    return True


def refresh_bookings(conn: Connection, case_number: str) -> int:
    """Denormalise the case's active bookings (``BookingInfo`` JSON, by start) onto its row and
    give it a new change_seq, so kiosks learn of the booking with the case. The caller holds the
    case's row lock (``booking._locked_booking``) and wrote the booking in this transaction."""
    rows = conn.execute(
        select(bookings.c.booking_id, bookings.c.service, bookings.c.start)
        .where(bookings.c.case_number == case_number, ACTIVE)
        .order_by(bookings.c.start, bookings.c.booking_id)
    ).all()
    infos = [
        {
            "booking_id": row.booking_id,
            "service": row.service,
            "start": row.start.strftime("%Y-%m-%dT%H:%M:%S"),
        }
        for row in rows
    ]
    seq = allocate_seq(conn)
    conn.execute(
        update(cases)
        .where(cases.c.case_number == case_number)
        .values(bookings=infos, change_seq=seq)
    )
    return seq
