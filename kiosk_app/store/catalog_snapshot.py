"""The gateway's catalog as the sync engine last received it (``GET /v1/catalog``).

Three meta keys, written together: the snapshot's JSON (validated whole before it is stored),
its version, which the engine reports so the GUI reloads the catalog when it changes, and the
office's closure days from it, which the appointment desk reads on every calendar it shows
(a few bytes, rather than parsing the whole snapshot).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .transactions import Connection, transaction

SNAPSHOT = "catalog_snapshot"
VERSION = "catalog_version"
CLOSED_DAYS = "catalog_closed_days"  # ISO dates, comma-separated


class CatalogSnapshotStore:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def save(self, version: str, snapshot_json: bytes, closed_days: Iterable[date] = ()) -> None:
        closed = ",".join(sorted(day.isoformat() for day in closed_days))
        with transaction(self.connection):
            self.connection.executemany(
                "INSERT INTO meta (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [
                    (SNAPSHOT, bytes(snapshot_json)),
                    (VERSION, version.encode("ascii")),
                    (CLOSED_DAYS, closed.encode("ascii")),
                ],
            )

    def closed_days(self) -> frozenset[date]:
        """The office's closure days as of the stored catalog (none before the first one)."""
        row = self.connection.execute(
            "SELECT value FROM meta WHERE key = ?", (CLOSED_DAYS,)
        ).fetchone()
        if row is None or not row[0]:
            return frozenset()
        return frozenset(date.fromisoformat(day) for day in bytes(row[0]).decode().split(","))

    @property
    def version(self) -> str | None:
        row = self.connection.execute("SELECT value FROM meta WHERE key = ?", (VERSION,)).fetchone()
        return None if row is None else bytes(row[0]).decode("ascii")

    def load(self) -> bytes | None:
        """The stored snapshot's JSON, or None before the first one arrived."""
        row = self.connection.execute(
            "SELECT value FROM meta WHERE key = ?", (SNAPSHOT,)
        ).fetchone()
        return None if row is None else bytes(row[0])
