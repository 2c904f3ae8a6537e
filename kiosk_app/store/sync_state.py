"""What the sync engine keeps between runs, and applying a pulled page atomically.

A page's cases and the cursor after it are written in one transaction, so a crash at any
point leaves the cursor consistent with the data. A full resync (new epoch) fills
``cases_staging`` while the old dataset keeps answering, then swaps it in at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from operator import itemgetter

from sqlcipher3 import dbapi2 as _sqlcipher  # type: ignore[import-untyped]

from .cases import UPSERT_TEXT_INTO, CaseFields, TextRow, text_row, to_row
from .meta import EPOCH, PEPPER
from .replay import ReplayState
from .transactions import Connection, transaction

CURSOR = "sync_cursor"
RESYNC_EPOCH = "resync_epoch"
RESYNC_PEPPER = "resync_pepper"
RESYNC_CURSOR = "resync_cursor"
DEVICE_ID = "device_id"
DEVICE_TOKEN = "device_token"
GATEWAY_URL = "gateway_url"
LAST_SYNC = "last_sync_at"
SERVER_OFFSET = "server_offset_s"
# unhex() is built into SQLite from 3.41; an older library gets it as a Python function.
_NATIVE_UNHEX = _sqlcipher.sqlite_version_info >= (3, 41, 0)


@dataclass(frozen=True)
class Resync:
    epoch: int
    pepper: bytes
    cursor: int


class SyncState:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    # -- small typed accessors over the meta table ------------------------------------------
    def _get(self, key: str) -> bytes | None:
        row = self.connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else bytes(row[0])

    def _set(self, key: str, value: bytes) -> None:
        self.connection.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def _text(self, key: str) -> str | None:
        value = self._get(key)
        return None if value is None else value.decode("utf-8")

    @property
    def cursor(self) -> int:
        return int(self._text(CURSOR) or 0)

    @property
    def epoch(self) -> int | None:
        text = self._text(EPOCH)
        return None if text is None else int(text)

    @property
    def device_id(self) -> str | None:
        return self._text(DEVICE_ID)

    @property
    def device_token(self) -> str | None:
        return self._text(DEVICE_TOKEN)

    @property
    def gateway_url(self) -> str | None:
        return self._text(GATEWAY_URL)

    @property
    def last_sync_at(self) -> datetime | None:
        text = self._text(LAST_SYNC)
        return None if text is None else datetime.fromisoformat(text)

    @property
    def server_offset_s(self) -> float:
        return float(self._text(SERVER_OFFSET) or 0.0)

    @property
    def resync(self) -> Resync | None:
        epoch, pepper = self._text(RESYNC_EPOCH), self._get(RESYNC_PEPPER)
        if epoch is None or pepper is None:
            return None
        return Resync(int(epoch), pepper, int(self._text(RESYNC_CURSOR) or 0))

    # -- writes ------------------------------------------------------------------------------
    def enroll(
        self, gateway_url: str, device_id: str, token: str, pepper: bytes, epoch: int
    ) -> None:
        """Store credentials and start an empty dataset of ``epoch``."""
        with transaction(self.connection):
            self._set(GATEWAY_URL, gateway_url.encode())
            self._set(DEVICE_ID, device_id.encode())
            self._set(DEVICE_TOKEN, token.encode())
            self.connection.execute("DELETE FROM cases")
            # Slots and leases of an earlier enrollment are not this device's.
            self.connection.execute("DELETE FROM free_slots")
            self.connection.execute("DELETE FROM leases WHERE taken_by IS NULL")
            self._set(PEPPER, pepper)
            self._set(EPOCH, str(epoch).encode())
            self._set(CURSOR, b"0")
            ReplayState(self.connection).forget()  # what an earlier identity sent is not ours

    def move_gateway(self, gateway_url: str) -> None:
        """The same gateway (same database, device and dataset) answers at a new address."""
        with transaction(self.connection):
            self._set(GATEWAY_URL, gateway_url.encode())

    def record_sync(self, at: datetime, server_offset_s: float) -> None:
        with transaction(self.connection):
            self._set(LAST_SYNC, at.isoformat().encode())
            self._set(SERVER_OFFSET, repr(server_offset_s).encode())

    def record_offset(self, server_offset_s: float) -> None:
        """The gateway's clock minus ours, measured on any answer that carries its time
        (leases are judged with it: ``core.leases.gateway_now``)."""
        with transaction(self.connection):
            self._set(SERVER_OFFSET, repr(server_offset_s).encode())

    def apply_page(
        self,
        upserts: Iterable[tuple[bytes, CaseFields]],
        removals: Iterable[bytes],
        next_cursor: int,
    ) -> None:
        """Apply one pulled page and its cursor together (to staging during a resync)."""
        changes: dict[str, TextRow | None] = {
            bytes(k).hex(): text_row(to_row(k, r)) for k, r in upserts
        }
        changes.update((bytes(k).hex(), None) for k in removals)
        self.apply_rows(changes, next_cursor)

    def apply_rows(self, changes: Mapping[str, TextRow | None], next_cursor: int) -> None:
        """Apply pulled changes (hex lookup key → the case's row, or ``None``: removed) and the
        cursor after them in one transaction (to staging during a resync)."""
        batch = PageBatch(self)
        try:
            batch.add(changes)
            batch.commit(next_cursor)
        finally:
            batch.rollback()

    def begin_resync(self, epoch: int, pepper: bytes) -> None:
        """Start loading dataset ``epoch`` beside the current one (restarts a broken resync)."""
        with transaction(self.connection):
            self.connection.execute("DELETE FROM cases_staging")
            self._set(RESYNC_EPOCH, str(epoch).encode())
            self._set(RESYNC_PEPPER, pepper)
            self._set(RESYNC_CURSOR, b"0")

    def finish_resync(self) -> None:
        """Swap the fully loaded dataset in: cases, pepper, epoch and cursor change together."""
        with transaction(self.connection):
            resync = self.resync
            if resync is None:
                return
            new_pepper = self._get(PEPPER) != resync.pepper
            self.connection.execute("DELETE FROM cases")
            self.connection.execute("INSERT INTO cases SELECT * FROM cases_staging")
            self.connection.execute("DELETE FROM cases_staging")
            self._set(PEPPER, resync.pepper)
            self._set(EPOCH, str(resync.epoch).encode())
            self._set(CURSOR, str(resync.cursor).encode())
            for key in (RESYNC_EPOCH, RESYNC_PEPPER, RESYNC_CURSOR):
                self.connection.execute("DELETE FROM meta WHERE key = ?", (key,))
            # The gateway's view was loaded afresh (a restore from backup looks like this):
            # check the online bookings it confirmed against it (sync/replay.py).
            ReplayState(self.connection).dataset_loaded(new_pepper=new_pepper)


class PageBatch:
    """Pulled pages written one by one into one open transaction, committed together with the
    cursor after the last of them (to staging during a resync): a long sync writes as pages
    arrive, yet commits (and rewrites the pages its random keys touched) only once a batch.

    ``add`` opens the transaction (``BEGIN IMMEDIATE``) if none is open; ``commit`` stores the
    cursor and commits; ``rollback`` drops whatever was added since the last commit (call it in
    a ``finally``: it does nothing when nothing is open).
    """

    def __init__(self, state: SyncState) -> None:
        self._state = state
        self._table: str | None = None  # the table written to while a transaction is open
        self.changes = 0  # changes added since the last commit

    @property
    def open(self) -> bool:
        return self._table is not None

    def add(self, changes: Mapping[str, TextRow | None]) -> None:
        """Write changes (hex lookup key → the case's row, or ``None``: removed)."""
        # In key order (hex sorts as the bytes do): neighbouring B-tree inserts touch the same
        # pages (pages arrive in change order, which is random in key space).
        rows = sorted((row for row in changes.values() if row is not None), key=itemgetter(0))
        removals = [(key,) for key, row in changes.items() if row is None]
        conn = self._state.connection
        if self._table is None:
            if not _NATIVE_UNHEX:
                conn.create_function("unhex", 1, bytes.fromhex, deterministic=True)
            conn.execute("BEGIN IMMEDIATE")
            self._table = "cases_staging" if self._state.resync is not None else "cases"
        try:
            conn.executemany(UPSERT_TEXT_INTO[self._table], rows)
            if removals:
                conn.executemany(f"DELETE FROM {self._table} WHERE lookup_key = unhex(?)", removals)
        except BaseException:
            self.rollback()
            raise
        self.changes += len(changes)

    def commit(self, next_cursor: int) -> None:
        """Store ``next_cursor`` with what was added, in the same transaction, and commit."""
        if self._table is None:
            return
        cursor_key = CURSOR if self._table == "cases" else RESYNC_CURSOR
        try:
            self._state._set(cursor_key, str(next_cursor).encode())
            self._state.connection.execute("COMMIT")
        except BaseException:
            self.rollback()
            raise
        self._table, self.changes = None, 0

    def rollback(self) -> None:
        if self._table is not None:
            self._table, self.changes = None, 0
            self._state.connection.execute("ROLLBACK")
