"""The knowledge base inside the encrypted cache (issue 16): topics, answers and search for the
kiosk's Questions screens, with no Qt.

- :class:`FaqContent` replaces the whole knowledge base with what the gateway sent (or the
  demo's seed) in one transaction, and builds the FTS5 index from the texts' search terms
  (``core.faq_text``).
- :class:`FaqIndex` is what the screens call: :meth:`~FaqIndex.topics`,
  :meth:`~FaqIndex.answer`, :meth:`~FaqIndex.search` and the counting of what residents chose
  (:meth:`~FaqIndex.record_choice`, :meth:`~FaqIndex.record_no_result`). The text a resident
  types is never stored or logged: only counts per language and topic.

Search: FTS5's bm25 ranks the rows (question, phrasings, answer) of the resident's language
over the stemmed words and the character trigrams (Chinese: characters and bigrams); a topic's
candidates are then scored in 0..1 by how much of what was typed its texts cover, rarer words
counting more, a typo's trigrams counting in part (``core.faq_rank``). Hits under
``core.faq.MIN_SCORE`` are not offered.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime

from kiosk_app.core.faq import (
    MAX_HITS,
    MIN_SCORE,
    OUTCOME_ANSWERED,
    OUTCOME_NO_RESULT,
    OUTCOME_NONE_OF_THESE,
    Answer,
    AnswerText,
    FaqText,
    FaqTopic,
    Hit,
    TopicEntry,
    shown_languages,
    topic_order,
)
from kiosk_app.core.faq_rank import TopicTerms, rank
from kiosk_app.core.faq_text import NORMALISER_VERSION, Terms, terms
from kiosk_app.core.office_data import office_values
from kiosk_app.core.snippet_fill import (
    PLACEHOLDER,
    FillContext,
    Value,
    fill,
    placeholders_in,
)
from kiosk_app.core.snippets import BRIDGE_LANGUAGE, GERMAN, SNIPPET_LANGUAGES
from kiosk_app.core.usage_events import UsageCount, hour_of

from .transactions import Connection, transaction
from .usage import add_count

log = logging.getLogger(__name__)
VERSION_KEY = "faq_version"  # the content's version (the gateway's hash), in ``meta``
OFFICE_KEY = "faq_office"  # the office's data (core.office_data wire form, JSON), in ``meta``
NORMALISER_KEY = "faq_normaliser"  # core.faq_text.NORMALISER_VERSION the index was built with
# bm25 weights of the FTS5 columns (topic_id, language, kind, words, grams) and of the rows.
_COLUMN_WEIGHTS = (0.0, 0.0, 0.0, 1.0, 0.35)
_KIND_WEIGHTS = {"q": 1.0, "p": 1.0, "a": 0.45, "x": 0.5}
_CANDIDATE_ROWS = 400
MAX_QUERY_CHARS = 200  # the on-screen keyboard's field holds less; a longer text is cut
# Shown where an answer refers to the resident's case and no case is open at the kiosk.
CASE_PLACEHOLDER_TEXT = "…"


class FaqContent:
    """Writes the knowledge base into the cache (the sync engine, the demo)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def replace(
        self, version: str, topics: Iterable[FaqTopic], office: Mapping[str, object] | None = None
    ) -> None:
        """The whole knowledge base, in one transaction: readers see the old or the new.
        ``office``: the office's data the answers name (``core.office_data`` wire form)."""
        topics = sorted(topics, key=lambda topic: (topic_order(topic.topic_id), topic.topic_id))
        with transaction(self.connection) as conn:
            conn.execute("DELETE FROM faq_texts")
            conn.execute("DELETE FROM faq_topics")
            for position, topic in enumerate(topics):
                conn.execute(
                    "INSERT INTO faq_topics (topic_id, position, legal_basis, demo, out_of_date)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (
                        topic.topic_id,
                        position,
                        json.dumps(list(topic.legal_basis)),
                        int(topic.demo),
                        json.dumps(list(topic.out_of_date)),
                    ),
                )
                conn.executemany(
                    "INSERT INTO faq_texts (topic_id, language, version, question, phrasings,"
                    " answer) VALUES (?, ?, ?, ?, ?, ?)",
                    [
                        (
                            topic.topic_id,
                            text.language,
                            text.version,
                            text.question,
                            json.dumps(list(text.phrasings), ensure_ascii=False),
                            text.answer,
                        )
                        for text in topic.texts.values()
                    ],
                )
            _set_meta(conn, VERSION_KEY, version)
            _set_meta(conn, OFFICE_KEY, json.dumps(dict(office or {}), ensure_ascii=False))
            rebuild_index(conn)

    @property
    def version(self) -> str | None:
        """The stored knowledge base's version, None before the first one arrived."""
        return _get_meta(self.connection, VERSION_KEY)


