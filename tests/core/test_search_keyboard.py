"""The Questions search keyboard: every launch language gets keys that can spell its seed
questions (after the store's folding), Arabic and Persian read right to left, Chinese composes
Pinyin and keeps its keys of whole words."""

from __future__ import annotations

import unicodedata

import pytest

from kiosk_app.core.languages import LANGUAGES
from kiosk_app.core.search_keyboard import LATIN, layout_for
from kiosk_app.core.snippet_files import default_seed_dir, read_snippets


def _folded(char: str) -> str:
    base = unicodedata.normalize("NFD", char.lower())
    return "".join(c for c in base if not unicodedata.combining(c))


@pytest.mark.parametrize("language", [lang.code for lang in LANGUAGES if lang.code != "zh_Hans"])
def test_the_keys_spell_the_letters_of_the_seed_questions(language: str) -> None:
    layout = layout_for(language)
    keys = {_folded(key) for row in layout.rows for key in row}
    if layout.own_label:  # a non-Latin layout switches to the Latin letters
        keys |= {key for row in LATIN.rows for key in row}
    snippets = read_snippets(default_seed_dir())
    letters = {
        _folded(char)
        for snippet in snippets
        for char in snippet.texts[language].question
        if char.isalpha() and unicodedata.category(char) != "Mn"
    }
    # Letter variants the search folds together (alef forms, Arabic/Persian yeh and kaf).
    foldable = set("أإآٱةىيكیک") | {"ی", "ي", "ک", "ك"}
    missing = {c for c in letters - keys if c not in foldable and _folded(c) not in keys}
    assert not missing, f"{language}: no key for {sorted(missing)}"
    assert layout.right_to_left == (language in ("ar", "fa"))
    assert bool(layout.own_label) == (language in ("ar", "fa", "ru", "uk"))
    assert not layout.pinyin


def test_chinese_has_pinyin_keys_word_keys_and_a_switch_to_latin_keys() -> None:
    layout = layout_for("zh_Hans")
    assert layout.pinyin and not layout.right_to_left and layout.own_label
    assert {key for row in layout.rows for key in row} == set("abcdefghijklmnopqrstuvwxyz'")
    assert layout.words and all(
        "\u4e00" <= char <= "\u9fff" for word in layout.words for char in word
    )
    assert len(set(layout.words)) == len(layout.words)


def test_keys_fit_twelve_to_a_row() -> None:
    for language in (lang.code for lang in LANGUAGES):
        assert max((len(row) for row in layout_for(language).rows), default=0) <= 12
