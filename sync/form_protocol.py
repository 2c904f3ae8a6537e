"""Staff API v1 for forms (issue 17): the forms inbox and one form in German
(``GET /staff/v1/forms``, ``GET /staff/v1/forms/{receipt}``; the auth of ``sync.staff_protocol``).
The kiosk's side is the ``submit_form`` command (``sync.protocol.SubmitForm``)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from .protocol import CaseNumberText, Code, Language, Reference, WireModel

MAX_INBOX = 200
FormStatus = Literal["new", "in_progress", "done"]


class FormSummary(WireModel):
    receipt: Reference  # printed on the resident's receipt
    form_id: Code
    title: str  # German
    case_number: CaseNumberText | None  # None: a question without a case
    language: Language  # the kiosk session's language
    submitted_at: datetime  # the kiosk's time: the office's date of receipt
    received_at: datetime  # the gateway's time of receiving it
    status: FormStatus


class FormInbox(WireModel):
    server_time: datetime
    forms: list[FormSummary] = Field(max_length=MAX_INBOX)  # newest received first


class GermanAnswer(WireModel):
    field: Code
    label: str  # German, exact from the definition
    text: str  # German (codes, yes/no, dates), or free text exactly as typed
    free_text: bool = False
    language: Language | Literal["und"] | None = None  # free text: the language it was typed in
    note: str | None = None  # "fremdsprachig, ggf. Übersetzung nötig (Sprache: …)"


class GermanSection(WireModel):
    title: str
    answers: list[GermanAnswer]


class FormRendition(WireModel):
    """A submitted form in German, for the clerk and the case file (§ 23 VwVfG)."""

    summary: FormSummary
    form_version: int
    language_name: str  # the session's language, in German
    device_id: str
    # Set when the kiosk filled an older version of the definition than the gateway holds.
    version_note: str | None = None
    sections: list[GermanSection]
