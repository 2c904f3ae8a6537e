"""Backup and restore of the gateway's database (docs/gateway.md "Backup and restore").

SQLite: the online backup API copies a consistent snapshot while the gateway serves (a WAL
reader blocks no writer). PostgreSQL: ``pg_dump --format=custom`` and
``pg_restore --clean --if-exists``, run as the documented commands.

A restore puts the gateway back in time: it forgets commands and online bookings it had
confirmed to kiosks. So that every kiosk notices, whatever its cursor, the restored dataset gets
a new epoch (the pepper is kept): kiosks resync in full, find out which of their acknowledged
commands the gateway lost and replay them (``sync/replay.py``).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sqlite3
import subprocess
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from sqlalchemy import Engine, select, update
from sqlalchemy.engine import URL, make_url

from .database import make_engine, upgrade, write_transaction
from .serving import exclusive_use
from .tables import dataset

log = logging.getLogger(__name__)
_SEARCH_PATH = re.compile(r"-c\s*search_path\s*=\s*([A-Za-z_][A-Za-z0-9_]*)")


class BackupError(Exception):
    """A backup or restore that could not be made; the message says why, for the operator."""


@dataclass(frozen=True)
class Restored:
    backup_epoch: int
    epoch: int  # the new one: kiosks resync on their next round


def is_sqlite(db_url: str) -> bool:
    return make_url(db_url).get_backend_name() == "sqlite"


def sqlite_path(db_url: str) -> Path:
    database = make_url(db_url).database
    if not database or database == ":memory:":
        raise BackupError("an in-memory database has nothing to back up")
    return Path(database)


# --- backup -------------------------------------------------------------------------------


def backup(db_url: str, target: Path) -> None:
    """Write a backup of the gateway database at ``db_url`` to ``target`` (the gateway may be
    serving). The file is complete or absent: it is written beside ``target`` and renamed."""
    if is_sqlite(db_url):
        _sqlite_backup(sqlite_path(db_url), target)
    else:
        _pg_backup(db_url, target)


def _sqlite_backup(source: Path, target: Path) -> None:
    if not source.exists():
        raise BackupError(f"no database at {source}")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(source, timeout=30)
    try:
        _require_gateway_schema(src, source)
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)  # all pages in one step: one consistent snapshot
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            _require_intact(dst, partial)
        finally:
            dst.close()
    finally:
        src.close()
    _durable_replace(partial, target)


def _pg_backup(db_url: str, target: Path) -> None:
    connection = _Libpq.from_url(db_url)
    _check_client_version(db_url, "pg_dump")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    command = ["pg_dump", "--format=custom", f"--file={partial}", *connection.schema_args()]
    _run([*command, f"--dbname={connection.uri}"], connection.env())
    _durable_replace(partial, target)


# --- restore ------------------------------------------------------------------------------


def restore(source: Path, db_url: str, *, force: bool = False) -> Restored:
    """Replace the database at ``db_url`` with the backup ``source`` and start a new dataset
    epoch. Refuses while a gateway serves that database (``GatewayRunning``), unless
    ``force``; a gateway cannot start while the restore runs."""
    if not source.is_file():
        raise BackupError(f"no backup file at {source}")
    with exclusive_use(db_url, force=force):
        replaced_epoch = _epoch_or_none(db_url)
        if is_sqlite(db_url):
            _sqlite_restore(source, sqlite_path(db_url))
        else:
            _pg_restore(source, db_url)
        upgrade(db_url)  # a backup of an older version gets this version's schema
        engine = make_engine(db_url)
        try:
            restored = _new_epoch(engine, replaced_epoch)
        finally:
            engine.dispose()
    log.info("restored epoch %d as epoch %d", restored.backup_epoch, restored.epoch)
    return restored


def _sqlite_restore(source: Path, target: Path) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        _require_intact(src, source)
        _require_gateway_schema(src, source)
        target.parent.mkdir(parents=True, exist_ok=True)
        dst = sqlite3.connect(target, timeout=30)
        try:
            # Through SQLite, not a file copy: the target's WAL and shared memory stay coherent.
            src.backup(dst)
            _require_intact(dst, target)
        finally:
            dst.close()
    finally:
        src.close()


def _pg_restore(source: Path, db_url: str) -> None:
    connection = _Libpq.from_url(db_url)
    _check_client_version(db_url, "pg_restore")
    command = [
        "pg_restore",
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",  # all or nothing: a failed restore leaves the database as it was
        "--exit-on-error",
        f"--dbname={connection.uri}",
        str(source),
    ]
    _run(command, connection.env())


def _epoch_or_none(db_url: str) -> int | None:
    """The epoch of the database about to be replaced, if there is one to read."""
    if is_sqlite(db_url) and not sqlite_path(db_url).exists():
        return None
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            return conn.execute(select(dataset.c.epoch).where(dataset.c.id == 1)).scalar()
    except Exception:  # no such table, an empty database: nothing to compare with
        return None
    finally:
        engine.dispose()


def _new_epoch(engine: Engine, replaced_epoch: int | None) -> Restored:
    """A new epoch above both the backup's and the replaced database's (kiosks may hold
    either), with the backup's pepper: every kiosk's next page shows it, and it resyncs."""
    with write_transaction(engine) as conn:
        backup_epoch = int(
            conn.execute(select(dataset.c.epoch).where(dataset.c.id == 1)).scalar_one()
        )
        epoch = max(backup_epoch, replaced_epoch or 0) + 1
        conn.execute(update(dataset).where(dataset.c.id == 1).values(epoch=epoch))
    return Restored(backup_epoch, epoch)


# --- helpers ------------------------------------------------------------------------------


def _require_intact(conn: sqlite3.Connection, path: Path) -> None:
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not an SQLite database") from error
    if result is None or result[0] != "ok":
        raise BackupError(f"{path} is damaged (integrity check failed)")


def _require_gateway_schema(conn: sqlite3.Connection, path: Path) -> None:
    try:
        found = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'dataset'"
        ).fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not an SQLite database") from error
    if found is None:
        raise BackupError(f"{path} is not a gateway database")


def _durable_replace(partial: Path, target: Path) -> None:
    with open(partial, "rb") as written:
        os.fsync(written.fileno())
    os.replace(partial, target)
    with suppress(OSError):  # not every file system lets a directory be fsynced
        directory = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


@dataclass(frozen=True)
class _Libpq:
    """How pg_dump and pg_restore reach the database of a SQLAlchemy URL. The password goes
    in the environment (``PGPASSWORD``), never on a command line other users can read."""

    uri: str
    password: str | None
    schema: str | None  # from ``options=-csearch_path=…``: only that schema

    @classmethod
    def from_url(cls, db_url: str) -> _Libpq:
        url = make_url(db_url)
        options = unquote(str(url.query.get("options", "")))
        found = _SEARCH_PATH.search(options)
        plain = URL.create(
            "postgresql",
            username=url.username,
            host=url.host,
            port=url.port,
            database=url.database,
        )
        return cls(
            plain.render_as_string(hide_password=False),
            url.password if isinstance(url.password, str) else None,
            found.group(1) if found else None,
        )

    def schema_args(self) -> list[str]:
        return [f"--schema={self.schema}"] if self.schema else []

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.password:
            env["PGPASSWORD"] = self.password
        return env


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (PostgreSQL client tools)")
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        problem = done.stderr.strip().splitlines()
        raise BackupError(f"{command[0]} failed: {problem[-1] if problem else done.returncode}")


def _major(version_text: str) -> int:
    """``pg_dump (PostgreSQL) 15.20 (Debian …)`` → 15."""
    found = re.search(r"\)\s*(\d+)", version_text) or re.search(r"(\d+)", version_text)
    if found is None:
        raise BackupError(f"cannot read a version from {version_text!r}")
    return int(found.group(1))


def _check_client_version(db_url: str, tool: str) -> None:
    """pg_dump refuses a newer server, and a dump is only readable by its own major version
    or later: the client tools must be at least the server's major version."""
    if shutil.which(tool) is None:
        raise BackupError(f"{tool} is not installed (PostgreSQL client tools)")
    client = subprocess.run([tool, "--version"], capture_output=True, text=True, check=True)
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            server = int(conn.exec_driver_sql("SHOW server_version_num").scalar_one())
    finally:
        engine.dispose()
    if _major(client.stdout) < server // 10000:
        raise BackupError(
            f"{tool} is older than the server (PostgreSQL {server // 10000}): "
            "install the client tools of the server's version"
        )