def load_topics(conn: Connection) -> list[FaqTopic]:
    """Every stored topic with its texts, in list order."""
    texts: dict[str, dict[str, FaqText]] = {}
    for topic_id, language, version, question, phrasings, answer in conn.execute(
        "SELECT topic_id, language, version, question, phrasings, answer FROM faq_texts"
    ):
        texts.setdefault(topic_id, {})[language] = FaqText(
            language, int(version), question, tuple(json.loads(phrasings)), answer
        )
    return [
        FaqTopic(
            topic_id=topic_id,
            legal_basis=tuple(json.loads(basis)),
            demo=bool(demo),
            texts=texts.get(topic_id, {}),
            out_of_date=tuple(json.loads(outdated)),
        )
        for topic_id, basis, demo, outdated in conn.execute(
            "SELECT topic_id, legal_basis, demo, out_of_date FROM faq_topics ORDER BY position"
        )
    ]


def rebuild_index(conn: Connection) -> None:
    """Rebuild ``faq_search`` from the stored texts: for every launch language, the texts a
    resident of that language is shown (German and English where the translation is not)."""
    with transaction(conn):
        conn.execute("DELETE FROM faq_search")
        rows: list[tuple[str, str, str, str, str]] = []
        known: dict[tuple[str, str], Terms] = {}
        for topic in load_topics(conn):
            for language in SNIPPET_LANGUAGES:
                shown, _fallback = shown_languages(topic, language)
                items: list[tuple[str, str, str]] = []
                for source in shown:
                    text = topic.texts[source]
                    items.append(("q", source, text.question))
                    items += [("p", source, phrasing) for phrasing in text.phrasings]
                    items.append(("a", source, _without_placeholders(text.answer)))
                # Residents type the office's German words and English ones in any language
                # ("Blue Card", "Termin"), and the law's paragraph ("§ 24").
                for source in (GERMAN, BRIDGE_LANGUAGE):
                    if source not in shown and source in topic.texts:
                        text = topic.texts[source]
                        items.append(("x", source, text.question))
                        items += [("x", source, phrasing) for phrasing in text.phrasings]
                items += [("x", GERMAN, basis) for basis in topic.legal_basis]
                for kind, source, value in items:
                    found = known.get((value, source))
                    if found is None:  # German and English rows recur in every language
                        found = known[value, source] = terms(value, source)
                    rows.append(
                        (
                            topic.topic_id,
                            language,
                            kind,
                            " ".join(found.words),
                            " ".join(found.grams),
                        )
                    )
        conn.executemany(
            "INSERT INTO faq_search (topic_id, language, kind, words, grams)"
            " VALUES (?, ?, ?, ?, ?)",
            rows,
        )
        _set_meta(conn, NORMALISER_KEY, str(NORMALISER_VERSION))


