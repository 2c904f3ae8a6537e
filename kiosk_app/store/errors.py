"""Why the encrypted cache refused to open: every failure is an error, never an empty cache."""

from __future__ import annotations


class CacheError(Exception):
    """Base for every problem with the kiosk's encrypted cache or its key."""


class CacheKeyMissing(CacheError):
    """No key provider answered, so the cache cannot be opened (or has no dataset yet)."""


class KeyFileTooOpen(CacheError):
    """A key file is readable or writable by group or other; it must be mode 0600 or stricter."""


class KeyFileMalformed(CacheError):
    """A key file does not hold exactly 64 hex digits (a 32-byte key)."""


class WrongCacheKey(CacheError):
    """The key does not open this cache file."""


class CacheNotEncrypted(CacheError):
    """The cache file is plain SQLite, or the driver has no encryption: we fail closed."""


class CacheSchemaTooNew(CacheError):
    """The cache was written by a newer kiosk version than this one understands."""
