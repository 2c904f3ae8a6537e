"""The knowledge base on the staff API (``/staff/v1/snippets``, issue 16): the wire types a
counter reads and a supervisor edits and approves with. Same credentials as the rest of the
staff API (device token + ``X-Staff-Session``); every edit and approval is audited.

Errors (``ErrorBody``): 404 ``unknown_snippet``; 422 ``unknown_language``, ``invalid_content``
(the text breaks a content rule: phrasings, placeholders, digits; the detail names it)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from .protocol import Language, WireModel

SnippetId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,63}$")]
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
