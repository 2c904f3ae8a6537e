"""The cases table: ``CaseRecord`` by lookup key, the only handle the kiosk keeps for a case."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Protocol

from kiosk_app.core.status_lookup import CaseRecord
from kiosk_app.core.statuses import CaseStatus

from .transactions import Connection, transaction

# One statement text each, so the connection's statement cache prepares them once and reuses them.
_SELECT = (
    "SELECT status, status_changed_on, permit_type, missing_documents, next_appointment,"
    " fiktion_valid_until FROM cases WHERE lookup_key = ?"
)
_UPSERT_TEMPLATE = (
    "INSERT INTO {table} (lookup_key, status, status_changed_on, permit_type, missing_documents,"
    " next_appointment, fiktion_valid_until) VALUES (?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (lookup_key) DO UPDATE SET status = excluded.status,"
    " status_changed_on = excluded.status_changed_on, permit_type = excluded.permit_type,"
    " missing_documents = excluded.missing_documents,"
    " next_appointment = excluded.next_appointment,"
    " fiktion_valid_until = excluded.fiktion_valid_until"
)
UPSERT_INTO = {table: _UPSERT_TEMPLATE.format(table=table) for table in ("cases", "cases_staging")}
_UPSERT = UPSERT_INTO["cases"]

_Row = tuple[bytes, str, str, str, str, str | None, str | None]


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


def to_row(lookup_key: bytes, record: CaseFields) -> _Row:
    for code in record.missing_documents:
        # Codes are joined with commas; one holding a comma (or empty) could not be split back.
        if not code or "," in code:
            raise ValueError(f"document code {code!r} cannot be stored")
    return (
        bytes(lookup_key),  # bytes, not str: the key column compares as BLOB
        CaseStatus(record.status).value,
        record.status_changed_on.isoformat(),
        record.permit_type,
        ",".join(record.missing_documents),
        None if record.next_appointment is None else record.next_appointment.isoformat(),
        None if record.fiktion_valid_until is None else record.fiktion_valid_until.isoformat(),
    )


def _from_row(row: tuple[str, str, str, str, str | None, str | None]) -> CaseRecord:
    status, changed_on, permit_type, missing, appointment, fiktion = row
    return CaseRecord(
        status=CaseStatus(status),
        status_changed_on=date.fromisoformat(changed_on),
        permit_type=permit_type,
        missing_documents=tuple(missing.split(",")) if missing else (),
        next_appointment=None if appointment is None else datetime.fromisoformat(appointment),
        fiktion_valid_until=None if fiktion is None else date.fromisoformat(fiktion),
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

        def converted() -> Iterator[_Row]:
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
