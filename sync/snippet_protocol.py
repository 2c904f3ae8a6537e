"""The knowledge base on the staff API (``/staff/v1/snippets``, issue 16): the wire types a
counter reads and a supervisor edits and approves with. Same credentials as the rest of the
staff API (device token + ``X-Staff-Session``); every edit and approval is audited.

Errors (``ErrorBody``): 404 ``unknown_snippet``; 422 ``unknown_language``, ``invalid_content``
(the text breaks a content rule: phrasings, placeholders, digits; the detail names it)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from kiosk_app.core.faq import FaqText, FaqTopic

from .protocol import HexKey, Language, WireModel

SnippetId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,63}$")]
ClockTime = Annotated[str, StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
Question = Annotated[str, StringConstraints(min_length=1, max_length=300)]
Answer = Annotated[str, StringConstraints(min_length=1, max_length=4000)]


class SnippetTextIn(WireModel):
    """``PUT /staff/v1/snippets/{id}/texts/{language}`` (supervisor): a new text."""

    question: Question
    phrasings: list[Question] = Field(min_length=3, max_length=30)
    answer: Answer


class SnippetApproval(WireModel):
    """``POST /staff/v1/snippets/{id}/approval`` (supervisor): approve as the signed-in
    person; ``languages`` empty: every language whose current text is not approved yet."""

    languages: list[Language] = Field(default_factory=list, max_length=20)


class SnippetLanguage(WireModel):
    """One language of a snippet: its current text and where it stands."""

    language: Language
    version: int
    german_version: int  # the German version this text was written or approved against
    question: str
    phrasings: list[str]
    answer: str  # with its placeholders, unfilled
    state: Literal["approved", "unapproved", "out_of_date"]
    shown_to_residents: bool
    approved_by: str | None
    approved_on: date | None


class SnippetOut(WireModel):
    id: SnippetId
    topic: str
    audience: Literal["residents", "staff", "both"]
    legal_basis: list[str]
    demo: bool
    languages: list[SnippetLanguage]


class SnippetVersionOut(WireModel):
    """One stored version (``GET /staff/v1/snippets/{id}/versions``): none is ever lost."""

    language: Language
    version: int
    german_version: int
    question: str
    phrasings: list[str]
    answer: str
    created_at: datetime
    created_by: str | None  # None: imported from the snippet files
    approved_by: str | None
    approved_at: datetime | None


# -- what kiosks receive (``GET /v1/snippets``, device auth) ------------------------------------
MAX_RESIDENT_TOPICS = 500
LegalBasis = Annotated[str, StringConstraints(min_length=1, max_length=120)]


class ResidentText(WireModel):
    """One language's approved text of a topic, placeholders unfilled."""

    language: Language
    version: int = Field(ge=1)
    question: Question
    phrasings: list[Question] = Field(max_length=30)
    answer: Answer


class ResidentTopic(WireModel):
    """A snippet for residents (audience residents or both) whose German text is approved.
    ``texts`` holds only what residents may see; ``out_of_date`` names the translations that
    wait for approval after a German change (the kiosk shows German and English, saying so)."""

    id: SnippetId
    topic: SnippetId
    legal_basis: list[LegalBasis] = Field(max_length=10)
    demo: bool
    texts: list[ResidentText] = Field(min_length=1, max_length=20)
    out_of_date: list[Language] = Field(default_factory=list, max_length=20)


class OfficeHours(WireModel):
    """One opening span: ``day`` 0 is Monday; office-local ``HH:MM``."""

    day: int = Field(ge=0, le=6)
    opens: ClockTime
    closes: ClockTime


OfficeValue = (
    Annotated[str, StringConstraints(min_length=1, max_length=300)] | int | list[OfficeHours]
)


class ResidentSnippets(WireModel):
    """``GET /v1/snippets``: the knowledge base as kiosks show it. ``version`` is the SHA-256
    of the content: a kiosk replaces its copy only when it changes. ``office``: the office's
    data the answers name (``core.office_data`` wire form: texts, money as a decimal string,
    numbers, opening hours); empty when the gateway was started without ``--office-data``."""

    protocol: Literal[1] = 1
    version: HexKey
    topics: list[ResidentTopic] = Field(max_length=MAX_RESIDENT_TOPICS)
    office: dict[str, OfficeValue] = Field(default_factory=dict, max_length=40)


def resident_topics(received: ResidentSnippets) -> list[FaqTopic]:
    """The kiosk's knowledge base (``core.faq``) from what ``GET /v1/snippets`` sent."""
    return [
        FaqTopic(
            topic_id=topic.topic,
            legal_basis=tuple(topic.legal_basis),
            demo=topic.demo,
            texts={
                text.language: FaqText(
                    text.language, text.version, text.question, tuple(text.phrasings), text.answer
                )
                for text in topic.texts
            },
            out_of_date=tuple(topic.out_of_date),
        )
        for topic in received.topics
    ]
