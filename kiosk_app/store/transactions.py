"""Explicit transactions on the cache connection (opened with ``isolation_level=None``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # sqlcipher3 ships no type information; its Connection mirrors the stdlib sqlite3 one.
    from sqlite3 import Connection
else:
    from sqlcipher3.dbapi2 import Connection

__all__ = ["Connection", "transaction"]


@contextmanager
def transaction(conn: Connection) -> Iterator[Connection]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``, or ``ROLLBACK`` on any exception.

    IMMEDIATE takes the write lock up front, so a concurrent writer (sync thread, another
    process) makes us wait for ``busy_timeout`` instead of failing halfway. Nested use becomes
    a savepoint, so helpers can be called inside a caller's transaction.
    """
    if conn.in_transaction:
        conn.execute("SAVEPOINT nested")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK TO nested")
            conn.execute("RELEASE nested")
            raise
        conn.execute("RELEASE nested")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
