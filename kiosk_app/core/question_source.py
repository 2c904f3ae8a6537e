"""What the kiosk's Questions screens need from the knowledge base (issue 16), as a Protocol.

The store's ``FaqIndex`` (kiosk_app/store/faq_store.py) answers it: topic list, answer,
search and the counts of what residents chose. The screens depend on this shape only, so a
test or the QML load check can hand them anything that has it. Attribute names follow
``core.faq`` (``TopicEntry``, ``Answer``, ``AnswerText``, ``Hit``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from .snippet_fill import Value


class TopicLine(Protocol):
    @property
    def topic_id(self) -> str: ...
    @property
    def question(self) -> str: ...
    @property
    def language(self) -> str: ...
    @property
    def fallback(self) -> bool: ...


class AnswerPart(Protocol):
    @property
    def language(self) -> str: ...
    @property
    def question(self) -> str: ...
    @property
    def body(self) -> str: ...
    @property
    def version(self) -> int: ...


class ShownAnswer(Protocol):
    @property
    def topic_id(self) -> str: ...
    @property
    def parts(self) -> Sequence[AnswerPart]: ...
    @property
    def legal_basis(self) -> Sequence[str]: ...
    @property
    def fallback(self) -> bool: ...
    @property
    def demo(self) -> bool: ...


class QuestionHit(Protocol):
    @property
    def topic_id(self) -> str: ...
    @property
    def question(self) -> str: ...
    @property
    def score(self) -> float: ...


class QuestionSource(Protocol):
    def topics(self, language: str) -> Sequence[TopicLine]: ...

    def answer(
        self, topic_id: str, language: str, case_values: Mapping[str, Value] | None = None
    ) -> ShownAnswer | None: ...

    def search(self, text: str, language: str, limit: int = 3) -> Sequence[QuestionHit]: ...

    def record_choice(self, language: str, topic_id: str | None) -> None: ...

    def record_no_result(self, language: str) -> None: ...

    def reload(self) -> None:
        """Forget what was read: a new knowledge base is in the cache."""


class NoQuestions:
    """No knowledge base in the cache yet (before the first sync): an empty topic list."""

    def topics(self, language: str) -> Sequence[TopicLine]:
        return ()

    def answer(
        self, topic_id: str, language: str, case_values: Mapping[str, Value] | None = None
    ) -> ShownAnswer | None:
        return None

    def search(self, text: str, language: str, limit: int = 3) -> Sequence[QuestionHit]:
        return ()

    def record_choice(self, language: str, topic_id: str | None) -> None:
        return None

    def record_no_result(self, language: str) -> None:
        return None

    def reload(self) -> None:
        return None
