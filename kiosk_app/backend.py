"""Composition of the kiosk's non-Qt parts: key, encrypted cache, lookup and attempt limits.

The Qt layer, ``self-test`` and the benchmarks all open the kiosk through ``open_backend`` so
they exercise the same path.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from kiosk_app.config import KioskConfig
from kiosk_app.core.attempts import KIOSK_WINDOW, AttemptLimiter
from kiosk_app.core.status_lookup import StatusLookup
from kiosk_app.store.cases import CaseCache
from kiosk_app.store.connection import open_cache
from kiosk_app.store.errors import CacheKeyMissing
from kiosk_app.store.failures import FailureLog
from kiosk_app.store.keys import (
    DemoKeyFile,
    KeyFileKey,
    KeyProvider,
    SystemdCredentialKey,
    resolve_key,
)
from kiosk_app.store.meta import CacheMeta


@dataclass(frozen=True)
class DemoSample:
    """A synthetic case a demo visitor can type in (demo mode only, never in the cache)."""

    case_number: str
    birth_date: str  # DD.MM.YYYY, as typed on the keypad
    status: str


@dataclass
class KioskBackend:
    config: KioskConfig
    cache: CaseCache
    meta: CacheMeta
    lookup: StatusLookup
    demo_samples: list[DemoSample]

    def close(self) -> None:
        self.cache.connection.close()


def key_providers(config: KioskConfig) -> Sequence[KeyProvider]:
    providers: list[KeyProvider] = [SystemdCredentialKey()]
    if config.key_file is not None:
        providers.append(KeyFileKey(config.key_file))
    if config.demo:
        providers.append(DemoKeyFile(config.state_dir))
    return providers


def open_backend(config: KioskConfig) -> KioskBackend:
    """Open the cache (failing closed on any key or encryption problem) and wire the lookup."""
    config.state_dir.mkdir(parents=True, exist_ok=True)
    key = resolve_key(key_providers(config))
    connection = open_cache(config.cache_path, key)
    cache = CaseCache(connection)
    meta = CacheMeta(connection)
    failures = FailureLog(connection)
    now = datetime.now
    limiter = AttemptLimiter(
        now, recent_failures=failures.since(now() - KIOSK_WINDOW), on_failure=failures.record
    )

    # Read once: the pepper changes only with a new dataset epoch, which reopens the backend.
    current_pepper = meta.pepper

    def pepper() -> bytes:
        if current_pepper is None:
            raise CacheKeyMissing("this kiosk has no dataset yet (no pepper): enroll or run demo")
        return current_pepper

    lookup = StatusLookup(cache, pepper, limiter, date.today, prefix=config.office_prefix)
    samples = load_demo_samples(config.demo_samples_path) if config.demo else []
    return KioskBackend(config, cache, meta, lookup, samples)


def load_demo_samples(path: Path) -> list[DemoSample]:
    if not path.exists():
        return []
    return [DemoSample(**row) for row in json.loads(path.read_text(encoding="utf-8"))]
