"""The knowledge base on the staff API (``/staff/v1/snippets``, ``sync.snippet_protocol``):
counters and supervisors read snippets; supervisors edit a language's text and approve, each
write audited in its own transaction (``sync.gateway.snippets``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from kiosk_app.core.snippets import SnippetText
from sync.snippet_protocol import (
    SnippetApproval,
    SnippetLanguage,
    SnippetOut,
    SnippetTextIn,
    SnippetVersionOut,
)

from ..database import read_transaction, write_transaction
from ..errors import INVALID, TOO_LARGE, ApiError, error_responses
from ..routes_device import json_body, read_body
from ..snippets import SnippetError, StoredSnippet, approve, edit_text, load, load_one, versions
from .access import StaffCaller, staff_of_request

router = APIRouter(prefix="/staff/v1", tags=["staff"])
StaffAuth = Annotated[StaffCaller, Depends(staff_of_request)]


# The role is checked as a dependency, before the path's parameters and the body.
def _reader(caller: StaffAuth) -> StaffCaller:
    caller.require("read_snippets", "read_snippets")
    return caller


def _editor(caller: StaffAuth) -> StaffCaller:
    caller.require("edit_snippets", "edit_snippet")
    return caller


def _approver(caller: StaffAuth) -> StaffCaller:
    caller.require("edit_snippets", "approve_snippet")
    return caller


Reader = Annotated[StaffCaller, Depends(_reader)]
Editor = Annotated[StaffCaller, Depends(_editor)]
Approver = Annotated[StaffCaller, Depends(_approver)]
SnippetIdPath = Annotated[str, Path(pattern=r"^[a-z][a-z0-9_]{1,63}$")]
LanguagePath = Annotated[str, Path(pattern=r"^[a-z]{2,3}(_[A-Za-z]{2,8})?$")]

STAFF_AUTH = {
    401: "`unauthorized` or `device_revoked` (device token), or `session_expired`",
    403: "`not_a_counter`, or `forbidden`: only supervisors edit and approve (audited)",
}
UNKNOWN = {404: "`unknown_snippet`"}
CONTENT = {
    422: "`unknown_language`, `invalid_content` (the detail names the rule), or `invalid_request`"
}
_STATUS = {"unknown_snippet": 404, "unknown_language": 422, "invalid_content": 422}


def _error(problem: SnippetError) -> ApiError:
    return ApiError(_STATUS.get(problem.code, 422), problem.code, problem.detail)


def snippet_out(stored: StoredSnippet) -> SnippetOut:
    languages = []
    for language, current in stored.current.items():
        approval = current.approval
        state: Literal["approved", "unapproved", "out_of_date"] = (
            "out_of_date"
            if stored.out_of_date(language)
            else "approved"
            if approval is not None
            else "unapproved"
        )
        languages.append(
            SnippetLanguage(
                language=language,
                version=current.version,
                german_version=current.german_version,
                question=current.text.question,
                phrasings=list(current.text.phrasings),
                answer=current.text.answer,
                state=state,
                shown_to_residents=stored.shown(language),
                approved_by=approval.approved_by if approval else None,
                approved_on=approval.approved_on if approval else None,
            )
        )
    snippet = stored.snippet
    return SnippetOut(
        id=snippet.id,
        topic=snippet.topic,
        audience=snippet.audience,
        legal_basis=list(snippet.legal_basis),
        demo=snippet.demo,
        languages=languages,
    )


def _json(model: BaseModel) -> Response:
    return Response(model.model_dump_json(), media_type="application/json")


def _json_list(models: Sequence[BaseModel]) -> Response:
    body = b"[" + b",".join(item.model_dump_json().encode() for item in models) + b"]"
    return Response(body, media_type="application/json")


@router.get(
    "/snippets", response_model=list[SnippetOut], responses=error_responses(STAFF_AUTH, INVALID)
)
def list_snippets(caller: Reader) -> Response:
    """Every snippet with its current text in each language and whether residents see it."""
    with read_transaction(caller.context.engine) as conn:
        found = [snippet_out(stored) for stored in load(conn)]
    return _json_list(found)


@router.get(
    "/snippets/{snippet_id}",
    response_model=SnippetOut,
    responses=error_responses(STAFF_AUTH, UNKNOWN, INVALID),
)
def get_snippet(snippet_id: SnippetIdPath, caller: Reader) -> Response:
    with read_transaction(caller.context.engine) as conn:
        stored = load_one(conn, snippet_id)
    if stored is None:
        raise ApiError(404, "unknown_snippet")
    return _json(snippet_out(stored))


@router.get(
    "/snippets/{snippet_id}/versions",
    response_model=list[SnippetVersionOut],
    responses=error_responses(STAFF_AUTH, UNKNOWN, INVALID),
)
def get_versions(snippet_id: SnippetIdPath, caller: Reader) -> Response:
    """Every stored version of every language, oldest first per language."""
    with read_transaction(caller.context.engine) as conn:
        if load_one(conn, snippet_id) is None:
            raise ApiError(404, "unknown_snippet")
        found = [
            SnippetVersionOut(
                language=item.language,
                version=item.version,
                german_version=item.german_version,
                question=item.text.question,
                phrasings=list(item.text.phrasings),
                answer=item.text.answer,
                created_at=item.created_at,
                created_by=item.created_by,
                approved_by=item.approved_by,
                approved_at=item.approved_at,
            )
            for item in versions(conn, snippet_id)
        ]
    return _json_list(found)


@router.put(
    "/snippets/{snippet_id}/texts/{language}",
    response_model=SnippetOut,
    responses=error_responses(STAFF_AUTH, UNKNOWN, TOO_LARGE, CONTENT),
    openapi_extra=json_body("SnippetTextIn"),
)
async def put_text(
    snippet_id: SnippetIdPath, language: LanguagePath, request: Request, caller: Editor
) -> Response:
    """A new version of one language's text, unapproved (audited). A new German text puts
    every translation out of date: residents see none of them until each is approved again."""
    payload = await read_body(request, SnippetTextIn)
    text = SnippetText(payload.question, tuple(payload.phrasings), payload.answer)
    stored = await run_in_threadpool(_edit, caller, snippet_id, language, text)
    return _json(snippet_out(stored))


def _edit(caller: StaffCaller, snippet_id: str, language: str, text: SnippetText) -> StoredSnippet:
    try:
        with write_transaction(caller.context.engine) as conn:
            edit_text(conn, snippet_id, language, text, caller.actor)
            stored = load_one(conn, snippet_id)
    except SnippetError as problem:
        raise _error(problem) from None
    assert stored is not None
    return stored


@router.post(
    "/snippets/{snippet_id}/approval",
    response_model=SnippetOut,
    responses=error_responses(STAFF_AUTH, UNKNOWN, TOO_LARGE, CONTENT),
    openapi_extra=json_body("SnippetApproval"),
)
async def post_approval(snippet_id: SnippetIdPath, request: Request, caller: Approver) -> Response:
    """Approve the current text of ``languages`` (all that need it when empty) as the signed-in
    supervisor (audited). An out-of-date translation approved as it stands becomes a new version
    approved against the current German."""
    payload = await read_body(request, SnippetApproval)
    stored = await run_in_threadpool(_approve, caller, snippet_id, payload.languages)
    return _json(snippet_out(stored))


def _approve(caller: StaffCaller, snippet_id: str, languages: list[str]) -> StoredSnippet:
    try:
        with write_transaction(caller.context.engine) as conn:
            approve(conn, snippet_id, languages or None, caller.session.username, caller.actor)
            stored = load_one(conn, snippet_id)
    except SnippetError as problem:
        raise _error(problem) from None
    assert stored is not None
    return stored
