"""Reading case status exports (CSV as offices really export them, or JSON rows), row by row.

A bad row is reported by its number and field name only: never an echo of the value, which may
be a case number or a birth date.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from kiosk_app.core.birth_date import parse_birth_date
from kiosk_app.core.case_number import CaseNumber
from kiosk_app.core.errors import KioskError
from kiosk_app.core.statuses import CaseStatus

from .case_writes import CaseFields

FIELDS = (
    "case_number",
    "birth_date",
    "status",
    "status_changed_on",
    "permit_type",
    "missing_documents",
    "next_appointment",
    "fiktion_valid_until",
    "permit_valid_until",
)
REQUIRED = ("case_number", "birth_date", "status", "permit_type")

_HEADERS = {
    "aktenzeichen": "case_number",
    "geburtsdatum": "birth_date",
    "statusdatum": "status_changed_on",
    "status seit": "status_changed_on",
    "aufenthaltstitel": "permit_type",
    "fehlende unterlagen": "missing_documents",
    "termin": "next_appointment",
    "fiktionsbescheinigung bis": "fiktion_valid_until",
    "aufenthaltstitel gültig bis": "permit_valid_until",
    **{name: name for name in FIELDS},
    **{name.replace("_", " "): name for name in FIELDS},
}

_GERMAN_STATUS = {
    "antrag eingegangen": CaseStatus.RECEIVED,
    "unterlagen unvollständig": CaseStatus.DOCUMENTS_MISSING,
    "in bearbeitung": CaseStatus.IN_REVIEW,
    "beteiligung anderer behörden": CaseStatus.AWAITING_OTHER_AUTHORITY,
    "vorsprache erforderlich": CaseStatus.APPOINTMENT_REQUIRED,
    "eat in produktion": CaseStatus.CARD_IN_PRODUCTION,
    "abholbereit": CaseStatus.READY_FOR_PICKUP,
    "bescheid versandt": CaseStatus.DECISION_SENT,
    "abgeschlossen": CaseStatus.COMPLETED,
}
_CODE = re.compile(r"^[a-z0-9_]{1,64}$")
_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_GERMAN_DATETIME = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})[ ,]+(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_LIST_SEPARATORS = re.compile(r"[|,;]")


@dataclass(frozen=True)
class Rejection:
    row: int
    reason: str


@dataclass(frozen=True)
class ParsedRows:
    received: int
    rows: list[CaseFields]
    rejected: list[Rejection]


class ImportFormatError(ValueError):
    """The file as a whole cannot be read (no header, a required column missing, not a list)."""


class _BadField(ValueError):
    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")


def decode_export(body: bytes) -> str:
    """UTF-8 with or without BOM; Windows-1252 when the bytes are not UTF-8."""
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError:
        return body.decode("cp1252")


def parse_csv(body: bytes, known_documents: set[str], today: date) -> ParsedRows:
    """Rows numbered as in a spreadsheet: the header is row 1, the first case row 2."""
    text = decode_export(body)
    lines = text.splitlines()
    if not lines:
        raise ImportFormatError("the file is empty")
    header_line = lines[0]
    delimiter = ";" if header_line.count(";") >= header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader)
    columns = [_HEADERS.get(_normal_header(name)) for name in header]
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise ImportFormatError(f"required column missing: {', '.join(missing)}")
    records: list[tuple[int, dict[str, Any]]] = []
    for index, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        record = {column: cell for column, cell in zip(columns, cells, strict=False) if column}
        records.append((index, record))
    return _check_rows(records, known_documents, today)


def parse_json_rows(rows: object, known_documents: set[str], today: date) -> ParsedRows:
    """A JSON list of objects with the CSV's column names; rows numbered from 1."""
    if not isinstance(rows, list):
        raise ImportFormatError("expected a JSON list of rows")
    records: list[tuple[int, dict[str, Any]]] = []
    for index, item in enumerate(rows, start=1):
        if not isinstance(item, Mapping):
            records.append((index, {"__invalid__": True}))
            continue
        record: dict[str, Any] = {}
        for name, value in item.items():
            column = _HEADERS.get(_normal_header(str(name)))
            if column:
                record[column] = value
        records.append((index, record))
    return _check_rows(records, known_documents, today)


