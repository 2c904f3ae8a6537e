"""CounterDesk's text snippets against a real gateway on loopback (SQLite and PostgreSQL),
clocks fixed: the seed imported and approved at the gateway reaches the counter, a German
search finds the right answer, and with the gateway stopped the clerk still has the snippets
as last read (saying so); a counter that never read them says ``offline``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from counter_harness import CLERK, PASSWORD, add_clerk, enrolled_desk
from fixed_time import MovableClock
from gateway_harness import RunningGateway

from kiosk_app.core.clock import OfficeTime
from kiosk_app.core.snippet_files import default_seed_dir, read_snippets
from kiosk_app.core.snippets import TOPIC_IDS
from kiosk_app.counter.cache import CounterCache
from kiosk_app.counter.desk import CounterError
from kiosk_app.counter.snippet_shelf import resident_languages, search, text_in
from sync.gateway.database import make_engine, write_transaction
from sync.gateway.snippets import approve, import_snippets
from sync.gateway.staff.audit import Actor

NOW = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)


@pytest.fixture
def gateway_clock() -> MovableClock:
    return MovableClock(NOW)


@pytest.fixture
def counter_clock() -> MovableClock:
    return MovableClock(NOW)


def seed_snippets(gateway: RunningGateway, approved: dict[str, list[str] | None]) -> None:
    """The repository's seed into the gateway; approve ``{snippet: languages or None (all)}``."""
    engine = make_engine(gateway.settings.db_url)
    try:
        with write_transaction(engine) as conn:
            import_snippets(conn, read_snippets(default_seed_dir()), Actor(None, None, NOW))
            for snippet_id, languages in approved.items():
                approve(conn, snippet_id, languages, "m.schulz", Actor(None, None, NOW))
    finally:
        engine.dispose()


def test_the_clerk_finds_an_approved_answer_and_keeps_it_offline(
    gateway: RunningGateway,
    counter_cache: CounterCache,
    office_time: OfficeTime,
    counter_clock: MovableClock,
) -> None:
    seed_snippets(gateway, {"extend_permit": None, "fees": ["de", "en"]})
    add_clerk(gateway)
    desk = enrolled_desk(gateway, counter_cache, office_time)
    try:
        desk.sign_in(CLERK, PASSWORD)
        shelf = desk.snippets()
        assert (shelf.source, shelf.read_at) == ("gateway", NOW)
        assert shelf.office == {}  # this gateway was started without --office-data
        assert {snippet.id for snippet in shelf.snippets} >= set(TOPIC_IDS)

        found = search(shelf, "verlaengerung aufenthaltstitel")
        assert found[0].id == "extend_permit"
        assert search(shelf, "Pass verloren")[0].id in {"lost_card", "new_passport"}
        assert search(shelf, "xylophon") == []

        extend = shelf.get("extend_permit")
        assert extend is not None
        plan = resident_languages(extend, "ar")  # every language approved
        assert (plan.other, plan.printable, plan.substituted) == ("ar", True, False)
        fees = shelf.get("fees")
        assert fees is not None
        plan = resident_languages(fees, "ar")  # Arabic not approved: English stands in
        assert (plan.other, plan.printable, plan.substituted) == ("en", True, True)
        unapproved = shelf.get("lost_card")
        assert unapproved is not None and not resident_languages(unapproved, "tr").printable

        gateway.stop()
        counter_clock.advance(timedelta(minutes=30))
        offline = desk.snippets()
        assert (offline.source, offline.read_at) == ("cache", NOW)
        assert [s.id for s in offline.snippets] == sorted(s.id for s in shelf.snippets)
        german = text_in(offline.snippets[0], "de")
        assert german is not None and german.answer  # the texts, not only the ids
    finally:
        gateway.start()
        desk.close()


def test_a_counter_that_never_read_the_snippets_says_offline(
    gateway: RunningGateway, counter_cache: CounterCache, office_time: OfficeTime
) -> None:
    add_clerk(gateway)
    desk = enrolled_desk(gateway, counter_cache, office_time)
    try:
        desk.sign_in(CLERK, PASSWORD)
        gateway.stop()
        with pytest.raises(CounterError) as offline:
            desk.snippets()
        assert offline.value.code == "offline"
    finally:
        gateway.start()
        desk.close()
