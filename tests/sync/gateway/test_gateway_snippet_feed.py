"""What kiosks receive of the knowledge base (``GET /v1/snippets``, issue 16), on SQLite and
PostgreSQL: only texts residents may see, never staff-only snippets, out-of-date translations
named, and a version that changes exactly when the content does."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from fixed_time import fixed_now

from kiosk_app.core.office_data import demo_office_file, read_office_file
from kiosk_app.core.snippet_files import default_seed_dir, read_snippets
from kiosk_app.core.snippets import SnippetText
from sync.gateway.database import make_engine, upgrade, write_transaction
from sync.gateway.snippet_feed import resident_snippets
from sync.gateway.snippets import approve, import_snippets
from sync.gateway.staff.audit import Actor

SEED = {snippet.id: snippet for snippet in read_snippets(default_seed_dir())}


@pytest.fixture
def engine(gateway_db_url):
    upgrade(gateway_db_url)
    engine = make_engine(gateway_db_url)
    yield engine
    engine.dispose()


def _feed(engine):
    with engine.connect() as conn:
        return resident_snippets(conn)


def test_only_what_residents_may_see(engine) -> None:
    actor = Actor(None, None, fixed_now())
    staff_only = dataclasses.replace(SEED["contact"], audience="staff")
    with write_transaction(engine) as conn:
        import_snippets(conn, [SEED["fees"], SEED["walk_in"], staff_only], actor)
        approve(conn, "fees", ["de", "en", "ar"], "m.schulz", actor)
        approve(conn, "contact", None, "m.schulz", actor)
        approve(conn, "walk_in", ["ar"], "m.schulz", actor)  # German not approved
    feed = _feed(engine)
    assert [topic.id for topic in feed.topics] == ["fees"]
    (fees,) = feed.topics
    assert sorted(text.language for text in fees.texts) == ["ar", "de", "en"]
    assert fees.demo and fees.out_of_date == []
    assert _feed(engine).version == feed.version  # same content, same version

    german = SEED["fees"].texts["de"]
    changed = dataclasses.replace(
        SEED["fees"],
        texts={
            **SEED["fees"].texts,
            "de": SnippetText(german.question, german.phrasings, german.answer + " Auch bar."),
        },
    )
    later = Actor(None, None, fixed_now() + timedelta(hours=1))
    with write_transaction(engine) as conn:
        import_snippets(conn, [changed], later)
        approve(conn, "fees", ["de"], "m.schulz", later)
    after = _feed(engine)
    assert after.version != feed.version
    (fees,) = after.topics
    assert [text.language for text in fees.texts] == ["de"]
    assert "ar" in fees.out_of_date and "en" in fees.out_of_date
    assert fees.texts[0].answer.endswith("Auch bar.")


def test_the_office_data_goes_with_the_answers_and_is_part_of_the_version(engine) -> None:
    wire = read_office_file(demo_office_file())
    with write_transaction(engine) as conn:
        import_snippets(conn, [SEED["fees"]], Actor(None, None, fixed_now()))
        approve(conn, "fees", None, "m.schulz", Actor(None, None, fixed_now()))
    with engine.connect() as conn:
        without = resident_snippets(conn)
        demo = resident_snippets(conn, wire)
        dearer = resident_snippets(conn, {**wire, "fee.extension": "110"})
    assert without.office == {} and demo.office["fee.extension"] == "100"
    assert demo.office["office.hours"][0].opens == "08:00"  # type: ignore[index,union-attr]
    # A changed fee is a new version: kiosks take it like a changed text.
    assert len({without.version, demo.version, dearer.version}) == 3
