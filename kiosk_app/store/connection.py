"""Open the encrypted cache, failing closed on anything but a SQLCipher file our key opens."""

from __future__ import annotations

from pathlib import Path

from sqlcipher3 import dbapi2 as sqlcipher  # type: ignore[import-untyped]

from .errors import CacheError, CacheNotEncrypted, WrongCacheKey
from .keys import KEY_BYTES
from .migrate import migrate
from .transactions import Connection, transaction

__all__ = ["Connection", "connect_encrypted", "open_cache", "transaction"]

PLAINTEXT_HEADER = b"SQLite format 3\x00"


PAGE_CACHE_KIB = 64 * 1024


def _looks_plaintext(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(len(PLAINTEXT_HEADER)) == PLAINTEXT_HEADER


def connect_encrypted(
    path: Path, key: bytes, *, create: bool = True, check_same_thread: bool = True
) -> Connection:
    """Open ``path`` with ``key`` and set durability pragmas, without running migrations.

    ``open_cache`` is what the kiosk uses; this is separate so a fixture of an old schema
    can be written with exactly the old migrations. ``check_same_thread=False`` for a
    connection its owner guards with a lock across threads (the counter's desk).
    """
    if len(key) != KEY_BYTES:
        raise ValueError(f"a cache key has {KEY_BYTES} bytes")
    path = Path(path)
    if path.exists():
        if _looks_plaintext(path):
            raise CacheNotEncrypted(f"{path} is a plain SQLite file; refusing to use it")
    elif not create:
        raise FileNotFoundError(f"no cache at {path}")
    # isolation_level=None: the driver never opens transactions behind our back; see transaction().
    conn: Connection = sqlcipher.connect(
        str(path), isolation_level=None, check_same_thread=check_same_thread
    )
    try:
        # Raw key, no KDF: the key is already 256 random bits, so PBKDF2 would only slow start-up.
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        row = conn.execute("PRAGMA cipher_version").fetchone()
        if row is None or not row[0]:
            # A plain SQLite library would accept PRAGMA key silently and write cleartext.
            raise CacheNotEncrypted("the SQLite library in use has no encryption (no SQLCipher)")
        try:
            # The first real read decrypts page 1; with the wrong key it fails here, not later.
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher.DatabaseError:
            raise WrongCacheKey(
                f"the key does not open the cache {path} (wrong key, or not a kiosk cache)"
            ) from None
        mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise CacheError(f"could not switch the cache to WAL (journal_mode is {mode})")
        # FULL in WAL mode: every commit is on disk before it returns, so a power cut loses nothing.
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        # Decrypted pages stay in SQLite's cache (the OS cache holds only ciphertext): 64 MiB
        # keeps the hot part of a million-case cache decrypted, so a lookup rarely decrypts.
        conn.execute(f"PRAGMA cache_size=-{PAGE_CACHE_KIB}")
    except BaseException:
        conn.close()
        raise
    return conn


def open_cache(path: Path, key: bytes, *, create: bool = True) -> Connection:
    """Open (or create) the kiosk's encrypted cache and bring its schema up to date.

    Raises ``CacheNotEncrypted``, ``WrongCacheKey`` or ``CacheSchemaTooNew`` instead of ever
    returning a cache that is unencrypted, unreadable or of an unknown schema.
    """
    conn = connect_encrypted(path, key, create=create)
    try:
        migrate(conn)
    except BaseException:
        conn.close()
        raise
    return conn
