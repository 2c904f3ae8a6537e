"""Dataset metadata in the cache: the lookup-key pepper and the dataset epoch."""

from __future__ import annotations

from .transactions import Connection, transaction

PEPPER = "pepper"
EPOCH = "epoch"
_MIN_PEPPER_BYTES = 16  # derive_lookup_key refuses shorter ones; the gateway sends 32


class CacheMeta:
    """Key-value metadata (``meta`` table); values are bytes."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def get(self, key: str) -> bytes | None:
        """The value stored under ``key``, or ``None``."""
        row = self.connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else bytes(row[0])

    def set(self, key: str, value: bytes) -> None:
        """Store ``value`` under ``key``, replacing any previous value."""
        with transaction(self.connection):
            self.connection.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, bytes(value)),
            )

    def delete(self, key: str) -> None:
        """Remove ``key`` if present."""
        with transaction(self.connection):
            self.connection.execute("DELETE FROM meta WHERE key = ?", (key,))

    @property
    def pepper(self) -> bytes | None:
        """The HMAC pepper for lookup keys of the current dataset (from the gateway)."""
        return self.get(PEPPER)

    @pepper.setter
    def pepper(self, value: bytes | None) -> None:
        if value is None:
            self.delete(PEPPER)
            return
        if len(value) < _MIN_PEPPER_BYTES:
            raise ValueError(f"pepper too short: {len(value)} bytes, need {_MIN_PEPPER_BYTES}")
        self.set(PEPPER, value)

    @property
    def epoch(self) -> int | None:
        """The dataset epoch the cases belong to; the pepper rotates with it."""
        value = self.get(EPOCH)
        return None if value is None else int(value.decode("ascii"))

    @epoch.setter
    def epoch(self, value: int | None) -> None:
        if value is None:
            self.delete(EPOCH)
            return
        # Stored as decimal text so it reads the same in a dump as in code.
        self.set(EPOCH, str(int(value)).encode("ascii"))
