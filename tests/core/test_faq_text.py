"""The knowledge base search's normalisation per language (core.faq_text, core.faq_rank):
what a resident types on any keyboard meets the same terms as the approved text."""

from __future__ import annotations

import pytest

from kiosk_app.core.faq_rank import TopicTerms, coverage, rank
from kiosk_app.core.faq_text import fold, terms


@pytest.mark.parametrize(
    ("language", "typed", "written"),
    [
        # Arabic: hamza forms, alef maqsura, taa marbuta, tashkeel, tatweel.
        ("ar", "اقامتى منتهيه", "إقامتي منتهية"),
        ("ar", "الإقامَة", "الاقامه"),
        ("ar", "تـمـديـد", "تمديد"),
        # Persian: Arabic letter forms (ي ك), the zero-width non-joiner, Persian digits.
        ("fa", "كارت اقامتي", "کارت اقامتی"),
        ("fa", "میخواهم", "می\u200cخواهم"),
        ("fa", "پاراگراف ۲۴", "پاراگراف 24"),
        ("ar", "الفقرة ٢٤", "الفقرة 24"),
        # Turkish dotted and dotless i, and letters typed without their marks.
        ("tr", "IZIN SÜRESİ", "izin suresi"),
        ("tr", "çalışma", "calisma"),
        # Accents and German umlauts typed plainly or as two letters.
        ("fr", "séjour expiré", "SEJOUR EXPIRE"),
        ("es", "pasaporte alemán", "pasaporte aleman"),
        ("de", "Verlängerung Straße", "verlaengerung strasse"),
        ("de", "Öffnungszeiten", "oeffnungszeiten"),
        # Cyrillic: ё, and Ukrainian letters a Russian keyboard lacks.
        ("ru", "ещё", "еще"),
        ("uk", "посвідка", "посвидка"),
        # Full-width forms.
        ("zh_Hans", "ＰＩＮ", "pin"),
    ],
)
def test_variants_fold_alike(language: str, typed: str, written: str) -> None:
    assert fold(typed, language) == fold(written, language)


def test_words_are_stemmed_and_stop_words_dropped() -> None:
    assert terms("Wie verlängere ich meinen Aufenthaltstitel?", "de").words == (
        "verlang",
        "aufenthaltstitel",
    )
    assert terms("verlaengern", "de").words == ("verlang",)
    assert terms("How do I extend my permit", "en").words == ("extend", "permit")
    assert terms("the and of", "en").words == ()


def test_chinese_is_searched_by_characters_and_bigrams() -> None:
    found = terms("居留卡丢了", "zh_Hans")
    assert {"居", "留", "居留", "留卡", "丢了"} <= set(found.grams)
    assert [unit for unit, _grams in found.units] == ["居", "留", "卡", "丢"]  # 了 says nothing


def test_a_typo_counts_in_part_and_an_unknown_word_not_at_all() -> None:
    topic = TopicTerms(set(terms("Aufenthaltstitel verlängern", "de").words), set())
    topic.grams.update(terms("Aufenthaltstitel verlängern", "de").grams)
    exact = terms("Aufenthaltstitel verlängern", "de")
    typo = terms("Aufentaltstitel verlängern", "de")
    other = terms("Fahrkarte", "de")
    assert coverage(exact, topic, [1.0] * len(exact.units)) == 1.0
    assert 0.8 <= coverage(typo, topic, [1.0] * len(typo.units)) < 1.0
    assert coverage(other, topic, [1.0] * len(other.units)) == 0.0


def test_rank_orders_by_coverage_and_bm25() -> None:
    query = terms("Karte verloren", "de")
    topics = {
        "lost_card": TopicTerms(set(terms("Karte verloren gestohlen", "de").words), set()),
        "card_pickup": TopicTerms(set(terms("Karte abholen", "de").words), set()),
    }
    ranked = rank(query, {"lost_card": [2.0], "card_pickup": [3.0]}, topics)
    assert [topic for topic, _score in ranked] == ["lost_card", "card_pickup"]
    assert ranked[0][1] > 0.8 > ranked[1][1]
