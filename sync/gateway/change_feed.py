"""The change feed: commit-ordered sequence numbers and the pages kiosks pull.

Every write to a case gives its one row a new ``change_seq``. Numbers come from
``UPDATE change_counter SET value = value + n RETURNING value`` inside the writer's transaction:
the row lock (PostgreSQL) or the database write lock (SQLite) is held until commit, so the next
writer gets a larger number only after this one committed. A reader therefore never sees seq 11
while 10 is still pending, and a cursor never jumps over a change that commits later (a plain
sequence or autoincrement would allow exactly that on PostgreSQL).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, null, select, true, union_all, update

from sync.protocol import CaseState, Change

from .tables import cases, change_counter, retired_keys


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
    changes: list[Change]
    next_cursor: int
    has_more: bool


def read_changes(conn: Connection, cursor: int, limit: int) -> FeedSlice:
    """Changes after ``cursor`` in sequence order, at most ``limit``; one row per case."""
    if cursor > current_max_seq(conn):
        raise UnknownCursor(cursor)
    case_rows = select(
        cases.c.change_seq.label("seq"),
        cases.c.lookup_key,
        cases.c.removed,
        cases.c.status,
        cases.c.status_changed_on,
        cases.c.permit_type,
        cases.c.missing_documents,
        cases.c.next_appointment,
        cases.c.fiktion_valid_until,
    ).where(cases.c.change_seq > cursor)
    tombstones = select(
        retired_keys.c.change_seq.label("seq"),
        retired_keys.c.lookup_key,
        true().label("removed"),
        null().label("status"),
        null().label("status_changed_on"),
        null().label("permit_type"),
        null().label("missing_documents"),
        null().label("next_appointment"),
        null().label("fiktion_valid_until"),
    ).where(retired_keys.c.change_seq > cursor)
    feed = union_all(case_rows, tombstones).subquery()
    rows = conn.execute(select(feed).order_by(feed.c.seq).limit(limit + 1)).all()
    has_more = len(rows) > limit
    changes = [_change(row._mapping) for row in rows[:limit]]
    next_cursor = changes[-1].seq if changes else cursor
    return FeedSlice(changes, next_cursor, has_more)


def _change(row: object) -> Change:
    values = dict(row)  # type: ignore[call-overload]
    if values["removed"]:
        return Change(seq=int(values["seq"]), lookup_key=values["lookup_key"], case=None)
    return Change(
        seq=int(values["seq"]),
        lookup_key=values["lookup_key"],
        case=case_state(values),
    )


def case_state(values: dict[str, object]) -> CaseState:
    """The kiosk's view of a case row: no case number, no birth date."""
    return CaseState.model_validate(
        {
            "status": values["status"],
            "status_changed_on": _as_date(values["status_changed_on"]),
            "permit_type": values["permit_type"],
            "missing_documents": list(values["missing_documents"] or []),  # type: ignore[call-overload]
            "next_appointment": values["next_appointment"],
            "fiktion_valid_until": _as_date(values["fiktion_valid_until"]),
        },
        strict=False,
    )


def _as_date(value: object) -> date | None:
    # Through a UNION, SQLite may hand dates back as ISO strings.
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    return date.fromisoformat(str(value))
