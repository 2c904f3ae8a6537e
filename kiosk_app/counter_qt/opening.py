"""Open the counter's own encrypted cache, its desk and its sync thread (``kiosk-app counter``
and ``kiosk-app counter enroll``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kiosk_app.config import KioskConfig
from kiosk_app.counter.views import SyncStatus

COUNTER_CACHE_FILE = "counter.db"


class CounterOpenFailed(RuntimeError):
    """The cache cannot be opened (no key, wrong key, not encrypted): said in one line."""


@dataclass
class OpenedCounter:
    desk: object  # kiosk_app.counter.desk.CounterDesk
    cache: object  # kiosk_app.counter.cache.CounterCache
    sync: object | None = field(default=None)

    def start_sync(self, on_status: Callable[[SyncStatus], None]) -> None:
        from kiosk_app.counter.sync import CounterSync

        sync = CounterSync(self.desk, on_status)  # type: ignore[arg-type]
        sync.start()
        self.sync = sync

    def close(self) -> None:
        if self.sync is not None:
            self.sync.stop()  # type: ignore[attr-defined]
        self.desk.close()  # type: ignore[attr-defined]


def counter_cache_path(config: KioskConfig) -> Path:
    return config.state_dir / COUNTER_CACHE_FILE


def open_counter_cache(config: KioskConfig) -> object:
    """The counter's cache with its own key (systemd credential, key file, or in demo a
    generated key file in the counter's state folder)."""
    from kiosk_app.counter.cache import CounterCache, counter_key
    from kiosk_app.store.errors import CacheError

    config.state_dir.mkdir(parents=True, exist_ok=True)
    try:
        key = counter_key(config.key_file, config.state_dir if config.demo else None)
        return CounterCache.open(counter_cache_path(config), key)
    except (CacheError, OSError) as error:
        raise CounterOpenFailed(f"cannot open the counter's cache: {error}") from error


def open_counter(config: KioskConfig) -> OpenedCounter:
    from kiosk_app.counter.desk import CounterDesk, NotEnrolled

    cache = open_counter_cache(config)
    try:
        desk = CounterDesk(cache, config.time)  # type: ignore[arg-type]
    except NotEnrolled as error:
        cache.close()  # type: ignore[attr-defined]
        raise CounterOpenFailed(
            "this workstation is not enrolled yet: run `kiosk-app counter enroll URL CODE`"
        ) from error
    return OpenedCounter(desk, cache)
