"""The call display's words (issue 15) from the ten catalogs: the counter's number in every
language, the ticket number read as "A 42", right to left for Arabic and Persian."""

from __future__ import annotations

import pytest

from kiosk_app.core.call_words import call_words, counter_number, spoken_label

LANGUAGES = ["de", "en", "ar", "fa", "ru", "uk", "tr", "fr", "es", "zh_Hans"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_names_the_number_and_the_counter(language: str) -> None:
    words = call_words("A 042", "Schalter 3", language)
    assert "A 042" in words.sentence and "3" in words.sentence and "3" in words.counter
    assert "A 42" in words.spoken and "042" not in words.spoken
    if language not in ("en",):
        assert words.sentence != "Number A 042, please go to counter 3."  # translated
    assert words.right_to_left == (language in ("ar", "fa"))


def test_german_reads_as_the_issue_asks() -> None:
    words = call_words("A 042", "Schalter 3", "de")
    assert words.spoken == "Nummer A 42, bitte zu Schalter 3."
    assert words.counter == "Schalter 3"


def test_a_counter_named_without_a_number_is_named_as_it_is() -> None:
    assert counter_number("Empfang") is None
    assert call_words("B 007", "Empfang", "de").sentence == "Nummer B 007, bitte zu Empfang."
    assert counter_number("Schalter 12") == "12"
    assert spoken_label("B 007") == "B 7"
