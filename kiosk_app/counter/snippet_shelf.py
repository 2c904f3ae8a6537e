"""The knowledge base at the counter (issue 16): the snippets as the gateway last sent them, a
search in German, which languages a printout for the resident may carry, and filling the
placeholders with office and case data. No Qt; ``CounterDesk.snippets()`` reads the shelf.

Staff search in German (the office's language); the resident-language text is shown beside it.
A snippet goes to a resident only while its German text is approved; the resident's own
translation only while residents may see it (approved against the current German text), else
the English one, else German alone — the same rule as the kiosk (``core.snippets``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from kiosk_app.core.faq_text import fold, terms
from kiosk_app.core.snippet_fill import (
    PLACEHOLDER,
    PLACEHOLDERS,
    FillContext,
    Value,
    format_value,
)
from kiosk_app.core.snippets import BRIDGE_LANGUAGE, GERMAN
from sync.snippet_protocol import SnippetLanguage, SnippetOut

Source = Literal["gateway", "cache"]
_MIN_PREFIX = 3  # a typed word this long also matches the words it starts
_MIN_STEM = 5  # a stem this long also matches the longer typed words that start with it


@dataclass(frozen=True)
class SnippetShelf:
    """The snippets the counter knows, where they came from and when they were read."""

    snippets: tuple[SnippetOut, ...]
    source: Source
    read_at: datetime | None
    # The office's data the answers name (``core.office_data`` wire form), from the gateway's
    # --office-data; empty when none is set there (the values then show as ``[name]``).
    office: Mapping[str, object] = field(default_factory=dict)

    def get(self, snippet_id: str) -> SnippetOut | None:
        return next((s for s in self.snippets if s.id == snippet_id), None)


def text_in(snippet: SnippetOut, language: str) -> SnippetLanguage | None:
    return next((text for text in snippet.languages if text.language == language), None)


def _words(text: str) -> list[str]:
    """German search terms: folded and stemmed as the kiosk's search does (``core.faq_text``:
    case, umlauts and accents, Snowball's German stemmer, function words left out)."""
    return list(terms(text, GERMAN).words)


def _matches(word: str, field_words: Sequence[str]) -> bool:
    """A typed word matches a word it begins, or a stem it extends ("verlanger" typed,
    "verlang" in the text: Snowball cuts "verlängere" shorter than "Verlängerung")."""
    if len(word) < _MIN_PREFIX:
        return word in field_words
    return any(
        candidate.startswith(word) or (len(candidate) >= _MIN_STEM and word.startswith(candidate))
        for candidate in field_words
    )


def search(shelf: SnippetShelf, text: str, limit: int = 10) -> list[SnippetOut]:
    """Snippets whose German text matches the typed words, best first: a word in the question
    weighs most, then the phrasings and the topic, then the answer (compared as stems and as
    word beginnings). Every typed word must occur somewhere. An empty query
    lists every snippet by its German question."""
    wanted = _words(text)
    german = [(s, text_in(s, GERMAN)) for s in shelf.snippets]
    if not wanted:
        listed = sorted(
            german, key=lambda pair: fold(pair[1].question, GERMAN) if pair[1] else pair[0].id
        )
        return [snippet for snippet, _ in listed[:limit]]
    scored: list[tuple[float, str, SnippetOut]] = []
    for snippet, words in german:
        if words is None:
            continue
        fields = (
            (3.0, _words(words.question)),
            (2.0, [w for phrasing in words.phrasings for w in _words(phrasing)]),
            (2.0, _words(snippet.topic.replace("_", " "))),
            (1.0, _words(words.answer)),
        )
        score = 0.0
        for word in wanted:
            found = [weight for weight, field_words in fields if _matches(word, field_words)]
            if not found:
                break
            # The best field counts fully, each further field where the word occurs a little.
            score += max(found) + 0.25 * (len(found) - 1)
        else:
            scored.append((score, fold(words.question, GERMAN), snippet))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [snippet for _, _, snippet in scored[:limit]]


@dataclass(frozen=True)
class Languages:
    """What a printout or e-mail for a resident who speaks ``wanted`` carries: German and
    ``other`` (None: German only). ``printable`` is False while the German text is not
    approved; ``substituted`` says the resident's own translation could not be used."""

    wanted: str
    other: str | None
    printable: bool
    substituted: bool


def resident_languages(snippet: SnippetOut, wanted: str) -> Languages:
    german = text_in(snippet, GERMAN)
    printable = german is not None and german.state == "approved"
    if wanted == GERMAN:
        return Languages(wanted, None, printable, substituted=False)
    for candidate in (wanted, BRIDGE_LANGUAGE):
        own = text_in(snippet, candidate)
        if own is not None and own.shown_to_residents:
            return Languages(wanted, candidate, printable, substituted=candidate != wanted)
    return Languages(wanted, None, printable, substituted=True)


@dataclass(frozen=True)
class Filled:
    """An answer with its placeholders filled; ``missing`` names those without a value
    (shown as ``[name]``, so nobody mistakes a gap for a fact)."""

    text: str
    missing: tuple[str, ...]


def fill_answer(
    text: str, values: Mapping[str, Value], language: str, timezone: str = "Europe/Berlin"
) -> Filled:
    context = FillContext(language, timezone)
    missing: list[str] = []

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in PLACEHOLDERS and name in values:
            return format_value(name, values[name], context)
        missing.append(name)
        return f"[{name}]"

    return Filled(PLACEHOLDER.sub(replace, text), tuple(dict.fromkeys(missing)))
