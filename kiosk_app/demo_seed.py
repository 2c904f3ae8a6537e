"""``kiosk-app demo``: fill the encrypted cache with synthetic cases, keyed as the gateway would."""

from __future__ import annotations

import secrets
from datetime import date
from itertools import islice

from kiosk_app.backend import key_providers
from kiosk_app.config import KioskConfig
from kiosk_app.core import demo_cases
from kiosk_app.core.lookup_key import PEPPER_BYTES, derive_lookup_key
from kiosk_app.demo_samples import DemoSample, write_demo_samples
from kiosk_app.store.cases import CaseCache
from kiosk_app.store.connection import Connection, open_cache
from kiosk_app.store.faq_store import FaqContent
from kiosk_app.store.keys import resolve_key
from kiosk_app.store.meta import CacheMeta

SAMPLES_SHOWN = 9
BATCH = 20_000


def seed_demo_cache(config: KioskConfig, cases: int, seed: int, today: date) -> list[DemoSample]:
    """Replace the cache's cases with ``cases`` synthetic ones; return samples to try."""

    config.state_dir.mkdir(parents=True, exist_ok=True)
    connection = open_cache(config.cache_path, resolve_key(key_providers(config)))
    try:
        cache, meta = CaseCache(connection), CacheMeta(connection)
        pepper = secrets.token_bytes(PEPPER_BYTES)
        cache.clear()
        meta.pepper = pepper
        meta.epoch = 1
        generated = demo_cases.generate(cases, seed, today, prefix=config.office_prefix)
        samples: list[DemoSample] = []
        while batch := list(islice(generated, BATCH)):
            for case in batch:
                if len(samples) < SAMPLES_SHOWN:
                    samples.append(
                        DemoSample(
                            case.case_number.canonical,
                            case.birth_date.strftime("%d.%m.%Y"),
                            str(case.record.status),
                        )
                    )
            cache.put_many(
                (derive_lookup_key(pepper, c.case_number, c.birth_date), c.record) for c in batch
            )
        seed_demo_faq(connection)
    finally:
        connection.close()
    write_demo_samples(config.demo_samples_path, samples)
    return samples


DEMO_FAQ_VERSION = "demo-seed"


def seed_demo_faq(connection: Connection) -> None:
    """The knowledge base's seed files (``content/snippets``) as the demo's answers, every
    text taken as approved and marked demo (``core.faq.demo_topics``); a kiosk enrolled at a
    gateway gets the office's approved texts through sync instead."""
    from kiosk_app.core.faq import demo_topics
    from kiosk_app.core.office_data import office_wire
    from kiosk_app.core.snippet_files import default_seed_dir, read_snippets
    from kiosk_app.core.snippet_fill import demo_office_values

    topics = demo_topics(read_snippets(default_seed_dir()))
    FaqContent(connection).replace(DEMO_FAQ_VERSION, topics, office_wire(demo_office_values()))
