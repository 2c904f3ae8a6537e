"""The knowledge base's content model: the approval rule, placeholders filled per language, the
seed's validation and its files' canonical form (issue 16)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path

import pytest

from kiosk_app.core.snippet_check import content_problems, snippet_problems
from kiosk_app.core.snippet_files import (
    default_seed_dir,
    dump_meta,
    dump_text,
    read_snippets,
)
from kiosk_app.core.snippet_fill import (
    FillContext,
    MissingPlaceholder,
    UnknownPlaceholder,
    demo_office_values,
    fill,
)
from kiosk_app.core.snippets import (
    SNIPPET_LANGUAGES,
    TOPIC_IDS,
    Approval,
    LanguageState,
    Snippet,
    SnippetText,
    resident_view,
)

APPROVED_ON = date(2026, 3, 10)


def approved(version: int, german_version: int) -> LanguageState:
    return LanguageState(version, german_version, Approval(version, "m.schulz", APPROVED_ON))


def test_an_approved_current_translation_is_shown_alone() -> None:
    states = {"de": approved(1, 1), "en": approved(1, 1), "ar": approved(1, 1)}
    view = resident_view("ar", states)
    assert view.languages == ("ar",)
    assert not view.fallback


def test_changed_german_puts_every_translation_out_of_date_until_approved_again() -> None:
    # German went from version 1 to 2 and was approved; Arabic and English were approved
    # against version 1: the resident sees German alone, saying so.
    states = {"de": approved(2, 2), "en": approved(1, 1), "ar": approved(1, 1)}
    view = resident_view("ar", states)
    assert view.languages == ("de",)
    assert view.fallback
    # English approved again against the new German: German and English stand in for Arabic.
    states["en"] = approved(2, 2)
    assert resident_view("ar", states).languages == ("de", "en")
    # Arabic approved again: Arabic alone.
    states["ar"] = approved(2, 2)
    assert resident_view("ar", states) == resident_view("ar", states)
    assert resident_view("ar", states).languages == ("ar",)


def test_a_changed_but_unapproved_translation_is_not_shown() -> None:
    states = {
        "de": approved(1, 1),
        "en": approved(1, 1),
        "tr": LanguageState(2, 1, Approval(1, "m.schulz", APPROVED_ON)),
    }
    view = resident_view("tr", states)
    assert view.languages == ("de", "en")
    assert view.fallback


def test_nothing_is_shown_before_german_is_approved() -> None:
    states = {"de": LanguageState(1, 1), "en": approved(1, 1)}
    assert resident_view("en", states).languages == ()
    assert resident_view("de", {}).languages == ()


HOURS = [(0, time(8), time(12)), (3, time(14), time(18))]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", "Gebühr: 96,00\xa0€. Offen: Montag 08:00–12:00 und Donnerstag 14:00–18:00."),
        ("en", "Gebühr: €96.00. Offen: Monday 8:00\u202fAM–12:00\u202fPM and Thursday"),
    ],
)
def test_placeholders_are_formatted_for_the_language(language: str, expected: str) -> None:
    text = "Gebühr: {fee.extension}. Offen: {office.hours}."
    filled = fill(
        text, {"fee.extension": Decimal("96"), "office.hours": HOURS}, FillContext(language)
    )
    assert filled.startswith(expected)


def test_a_case_placeholder_is_filled_from_the_case() -> None:
    values = {
        "case.missing_documents": ["Pass", "Foto", "Mietvertrag"],
        "case.next_appointment": datetime(2026, 3, 12, 8, 30, tzinfo=UTC),
    }
    text = "Es fehlen: {case.missing_documents}. Termin: {case.next_appointment}."
    assert fill(text, values, FillContext("de")) == (
        "Es fehlen: Pass, Foto und Mietvertrag. Termin: 12.03.2026, 09:30:00."
    )


def test_a_missing_or_unknown_placeholder_is_refused_not_shown_half_filled() -> None:
    with pytest.raises(MissingPlaceholder):
        fill("{office.phone}", {}, FillContext("de"))
    with pytest.raises(UnknownPlaceholder):
        fill("{office.fax}", {"office.fax": "x"}, FillContext("de"))


def test_the_seed_answers_every_topic_in_every_language() -> None:
    snippets = read_snippets(default_seed_dir())
    assert content_problems(snippets) == []
    assert {snippet.topic for snippet in snippets} >= set(TOPIC_IDS)
    assert all(snippet.demo for snippet in snippets)
    for snippet in snippets:
        assert set(snippet.texts) == set(SNIPPET_LANGUAGES), snippet.id


def test_the_seed_files_are_in_canonical_form() -> None:
    """What ``export`` writes for unchanged content is byte for byte what the repo holds."""
    root = default_seed_dir()
    for snippet in read_snippets(root):
        directory = root / snippet.id
        assert (directory / "snippet.toml").read_text("utf-8") == dump_meta(snippet)
        for language, text in snippet.texts.items():
            assert (directory / f"{language}.toml").read_text("utf-8") == dump_text(text)


def _snippet(**texts: SnippetText) -> Snippet:
    return Snippet("sample", "sample", "both", ("§ 81 Abs. 4 AufenthG",), True, texts)


def test_validation_names_each_fault() -> None:
    good = SnippetText("Frage?", ("a", "b", "c"), "Gebühr {fee.extension}.")
    problems = snippet_problems(
        _snippet(
            de=good,
            en=SnippetText("Q?", ("a", "b"), "Fee {fee.extension}, open 8:00 {office.fax}."),
            tr=SnippetText("S?", ("a", "b", "c"), "Ücret."),
        ),
        languages=("de", "en", "tr", "ar"),
    )
    text = "\n".join(problems)
    assert "missing languages ar" in text
    assert "sample/en: 2 phrasings" in text
    assert "unknown placeholder {office.fax}" in text
    assert "sample/en: a digit in the answer" in text
    assert "sample/tr: placeholders [] differ from German ['fee.extension']" in text


def test_legal_basis_must_read_as_a_citation() -> None:
    text = SnippetText("Frage?", ("a", "b", "c"), "Antwort.")
    bad = Snippet("sample", "sample", "both", ("AufenthG 81",), True, {"de": text})
    assert snippet_problems(bad, languages=("de",)) == [
        "sample: legal basis 'AufenthG 81' does not read as a citation"
    ]


def test_the_seed_directory_is_in_the_repository() -> None:
    assert default_seed_dir() == Path(__file__).resolve().parents[2] / "content" / "snippets"


def test_no_two_topics_share_a_question_or_phrasing() -> None:
    """Search later ranks by these: the same words under two topics could only guess."""
    snippets = read_snippets(default_seed_dir())
    for language in SNIPPET_LANGUAGES:
        seen: dict[str, str] = {}
        for snippet in snippets:
            text = snippet.texts[language]
            for asked in (text.question, *text.phrasings):
                key = asked.strip().casefold()
                assert seen.setdefault(key, snippet.id) == snippet.id, (language, asked)


def test_every_seed_answer_fills_in_its_language() -> None:
    """Every placeholder of every answer has a formatter that works in every language's
    locale (Babel), with the demo office's data and an open case."""
    values = {
        **demo_office_values(),
        "case.missing_documents": ["Pass", "Foto"],
        "case.next_appointment": datetime(2026, 3, 12, 8, 30, tzinfo=UTC),
        "case.status": "Antrag eingegangen",
    }
    for snippet in read_snippets(default_seed_dir()):
        for language, text in snippet.texts.items():
            filled = fill(text.answer, values, FillContext(language))
            assert "{" not in filled and "}" not in filled, (snippet.id, language)
