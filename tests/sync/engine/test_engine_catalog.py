"""The gateway's catalog reaches the kiosk cache through the sync engine (real gateway on
loopback, real encrypted cache): at most every ``catalog_interval_s``, and invalid data is
refused whole."""

from __future__ import annotations

import json
from collections.abc import Callable

from gateway_harness import RunningGateway
from kiosk_harness import KioskCache, enroll

from kiosk_app.core.catalog import catalog_from_snapshot, seed_catalog
from kiosk_app.store.catalog_snapshot import CatalogSnapshotStore
from kiosk_app.store.connection import open_cache
from sync.client import GatewayClient
from sync.engine import EngineSettings, SyncEngine

GERMAN = {"names": {"de": "Reisepass (gültig)", "en": "Valid passport"}, "explanations": {}}


def _engine(
    kiosk: KioskCache,
    interval_s: float = 0.0,
    factory: Callable[[str, str], GatewayClient] | None = None,
) -> SyncEngine:
    settings = EngineSettings(catalog_interval_s=interval_s, slots_interval_s=3600.0)
    return SyncEngine(
        lambda: open_cache(kiosk.path, kiosk.key),
        kiosk.reports.append,
        settings,
        client_factory=factory,
    )


def test_an_admin_change_arrives_in_the_cache(
    kiosk: KioskCache, sqlite_gateway: RunningGateway
) -> None:
    enroll(kiosk, sqlite_gateway)
    engine = _engine(kiosk)
    try:
        first = engine.sync_once()
        assert first.online and first.catalog_version is not None
        store = CatalogSnapshotStore(kiosk.connect())
        assert store.version == first.catalog_version

        put = sqlite_gateway.admin.put("/admin/v1/documents/passport", json=GERMAN)
        assert put.status_code == 200
        second = engine.sync_once()
        assert second.online and second.catalog_version not in {None, first.catalog_version}
        raw = store.load()
        assert raw is not None and store.version == second.catalog_version
        catalog = catalog_from_snapshot(seed_catalog(), raw)
        assert catalog.document_name("passport") == "Valid passport"
        assert catalog.texts["Valid passport"]["de"] == "Reisepass (gültig)"
    finally:
        engine.stop()


def test_the_catalog_is_fetched_at_most_every_interval(
    kiosk: KioskCache, sqlite_gateway: RunningGateway
) -> None:
    enroll(kiosk, sqlite_gateway)
    engine = _engine(kiosk, interval_s=3600.0)
    try:
        first = engine.sync_once().catalog_version
        assert first is not None  # the first round fetches it
        sqlite_gateway.admin.put("/admin/v1/documents/passport", json=GERMAN)
        assert engine.sync_once().catalog_version == first
    finally:
        engine.stop()


def test_invalid_catalog_data_keeps_the_old_catalog(
    kiosk: KioskCache, sqlite_gateway: RunningGateway
) -> None:
    tampered = {"on": False}

    def factory(url: str, token: str) -> GatewayClient:
        client = GatewayClient(url, token)
        request = client._request

        def maybe_tampered(method: str, path: str, *args: object, **kwargs: object) -> bytes:
            raw = request(method, path, *args, **kwargs)  # type: ignore[arg-type]
            if path == "/v1/catalog" and tampered["on"]:
                data = json.loads(raw)
                data["documents"].append(data["documents"][0])  # a duplicate code
                return json.dumps(data).encode()
            return raw

        client._request = maybe_tampered  # type: ignore[method-assign]
        return client

    enroll(kiosk, sqlite_gateway)
    engine = _engine(kiosk, factory=factory)
    try:
        before = engine.sync_once().catalog_version
        stored = CatalogSnapshotStore(kiosk.connect())
        old = stored.load()
        tampered["on"] = True
        sqlite_gateway.admin.put("/admin/v1/documents/passport", json=GERMAN)
        status = engine.sync_once()
        assert status.online  # the cases still sync; only the catalog is refused
        assert status.catalog_version == before and stored.load() == old
        tampered["on"] = False
        assert engine.sync_once().catalog_version != before
    finally:
        engine.stop()


def test_the_gateways_default_catalog_changes_no_shown_text(
    kiosk: KioskCache, sqlite_gateway: RunningGateway
) -> None:
    from kiosk_app.core import i18n
    from kiosk_app.core.catalog import CatalogHolder

    enroll(kiosk, sqlite_gateway)
    engine = _engine(kiosk)
    try:
        assert engine.sync_once().catalog_version is not None
    finally:
        engine.stop()
    raw = CatalogSnapshotStore(kiosk.connect()).load()
    assert raw is not None
    seed = seed_catalog()
    holder = CatalogHolder()
    try:
        holder.replace(catalog_from_snapshot(seed, raw))
        synced = holder.current
        for language in ("de", "en", "ar"):
            i18n.activate(language)
            for code, name in seed.documents.items():
                assert i18n._(synced.document_name(code)) == i18n._(name)
                assert i18n._(synced.explanation(code)) == i18n._(seed.explanation(code))
            for code, name in seed.services.items():
                assert i18n._(synced.services[code]) == i18n._(name)
    finally:
        holder.replace(seed)
        i18n.activate("en")
