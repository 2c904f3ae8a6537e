"""The knowledge base in the encrypted cache (store.faq_store): what the Questions screens get
from it, the German + English fallback, and that nothing a resident types is kept."""

from __future__ import annotations

from datetime import UTC, datetime

from kiosk_app.core.faq import FaqText, FaqTopic
from kiosk_app.core.faq_text import NORMALISER_VERSION
from kiosk_app.core.office_data import office_wire
from kiosk_app.core.snippet_fill import demo_office_values
from kiosk_app.demo_seed import seed_demo_faq
from kiosk_app.store.connection import Connection
from kiosk_app.store.faq_store import NORMALISER_KEY, FaqContent, FaqIndex
from kiosk_app.store.usage import pending_counts

NOW = datetime(2026, 3, 10, 7, 30, tzinfo=UTC)


def _topic(languages: tuple[str, ...], out_of_date: tuple[str, ...] = ()) -> FaqTopic:
    texts = {
        "de": FaqText("de", 3, "Was kostet das?", ("Gebühren",), "Die Gebühr: {fee.extension}."),
        "en": FaqText("en", 2, "How much is it?", ("fees",), "The fee: {fee.extension}."),
        "tr": FaqText("tr", 1, "Ne kadar?", ("harç",), "Harç: {fee.extension}."),
    }
    return FaqTopic(
        "fees",
        ("§ 69 AufenthG",),
        demo=False,
        texts={code: texts[code] for code in languages},
        out_of_date=out_of_date,
    )


def test_the_demo_fills_every_topic_in_every_language(conn: Connection) -> None:
    seed_demo_faq(conn)
    index = FaqIndex(conn)
    for language in ("de", "ar", "zh_Hans"):
        entries = index.topics(language)
        assert len(entries) == 29
        assert all(entry.language == language and entry.demo for entry in entries)
    answer = index.answer("extend_permit", "ar")
    assert answer is not None and not answer.fallback and answer.demo
    assert "100" in answer.body and "{" not in answer.body  # the office's fee, filled
    assert answer.legal_basis == ("§ 8 AufenthG", "§ 81 Abs. 4 AufenthG")


def test_an_answer_is_filled_for_its_language(conn: Connection) -> None:
    # The office's data comes with the knowledge base (the gateway's --office-data).
    FaqContent(conn).replace("v1", [_topic(("de", "en", "tr"))], office_wire(demo_office_values()))
    index = FaqIndex(conn)
    assert index.answer("fees", "de").body == "Die Gebühr: 100,00\xa0€."  # type: ignore[union-attr]
    assert index.answer("fees", "en").body == "The fee: €100.00."  # type: ignore[union-attr]
    assert index.version == "v1"


def test_an_office_value_nobody_set_is_a_gap_not_the_demo_figure(conn: Connection) -> None:
    FaqContent(conn).replace("v1", [_topic(("de", "en", "tr"))])  # no --office-data
    index = FaqIndex(conn)
    assert index.answer("fees", "de").body == "Die Gebühr: …."  # type: ignore[union-attr]
    # The office's data arrives with the next knowledge base: the figure is filled.
    FaqContent(conn).replace("v2", [_topic(("de", "en", "tr"))], {"fee.extension": "96.00"})
    index.reload()
    assert index.answer("fees", "de").body == "Die Gebühr: 96,00\xa0€."  # type: ignore[union-attr]


def test_an_out_of_date_translation_shows_german_and_english(conn: Connection) -> None:
    FaqContent(conn).replace("v2", [_topic(("de", "en"), out_of_date=("tr",))])
    index = FaqIndex(conn)
    answer = index.answer("fees", "tr")
    assert answer is not None
    assert [part.language for part in answer.parts] == ["de", "en"]
    assert answer.fallback and answer.out_of_date
    assert [part.version for part in answer.parts] == [3, 2]
    (entry,) = index.topics("tr")
    assert (entry.question, entry.fallback) == ("Was kostet das?", True)
    # A Turkish resident typing the office's German word still finds it.
    assert [hit.topic_id for hit in index.search("Gebühren", "tr")] == ["fees"]


def test_a_topic_without_approved_german_is_not_shown(conn: Connection) -> None:
    FaqContent(conn).replace("v3", [_topic(("tr",))])
    index = FaqIndex(conn)
    assert index.topics("de") == [] and index.answer("fees", "de") is None


def test_search_offers_at_most_three_and_nothing_on_a_guess(conn: Connection) -> None:
    seed_demo_faq(conn)
    index = FaqIndex(conn)
    hits = index.search("Aufenthaltstitel läuft nächste Woche ab", "de")
    assert 1 <= len(hits) <= 3 and hits[0].topic_id == "extend_permit"
    assert hits == sorted(hits, key=lambda hit: -hit.score)
    assert index.search("wo ist der Bahnhof", "de") == []
    assert index.search("   ", "de") == []
    assert index.search("居留卡丢了", "zh_Hans")[0].topic_id == "lost_card"
    assert index.search("اقامتى انتهت", "ar")[0].topic_id in ("permit_expired", "extend_permit")


def test_choices_are_counted_and_the_typed_text_is_kept_nowhere(conn: Connection) -> None:
    seed_demo_faq(conn)
    index = FaqIndex(conn, now=lambda: NOW)
    typed = "Meine Karte xqzvorlorenwort"
    index.search(typed, "de")
    index.record_choice("de", "lost_card")
    index.record_choice("de", None)
    index.record_no_result("ar")
    counts = {(c.language, c.outcome, c.detail): c.count for c in pending_counts(conn)}
    assert counts == {
        ("de", "answered", "lost_card"): 1,
        ("de", "none_of_these", ""): 1,
        ("ar", "no_result", ""): 1,
    }
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
        for row in conn.execute(f'SELECT * FROM "{table}"'):
            assert not any("xqzvorlorenwort" in str(value) for value in row), table


def test_counts_go_through_the_kiosk_recorder_and_never_raise(conn: Connection) -> None:
    seed_demo_faq(conn)
    seen: list[tuple[str, str, str]] = []
    index = FaqIndex(conn, count=lambda *figure: seen.append(figure))
    index.record_choice("fa", "walk_in")
    index.record_no_result("zh_Hans")
    assert seen == [("fa", "answered", "walk_in"), ("zh_Hans", "no_result", "")]
    assert pending_counts(conn) == []
    # A topic outside the closed list (an office's own) is dropped, not an error on screen.
    FaqIndex(conn, now=lambda: NOW).record_choice("de", "office_own_topic")
    assert pending_counts(conn) == []


def test_search_takes_any_typing(conn: Connection) -> None:
    seed_demo_faq(conn)
    index = FaqIndex(conn)
    for typed in ('OR AND NOT " NEAR( * ^', "{office.email}", "٢٤ §", "x" * 5000, "\u200c\u200c"):
        hits = index.search(typed, "ar")
        assert len(hits) <= 3
    assert index.search("Karte verloren " * 100, "de")[0].topic_id == "lost_card"


def test_an_index_made_by_an_older_normaliser_is_rebuilt(conn: Connection) -> None:
    seed_demo_faq(conn)
    conn.execute("UPDATE meta SET value = ? WHERE key = ?", (b"0", NORMALISER_KEY))
    conn.execute("UPDATE faq_search SET words = 'stale', grams = 'sta'")
    index = FaqIndex(conn)
    assert index.search("Pass verloren", "de")[0].topic_id == "lost_card"
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (NORMALISER_KEY,)).fetchone()
    assert bytes(row[0]).decode() == str(NORMALISER_VERSION)
