"""Staff passwords: argon2id (argon2-cffi's RFC 9106 defaults), one-time passwords, and a dummy
hash so that an unknown user costs the same verification as a known one."""

from __future__ import annotations

import secrets
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# No 0/O, 1/l/I: read off a printout and typed once.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_GROUPS, _GROUP = 4, 4  # about 79 bits
MIN_LENGTH = 12

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True if ``password`` matches; ``None`` (no such account) is verified against a dummy
    hash, so both answers take comparable time."""
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return False


@cache
def _dummy_hash() -> str:
    return _hasher.hash(secrets.token_urlsafe(16))


def one_time_password() -> str:
    """``abcd-efgh-jkmn-pqrs``: given to a new account once, to be changed at first sign-in."""
    return "-".join(
        "".join(secrets.choice(_ALPHABET) for _ in range(_GROUP)) for _ in range(_GROUPS)
    )
