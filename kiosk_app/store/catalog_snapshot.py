"""The gateway's catalog as the sync engine last received it (``GET /v1/catalog``).

Two meta keys, written together: the snapshot's JSON (validated whole before it is stored) and
its version, which the engine reports so the GUI reloads the catalog when it changes.
"""

from __future__ import annotations

from .transactions import Connection, transaction

SNAPSHOT = "catalog_snapshot"
VERSION = "catalog_version"


class CatalogSnapshotStore:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def save(self, version: str, snapshot_json: bytes) -> None:
        with transaction(self.connection):
            self.connection.executemany(
                "INSERT INTO meta (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [(SNAPSHOT, bytes(snapshot_json)), (VERSION, version.encode("ascii"))],
            )

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
