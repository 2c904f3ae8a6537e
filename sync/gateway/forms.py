"""Forms submitted at kiosks (issue 17): the ``submit_form`` command stored exactly once, and
the German rendition staff read (``kiosk_app.core.forms.german``).

A form is stored under its receipt (chosen by the kiosk, printed on the resident's receipt):
the command's sequence number makes a resend a duplicate, and a receipt already stored is never
overwritten. The answers are checked against the definition again; a form filled against an
older definition version is kept even when it no longer fits (an extension application must
not be lost) and shown to staff with a note.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError

from kiosk_app.core.forms.definition import FormDef, load_forms
from kiosk_app.core.forms.engine import Answer, validate
from kiosk_app.core.forms.german import language_name_de, render_german
from sync.form_protocol import (
    MAX_CASE_REQUESTS,
    MAX_INBOX,
    CaseRequest,
    FormInbox,
    FormRendition,
    FormStatus,
    FormSummary,
    GermanAnswer,
    GermanSection,
)
from sync.protocol import SubmitForm

from . import retention
from .case_keys import resolve_case
from .database import as_utc
from .slots import OfficeClock
from .staff.audit import Actor, record
from .tables import form_submissions


@cache
def definitions() -> dict[str, FormDef]:
    return load_forms()


def answers_of(stored: list[dict[str, object]]) -> dict[str, Answer]:
    return {
        str(a["field"]): Answer(a["value"], a.get("language"))  # type: ignore[arg-type]
        for a in stored
    }


def submit_form(
    conn: Connection, payload: SubmitForm, device_id: str, now: datetime, clock: OfficeClock
) -> str | None:
    """Store the form; the refusal reason, or None when stored (or already stored)."""
    form = definitions().get(payload.form_id)
    if form is None:
        return "unknown_form"
    case_number = None
    if payload.lookup_key is not None:
        case_number = resolve_case(conn, payload.lookup_key)
        if case_number is None:
            return "unknown_lookup_key"
    elif form.case == "required":
        return "case_required"
    stored = [a.model_dump(exclude_none=True) for a in payload.answers]
    if len({a.field for a in payload.answers}) != len(payload.answers):
        return "invalid_answers"
    if payload.form_version == form.version:
        errors = validate(form, answers_of(stored), clock.today(payload.submitted_at))
        if errors:
            return "invalid_answers"
    known = select(form_submissions.c.receipt).where(form_submissions.c.receipt == payload.receipt)
    if conn.execute(known).first() is not None:
        return None  # the same receipt again: the first submission stands
    try:
        with conn.begin_nested():
            conn.execute(
                insert(form_submissions).values(
                    receipt=payload.receipt,
                    form_id=payload.form_id,
                    form_version=payload.form_version,
                    case_number=case_number,
                    language=payload.language,
                    answers=stored,
                    submitted_at=as_utc(payload.submitted_at),
                    received_at=now,
                    device_id=device_id,
                    status="new",
                )
            )
    except IntegrityError:
        pass  # stored meanwhile by another push: the first one stands
    return None


def _summary(row: object) -> FormSummary:
    form = definitions().get(row.form_id)  # type: ignore[attr-defined]
    return FormSummary(
        receipt=row.receipt,  # type: ignore[attr-defined]
        form_id=row.form_id,  # type: ignore[attr-defined]
        title=form.title if form else row.form_id,  # type: ignore[attr-defined]
        case_number=row.case_number,  # type: ignore[attr-defined]
        language=row.language,  # type: ignore[attr-defined]
        submitted_at=as_utc(row.submitted_at),  # type: ignore[attr-defined]
        received_at=as_utc(row.received_at),  # type: ignore[attr-defined]
        status=row.status,  # type: ignore[attr-defined]
        foreign_text=_foreign_text(form, list(row.answers)),  # type: ignore[attr-defined]
        status_changed_by=row.status_changed_by,  # type: ignore[attr-defined]
        status_changed_at=(
            as_utc(row.status_changed_at)  # type: ignore[attr-defined]
            if row.status_changed_at is not None  # type: ignore[attr-defined]
            else None
        ),
    )


def _foreign_text(form: FormDef | None, stored: list[dict[str, object]]) -> bool:
    """Free text typed in another language than German (as ``render_german`` flags it)."""
    for answer in stored:
        field_def = form.field(str(answer["field"])) if form is not None else None
        free = field_def.free_text if field_def is not None else "language" in answer
        if free and (answer.get("language") or "und") != "de":
            return True
    return False


def inbox_rows(
    conn: Connection, *, form_id: str | None = None, status: FormStatus | None = None
) -> list[FormSummary]:
    """The newest forms received, newest first; only one form's, or one state's, if given."""
    query = select(form_submissions)
    if form_id is not None:
        query = query.where(form_submissions.c.form_id == form_id)
    if status is not None:
        query = query.where(form_submissions.c.status == status)
    rows = conn.execute(
        query.order_by(form_submissions.c.received_at.desc(), form_submissions.c.receipt).limit(
            MAX_INBOX
        )
    )
    return [_summary(row) for row in rows]


def inbox(
    conn: Connection,
    now: datetime,
    *,
    form_id: str | None = None,
    status: FormStatus | None = None,
) -> FormInbox:
    return FormInbox(server_time=now, forms=inbox_rows(conn, form_id=form_id, status=status))


def set_status(
    conn: Connection, receipt: str, status: FormStatus, username: str, now: datetime
) -> FormSummary | None:
    """Set a form's processing state (new / in progress / done), noting who and when; None for
    an unknown receipt. Setting the state it already has still notes who looked last."""
    changed = conn.execute(
        update(form_submissions)
        .where(form_submissions.c.receipt == receipt)
        .values(status=status, status_changed_by=username, status_changed_at=now)
    )
    if changed.rowcount == 0:
        return None
    row = conn.execute(select(form_submissions).where(form_submissions.c.receipt == receipt)).one()
    return _summary(row)


def rendition(conn: Connection, receipt: str) -> FormRendition | None:
    row = conn.execute(
        select(form_submissions).where(form_submissions.c.receipt == receipt)
    ).first()
    if row is None:
        return None
    form = definitions().get(row.form_id)
    sections: list[GermanSection] = []
    note = None
    if form is not None:
        if form.version != row.form_version:
            note = f"Ausgefüllt mit Formularversion {row.form_version} (aktuell {form.version})"
        for section in render_german(form, answers_of(list(row.answers))):
            answers = [
                GermanAnswer(
                    field=a.field,
                    label=a.label,
                    text=a.text,
                    free_text=a.free_text,
                    language=a.language,
                    note=a.note,
                )
                for a in section.answers
            ]
            sections.append(GermanSection(title=section.title, answers=answers))
    return FormRendition(
        summary=_summary(row),
        form_version=row.form_version,
        language_name=language_name_de(row.language),
        device_id=row.device_id,
        version_note=note,
        sections=sections,
    )


RETENTION_DAYS = retention.RETENTION_DAYS  # docs/privacy.md "Forms"


def purge(conn: Connection, received_before: datetime, actor: Actor) -> int:
    """Delete the forms the gateway received before ``received_before`` (any state): answers,
    free text and all. The German PDF in the case file is the office's record from then on.
    Each deletion is audited in the same transaction (``purge_form``: the case, the form and
    its receipt, never an answer). Returns how many were deleted."""
    old = form_submissions.c.received_at < received_before
    doomed = conn.execute(
        select(
            form_submissions.c.receipt, form_submissions.c.form_id, form_submissions.c.case_number
        )
        .where(old)
        .order_by(form_submissions.c.received_at, form_submissions.c.receipt)
    ).all()
    if not doomed:
        return 0
    conn.execute(form_submissions.delete().where(old))
    cutoff = f"{received_before:%Y-%m-%d %H:%M} UTC"
    for receipt, form_id, case_number in doomed:
        detail = f"{form_id} {receipt}, eingegangen vor {cutoff}"
        record(conn, actor, "purge_form", "allowed", case_number=case_number, detail=detail)
    return len(doomed)


def case_requests(conn: Connection, lookup_key: str) -> list[CaseRequest]:
    """The newest requests of the case ``lookup_key`` names (now or in an earlier epoch), for
    the resident at the kiosk: the form, when it was received and its state; none for an
    unknown key."""
    number = resolve_case(conn, lookup_key)
    if number is None:
        return []
    rows = conn.execute(
        select(
            form_submissions.c.form_id,
            form_submissions.c.submitted_at,
            form_submissions.c.status,
        )
        .where(form_submissions.c.case_number == number)
        .order_by(form_submissions.c.submitted_at.desc())
        .limit(MAX_CASE_REQUESTS)
    ).all()
    return [
        CaseRequest(form_id=row.form_id, submitted_at=as_utc(row.submitted_at), status=row.status)
        for row in rows
    ]
