"""Search terms of a text, per language (issue 16): the same function makes the terms stored
for the knowledge base's texts and the terms of what a resident types, so both meet.

For every language: Unicode NFKC (full-width forms), Persian and Arabic-Indic digits as 0-9,
case folding, apostrophes and the zero-width non-joiner dropped (Persian words are typed with
or without it), then words. Per language:

- ``ar``, ``fa``: letter variants folded (ي ی ى ئ → ي, ك ک → ك, ة → ه, أ إ آ ٱ → ا, ؤ → و,
  گ stays), tashkeel and tatweel removed; Arabic's article and clitics and Persian's plural and
  possessive endings stemmed off by Snowball.
- ``tr``: Turkish case folding (I → ı, İ → i), then ı → i and accents dropped (ş → s, ğ → g,
  ç → c, ö → o, ü → u): residents type on keyboards without them.
- Latin (de, en, fr, es, tr) accents dropped; German also folds ae/oe/ue and ß to the plain
  letters.
- ``ru``, ``uk``: ё → е; Ukrainian's і ї є ґ folded to и и е г for the trigrams, so a Russian
  keyboard's spelling still meets.
- Snowball stemmers where one exists (ar de en es fa fr ru tr), a short suffix list for uk.
- ``zh_Hans``: every Han character and every pair of neighbours (character bigrams).

Besides the words, each word of four or more letters gives its character trigrams, which carry
a typo ("verlangern", "pasport") to the right topic. Terms are plain letters and digits, so
SQLite FTS5's ``unicode61`` tokenizer keeps them as they are.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Protocol

NORMALISER_VERSION = 3  # stored with the index: a change rebuilds it

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_DROP = dict.fromkeys(map(ord, "\u200c\u200d\u200e\u200f\u0640'’‘`´ʼ"), None)
_ARABIC_LETTERS = str.maketrans(
    {
        "ی": "ي",
        "ى": "ي",
        "ئ": "ي",
        "ك": "ك",
        "ک": "ك",
        "ة": "ه",
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ؤ": "و",
        "ۀ": "ه",
    }
)
_TASHKEEL = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed]")
_UKRAINIAN = str.maketrans({"і": "и", "ї": "и", "є": "е", "ґ": "г", "ё": "е"})
_GERMAN_PAIRS = (("ae", "a"), ("oe", "o"), ("ue", "u"))
_WORD = re.compile(r"\w+")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LATIN = frozenset({"de", "en", "fr", "es", "tr"})
_SNOWBALL = {
    "ar": "arabic",
    "de": "german",
    "en": "english",
    "es": "spanish",
    "fr": "french",
    "ru": "russian",
    "tr": "turkish",
    "fa": "persian",
}
# Short hand-made suffix lists where Snowball has no stemmer: longest first, a stem of at
# least three letters is kept.
_SUFFIXES = {
    "uk": (
        "ами",
        "ями",
        "ого",
        "ому",
        "ими",
        "ись",
        "ння",
        "ти",
        "ть",
        "ах",
        "ях",
        "ам",
        "ям",
        "ом",
        "ем",
        "ою",
        "ею",
        "ий",
        "ій",
        "ої",
        "ої",
        "их",
        "ів",
        "ки",
        "а",
        "я",
        "у",
        "ю",
        "і",
        "и",
        "е",
        "о",
        "ь",
    ),
}
MIN_GRAM_WORD = 4


class _Stemmer(Protocol):
    def stemWord(self, word: str) -> str: ...  # snowballstemmer's name


@dataclass(frozen=True)
class Terms:
    """A text's search terms: ``words`` (stemmed, stop words left out) and ``grams``
    (character trigrams, or for Chinese the characters and their bigrams)."""

    words: tuple[str, ...]
    grams: tuple[str, ...]
    # What the scoring weighs, one per word typed: the word's stem and its trigrams (for a
    # typo), or for Chinese a character standing for itself.
    units: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.words or self.grams)


@cache
def _stemmer(language: str) -> _Stemmer | None:
    name = _SNOWBALL.get(language)
    if name is None:
        return None
    import snowballstemmer  # type: ignore[import-untyped]

    stemmer: _Stemmer = snowballstemmer.stemmer(name)
    return stemmer


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def fold(text: str, language: str) -> str:
    """``text`` with the language's letter variants, digits, case and accents folded."""
    text = unicodedata.normalize("NFKC", text).translate(_DIGITS).translate(_DROP)
    if language == "tr":
        text = text.replace("I", "ı").replace("İ", "i")
    text = text.casefold()
    if language in ("ar", "fa"):
        text = _TASHKEEL.sub("", text).translate(_ARABIC_LETTERS)
    elif language in ("ru", "uk"):
        text = text.translate(_UKRAINIAN)
    elif language in _LATIN:
        text = _strip_accents(text.replace("ß", "ss")).replace("ı", "i")
        if language == "de":
            for pair, letter in _GERMAN_PAIRS:
                text = text.replace(pair, letter)
    return text


@lru_cache(maxsize=65536)
def _stem(word: str, language: str) -> str:
    stemmer = _stemmer(language)
    if stemmer is not None:
        return stemmer.stemWord(word)
    for suffix in _SUFFIXES.get(language, ()):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _trigrams(word: str) -> list[str]:
    if len(word) < MIN_GRAM_WORD or word.isdigit():
        return []
    return [word[i : i + 3] for i in range(len(word) - 2)]


def _han_terms(run: str) -> list[str]:
    return list(run) + [run[i : i + 2] for i in range(len(run) - 1)]


def terms(text: str, language: str) -> Terms:
    """The search terms of ``text`` in ``language`` (any launch language code)."""
    folded = fold(text, language)
    words: list[str] = []
    grams: list[str] = []
    units: list[tuple[str, tuple[str, ...]]] = []
    stop = stop_words(language)
    if language == "zh_Hans":
        for run in _HAN.findall(folded):
            grams += _han_terms(run)
            # Chinese has no spaces: the characters are what a typed question is made of
            # (a bigram across two words would count as a word no topic has).
            units += [(char, (char,)) for char in run if char not in stop]
        folded = _HAN.sub(" ", folded)
    for word in _WORD.findall(folded):
        if word in stop:
            continue
        trigrams = _trigrams(word)
        grams += trigrams
        stem = _stem(word, language)
        words.append(stem)
        units.append((stem, tuple(trigrams)))
    return Terms(tuple(words), tuple(grams), tuple(units))


@cache
def stop_words(language: str) -> frozenset[str]:
    """Function words that say nothing about the topic, folded like the text."""
    from .faq_stop_words import STOP_WORDS

    return frozenset(fold(word, language) for word in STOP_WORDS.get(language, "").split())
