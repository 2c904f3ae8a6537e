"""The knowledge base reaches the kiosk through the sync engine like the catalog (issue 16;
real gateway on loopback, real encrypted cache): only approved texts for residents, and a
translation the German change left out of date is replaced by German and English, saying so."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path

from fixed_time import MovableClock, fixed_now
from gateway_harness import ADMIN_TOKEN, RunningGateway, running_gateway
from kiosk_harness import KioskCache, enroll

from kiosk_app.core.office_data import demo_office_file, read_office_file
from kiosk_app.core.snippet_files import default_seed_dir, read_snippets
from kiosk_app.core.snippets import SnippetText
from kiosk_app.store.connection import open_cache
from kiosk_app.store.faq_store import FaqIndex
from sync.engine import EngineSettings, SyncEngine
from sync.gateway.database import make_engine, write_transaction
from sync.gateway.settings import GatewaySettings
from sync.gateway.snippets import approve, import_snippets
from sync.gateway.staff.audit import Actor

SEED = {snippet.id: snippet for snippet in read_snippets(default_seed_dir())}


def _engine(kiosk: KioskCache) -> SyncEngine:
    settings = EngineSettings(catalog_interval_s=0.0, slots_interval_s=3600.0)
    return SyncEngine(lambda: open_cache(kiosk.path, kiosk.key), kiosk.reports.append, settings)


def _at_gateway(gateway: RunningGateway, change) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(gateway.settings.db_url)
    try:
        with write_transaction(engine) as conn:
            change(conn)
    finally:
        engine.dispose()


def test_approved_texts_arrive_and_a_german_change_falls_back(
    kiosk: KioskCache, sqlite_gateway: RunningGateway
) -> None:
    enroll(kiosk, sqlite_gateway)
    actor = Actor(None, None, fixed_now())
    fees, lost = SEED["fees"], SEED["lost_card"]

    def seed(conn) -> None:  # type: ignore[no-untyped-def]
        import_snippets(conn, [fees, lost], actor)
        approve(conn, "fees", None, "m.schulz", actor)
        approve(conn, "lost_card", ["ar"], "m.schulz", actor)  # German not approved yet

    _at_gateway(sqlite_gateway, seed)
    engine = _engine(kiosk)
    try:
        first = engine.sync_once()
        assert first.online and first.faq_version is not None
        index = FaqIndex(kiosk.connect())
        # lost_card waits for its German approval: residents see nothing of it.
        assert [entry.topic_id for entry in index.topics("ar")] == ["fees"]
        answer = index.answer("fees", "tr")
        assert answer is not None and not answer.fallback and answer.demo
        assert answer.question == fees.texts["tr"].question

        changed = dataclasses.replace(
            fees,
            texts={
                **fees.texts,
                "de": SnippetText(
                    fees.texts["de"].question,
                    fees.texts["de"].phrasings,
                    fees.texts["de"].answer + " Bar oder mit Karte.",
                ),
            },
        )
        later = Actor(None, None, fixed_now() + timedelta(hours=1))

        def change_german(conn) -> None:  # type: ignore[no-untyped-def]
            import_snippets(conn, [changed], later)
            approve(conn, "fees", ["de", "en"], "m.schulz", later)

        _at_gateway(sqlite_gateway, change_german)
        second = engine.sync_once()
        assert second.faq_version not in (None, first.faq_version)
        index.reload()
        answer = index.answer("fees", "tr")
        assert answer is not None and answer.fallback and answer.out_of_date
        assert [part.language for part in answer.parts] == ["de", "en"]
        assert answer.parts[0].body.endswith("Bar oder mit Karte.")
        (entry,) = index.topics("tr")
        assert entry.fallback and entry.language == "de"
    finally:
        engine.stop()


def test_the_office_data_reaches_the_kiosk_with_the_answers(
    kiosk: KioskCache, tmp_path: Path
) -> None:
    """The gateway started with --office-data (here the demo office's file, with a changed
    fee) sends the office's figures with the knowledge base: the kiosk fills them in the
    resident's language, and a changed fee is a new version the kiosk takes."""
    wire = read_office_file(demo_office_file())
    settings = GatewaySettings(
        db_url=f"sqlite:///{tmp_path / 'office.db'}",
        admin_token=ADMIN_TOKEN,
        clock=MovableClock(),
        office_data={**wire, "fee.extension": "96.00"},
    )
    with running_gateway(settings) as gateway:
        enroll(kiosk, gateway)
        actor = Actor(None, None, fixed_now())

        def seed(conn) -> None:  # type: ignore[no-untyped-def]
            import_snippets(conn, [SEED["extend_permit"]], actor)
            approve(conn, "extend_permit", None, "m.schulz", actor)

        _at_gateway(gateway, seed)
        engine = _engine(kiosk)
        try:
            assert engine.sync_once().faq_version is not None
            index = FaqIndex(kiosk.connect())
            german = index.answer("extend_permit", "de")
            arabic = index.answer("extend_permit", "ar")
            assert german is not None and "96,00\xa0€" in german.body
            assert arabic is not None and "96.00" in arabic.body and "…" not in arabic.body
        finally:
            engine.stop()
