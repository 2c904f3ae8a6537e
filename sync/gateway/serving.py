"""Which database a gateway is serving, so that a restore never runs under a live gateway.

A serving gateway holds a shared lock for as long as it runs; ``restore`` takes the same lock
exclusively, so it refuses to start while a gateway serves the database, and a gateway cannot
start while a restore runs. The operating system (SQLite: ``flock`` on ``<database>.serving``)
or the server (PostgreSQL: a session advisory lock on the gateway's schema) drops the lock when
the process dies, so a crashed gateway never blocks a restore.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import make_url

from .database import make_engine

# pg advisory locks are keyed by two integers: this constant and a hash of the schema's name.
_LOCK_CLASS = 0x6B696F  # "kio"
_KEY = f"{_LOCK_CLASS}, hashtext(current_schema())"


class GatewayRunning(Exception):
    """A gateway serves this database (or a restore of it is running)."""


def _lock_path(db_url: str) -> Path | None:
    url = make_url(db_url)
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database
    if not database or database == ":memory:":
        return None
    return Path(database).with_name(Path(database).name + ".serving")


@contextmanager
def serving(engine: Engine, db_url: str) -> Iterator[None]:
    """Held while a gateway serves ``db_url``. Raises ``GatewayRunning`` if a restore of it
    is running."""
    path = _lock_path(db_url)
    if path is not None:
        with _flock(path, fcntl.LOCK_SH):
            yield
        return
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect() as conn:
        if not conn.execute(text(f"SELECT pg_try_advisory_lock_shared({_KEY})")).scalar_one():
            raise GatewayRunning("a restore of this database is running")
        conn.commit()
        try:
            yield
        finally:
            _unlock(conn, "pg_advisory_unlock_shared")


@contextmanager
def exclusive_use(db_url: str, *, force: bool = False) -> Iterator[None]:
    """For a restore: no gateway may serve ``db_url`` now, nor start until this ends. With
    ``force`` a serving gateway is not waited for (the operator knows it is not serving)."""
    path = _lock_path(db_url)
    if path is not None:
        with _flock(path, fcntl.LOCK_EX, force=force):
            yield
        return
    engine = make_engine(db_url)
    try:
        if engine.dialect.name != "postgresql":
            yield
            return
        with engine.connect() as conn:
            held = bool(conn.execute(text(f"SELECT pg_try_advisory_lock({_KEY})")).scalar_one())
            conn.commit()
            if not held and not force:
                raise GatewayRunning("a gateway serves this database: stop it first")
            try:
                yield
            finally:
                if held:
                    _unlock(conn, "pg_advisory_unlock")
    finally:
        engine.dispose()


@contextmanager
def _flock(path: Path, kind: int, *, force: bool = False) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, kind | fcntl.LOCK_NB)
        except BlockingIOError:
            if kind == fcntl.LOCK_SH:
                raise GatewayRunning("a restore of this database is running") from None
            if not force:
                raise GatewayRunning("a gateway serves this database: stop it first") from None
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _unlock(conn: Connection, function: str) -> None:
    try:
        conn.execute(text(f"SELECT {function}({_KEY})"))
        conn.commit()
    except Exception:  # the connection is gone, and the lock with it
        conn.invalidate()