def _normal_header(name: str) -> str:
    return " ".join(name.replace("\ufeff", "").strip().casefold().split())


def _check_rows(
    records: list[tuple[int, dict[str, Any]]], known_documents: set[str], today: date
) -> ParsedRows:
    rows: list[CaseFields] = []
    rejected: list[Rejection] = []
    for number, record in records:
        try:
            if record.get("__invalid__"):
                raise _BadField("row", "not an object")
            rows.append(_case_fields(record, known_documents, today))
        except _BadField as problem:
            rejected.append(Rejection(number, str(problem)))
    return ParsedRows(len(records), rows, rejected)


def _case_fields(record: Mapping[str, Any], known_documents: set[str], today: date) -> CaseFields:
    text = {name: _text(record.get(name)) for name in FIELDS if name != "missing_documents"}
    for name in REQUIRED:
        if not text.get(name):
            raise _BadField(name, "empty")
    try:
        number = CaseNumber.parse(text["case_number"])
    except KioskError:
        raise _BadField("case_number", "not a valid case number") from None
    try:
        born = parse_birth_date(text["birth_date"], today)
    except KioskError:
        raise _BadField("birth_date", "not a valid date of birth") from None
    status = _status(text["status"])
    permit = text["permit_type"].lower()
    if not _CODE.match(permit):
        raise _BadField("permit_type", "not a permit type code")
    missing = _documents(record.get("missing_documents"), known_documents)
    changed_on = _optional_date("status_changed_on", text.get("status_changed_on"))
    return CaseFields(
        case_number=number.canonical,
        birth_date=born,
        status=status,
        status_changed_on=changed_on or today,
        permit_type=permit,
        missing_documents=missing,
        next_appointment=_optional_datetime("next_appointment", text.get("next_appointment")),
        fiktion_valid_until=_optional_date("fiktion_valid_until", text.get("fiktion_valid_until")),
        permit_valid_until=_optional_date("permit_valid_until", text.get("permit_valid_until")),
        status_date_given=changed_on is not None,
    )


def _text(value: object) -> str:
    if value is None:
        return ""
    return str(value).strip()


def _status(value: str) -> CaseStatus:
    normal = unicodedata.normalize("NFC", " ".join(value.casefold().split()))
    try:
        return CaseStatus(normal.replace(" ", "_"))
    except ValueError:
        pass
    if normal in _GERMAN_STATUS:
        return _GERMAN_STATUS[normal]
    raise _BadField("status", "not a known status code or term")


def _documents(value: object, known: set[str]) -> tuple[str, ...]:
    items: Iterable[object]
    if value is None:
        items = ()
    elif isinstance(value, list):
        items = value
    else:
        items = _LIST_SEPARATORS.split(str(value))
    codes = tuple(dict.fromkeys(str(item).strip().lower() for item in items if str(item).strip()))
    if any(code not in known for code in codes):
        raise _BadField("missing_documents", "unknown document code")
    if len(codes) > 40:
        raise _BadField("missing_documents", "more than 40 documents")
    return codes


def _optional_date(field: str, value: str | None) -> date | None:
    if not value:
        return None
    try:
        if match := _GERMAN_DATE.match(value):
            day, month, year = (int(part) for part in match.groups())
            return date(year, month, day)
        return date.fromisoformat(value)
    except ValueError:
        raise _BadField(field, "not a date (31.12.2026 or 2026-12-31)") from None


def _optional_datetime(field: str, value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        if match := _GERMAN_DATETIME.match(value):
            day, month, year, hour, minute = (int(part) for part in match.groups()[:5])
            second = int(match.group(6) or 0)
            return datetime(year, month, day, hour, minute, second)
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise _BadField(field, "not a date and time (31.12.2026 09:30)") from None
    # Appointments are office-local wall-clock times, as the kiosk shows them.
    return moment.replace(tzinfo=None)
