"""Where the cache key comes from: the first provider that answers wins (DESIGN.md).

Keys are 32 random bytes used raw by SQLCipher (no KDF, so start-up stays fast); on disk they are
64 hex digits. Nothing here ever logs or puts a key into an exception message.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

from .errors import CacheKeyMissing, KeyFileMalformed, KeyFileTooOpen

KEY_BYTES = 32
CREDENTIAL_NAME = "kiosk-db-key"
DEMO_KEY_FILE_NAME = "demo-db-key"


class KeyProvider(Protocol):
    """One place a cache key may come from."""

    @property
    def name(self) -> str: ...

    def load(self) -> bytes | None:
        """The 32-byte key, or ``None`` when this provider has nothing to offer."""
        ...


def parse_key_text(text: bytes, source: str) -> bytes:
    """Decode a key file's content (64 hex digits, surrounding whitespace allowed)."""
    compact = b"".join(text.split())
    try:
        key = bytes.fromhex(compact.decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        raise KeyFileMalformed(f"{source} does not hold hex digits") from None
    if len(key) != KEY_BYTES:
        raise KeyFileMalformed(f"{source} holds {len(key)} bytes, expected {KEY_BYTES}")
    return key


def _read_private_file(path: Path) -> bytes | None:
    """Read ``path`` if it exists, refusing it when group or other have any access.

    The mode is checked on the open descriptor (fstat), so the file cannot be swapped
    between the check and the read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return None
    try:
        mode = os.fstat(fd).st_mode
        if mode & 0o077:
            raise KeyFileTooOpen(
                f"key file {path} has mode {stat.filemode(mode)}; "
                f"only its owner may read it (chmod 600 {path})"
            )
        chunks: list[bytes] = []
        while chunk := os.read(fd, 4096):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


class SystemdCredentialKey:
    """The key passed by systemd as credential ``kiosk-db-key`` (``LoadCredentialEncrypted=``;
    the counter's cache: ``counter-db-key``)."""

    name = "systemd credential"

    def __init__(
        self, environ: Mapping[str, str] | None = None, credential: str = CREDENTIAL_NAME
    ) -> None:
        # Read the environment at load time, not import time: tests and systemd both set it late.
        self._environ = environ
        self.credential = credential

    def load(self) -> bytes | None:
        """The credential's key, or ``None`` outside a unit that was given it."""
        environ = os.environ if self._environ is None else self._environ
        directory = environ.get("CREDENTIALS_DIRECTORY")
        if not directory:
            return None
        path = Path(directory) / self.credential
        try:
            text = path.read_bytes()
        except FileNotFoundError:
            return None
        # No mode check: systemd owns that directory and makes it private to the service.
        return parse_key_text(text, f"credential {self.credential}")


class KeyFileKey:
    """A key file named in the configuration; refused if group or other can access it."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.name = f"key file {self.path}"

    def load(self) -> bytes | None:
        """The file's key, ``None`` if the file does not exist."""
        text = _read_private_file(self.path)
        return None if text is None else parse_key_text(text, self.name)


class DemoKeyFile:
    """For ``demo`` only: a random key generated once into the state directory, then reused."""

    def __init__(self, state_dir: Path, file_name: str = DEMO_KEY_FILE_NAME) -> None:
        self.path = Path(state_dir) / file_name
        self.name = f"demo key {self.path}"

    def load(self) -> bytes:
        """The demo key, generating it on first use."""
        text = _read_private_file(self.path)
        if text is None:
            self._create()
            text = _read_private_file(self.path)
            if text is None:  # pragma: no cover - deleted under our feet
                raise CacheKeyMissing(f"{self.name} vanished right after it was written")
        return parse_key_text(text, self.name)

    def _create(self) -> None:
        # Write a private temporary file, then hard-link it into place: a reader never sees a
        # half-written key, and if two processes race the loser's link fails and it reuses
        # the winner's key instead of overwriting it.
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = self.path.with_name(f".{self.path.name}.{secrets.token_hex(8)}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, secrets.token_bytes(KEY_BYTES).hex().encode("ascii") + b"\n")
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(temporary, self.path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()


def resolve_key(providers: Sequence[KeyProvider]) -> bytes:
    """The key from the first provider that answers; ``CacheKeyMissing`` if none does.

    Errors from a provider that *did* find something (a too-open or malformed key file)
    propagate: falling through to the next provider would hide a misconfiguration.
    """
    for provider in providers:
        key = provider.load()
        if key is not None:
            return key
    tried = ", ".join(provider.name for provider in providers) or "none configured"
    raise CacheKeyMissing(f"no cache key found (tried: {tried})")
