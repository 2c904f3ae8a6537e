"""Composition of the kiosk's non-Qt parts: key, encrypted cache, lookup and attempt limits.

The Qt layer, ``self-test`` and the benchmarks all open the kiosk through ``open_backend`` so
they exercise the same path.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from kiosk_app.config import KioskConfig
from kiosk_app.core.attempts import KIOSK_WINDOW, AttemptLimiter, KioskSlowdown
from kiosk_app.core.status_lookup import StatusLookup
from kiosk_app.demo_samples import DemoSample, load_demo_samples
from kiosk_app.store.cases import CaseCache
from kiosk_app.store.catalog_snapshot import CatalogSnapshotStore
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
from kiosk_app.store.sync_state import SyncState
from kiosk_app.store.transactions import Connection

if TYPE_CHECKING:  # imported when first used: the desk brings httpx and the sync client
    from concurrent.futures import Future

    from kiosk_app.appointment_desk import KioskAppointmentDesk
    from kiosk_app.core.checklist import PrintedReference
    from kiosk_app.form_desk import KioskFormDesk
    from kiosk_app.reference_queue import ReferenceQueue
    from kiosk_app.usage_recorder import UsageRecorder
    from kiosk_app.walk_in_desk import KioskWalkInDesk
    from sync.engine import EngineSettings, SyncEngine, SyncStatus


@dataclass
class KioskBackend:
    config: KioskConfig
    cache: CaseCache
    meta: CacheMeta
    lookup: StatusLookup
    demo_samples: list[DemoSample]
    key: bytes
    pepper_holder: list[bytes | None]

    def close(self) -> None:
        desk = self.__dict__.get("desk")
        if desk is not None:
            desk.close()
        references = self.__dict__.get("references")
        if references is not None:
            references.close()  # queued registrations are written first
        walk_in = self.__dict__.get("walk_in")
        if walk_in is not None:
            walk_in.close()
        usage = self.__dict__.get("usage")
        if usage is not None:
            usage.close()  # figures counted so far are written first
        self.cache.connection.close()

    @functools.cached_property
    def references(self) -> ReferenceQueue:
        """Queues ``register_reference`` commands off the GUI thread (created on first use)."""
        from kiosk_app.reference_queue import ReferenceQueue

        return ReferenceQueue(self.open_connection, clock=self.config.time.utc_now)

    @functools.cached_property
    def usage(self) -> UsageRecorder:
        """Counts lookups, papers and bookings into the cache (anonymous usage figures, issue
        18), in a writer thread of its own; the sync engine sends them."""
        from kiosk_app.usage_recorder import UsageRecorder

        time = self.config.time
        return UsageRecorder(self.open_connection, clock=time.utc_now, today=time.today)

    def register_reference(self, printed: PrintedReference) -> Future[int]:
        """A case-bound paper was made: queue its reference for the gateway (returns at once)."""
        return self.references.register(printed)

    @functools.cached_property
    def desk(self) -> KioskAppointmentDesk:
        """The appointment desk over this cache (created on first use). It learns online or
        offline from the engine that ``start_sync_engine`` starts."""
        from kiosk_app.appointment_desk import DeskSettings, KioskAppointmentDesk
        from sync.client import TlsOptions

        settings = DeskSettings(
            tls=TlsOptions(self.config.ca_bundle), office_state=self.config.office_state
        )
        time = self.config.time
        return KioskAppointmentDesk(
            self.open_connection, settings=settings, today=time.today, clock=time.utc_now
        )

    @functools.cached_property
    def walk_in(self) -> KioskWalkInDesk:
        """Walk-in tickets, online (created on first use); online or offline as the desk's
        engine state says."""
        from kiosk_app.walk_in_desk import KioskWalkInDesk, WalkInSettings
        from sync.client import TlsOptions

        settings = WalkInSettings(tls=TlsOptions(self.config.ca_bundle))
        clock = self.config.time.utc_now
        engine = self.desk.engine
        return KioskWalkInDesk(self.open_connection, engine, settings=settings, clock=clock)

    @functools.cached_property
    def forms(self) -> KioskFormDesk:
        """Submitted forms into the outbox (issue 17), created on first use; the sync engine
        is woken to push them."""
        from kiosk_app.form_desk import KioskFormDesk
        from sync.client import TlsOptions

        return KioskFormDesk(
            self.open_connection,
            clock=self.config.time.utc_now,
            tls=TlsOptions(self.config.ca_bundle),
        )

    def start_sync_engine(
        self, report: Callable[[SyncStatus], None], settings: EngineSettings | None = None
    ) -> SyncEngine:
        """Start the sync engine in its own thread; its reports go to ``report`` (the Qt
        bridge) and to the desk, which wakes it after queuing a booking command."""
        from sync.engine import EngineSettings, SyncEngine

        desk = self.desk

        def both(status: SyncStatus) -> None:
            desk.engine.report(status)
            report(status)

        settings = replace(settings or EngineSettings(), clock=self.config.time.utc_now)
        engine = SyncEngine(self.open_connection, both, settings)
        desk.engine.wake = engine.wake
        self.references.wake = engine.wake
        self.forms.wake = engine.wake
        engine.start()
        return engine

    def reload_pepper(self) -> None:
        """After the sync engine swapped in a new dataset epoch, look up with its pepper."""
        self.pepper_holder[0] = self.meta.pepper

    def catalog_snapshot(self) -> bytes | None:
        """The gateway's catalog as the sync engine last stored it (JSON), or None."""
        return CatalogSnapshotStore(self.cache.connection).load()

    def open_connection(self) -> Connection:
        """A further connection to the same cache, e.g. for the sync engine's thread."""
        return open_cache(self.config.cache_path, self.key)

    @property
    def enrolled(self) -> bool:
        return SyncState(self.cache.connection).gateway_url is not None


def key_providers(config: KioskConfig) -> Sequence[KeyProvider]:
    providers: list[KeyProvider] = [SystemdCredentialKey()]
    if config.key_file is not None:
        providers.append(KeyFileKey(config.key_file))
    if config.demo:
        providers.append(DemoKeyFile(config.state_dir))
    return providers


def open_backend(config: KioskConfig) -> KioskBackend:
    """Open the cache (failing closed on any key or encryption problem) and wire the lookup;
    every clock is ``config.time`` (tests fix it to an instant they choose)."""
    config.state_dir.mkdir(parents=True, exist_ok=True)
    key = resolve_key(key_providers(config))
    connection = open_cache(config.cache_path, key)
    cache = CaseCache(connection)
    meta = CacheMeta(connection)
    failures = FailureLog(connection)
    now = config.time.now
    slowdown = KioskSlowdown(recent_failures=failures.since(now() - KIOSK_WINDOW))
    limiter = AttemptLimiter(now, slowdown=slowdown, on_failure=failures.record)

    # Read once, not per lookup: it changes only with a new dataset epoch (reload_pepper).
    pepper_holder: list[bytes | None] = [meta.pepper]

    def pepper() -> bytes:
        current = pepper_holder[0]
        if current is None:
            raise CacheKeyMissing("this kiosk has no dataset yet (no pepper): enroll or run demo")
        return current

    lookup = StatusLookup(cache, pepper, limiter, config.time.today, prefix=config.office_prefix)
    samples = load_demo_samples(config.demo_samples_path) if config.demo else []
    return KioskBackend(config, cache, meta, lookup, samples, key, pepper_holder)
