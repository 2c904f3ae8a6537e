"""The knowledge base's content model (issue 16): one snippet answers one topic, for residents,
staff or both, in every launch language, with its legal basis and a per-language approval.

The approval rule is :func:`resident_view`: a translation is shown only while it is approved
and was approved against the current German text; when the German text changes, every
translation is out of date until approved again, and the resident sees German and English
(saying so) instead. Pure data and functions: the gateway stores versions, the kiosk shows them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from .languages import DEFAULT_LANGUAGE, LANGUAGES

Audience = Literal["residents", "staff", "both"]
AUDIENCES: tuple[Audience, ...] = ("residents", "staff", "both")
SNIPPET_LANGUAGES: tuple[str, ...] = tuple(language.code for language in LANGUAGES)
GERMAN = DEFAULT_LANGUAGE
# The language shown next to German while the resident's own translation is out of date.
BRIDGE_LANGUAGE = "en"
MIN_PHRASINGS = 3

# The topics every seed must answer (used by tests and benchmarks, issue 16).
TOPIC_IDS: tuple[str, ...] = (
    "extend_permit",
    "fiktion_certificate",
    "permit_expired",
    "lost_card",
    "card_pickup",
    "card_production_time",
    "address_change",
    "new_passport",
    "submit_documents",
    "appointment_booking",
    "missed_appointment",
    "walk_in",
    "fees",
    "biometric_photo",
    "health_insurance",
    "work_permission",
    "travel_abroad",
    "family_reunification",
    "settlement_permit",
    "blue_card",
    "study_permit",
    "temporary_protection",
    "naturalisation",
    "office_hours_location",
    "contact",
    "status_meaning",
    "case_number_where",
    "interpreter",
    "data_protection",
)


@dataclass(frozen=True)
class SnippetText:
    """One language's text of a snippet."""

    question: str
    phrasings: tuple[str, ...]  # other ways residents ask the same question
    answer: str  # may hold placeholders (``snippet_fill.PLACEHOLDERS``)


@dataclass(frozen=True)
class Snippet:
    id: str
    topic: str
    audience: Audience
    legal_basis: tuple[str, ...]  # e.g. "§ 81 Abs. 4 AufenthG"; empty where there is none
    demo: bool  # seed content no office has checked
    texts: Mapping[str, SnippetText] = field(default_factory=dict)  # by language code


@dataclass(frozen=True)
class Approval:
    version: int  # the version of the language's text that was approved
    approved_by: str
    approved_on: date


@dataclass(frozen=True)
class LanguageState:
    """Where one language of a snippet stands: its current text version, the German version it
    was written or last approved against, and the approval of its current version if any."""

    version: int
    german_version: int
    approval: Approval | None = None


def out_of_date(language: str, state: LanguageState, german: LanguageState | None) -> bool:
    """A translation is out of date when the German text changed after it was written or
    approved. German itself is never out of date."""
    if language == GERMAN or german is None:
        return False
    return state.german_version < german.version


def is_shown(language: str, states: Mapping[str, LanguageState]) -> bool:
    """Residents see a language's text only when its current version is approved and, for a
    translation, approved against the current German text."""
    state = states.get(language)
    if state is None or state.approval is None or state.approval.version != state.version:
        return False
    return not out_of_date(language, state, states.get(GERMAN))


@dataclass(frozen=True)
class ResidentView:
    """Which texts a resident who chose ``requested`` sees, in order. ``fallback`` is true
    when the requested translation is missing or out of date and German (with English where
    approved) stands in, which the screen says."""

    requested: str
    languages: tuple[str, ...]
    fallback: bool


def resident_view(requested: str, states: Mapping[str, LanguageState]) -> ResidentView:
    """The approval rule. Nothing is shown (``languages`` empty) until German, the text every
    translation answers to, is approved."""
    if not is_shown(GERMAN, states):
        return ResidentView(requested, (), fallback=True)
    if is_shown(requested, states):
        return ResidentView(requested, (requested,), fallback=False)
    shown = (GERMAN, BRIDGE_LANGUAGE) if is_shown(BRIDGE_LANGUAGE, states) else (GERMAN,)
    return ResidentView(requested, shown, fallback=True)
