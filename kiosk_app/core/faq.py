"""Answers to frequent questions at the kiosk (issue 16): what the Questions screens show.

The knowledge base reaches a kiosk as :class:`FaqTopic` values, holding only the texts residents
may see (approved, and for a translation approved against the current German text). Which
texts a resident who chose a language sees is :func:`shown_languages`, the same rule as
``core.snippets.resident_view``: their own language when it is there, otherwise German and
English with ``fallback`` set, which the screen says.

Pure data and rules; the cache (``store.faq_store``) stores and searches them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .snippets import BRIDGE_LANGUAGE, GERMAN, TOPIC_IDS, Snippet

# A search hit scoring below this is not offered: the kiosk never answers on a guess.
MIN_SCORE = 0.4
MAX_HITS = 3
# What ``question_answered`` counts (core.usage_events): a topic chosen, "none of these",
# or a search that found nothing worth offering. Never the text typed.
OUTCOME_ANSWERED = "answered"
OUTCOME_NONE_OF_THESE = "none_of_these"
OUTCOME_NO_RESULT = "no_result"


@dataclass(frozen=True)
class FaqText:
    """One language's approved text of a topic, placeholders unfilled."""

    language: str
    version: int
    question: str
    phrasings: tuple[str, ...]
    answer: str


@dataclass(frozen=True)
class FaqTopic:
    """A topic as a kiosk holds it. ``texts`` has only what residents may see; ``out_of_date``
    names the languages whose translation waits for approval after a German change."""

    topic_id: str
    legal_basis: tuple[str, ...]
    demo: bool  # seed content no office has checked (the screen marks it)
    texts: Mapping[str, FaqText] = field(default_factory=dict)
    out_of_date: tuple[str, ...] = ()


@dataclass(frozen=True)
class TopicEntry:
    """One line of the topic list: the question in the language shown (German when
    ``fallback``)."""

    topic_id: str
    question: str
    language: str  # the language ``question`` is in
    fallback: bool
    demo: bool


@dataclass(frozen=True)
class AnswerText:
    """One language's part of an answer, placeholders filled, to show verbatim."""

    language: str
    question: str
    body: str
    version: int


@dataclass(frozen=True)
class Answer:
    """What the answer screen shows. ``parts`` is the requested language alone, or German and
    English (``fallback``: the translation is missing or waits for approval; ``out_of_date``
    tells which, so the screen can say "the translation is being updated")."""

    topic_id: str
    requested: str
    parts: tuple[AnswerText, ...]
    legal_basis: tuple[str, ...]
    fallback: bool
    out_of_date: bool
    demo: bool

    @property
    def question(self) -> str:
        return self.parts[0].question

    @property
    def body(self) -> str:
        return self.parts[0].body

    @property
    def version(self) -> int:
        return self.parts[0].version


@dataclass(frozen=True)
class Hit:
    """A search result offered as a button: the topic, its question in the language shown,
    and a score in 0..1 (how much of the typed words the topic's texts cover)."""

    topic_id: str
    question: str
    language: str
    score: float
    fallback: bool


def shown_languages(topic: FaqTopic, requested: str) -> tuple[tuple[str, ...], bool]:
    """The languages a resident who chose ``requested`` sees for ``topic``, and whether that
    is the German (+ English) fallback. Empty when not even German is approved."""
    if requested in topic.texts:
        return (requested,), False
    if GERMAN not in topic.texts:
        return (), True
    if BRIDGE_LANGUAGE in topic.texts:
        return (GERMAN, BRIDGE_LANGUAGE), True
    return (GERMAN,), True


def topic_order(topic_id: str) -> int:
    """Topics are listed in the order of ``snippets.TOPIC_IDS``; others after them."""
    return TOPIC_IDS.index(topic_id) if topic_id in TOPIC_IDS else len(TOPIC_IDS)


def demo_topics(snippets: Iterable[Snippet]) -> list[FaqTopic]:
    """The seed files as the demo shows them: every text taken as approved (version 1), which
    the demo's screens mark as demo content. Only for the demo, tests and ``faq ask``
    without a cache; a real kiosk gets approved texts through sync."""
    return [
        FaqTopic(
            topic_id=snippet.topic,
            legal_basis=snippet.legal_basis,
            demo=True,
            texts={
                language: FaqText(language, 1, text.question, text.phrasings, text.answer)
                for language, text in snippet.texts.items()
            },
        )
        for snippet in snippets
        if snippet.audience in ("residents", "both")
    ]
