"""Engines for SQLite (the embedded default) and PostgreSQL, transactions, and schema upgrade.

Writers use ``write_transaction``: on SQLite it begins with ``BEGIN IMMEDIATE`` so a writer takes
the database's write lock before reading anything (no SQLITE_BUSY_SNAPSHOT halfway through), and
``busy_timeout`` makes the next writer wait instead of failing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# PostgreSQL functions (CREATE OR REPLACE), installed after the migrations at every start.
ROUTINES_DIR = Path(__file__).resolve().parent / "routines"
BUSY_TIMEOUT_MS = 10_000
_WRITE = "gateway_write"
# PostgreSQL connections per gateway process, at most: several processes share the server's
# max_connections (default 100; docs/gateway.md "Running several processes"). A request waits
# for a free connection rather than opening more: two cores are busy long before 12 are.
POSTGRES_POOL_SIZE = 8
POSTGRES_POOL_OVERFLOW = 4
APPLICATION_NAME = "kiosk-gateway"  # pg_stat_activity names the gateway's connections
_MIGRATION_LOCK = 0x6B67_0003  # advisory lock (two-int form, see change_feed): migrations


def make_engine(db_url: str) -> Engine:
    """An engine for ``sqlite:///path`` or ``postgresql+psycopg://...``."""
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(db_url)
    return create_engine(
        db_url,
        pool_pre_ping=True,
        pool_size=POSTGRES_POOL_SIZE,
        max_overflow=POSTGRES_POOL_OVERFLOW,
        connect_args={"application_name": APPLICATION_NAME},
    )


def _sqlite_engine(db_url: str) -> Engine:
    engine = create_engine(
        db_url,
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        pool_size=10,
        max_overflow=20,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # We emit BEGIN ourselves (below); the driver's implicit transactions are off.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        write = conn.get_execution_options().get(_WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def is_postgres(engine: Engine | Connection) -> bool:
    return engine.dialect.name == "postgresql"


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that will write: serialised with other writers, committed on success."""
    with engine.connect() as conn:
        conn = conn.execution_options(**{_WRITE: True})
        with conn.begin():
            yield conn


@contextmanager
def single_statement_write(engine: Engine) -> Iterator[Connection]:
    """For a writer whose whole work is one statement (a function of ``routines/``): on
    PostgreSQL each statement is its own transaction (autocommit: no BEGIN and COMMIT round
    trips); on SQLite a ``write_transaction``."""
    if not is_postgres(engine):
        with write_transaction(engine) as conn:
            yield conn
        return
    with engine.connect() as conn:
        yield conn.execution_options(isolation_level="AUTOCOMMIT")


@contextmanager
def read_transaction(engine: Engine) -> Iterator[Connection]:
    """A read-only transaction that sees one snapshot (REPEATABLE READ on PostgreSQL)."""
    with engine.connect() as conn:
        if is_postgres(engine):
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            yield conn


def upgrade(db_url: str) -> None:
    """Apply every Alembic migration up to head; no alembic.ini is needed. Gateway processes
    starting together on one PostgreSQL schema take turns: the later ones find it at head."""
    engine = make_engine(db_url)
    try:
        with write_transaction(engine) as conn:
            if is_postgres(conn):
                conn.execute(
                    text("SELECT pg_advisory_xact_lock(:purpose, hashtext(current_schema()))"),
                    {"purpose": _MIGRATION_LOCK},
                )
            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS_DIR))
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
            if is_postgres(conn):
                install_routines(conn)
    finally:
        engine.dispose()


def install_routines(conn: Connection) -> None:
    """(Re)create the PostgreSQL functions of ``ROUTINES_DIR``: like a migration they change
    with the code, but CREATE OR REPLACE makes them safe to run at every start."""
    routines = sorted(ROUTINES_DIR.glob("*.sql"))
    if not routines:  # bookings would fail at their first call: refuse to start instead
        raise RuntimeError(f"no PostgreSQL routines in {ROUTINES_DIR}: incomplete installation")
    driver = conn.connection.driver_connection
    assert driver is not None
    for routine in routines:
        driver.execute(routine.read_text(encoding="utf-8"))  # no parameters: several statements


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything the gateway stores is UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
