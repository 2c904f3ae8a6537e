"""CounterCache: the counter's own encrypted cache (SQLCipher), its own key and migrations."""

from __future__ import annotations

from pathlib import Path


class CounterCache:
    """Enrollment, today's appointments, cases, printouts, the outbox of staff commands, their
    results and conflicts. Open with ``CounterCache.open(path, key)``."""

    @classmethod
    def open(cls, path: Path, key: bytes) -> CounterCache:
        raise NotImplementedError
