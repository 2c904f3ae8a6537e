"""The knowledge base search's evaluation (issue 16): the frozen set in ``tests/faq/eval_set``
run through :class:`~kiosk_app.store.faq_store.FaqIndex`, with top-1, top-3, mean reciprocal
rank and the share of unanswerable questions rejected, per language. Used by the test in
``make test`` (which asserts the targets), ``kiosk-app bench`` and ``kiosk-app faq eval``.

Each ``<language>.toml`` maps a topic id to questions as residents type them (written without
the snippets' own questions and phrasings), and ``none`` to questions no snippet answers.
"""

from __future__ import annotations

import secrets
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kiosk_app.core.faq import MAX_HITS, MIN_SCORE
from kiosk_app.core.faq_text import terms
from kiosk_app.store.faq_store import FaqIndex

EVAL_SET_DIR = Path(__file__).resolve().parents[1] / "tests" / "faq" / "eval_set"
UNANSWERABLE = "none"
TARGET_TOP3 = 0.90
TARGET_TOP3_PER_LANGUAGE = 0.85


@dataclass(frozen=True)
class EvalQuestion:
    language: str
    text: str
    topic_id: str | None  # None: no snippet answers it


@dataclass(frozen=True)
class LanguageResult:
    language: str
    answerable: int
    top1: float
    top3: float
    mrr: float
    unanswerable: int
    rejected: float  # share of unanswerable questions with no hit at or above MIN_SCORE
    misses: tuple[tuple[str, str, tuple[str, ...]], ...]  # (expected, text, top three)


def seed_index() -> FaqIndex:
    """A search over the seed files (``content/snippets``) in a cache that lives in memory
    (SQLCipher, keyed, never written to disk): for the evaluation, the benchmark and
    ``kiosk-app faq ask`` where there is no kiosk cache."""
    from sqlcipher3 import dbapi2 as sqlcipher  # type: ignore[import-untyped]

    from kiosk_app.demo_seed import seed_demo_faq
    from kiosk_app.store.migrate import migrate

    connection = sqlcipher.connect(":memory:", isolation_level=None)
    connection.execute(f"PRAGMA key = \"x'{secrets.token_hex(32)}'\"")
    migrate(connection)
    seed_demo_faq(connection)
    return FaqIndex(connection)


def load_eval_set(directory: Path = EVAL_SET_DIR) -> list[EvalQuestion]:
    questions = []
    for path in sorted(directory.glob("*.toml")):
        with path.open("rb") as handle:
            data = tomllib.load(handle)
        for topic_id, texts in data.items():
            expected = None if topic_id == UNANSWERABLE else topic_id
            questions += [EvalQuestion(path.stem, str(text), expected) for text in texts]
    return questions


def evaluate(index: FaqIndex, questions: Iterable[EvalQuestion]) -> list[LanguageResult]:
    """Per language, in the order the languages first appear."""
    by_language: dict[str, list[EvalQuestion]] = {}
    for question in questions:
        by_language.setdefault(question.language, []).append(question)
    results = []
    for language, items in by_language.items():
        answerable = [item for item in items if item.topic_id is not None]
        unanswerable = [item for item in items if item.topic_id is None]
        top1 = top3 = reciprocal = 0.0
        misses = []
        for item in answerable:
            ranked = [
                topic_id
                for topic_id, score in index.rank(terms(item.text, language), language)
                if score >= MIN_SCORE
            ]
            if ranked[:1] == [item.topic_id]:
                top1 += 1
            if item.topic_id in ranked[:MAX_HITS]:
                top3 += 1
                reciprocal += 1 / (ranked.index(str(item.topic_id)) + 1)
            else:
                misses.append((str(item.topic_id), item.text, tuple(ranked[:MAX_HITS])))
        rejected = sum(not index.search(item.text, language) for item in unanswerable)
        count = max(len(answerable), 1)
        results.append(
            LanguageResult(
                language,
                len(answerable),
                top1 / count,
                top3 / count,
                reciprocal / count,
                len(unanswerable),
                rejected / max(len(unanswerable), 1),
                tuple(misses),
            )
        )
    return results


def overall_top3(results: Iterable[LanguageResult]) -> float:
    results = list(results)
    total = sum(result.answerable for result in results)
    return sum(result.top3 * result.answerable for result in results) / max(total, 1)


def table(results: Iterable[LanguageResult]) -> str:
    """The per-language table (Markdown), with an overall line."""
    results = list(results)
    lines = [
        "| language | answerable | top-1 | top-3 | MRR | unanswerable | rejected |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        lines.append(
            f"| {r.language} | {r.answerable} | {r.top1:.3f} | {r.top3:.3f} | {r.mrr:.3f}"
            f" | {r.unanswerable} | {r.rejected:.3f} |"
        )
    total = sum(r.answerable for r in results)
    none = sum(r.unanswerable for r in results)

    def mean(field: str) -> float:
        return sum(getattr(r, field) * r.answerable for r in results) / max(total, 1)

    rejected = sum(r.rejected * r.unanswerable for r in results) / max(none, 1)
    lines.append(
        f"| all | {total} | {mean('top1'):.3f} | {mean('top3'):.3f} | {mean('mrr'):.3f}"
        f" | {none} | {rejected:.3f} |"
    )
    return "\n".join(lines)
