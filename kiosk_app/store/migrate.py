"""Numbered schema migrations (``migrations/NNNN_name.sql``) tracked in ``PRAGMA user_version``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from sqlcipher3 import dbapi2 as sqlcipher  # type: ignore[import-untyped]

from .errors import CacheSchemaTooNew
from .transactions import Connection, transaction

PACKAGE = "kiosk_app.store"
_FILE_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str

    def statements(self) -> list[str]:
        """The file split into complete SQL statements (trigger bodies stay whole)."""
        statements: list[str] = []
        buffer = ""
        for line in self.sql.splitlines(keepends=True):
            buffer += line
            if sqlcipher.complete_statement(buffer):
                statements.append(buffer.strip())
                buffer = ""
        if any(line.strip() and not line.strip().startswith("--") for line in buffer.splitlines()):
            raise ValueError(f"migration {self.name} ends with an incomplete statement")
        return statements


@cache
def known_migrations(package: str = PACKAGE) -> tuple[Migration, ...]:
    """All migrations shipped with this version, in order; numbering must be 1, 2, 3, …

    ``package`` holds the ``migrations`` folder: the kiosk's cache (default) or another cache
    built the same way (the counter's, ``kiosk_app.counter``)."""
    found: list[Migration] = []
    for entry in resources.files(package).joinpath("migrations").iterdir():
        match = _FILE_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), entry.name, entry.read_text(encoding="utf-8")))
    found.sort(key=lambda migration: migration.version)
    versions = [migration.version for migration in found]
    if versions != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migrations are not numbered 1..n: {versions}")
    return tuple(found)


def latest_version(package: str = PACKAGE) -> int:
    """The schema version this code writes."""
    return len(known_migrations(package))


def schema_version(conn: Connection) -> int:
    """The cache's current ``user_version`` (0 for a new, empty file)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: Connection, target: int | None = None, package: str = PACKAGE) -> int:
    """Apply pending migrations up to ``target`` (default: all), each in its own transaction.

    Returns the version reached. A version newer than any we know is refused rather than
    guessed at: an older kiosk must not write to a schema it does not understand.
    """
    migrations = known_migrations(package)
    target = len(migrations) if target is None else target
    if not 0 <= target <= len(migrations):
        raise ValueError(f"no migration {target}")
    current = schema_version(conn)
    if current > len(migrations):
        raise CacheSchemaTooNew(
            f"the cache has schema version {current}, this kiosk knows up to {len(migrations)}"
        )
    for migration in migrations[current:target]:
        with transaction(conn):
            # Re-read under the write lock: another process may have migrated meanwhile.
            if schema_version(conn) >= migration.version:
                continue
            for statement in migration.statements():
                conn.execute(statement)
            # user_version is part of page 1, so it commits or rolls back with the DDL above.
            conn.execute(f"PRAGMA user_version = {migration.version:d}")
    return schema_version(conn)
