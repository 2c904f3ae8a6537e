"""Scoring the knowledge base's search candidates (issue 16), pure so it is tested alone.

The cache's FTS5 index gives each candidate topic the bm25 values of its matching rows
(question, phrasings, answer). The score in 0..1 says how much of what the resident typed the
topic's texts cover: the share of the typed words (stop words left out) found in them, a word
counting whole when its stem is there and in part when most of its trigrams are (a typo); a
question about something else leaves most of its words uncovered and scores low.
The order mixes that coverage with the topic's bm25 relative to the best candidate's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .faq_text import Terms

# A typo: at least this share of a word's trigrams in the topic counts for part of the word.
FUZZY_MIN = 0.7
FUZZY_CREDIT = 0.8
# Every word with trigrams (four letters or more). Short words' trigrams turn up inside other
# words ("kaufen" in "Aufenthalt"), but requiring five trigrams lost more (Arabic's short
# words with clitics) than it gained on the evaluation.
FUZZY_MIN_GRAMS = 1
COVERAGE_SHARE = 0.6  # of the final score; the rest is bm25 relative to the best candidate
SECOND_ROW_SHARE = 0.3  # a topic's second-best row adds this share of its bm25


@dataclass
class TopicTerms:
    """Every word and gram of one topic's texts in one search language."""

    words: set[str]
    grams: set[str]


def _credit(unit: str, grams: tuple[str, ...], topic: TopicTerms) -> float:
    if unit in topic.words or (not grams and unit in topic.grams):
        return 1.0
    if grams == (unit,):  # a Chinese character stands for itself
        return 1.0 if unit in topic.grams else 0.0
    if len(grams) < FUZZY_MIN_GRAMS:
        return 0.0
    share = sum(gram in topic.grams for gram in grams) / len(grams)
    return FUZZY_CREDIT * share if share >= FUZZY_MIN else 0.0


def _weights(query: Terms, topics: Mapping[str, TopicTerms]) -> list[float]:
    # Every typed word weighs the same. Weighing rare words more (IDF over 29 topics) was
    # tried and separated answerable from unanswerable questions less well on the evaluation.
    return [1.0 for _unit in query.units]


def coverage(query: Terms, topic: TopicTerms, weights: Sequence[float]) -> float:
    """The weighted share of the typed words that ``topic`` covers, in 0..1."""
    total = sum(weights)
    if total <= 0:
        return 0.0
    got = sum(
        weight * _credit(unit, grams, topic)
        for weight, (unit, grams) in zip(weights, query.units, strict=True)
    )
    return got / total


def rank(
    query: Terms, bm25: Mapping[str, Sequence[float]], topics: Mapping[str, TopicTerms]
) -> list[tuple[str, float]]:
    """Candidate topics with their scores in 0..1, best first. ``bm25`` holds each
    candidate's row values (larger is better), ``topics`` every topic's terms."""
    if not bm25 or not query.units:
        return []
    merged = {}
    for topic_id, values in bm25.items():
        ordered = sorted(values, reverse=True)
        merged[topic_id] = ordered[0] + SECOND_ROW_SHARE * sum(ordered[1:2])
    best = max(merged.values()) or 1.0
    weights = _weights(query, topics)
    scored = []
    for topic_id, value in merged.items():
        covered = coverage(query, topics.get(topic_id, TopicTerms(set(), set())), weights)
        score = COVERAGE_SHARE * covered + (1.0 - COVERAGE_SHARE) * (value / best) * covered
        scored.append((topic_id, round(score, 4)))
    scored.sort(key=lambda item: (-item[1], item[0]))
    return scored
