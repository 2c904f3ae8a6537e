"""The cases table: ``CaseRecord`` by lookup key, the only handle the kiosk keeps for a case."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Protocol

from kiosk_app.core.appointments import Appointment
from kiosk_app.core.status_lookup import CaseRecord
from kiosk_app.core.statuses import CaseStatus

from .transactions import Connection, transaction

# One statement text each, so the connection's statement cache prepares them once and reuses them.
_SELECT = (
    "SELECT status, status_changed_on, permit_type, missing_documents, next_appointment,"
    " fiktion_valid_until, bookings, permit_valid_until FROM cases WHERE lookup_key = ?"
)
_UPSERT_TEMPLATE = (
    "INSERT INTO {table} (lookup_key, status, status_changed_on, permit_type, missing_documents,"
    " next_appointment, fiktion_valid_until, bookings, permit_valid_until) VALUES {values}"
    " ON CONFLICT (lookup_key) DO UPDATE SET status = excluded.status,"
    " status_changed_on = excluded.status_changed_on, permit_type = excluded.permit_type,"
    " missing_documents = excluded.missing_documents,"
    " next_appointment = excluded.next_appointment,"
    " fiktion_valid_until = excluded.fiktion_valid_until, bookings = excluded.bookings,"
    " permit_valid_until = excluded.permit_valid_until"
)
_TABLES = ("cases", "cases_staging")
UPSERT_INTO = {
    table: _UPSERT_TEMPLATE.format(table=table, values="(?, ?, ?, ?, ?, ?, ?, ?, ?)")
    for table in _TABLES
}
_UPSERT = UPSERT_INTO["cases"]
# The same for a ``TextRow``: the key is unhexed and an empty date is NULL in the statement.
UPSERT_TEXT_INTO = {
    table: _UPSERT_TEMPLATE.format(
        table=table,
        values="(unhex(?), ?, ?, ?, ?, nullif(?, ''), nullif(?, ''), ?, nullif(?, ''))",
    )
    for table in _TABLES
}

# lookup_key, status, status_changed_on, permit_type, missing_documents, next_appointment,
# fiktion_valid_until, bookings, permit_valid_until: the column order of ``cases`` and
# ``cases_staging``.
CaseRow = tuple[bytes, str, str, str, str, str | None, str | None, str, str | None]
# A ``CaseRow`` with every value a str, for bulk writes: the key as (lower-case) hex, a missing
# date as "". sqlcipher3 binds a str in about a tenth of a microsecond but a bytes or None in
# several (its adapter lookup), which made binding most of a 100,000-case sync's insert time.
TextRow = tuple[str, str, str, str, str, str, str, str, str]
NO_BOOKINGS = "[]"


def text_row(row: CaseRow) -> TextRow:
    key, status, changed_on, permit_type, missing, appointment, fiktion, bookings, permit = row
    return (
        key.hex(),
        status,
        changed_on,
        permit_type,
        missing,
        appointment or "",
        fiktion or "",
        bookings,
        permit or "",
    )


class BookingFields(Protocol):
    """One active booking: the protocol's ``BookingInfo`` or the core's ``Appointment``."""

    @property
    def booking_id(self) -> str: ...
    @property
    def service(self) -> str: ...
    @property
    def start(self) -> datetime: ...


class CaseFields(Protocol):
    """What a row is made of: a ``CaseRecord``, or the sync protocol's ``CaseState`` as is."""

    @property
    def status(self) -> str: ...
    @property
    def status_changed_on(self) -> date: ...
    @property
    def permit_type(self) -> str: ...
    @property
    def missing_documents(self) -> Sequence[str]: ...
    @property
    def next_appointment(self) -> datetime | None: ...
    @property
    def fiktion_valid_until(self) -> date | None: ...
    @property
    def permit_valid_until(self) -> date | None: ...


def bookings_json(bookings: Sequence[BookingFields]) -> str:
    """The ``cases.bookings`` column: ``[[booking_id, service, start], …]`` in start order."""
    if not bookings:
        return NO_BOOKINGS  # the common case on a long sync: no encoding at all
    return bookings_text([(b.booking_id, b.service, b.start) for b in bookings])


