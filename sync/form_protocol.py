"""Staff API v1 for forms (issue 17): the forms inbox and one form in German
(``GET /staff/v1/forms``, ``GET /staff/v1/forms/{receipt}``,
``POST /staff/v1/forms/{receipt}/status``; the auth of ``sync.staff_protocol``).
The kiosk's side is the ``submit_form`` command (``sync.protocol.SubmitForm``)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Literal

from pydantic import Field

from kiosk_app.core.forms.definition import FormDef
from kiosk_app.core.forms.engine import Answer, visible_fields

from .protocol import (
    CaseNumberText,
    Code,
    FormAnswer,
    HexKey,
    Language,
    Reference,
    SubmitForm,
    WireModel,
)

MAX_INBOX = 200
MAX_CASE_REQUESTS = 20
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
    # Some free text was typed in another language than German: translation may be needed.
    foreign_text: bool = False
    # Who last changed the processing state, and when (None while nobody has).
    status_changed_by: str | None = None
    status_changed_at: datetime | None = None


class FormStatusChange(WireModel):
    """``POST /staff/v1/forms/{receipt}/status``: the processing state a clerk sets."""

    status: FormStatus


class CaseRequestsQuery(WireModel):
    """``POST /v1/forms/of-case``: a kiosk asks which requests a case it shows has made (the
    key in the body, not the URL: proxies log URLs)."""

    lookup_key: HexKey


class CaseRequest(WireModel):
    """One request of a case, as the resident may see it at the kiosk: no answer, no staff."""

    form_id: Code
    submitted_at: datetime  # the kiosk's time: the office's time of receipt
    status: FormStatus


class CaseRequests(WireModel):
    server_time: datetime
    requests: list[CaseRequest] = Field(max_length=MAX_CASE_REQUESTS)  # newest first


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


def submit_form_command(
    form: FormDef,
    answers: Mapping[str, Answer],
    *,
    receipt: str,
    language: str,
    lookup_key: bytes | None,
    submitted_at: datetime,
) -> SubmitForm:
    """The outbox command for a form the resident reviewed and submitted: the shown answers
    only, as codes and values, free text with its language (``engine.validate`` first)."""
    shown_answers = [
        FormAnswer(
            field=field_def.id,
            value=_wire_value(answers[field_def.id].value),
            language=answers[field_def.id].language if field_def.free_text else None,
        )
        for field_def in visible_fields(form, answers)
        if field_def.id in answers
    ]
    return SubmitForm(
        receipt=receipt,
        form_id=form.id,
        form_version=form.version,
        lookup_key=lookup_key.hex() if lookup_key is not None else None,
        language=language,
        answers=shown_answers,
        submitted_at=submitted_at,
    )


def _wire_value(value: object) -> bool | int | str | list[str]:
    if isinstance(value, list | tuple):
        return [str(code) for code in value]
    assert isinstance(value, bool | int | str)
    return value
