"""The staff PIN that unlocks the hidden exit of a locked-down kiosk; stored only as an argon2 hash.

Where the hash comes from, first that answers wins: the systemd credential
``kiosk-staff-pin-hash`` (``LoadCredentialEncrypted=``), then ``<state_dir>/staff-pin.argon2``
written by ``kiosk-app set-staff-pin``. No hash: the staff exit stays closed. No Qt here.
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

CREDENTIAL_NAME = "kiosk-staff-pin-hash"
PIN_HASH_FILE = "staff-pin.argon2"
MIN_DIGITS, MAX_DIGITS = 6, 12
MAX_FAILURES = 3  # then the exit locks, so residents cannot try PINs at the screen
LOCKOUT_S = 300.0


class PinRejected(ValueError):
    """A new PIN that does not meet the rules (digits only, 6 to 12 of them)."""


def check_new_pin(pin: str) -> str:
    """The PIN if it is acceptable; ``PinRejected`` says why not."""
    if not pin.isascii() or not pin.isdigit():
        raise PinRejected("the staff PIN must consist of digits only (it is typed on the keypad)")
    if not MIN_DIGITS <= len(pin) <= MAX_DIGITS:
        raise PinRejected(f"the staff PIN must have {MIN_DIGITS} to {MAX_DIGITS} digits")
    return pin


def hash_pin(pin: str) -> str:
    """An argon2id hash of ``pin`` (argon2-cffi's default, RFC 9106 parameters)."""
    return PasswordHasher().hash(check_new_pin(pin))


def write_pin_hash(state_dir: Path, pin: str) -> Path:
    """Store the hash of ``pin`` in the state directory (mode 0600, replaced atomically)."""
    state_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = state_dir / PIN_HASH_FILE
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(8)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, (hash_pin(pin) + "\n").encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(temporary, target)
    return target


def load_pin_hash(state_dir: Path, environ: Mapping[str, str] | None = None) -> str | None:
    """The stored hash: systemd credential first, then the state directory; ``None`` if unset."""
    environ = os.environ if environ is None else environ
    candidates = [state_dir / PIN_HASH_FILE]
    if directory := environ.get("CREDENTIALS_DIRECTORY"):
        candidates.insert(0, Path(directory) / CREDENTIAL_NAME)
    for path in candidates:
        try:
            text = path.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            continue
        if text:
            return text
    return None


class StaffPinCheck:
    """Verifies PINs against the hash; after ``MAX_FAILURES`` wrong ones it refuses for a while."""

    def __init__(self, pin_hash: str | None, clock: Callable[[], float] = time.monotonic) -> None:
        self._hash = pin_hash
        self._clock = clock
        self._failures = 0
        self._locked_until = 0.0

    @property
    def configured(self) -> bool:
        return self._hash is not None

    def seconds_locked(self) -> float:
        """How long the exit stays locked after too many wrong PINs (0: not locked)."""
        return max(0.0, self._locked_until - self._clock())

    def verify(self, pin: str) -> bool:
        """True only for the right PIN while not locked; a wrong PIN counts as a failure."""
        if self._hash is None or self.seconds_locked() > 0:
            return False
        try:
            PasswordHasher().verify(self._hash, pin)
        except (VerificationError, InvalidHashError):
            self._failures += 1
            if self._failures >= MAX_FAILURES:
                self._failures = 0
                self._locked_until = self._clock() + LOCKOUT_S
            return False
        self._failures = 0
        return True