def bookings_text(bookings: Sequence[tuple[str, str, datetime]]) -> str:
    """``bookings_json`` of (booking_id, service, start) triples."""
    if not bookings:
        return NO_BOOKINGS
    ordered = sorted(bookings, key=lambda b: (b[2], b[0]))
    return json.dumps(
        [[booking_id, service, start.isoformat()] for booking_id, service, start in ordered]
    )


def appointments_from_json(text: str) -> tuple[Appointment, ...]:
    if text == NO_BOOKINGS:
        return ()
    return tuple(
        Appointment(booking_id, service, datetime.fromisoformat(start))
        for booking_id, service, start in json.loads(text)
    )


def _bookings_of(record: CaseFields) -> Sequence[BookingFields]:
    # The sync protocol's CaseState carries ``bookings``; a CaseRecord its ``appointments``.
    found: Sequence[BookingFields] | None = getattr(record, "bookings", None)
    if found is None:
        found = getattr(record, "appointments", ())
    return found or ()


def to_row(lookup_key: bytes, record: CaseFields) -> CaseRow:
    """The ``cases`` row of ``record``: dates as ISO text, document codes comma-joined.

    Called once per case on a long sync (100,000 times for a fresh kiosk), so it avoids
    per-field calls where it can."""
    codes = record.missing_documents
    missing = ",".join(codes)
    # Codes are joined with commas; one holding a comma (or empty) could not be split back.
    if codes and (missing.count(",") != len(codes) - 1 or not all(codes)):
        bad = next(code for code in codes if not code or "," in code)
        raise ValueError(f"document code {bad!r} cannot be stored")
    status = record.status
    # A plain str is checked (ValueError if unknown); a CaseStatus is one already.
    value = status._value_ if isinstance(status, CaseStatus) else CaseStatus(status).value
    appointment = record.next_appointment
    fiktion = record.fiktion_valid_until
    permit = record.permit_valid_until
    bookings = _bookings_of(record)
    return (
        bytes(lookup_key),  # bytes, not str: the key column compares as BLOB
        value,
        record.status_changed_on.isoformat(),
        record.permit_type,
        missing,
        None if appointment is None else appointment.isoformat(),
        None if fiktion is None else fiktion.isoformat(),
        bookings_json(bookings) if bookings else NO_BOOKINGS,
        None if permit is None else permit.isoformat(),
    )


def _from_row(
    row: tuple[str, str, str, str, str | None, str | None, str, str | None],
) -> CaseRecord:
    status, changed_on, permit_type, missing, appointment, fiktion, bookings, permit = row
    return CaseRecord(
        status=CaseStatus(status),
        status_changed_on=date.fromisoformat(changed_on),
        permit_type=permit_type,
        missing_documents=tuple(missing.split(",")) if missing else (),
        next_appointment=None if appointment is None else datetime.fromisoformat(appointment),
        fiktion_valid_until=None if fiktion is None else date.fromisoformat(fiktion),
        permit_valid_until=None if permit is None else date.fromisoformat(permit),
        appointments=appointments_from_json(bookings),
    )


class CaseCache:
    """``CaseRecords`` backed by the encrypted cache."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def get(self, lookup_key: bytes) -> CaseRecord | None:
        """The case with this lookup key, or ``None``: a single primary-key lookup."""
        row = self.connection.execute(_SELECT, (bytes(lookup_key),)).fetchone()
        return None if row is None else _from_row(row)

    def put_many(self, rows: Iterable[tuple[bytes, CaseRecord]]) -> int:
        """Insert or replace cases in one transaction; all or none. Returns how many."""
        written = 0

        def converted() -> Iterator[CaseRow]:
            nonlocal written
            for lookup_key, record in rows:
                written += 1
                yield to_row(lookup_key, record)

        with transaction(self.connection):
            self.connection.executemany(_UPSERT, converted())
        return written

    def count(self) -> int:
        """How many cases the cache holds."""
        return int(self.connection.execute("SELECT count(*) FROM cases").fetchone()[0])

    def clear(self) -> None:
        """Remove every case (before loading a new dataset epoch)."""
        with transaction(self.connection):
            self.connection.execute("DELETE FROM cases")
