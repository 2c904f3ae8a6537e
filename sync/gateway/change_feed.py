"""The change feed: sequence numbers in commit order, and the pages kiosks pull.

Every write to a case gives its one row a new ``change_seq``; a kiosk pages with the highest
number it has seen. No reader may ever pass a number that a transaction still in flight will
commit later: that change would be skipped for ever (DESIGN.md "Sync protocol").

**SQLite** has one writer at a time (``BEGIN IMMEDIATE``): numbers come from
``UPDATE change_counter SET value = value + n RETURNING value``, so their order is commit order.

**PostgreSQL** writers do not take turns for a number. A change is numbered after its writer's
transaction id: ``change_seq = change_counter.value + (xid << XID_SHIFT) + n`` (``n`` counts the
transaction's changes from 1; ``change_counter.value`` is frozen on PostgreSQL, where it is only
the offset above the numbers a counter handed out before). A reader serves only changes of
transactions below the oldest one of this database still in flight at its snapshot
(``feed_bound``): every transaction below that bound has finished, each one numbered later gets
a higher transaction id, so nothing can ever commit behind a cursor. Changes of a transaction in
flight, and of every later one, wait for the next pull (a delay of at most the longest write
transaction, never a loss). Transactions of other databases on the same server never hold the
feed back, nor does autovacuum. ``tests/sync/gateway/test_gateway_concurrency.py`` shows a
reader losing changes with a plain sequence and with this numbering read past the bound, and
none with the bound.

Locks (PostgreSQL; SQLite's single writer needs none): ``share_feed`` is taken by routine case,
booking and lease writers, which run side by side; ``lock_feed`` by writers that must see the
whole dataset stand still (imports, pepper rotation, first start): it waits for the routine
writers in flight and holds new ones back until it commits. ``lock_slots`` makes the writers of
one slot (bookings, lease grants) take turns. Writers lock in this order: the feed, slots (sorted),
a case's row; so none waits for another in a circle.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from itertools import islice

from sqlalchemy import Connection, select, text, update

from .tables import change_counter

# A transaction may number up to 2**XID_SHIFT - 1 changes (a rotation renumbers every case in
# one); transaction ids up to 2**(63 - XID_SHIFT), decades of a busy server, fit in a BIGINT.
XID_SHIFT = 22
_XID_LIMIT = 1 << (63 - XID_SHIFT)
_NUMBERED = "gateway_feed_numbered"  # (xid, changes numbered so far) on the DBAPI connection

# Advisory lock keys (two-int form): (purpose, hash of the schema), so gateways in different
# schemas of one database do not wait for each other.
FEED_LOCK = 0x6B67_0001
SLOT_LOCK = 0x6B67_0002


class FeedBatchTooLarge(RuntimeError):
    """More changes in one PostgreSQL transaction than its numbers can hold."""


def _postgres(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


_PG_NUMBERING = text(
    "SELECT pg_current_xact_id()::text::bigint, value FROM change_counter WHERE id = 1"
)


def allocate_seqs(conn: Connection, count: int) -> range:
    """Reserve ``count`` consecutive change numbers for this (open) transaction."""
    if count < 1:
        return range(0)
    if not _postgres(conn):
        top = conn.execute(
            update(change_counter)
            .where(change_counter.c.id == 1)
            .values(value=change_counter.c.value + count)
            .returning(change_counter.c.value)
        ).scalar_one()
        return range(top - count + 1, top + 1)
    xid, offset = conn.execute(_PG_NUMBERING).one()
    previous = conn.info.get(_NUMBERED)
    used = previous[1] if previous is not None and previous[0] == xid else 0
    if used + count >= 1 << XID_SHIFT or xid >= _XID_LIMIT:
        raise FeedBatchTooLarge(f"{used + count} changes in one transaction")
    conn.info[_NUMBERED] = (xid, used + count)
    first = int(offset) + (int(xid) << XID_SHIFT) + used + 1
    return range(first, first + count)


def feed_numbered(conn: Connection) -> tuple[int | None, int]:
    """(transaction id, changes numbered in it so far) as ``allocate_seqs`` noted them last."""
    xid, numbered = conn.info.get(_NUMBERED, (None, 0))
    return xid, int(numbered)


def note_feed_numbered(conn: Connection, xid: int | None, numbered: int) -> None:
    """What a server-side writer (``routines/``) numbered, so later allocations follow it."""
    if xid is not None:
        conn.info[_NUMBERED] = (xid, numbered)


def allocate_seq(conn: Connection) -> int:
    return allocate_seqs(conn, 1)[0]


_PG_SHARE_FEED = text("SELECT pg_advisory_xact_lock_shared(:purpose, hashtext(current_schema()))")
_PG_SHARE_FEED_LOCK_SLOT = text(
    "SELECT pg_advisory_xact_lock_shared(:purpose, hashtext(current_schema())),"
    " pg_advisory_xact_lock(:slot_purpose, hashtext(current_schema() || '/' || :slot_id))"
)
_PG_LOCK_FEED = text("SELECT pg_advisory_xact_lock(:purpose, hashtext(current_schema()))")


def share_feed(conn: Connection, slot_id: str | None = None) -> None:
    """Taken by routine writers (a case's status, a booking, a lease grant) before they read
    what they will change: they run side by side, but never while a ``lock_feed`` holder runs.
    With ``slot_id``, that slot's lock too (``lock_slots``), in the same round trip."""
    if not _postgres(conn):
        return
    if slot_id is None:
        conn.execute(_PG_SHARE_FEED, {"purpose": FEED_LOCK})
    else:
        params = {"purpose": FEED_LOCK, "slot_purpose": SLOT_LOCK, "slot_id": slot_id}
        conn.execute(_PG_SHARE_FEED_LOCK_SLOT, params)


def lock_feed(conn: Connection) -> None:
    """The dataset stands still until this transaction ends: no other case, booking or lease
    writer runs meanwhile (PostgreSQL: waits for those in flight; SQLite: ``BEGIN IMMEDIATE``
    already admits one writer). Imports, pepper rotation and seeding take it."""
    if _postgres(conn):
        conn.execute(_PG_LOCK_FEED, {"purpose": FEED_LOCK})


_PG_LOCK_SLOT = text(
    "SELECT pg_advisory_xact_lock(:purpose, hashtext(current_schema() || '/' || :slot_id))"
)


def lock_slots(conn: Connection, slot_ids: Iterable[str]) -> None:
    """Writers of the same slot (a booking, a move, a lease grant) take turns from here to
    commit, so each one's checks see what the other committed. Sorted: no two writers wait for
    each other in a circle."""
    if _postgres(conn):
        for slot_id in sorted(set(slot_ids)):
            conn.execute(_PG_LOCK_SLOT, {"purpose": SLOT_LOCK, "slot_id": slot_id})


def current_max_seq(conn: Connection) -> int:
    """The highest change number a reader can have been given (SQLite: the counter)."""
    if _postgres(conn):
        return int(conn.execute(_PG_MAX_SEQ).scalar_one())
    return int(conn.execute(select(change_counter.c.value)).scalar_one())


# Rows are renumbered upwards, never down, so the highest number in them (or the frozen
# counter) is the highest one any cursor can hold.
_PG_MAX_SEQ = text(
    "SELECT greatest(value, (SELECT max(change_seq) FROM cases),"
    " (SELECT max(change_seq) FROM retired_keys)) FROM change_counter WHERE id = 1"
)
# The oldest transaction of *this* database in flight at the reader's snapshot, or the
# snapshot's xmax when there is none; the numbers below it are final. An in-flight transaction
# is left out only when it is known not to write the feed: it belongs to another database (a
# session or a prepared transaction there), or it is autovacuum's (ANALYZE takes an id to write
# statistics, never rows). One whose session is not visible (ended since, or another role's)
# counts, which can only delay. ``backend_xid`` and ``transaction`` are 32 bits:
# an in-flight xid8 matches them modulo 2**32.
_PG_BOUND = text(
    "SELECT c.value + (coalesce(min(x::text::bigint),"
    " pg_snapshot_xmax(pg_current_snapshot())::text::bigint) << :shift)"
    " FROM change_counter c"
    " LEFT JOIN pg_snapshot_xip(pg_current_snapshot()) AS x"
    " ON x::text::bigint % 4294967296 NOT IN ("
    "  SELECT backend_xid::text::bigint FROM pg_stat_activity"
    "  WHERE backend_xid IS NOT NULL"
    "  AND (datname IS DISTINCT FROM current_database() OR backend_type = 'autovacuum worker')"
    "  UNION ALL SELECT transaction::text::bigint FROM pg_prepared_xacts"
    "  WHERE database <> current_database())"
    " WHERE c.id = 1 GROUP BY c.value"
)


def feed_bound(conn: Connection) -> int | None:
    """PostgreSQL: the first change number a reader in this snapshot may not serve yet (every
    number below it is final). None on SQLite, where every committed number is final."""
    if not _postgres(conn):
        return None
    return int(conn.execute(_PG_BOUND, {"shift": XID_SHIFT}).scalar_one())


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
    " || CASE WHEN permit_valid_until IS NULL THEN ''"
    " ELSE ',\"permit_valid_until\":' || json_quote(permit_valid_until) END"
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
    " 'permit_valid_until', permit_valid_until,"
    " 'bookings', CASE WHEN json_array_length(bookings) = 0 THEN NULL ELSE bookings END))"
    " END)::text"
    " FROM cases WHERE change_seq > :cursor AND change_seq < :bound"
    " ORDER BY change_seq LIMIT :limit"
)
_SQLITE_RETIRED = text(
    "SELECT change_seq, json_object('seq', change_seq, 'lookup_key', lookup_key, 'case', NULL)"
    " FROM retired_keys WHERE change_seq > :cursor ORDER BY change_seq LIMIT :limit"
)
_POSTGRES_RETIRED = text(
    "SELECT change_seq,"
    " json_build_object('seq', change_seq, 'lookup_key', lookup_key, 'case', NULL)::text"
    " FROM retired_keys WHERE change_seq > :cursor AND change_seq < :bound"
    " ORDER BY change_seq LIMIT :limit"
)


def read_changes(conn: Connection, cursor: int, limit: int) -> FeedSlice:
    """Changes after ``cursor`` in sequence order, at most ``limit``; one row per case. On
    PostgreSQL only final ones (below ``feed_bound``); ``has_more`` says whether more final
    changes are waiting, not whether later ones are still in flight.

    Cases and retired keys are each read along their ``change_seq`` index and merged here, so a
    page costs O(limit) whatever the dataset's size (a UNION sorted as a whole cost O(N) a page).
    """
    if cursor > current_max_seq(conn):
        raise UnknownCursor(cursor)
    bound = feed_bound(conn)
    postgres = bound is not None
    params = {"cursor": cursor, "limit": limit + 1, "bound": bound}
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
