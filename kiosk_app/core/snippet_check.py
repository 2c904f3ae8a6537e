"""Validation of snippet content (``kiosk-app gateway snippets check`` and the seed's test):
every topic in every language, enough phrasings, the same known placeholders in every language
of a snippet, a legal basis that reads like a citation, and no figure typed into an answer
(fees, hours and weeks are placeholders, filled from the office's data)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from .snippet_fill import PLACEHOLDER, PLACEHOLDERS, placeholders_in
from .snippets import AUDIENCES, GERMAN, MIN_PHRASINGS, SNIPPET_LANGUAGES, TOPIC_IDS, Snippet

SNIPPET_ID = re.compile(r"^[a-z][a-z0-9_]{1,63}$")
# "§ 81 Abs. 4 Satz 3 AufenthG", "§§ 27–36 AufenthG", "Art. 15 DSGVO", "§ 60 AufenthV".
LEGAL_BASIS = re.compile(
    r"^(§ \d+[a-z]?|§§ \d+[a-z]?[–-]\d+[a-z]?|Art\. \d+[a-z]?)"
    r"( Abs\. \d+[a-z]?)?( Satz \d+)?( Nr\. \d+[a-z]?)?"
    r" (AufenthG|AufenthV|StAG|BMG|VwVfG|DSGVO|BDSG|FreizügG/EU|BeschV|SDÜ|AsylG)$"
)
ANY_DIGIT = re.compile(r"\d")
LOOSE_BRACE = re.compile(r"[{}]")


def _text_problems(snippet: Snippet, language: str) -> list[str]:
    text = snippet.texts[language]
    where = f"{snippet.id}/{language}"
    problems: list[str] = []
    if not text.question.strip():
        problems.append(f"{where}: empty question")
    if not text.answer.strip():
        problems.append(f"{where}: empty answer")
    phrasings = [item.strip() for item in text.phrasings if item.strip()]
    if len(set(phrasings)) < MIN_PHRASINGS:
        problems.append(f"{where}: {len(set(phrasings))} phrasings, at least {MIN_PHRASINGS}")
    if text.question.strip() in phrasings:
        problems.append(f"{where}: a phrasing repeats the question")
    for name in placeholders_in(text.answer):
        if name not in PLACEHOLDERS:
            problems.append(f"{where}: unknown placeholder {{{name}}}")
    if LOOSE_BRACE.search(PLACEHOLDER.sub("", text.answer)):
        problems.append(f"{where}: a brace outside a placeholder")
    if ANY_DIGIT.search(PLACEHOLDER.sub("", text.answer)):
        problems.append(f"{where}: a digit in the answer (fees, hours: use a placeholder)")
    for part in (text.question, *text.phrasings):
        if PLACEHOLDER.search(part):
            problems.append(f"{where}: a placeholder in a question or phrasing")
    return problems


def snippet_problems(snippet: Snippet, languages: Sequence[str] = SNIPPET_LANGUAGES) -> list[str]:
    problems: list[str] = []
    if not SNIPPET_ID.match(snippet.id):
        problems.append(f"{snippet.id}: id must be lower-case letters, digits and _")
    if snippet.audience not in AUDIENCES:
        problems.append(f"{snippet.id}: audience {snippet.audience!r} not one of {AUDIENCES}")
    for citation in snippet.legal_basis:
        if not LEGAL_BASIS.match(citation):
            problems.append(f"{snippet.id}: legal basis {citation!r} does not read as a citation")
    for language in snippet.texts:
        if language not in SNIPPET_LANGUAGES:
            problems.append(f"{snippet.id}: unknown language {language!r}")
    missing = [language for language in languages if language not in snippet.texts]
    if missing:
        problems.append(f"{snippet.id}: missing languages {', '.join(missing)}")
    german = snippet.texts.get(GERMAN)
    expected = sorted(placeholders_in(german.answer)) if german else None
    for language in snippet.texts:
        if language not in SNIPPET_LANGUAGES:
            continue
        problems += _text_problems(snippet, language)
        found = sorted(placeholders_in(snippet.texts[language].answer))
        if expected is not None and found != expected:
            problems.append(
                f"{snippet.id}/{language}: placeholders {found} differ from German {expected}"
            )
    return problems


def content_problems(
    snippets: Iterable[Snippet],
    *,
    topics: Sequence[str] = TOPIC_IDS,
    languages: Sequence[str] = SNIPPET_LANGUAGES,
) -> list[str]:
    """Every problem found, one line each; empty when the content is fit to import."""
    problems: list[str] = []
    seen_ids: set[str] = set()
    covered: set[str] = set()
    for snippet in snippets:
        if snippet.id in seen_ids:
            problems.append(f"{snippet.id}: id used twice")
        seen_ids.add(snippet.id)
        covered.add(snippet.topic)
        problems += snippet_problems(snippet, languages)
    problems += [f"topic {topic}: no snippet" for topic in topics if topic not in covered]
    return problems
