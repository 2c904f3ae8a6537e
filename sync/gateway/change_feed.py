"""The change feed: commit-ordered sequence numbers and the pages kiosks pull.

Every write to a case gives its one row a new ``change_seq``. Numbers come from
``UPDATE change_counter SET value = value + n RETURNING value`` inside the writer's transaction:
the row lock (PostgreSQL) or the database write lock (SQLite) is held until commit, so the next
writer gets a larger number only after this one committed. A reader therefore never sees seq 11
while 10 is still pending, and a cursor never jumps over a change that commits later (a plain
sequence or autoincrement would allow exactly that on PostgreSQL).
"""

from __future__ import annotations

import heapq
import json
from dataclasses import dataclass
from datetime import date, datetime
from itertools import islice

from sqlalchemy import Connection, select, text, update

from .tables import change_counter


def allocate_seqs(conn: Connection, count: int) -> range:
    """Reserve ``count`` consecutive change numbers for this (open) transaction."""
    if count < 1:
        return range(0)
    top = conn.execute(
        update(change_counter)
        .where(change_counter.c.id == 1)
        .values(value=change_counter.c.value + count)
        .returning(change_counter.c.value)
    ).scalar_one()
    return range(top - count + 1, top + 1)


def lock_feed(conn: Connection) -> None:
    """Take the counter's lock before reading cases a writer will change.

    Every case writer takes this one lock first (then case rows), so writers never deadlock and a
    writer's reads see every earlier commit (READ COMMITTED reads after the lock is granted).
    """
    conn.execute(select(change_counter.c.value).where(change_counter.c.id == 1).with_for_update())


def allocate_seq(conn: Connection) -> int:
    return allocate_seqs(conn, 1)[0]


def current_max_seq(conn: Connection) -> int:
    return int(conn.execute(select(change_counter.c.value)).scalar_one())


class UnknownCursor(Exception):
    """The cursor is beyond anything this gateway ever issued: the kiosk must resync."""


@dataclass(frozen=True)
class FeedSlice:
    changes: list[str]  # each a JSON ``Change``, rendered straight from its row
    next_cursor: int
    has_more: bool


# Each row leaves the database already as the JSON of one ``Change``: the database renders a
# page of 1,000 in about a millisecond, where building it in Python took several. Dates are ISO
# text on both databases; the kiosk validates every page strictly. ``bookings`` is the case's
# active bookings as ``BookingInfo`` JSON sorted by start (kept by
# ``case_writes.refresh_bookings``); the earliest one, when there is one, is the next
# appointment. Optional fields that are empty (no missing documents, appointment, Fiktion date or
# bookings) are left out: ``CaseState`` reads them as its defaults, and most cases have several
# of them empty, so pages are about a quarter smaller and quicker to read on the kiosk.
_SQLITE_LIVE = text(
    "SELECT change_seq, '{\"seq\":' || change_seq || ',\"lookup_key\":' || json_quote(lookup_key)"
    " || ',\"case\":' || CASE WHEN removed THEN 'null' ELSE"
    " '{\"status\":' || json_quote(status)"
    " || ',\"status_changed_on\":' || json_quote(status_changed_on)"
    " || ',\"permit_type\":' || json_quote(permit_type)"
    " || CASE WHEN json_array_length(missing_documents) = 0 THEN ''"
    " ELSE ',\"missing_documents\":' || json(missing_documents) END"
    " || CASE WHEN json_array_length(bookings) = 0 AND next_appointment IS NULL THEN ''"
    " ELSE ',\"next_appointment\":' || json_quote(coalesce(json_extract(bookings, '$[0].start'),"
    " replace(substr(next_appointment, 1, 19), ' ', 'T'))) END"
    " || CASE WHEN fiktion_valid_until IS NULL THEN ''"
    " ELSE ',\"fiktion_valid_until\":' || json_quote(fiktion_valid_until) END"
    " || CASE WHEN json_array_length(bookings) = 0 THEN ''"
    " ELSE ',\"bookings\":' || json(bookings) END || '}' END || '}'"
    " FROM cases WHERE change_seq > :cursor ORDER BY change_seq LIMIT :limit"
)
_POSTGRES_LIVE = text(
    "SELECT change_seq, json_build_object("
    " 'seq', change_seq, 'lookup_key', lookup_key, 'case', CASE WHEN removed THEN NULL ELSE"
    " json_strip_nulls(json_build_object('status', status, 'status_changed_on', status_changed_on,"
    " 'permit_type', permit_type, 'missing_documents',"
    " CASE WHEN json_array_length(missing_documents) = 0 THEN NULL ELSE missing_documents END,"
    " 'next_appointment', coalesce(bookings->0->>'start',"
    " to_char(next_appointment, 'YYYY-MM-DD\"T\"HH24:MI:SS')),"
    " 'fiktion_valid_until', fiktion_valid_until,"
    " 'bookings', CASE WHEN json_array_length(bookings) = 0 THEN NULL ELSE bookings END))"
    " END)::text"
    " FROM cases WHERE change_seq > :cursor ORDER BY change_seq LIMIT :limit"
)
_SQLITE_RETIRED = text(
    "SELECT change_seq, json_object('seq', change_seq, 'lookup_key', lookup_key, 'case', NULL)"
    " FROM retired_keys WHERE change_seq > :cursor ORDER BY change_seq LIMIT :limit"
)
_POSTGRES_RETIRED = text(
    "SELECT change_seq,"
    " json_build_object('seq', change_seq, 'lookup_key', lookup_key, 'case', NULL)::text"
    " FROM retired_keys WHERE change_seq > :cursor ORDER BY change_seq LIMIT :limit"
)


def read_changes(conn: Connection, cursor: int, limit: int) -> FeedSlice:
    """Changes after ``cursor`` in sequence order, at most ``limit``; one row per case.

    Cases and retired keys are each read along their ``change_seq`` index and merged here, so a
    page costs O(limit) whatever the dataset's size (a UNION sorted as a whole cost O(N) a page).
    """
    if cursor > current_max_seq(conn):
        raise UnknownCursor(cursor)
    postgres = conn.dialect.name == "postgresql"
    params = {"cursor": cursor, "limit": limit + 1}
    live = conn.execute(_POSTGRES_LIVE if postgres else _SQLITE_LIVE, params).all()
    retired = conn.execute(_POSTGRES_RETIRED if postgres else _SQLITE_RETIRED, params).all()
    merged = list(islice(heapq.merge(live, retired, key=lambda row: int(row[0])), limit + 1))
    has_more = len(merged) > limit
    page = merged[:limit]
    next_cursor = int(page[-1][0]) if page else cursor
    return FeedSlice([str(row[1]) for row in page], next_cursor, has_more)


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def page_json(epoch: int, cursor: int, page: FeedSlice, server_time: datetime) -> str:
    """The ``ChangesPage`` body around already rendered changes."""
    head = _dumps(
        {
            "protocol": 1,
            "epoch": epoch,
            "cursor": cursor,
            "next_cursor": page.next_cursor,
            "has_more": page.has_more,
            "server_time": server_time.isoformat(),
        }
    )
    return head[:-1] + ',"changes":[' + ",".join(page.changes) + "]}"


def _as_date(value: object) -> date | None:
    # Through a UNION, SQLite may hand dates back as ISO strings.
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    return date.fromisoformat(str(value))