class FaqIndex:
    """The Questions screens' view of the knowledge base in the cache (Qt-free; call from
    one thread per connection).

    ``office_values`` fill the answers' office placeholders (``core.snippet_fill``); by
    default the office's data stored with the knowledge base (the gateway's ``--office-data``,
    the demo office in the demo); a value no office set shows as "…".
    ``count(language, outcome, topic_id)`` records what residents chose: the kiosk passes
    ``UsageRecorder.question`` (its own writer thread, so the GUI never waits for the cache's
    write lock); without it the count is written here, in the caller's thread, filed under
    ``now``. Counting never raises.
    """

    def __init__(
        self,
        connection: Connection,
        office_values: Mapping[str, Value] | None = None,
        now: Callable[[], datetime] | None = None,
        count: Callable[[str, str, str], None] | None = None,
    ) -> None:
        self.connection = connection
        self._count_hook = count
        self._given_office = None if office_values is None else dict(office_values)
        self.office_values = self._office()
        self._now = now or (lambda: datetime.now(UTC))
        self._topics: list[FaqTopic] | None = None
        self._terms: dict[str, dict[str, TopicTerms]] = {}
        if (
            _get_meta(connection, NORMALISER_KEY) not in (None, str(NORMALISER_VERSION))
            and connection.execute("SELECT 1 FROM faq_topics LIMIT 1").fetchone() is not None
        ):
            rebuild_index(connection)  # terms made by an older normaliser would not match

    # -- reading ---------------------------------------------------------------------------
    def _all(self) -> list[FaqTopic]:
        if self._topics is None:
            self._topics = load_topics(self.connection)
        return self._topics

    def _topic(self, topic_id: str) -> FaqTopic | None:
        return next((topic for topic in self._all() if topic.topic_id == topic_id), None)

    def _office(self) -> dict[str, Value]:
        """The values given, else the office's data stored with the knowledge base; a value
        nobody set stays a gap ("…"), never a figure from elsewhere."""
        if self._given_office is not None:
            return dict(self._given_office)
        stored = _get_meta(self.connection, OFFICE_KEY)
        try:
            return office_values(json.loads(stored)) if stored else {}
        except (ValueError, TypeError) as error:  # OfficeDataError is a ValueError
            log.warning("office data in the cache not usable: %s", type(error).__name__)
            return {}

    def reload(self) -> None:
        """Forget what was read: the sync engine stored a new knowledge base."""
        self._topics = None
        self._terms.clear()
        self.office_values = self._office()

    @property
    def version(self) -> str | None:
        return _get_meta(self.connection, VERSION_KEY)

    def topics(self, language: str) -> list[TopicEntry]:
        """The topic list for a resident who chose ``language``, in the office's order. A
        topic without its own approved translation is listed with its German question
        (``fallback``); one whose German text is not approved is left out."""
        entries = []
        for topic in self._all():
            shown, fallback = shown_languages(topic, language)
            if shown:
                text = topic.texts[shown[0]]
                entries.append(
                    TopicEntry(topic.topic_id, text.question, shown[0], fallback, topic.demo)
                )
        return entries

    def answer(
        self, topic_id: str, language: str, case_values: Mapping[str, Value] | None = None
    ) -> Answer | None:
        """The answer to ``topic_id`` for a resident who chose ``language``: that language's
        approved text, or German and English (``fallback``), placeholders filled in each
        part's own language from the office's data and ``case_values`` (the open case, if
        any; without one the case's placeholders read "…"). None for an unknown topic."""
        topic = self._topic(topic_id)
        if topic is None:
            return None
        shown, fallback = shown_languages(topic, language)
        if not shown:
            return None
        values: dict[str, Value] = {**self.office_values, **(case_values or {})}
        parts = []
        for source in shown:
            text = topic.texts[source]
            template = text.answer
            for name in placeholders_in(template):
                # No case open, or an office value not set here: a gap, never a made-up figure.
                if name not in values:
                    template = template.replace("{" + name + "}", CASE_PLACEHOLDER_TEXT)
            body = fill(template, values, FillContext(source))
            parts.append(AnswerText(source, text.question, body, text.version))
        return Answer(
            topic_id=topic.topic_id,
            requested=language,
            parts=tuple(parts),
            legal_basis=topic.legal_basis,
            fallback=fallback,
            out_of_date=fallback and language in topic.out_of_date,
            demo=topic.demo,
        )

    def search(self, text: str, language: str, limit: int = MAX_HITS) -> list[Hit]:
        """The best ``limit`` topics for what a resident typed in ``language``, best first,
        each with a score in 0..1; topics under ``MIN_SCORE`` are left out, so an empty list
        means "nothing fits" (the screen then offers the topic list, booking, a ticket).
        ``text`` is used for this search only: never stored, never logged."""
        query = terms(text[:MAX_QUERY_CHARS], language)
        if not query:
            return []
        ranked = self.rank(query, language)
        hits = []
        for topic_id, score in ranked[:limit]:
            if score < MIN_SCORE:
                break
            topic = self._topic(topic_id)
            if topic is None:
                continue
            shown, fallback = shown_languages(topic, language)
            source = shown[0]
            hits.append(Hit(topic_id, topic.texts[source].question, source, score, fallback))
        return hits

    def rank(self, query: Terms, language: str) -> list[tuple[str, float]]:
        """Every candidate topic with its score, best first (no threshold): for evaluation."""
        match = _match_expression(query)
        rows = self.connection.execute(
            "SELECT topic_id, kind, bm25(faq_search, ?, ?, ?, ?, ?) FROM faq_search"
            " WHERE faq_search MATCH ? AND language = ? ORDER BY rank LIMIT ?",
            (*_COLUMN_WEIGHTS, match, language, _CANDIDATE_ROWS),
        ).fetchall()
        bm25: dict[str, list[float]] = {}
        for topic_id, kind, value in rows:
            bm25.setdefault(topic_id, []).append(-float(value) * _KIND_WEIGHTS[kind])
        return rank(query, bm25, self._language_terms(language))

    def _language_terms(self, language: str) -> dict[str, TopicTerms]:
        known = self._terms.get(language)
        if known is None:
            known = {}
            for topic_id, words, grams in self.connection.execute(
                "SELECT topic_id, words, grams FROM faq_search WHERE language = ?", (language,)
            ):
                entry = known.setdefault(topic_id, TopicTerms(set(), set()))
                entry.words.update(words.split())
                entry.grams.update(grams.split())
            self._terms[language] = known
        return known

    # -- counting ----------------------------------------------------------------------------
    def record_choice(self, language: str, topic_id: str | None) -> None:
        """Count that a resident of ``language`` opened ``topic_id`` (from the list or a
        search), or with None that they chose "none of these". Counts only."""
        outcome = OUTCOME_NONE_OF_THESE if topic_id is None else OUTCOME_ANSWERED
        self._count(language, outcome, topic_id or "")

    def record_no_result(self, language: str) -> None:
        """Count a search that found nothing worth offering (never what was typed)."""
        self._count(language, OUTCOME_NO_RESULT, "")

    def _count(self, language: str, outcome: str, topic_id: str) -> None:
        try:
            if self._count_hook is not None:
                self._count_hook(language, outcome, topic_id)
                return
            add_count(
                self.connection,
                UsageCount(
                    hour=hour_of(self._now()),
                    kind="question_answered",
                    language=language,
                    outcome=outcome,
                    detail=topic_id,
                ),
            )
        except Exception as error:  # a count is never worth an error on the screen
            log.warning("question count dropped: %s", type(error).__name__)


def _match_expression(query: Terms) -> str:
    """An FTS5 query: any of the words (column ``words``) or grams (column ``grams``). Terms
    are letters and digits only (``core.faq_text``), quoted anyway."""
    parts = []
    if query.words:
        parts.append("words : (" + " OR ".join(f'"{word}"' for word in set(query.words)) + ")")
    if query.grams:
        parts.append("grams : (" + " OR ".join(f'"{gram}"' for gram in set(query.grams)) + ")")
    return " OR ".join(parts)


def _without_placeholders(answer: str) -> str:
    return PLACEHOLDER.sub(" ", answer)


def _get_meta(conn: Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else bytes(row[0]).decode()


def _set_meta(conn: Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value.encode()),
    )
