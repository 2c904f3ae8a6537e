"""The knowledge base in the gateway (issue 16): import snippets from their files, keep every
version of every language, approve, edit, export. The approval rule itself is
``kiosk_app.core.snippets``: this module stores what it needs (each language's current version,
the German version it answers to, the approval of that version).

- Import: a changed text becomes a new version. Changed German gets a new German version, so
  every translation not changed with it is out of date; a translation changed in the same import
  is taken to follow the new German (but is unapproved, like every new version).
- Approve: records who approved a language's current version and when. An out-of-date
  translation approved as it stands is re-confirmed against the current German: a new version
  with the same text, approved (the older one stays as it was).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, and_, func, insert, select, update

from kiosk_app.core.office import OFFICE_TIMEZONE
from kiosk_app.core.snippet_check import snippet_problems
from kiosk_app.core.snippet_files import ExportedState
from kiosk_app.core.snippets import (
    GERMAN,
    SNIPPET_LANGUAGES,
    Approval,
    LanguageState,
    Snippet,
    SnippetText,
    is_shown,
    out_of_date,
)

from .database import as_utc
from .staff.audit import Actor, record
from .tables import snippet_meta_versions, snippet_versions, snippets

_OFFICE_ZONE = ZoneInfo(OFFICE_TIMEZONE)


class SnippetError(ValueError):
    """A refused change: ``code`` is the API's error code."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class StoredVersion:
    snippet_id: str
    language: str
    version: int
    german_version: int
    text: SnippetText
    created_at: datetime
    created_by: str | None
    approved_by: str | None
    approved_at: datetime | None

    @property
    def approval(self) -> Approval | None:
        if self.approved_by is None or self.approved_at is None:
            return None
        return Approval(self.version, self.approved_by, approved_on(self.approved_at))

    @property
    def state(self) -> LanguageState:
        return LanguageState(self.version, self.german_version, self.approval)


@dataclass(frozen=True)
class StoredSnippet:
    """A snippet as the gateway holds it: its current version of each language."""

    snippet: Snippet
    current: dict[str, StoredVersion]

    @property
    def states(self) -> dict[str, LanguageState]:
        return {language: stored.state for language, stored in self.current.items()}

    def out_of_date(self, language: str) -> bool:
        states = self.states
        return out_of_date(language, states[language], states.get(GERMAN))

    def shown(self, language: str) -> bool:
        return is_shown(language, self.states)


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)  # snippet ids new to the gateway
    new_versions: list[str] = field(default_factory=list)  # "id/language vN"
    outdated: list[str] = field(default_factory=list)  # "id/language": German changed
    unchanged: int = 0  # language texts that were already current


def approved_on(moment: datetime) -> date:
    """The office-local day of an approval."""
    return as_utc(moment).astimezone(_OFFICE_ZONE).date()


def _version(row: Any) -> StoredVersion:
    return StoredVersion(
        snippet_id=row.snippet_id,
        language=row.language,
        version=row.version,
        german_version=row.german_version,
        text=SnippetText(row.question, tuple(row.phrasings), row.answer),
        created_at=as_utc(row.created_at),
        created_by=row.created_by,
        approved_by=row.approved_by,
        approved_at=as_utc(row.approved_at) if row.approved_at is not None else None,
    )


def versions(conn: Connection, snippet_id: str, language: str | None = None) -> list[StoredVersion]:
    """Every stored version of a snippet (of one language), oldest first per language."""
    query = select(snippet_versions).where(snippet_versions.c.snippet_id == snippet_id)
    if language is not None:
        query = query.where(snippet_versions.c.language == language)
    query = query.order_by(snippet_versions.c.language, snippet_versions.c.version)
    return [_version(row) for row in conn.execute(query)]


def _current_rows(conn: Connection, snippet_ids: Sequence[str] | None) -> list[StoredVersion]:
    latest = select(
        snippet_versions.c.snippet_id,
        snippet_versions.c.language,
        func.max(snippet_versions.c.version).label("version"),
    ).group_by(snippet_versions.c.snippet_id, snippet_versions.c.language)
    if snippet_ids is not None:
        latest = latest.where(snippet_versions.c.snippet_id.in_(snippet_ids))
    newest = latest.subquery()
    query = select(snippet_versions).join(
        newest,
        and_(
            snippet_versions.c.snippet_id == newest.c.snippet_id,
            snippet_versions.c.language == newest.c.language,
            snippet_versions.c.version == newest.c.version,
        ),
    )
    return [_version(row) for row in conn.execute(query)]


def load(conn: Connection, snippet_ids: Sequence[str] | None = None) -> list[StoredSnippet]:
    """The snippets (all, or these ids) with their current texts, by id."""
    query = select(snippets).order_by(snippets.c.snippet_id)
    if snippet_ids is not None:
        query = query.where(snippets.c.snippet_id.in_(snippet_ids))
    metas = list(conn.execute(query))
    current: dict[str, dict[str, StoredVersion]] = {row.snippet_id: {} for row in metas}
    for stored in _current_rows(conn, snippet_ids):
        current.setdefault(stored.snippet_id, {})[stored.language] = stored
    found = []
    for row in metas:
        by_language = dict(sorted(current[row.snippet_id].items(), key=_language_order))
        snippet = Snippet(
            id=row.snippet_id,
            topic=row.topic,
            audience=row.audience,
            legal_basis=tuple(row.legal_basis),
            demo=row.demo,
            texts={language: stored.text for language, stored in by_language.items()},
        )
        found.append(StoredSnippet(snippet, by_language))
    return found


def load_one(conn: Connection, snippet_id: str) -> StoredSnippet | None:
    found = load(conn, [snippet_id])
    return found[0] if found else None


def _language_order(item: tuple[str, Any]) -> int:
    language = item[0]
    return SNIPPET_LANGUAGES.index(language) if language in SNIPPET_LANGUAGES else 99


def _insert_version(
    conn: Connection,
    snippet_id: str,
    language: str,
    version: int,
    german_version: int,
    text: SnippetText,
    now: datetime,
    by: str | None,
    approved: bool = False,
) -> None:
    conn.execute(
        insert(snippet_versions).values(
            snippet_id=snippet_id,
            language=language,
            version=version,
            german_version=german_version,
            question=text.question,
            phrasings=list(text.phrasings),
            answer=text.answer,
            created_at=now,
            created_by=by,
            approved_by=by if approved else None,
            approved_at=now if approved else None,
        )
    )


def _put_meta(conn: Connection, snippet: Snippet, now: datetime) -> bool:
    """Insert or update the language-independent part, keeping each earlier state in
    ``snippet_meta_versions``; True when the snippet is new."""
    values = {
        "topic": snippet.topic,
        "audience": snippet.audience,
        "legal_basis": list(snippet.legal_basis),
        "demo": snippet.demo,
    }
    before = conn.execute(select(snippets).where(snippets.c.snippet_id == snippet.id)).first()
    if before is not None and all(getattr(before, name) == value for name, value in values.items()):
        return False
    if before is None:
        conn.execute(
            insert(snippets).values(snippet_id=snippet.id, created_at=now, updated_at=now, **values)
        )
    else:
        conn.execute(
            update(snippets)
            .where(snippets.c.snippet_id == snippet.id)
            .values(updated_at=now, **values)
        )
    last = conn.execute(
        select(func.max(snippet_meta_versions.c.version)).where(
            snippet_meta_versions.c.snippet_id == snippet.id
        )
    ).scalar_one()
    conn.execute(
        insert(snippet_meta_versions).values(
            snippet_id=snippet.id, version=(last or 0) + 1, created_at=now, **values
        )
    )
    return before is None


def meta_versions(conn: Connection, snippet_id: str) -> list[dict[str, Any]]:
    """Every state the snippet's topic, audience, legal basis and demo mark have had."""
    query = (
        select(snippet_meta_versions)
        .where(snippet_meta_versions.c.snippet_id == snippet_id)
        .order_by(snippet_meta_versions.c.version)
    )
    return [dict(row._mapping) for row in conn.execute(query)]


def import_snippets(conn: Connection, items: Iterable[Snippet], actor: Actor) -> ImportReport:
    """Store each snippet's changed texts as new versions (see the module's rules). Refuses the
    whole import (``SnippetError`` ``invalid_content``) when any snippet fails validation."""
    items = list(items)
    problems = [problem for snippet in items for problem in snippet_problems(snippet)]
    if problems:
        raise SnippetError("invalid_content", "; ".join(problems[:5]))
    report = ImportReport()
    for snippet in items:
        if _put_meta(conn, snippet, actor.at):
            report.created.append(snippet.id)
        stored = load_one(conn, snippet.id)
        current = stored.current if stored else {}
        german = current.get(GERMAN)
        german_version = german.version if german else 1
        german_changed = False
        for language in sorted(snippet.texts, key=lambda code: code != GERMAN):
            text = snippet.texts[language]
            before = current.get(language)
            if before is not None and before.text == text:
                report.unchanged += 1
                if german_changed:
                    report.outdated.append(f"{snippet.id}/{language}")
                continue
            version = before.version + 1 if before else 1
            if language == GERMAN:
                german_version = version
                german_changed = before is not None
            _insert_version(
                conn, snippet.id, language, version, german_version, text, actor.at, None
            )
            report.new_versions.append(f"{snippet.id}/{language} v{version}")
        record(conn, actor, "import_snippet", "allowed", detail=_detail(snippet.id, report))
    return report


def _detail(snippet_id: str, report: ImportReport) -> str:
    changed = [item for item in report.new_versions if item.startswith(f"{snippet_id}/")]
    return f"{snippet_id}: {len(changed)} new versions"


def approve(
    conn: Connection,
    snippet_id: str,
    languages: Sequence[str] | None,
    by: str,
    actor: Actor,
) -> list[str]:
    """Approve the current version of ``languages`` (all that need it when None) as ``by``.
    Returns "language vN" per approval made; an already approved current text is left."""
    stored = load_one(conn, snippet_id)
    if stored is None:
        raise SnippetError("unknown_snippet", snippet_id)
    wanted = list(languages) if languages else list(stored.current)
    unknown = [language for language in wanted if language not in stored.current]
    if unknown:
        raise SnippetError("unknown_language", ", ".join(unknown))
    german = stored.current.get(GERMAN)
    done: list[str] = []
    for language in wanted:
        current = stored.current[language]
        if stored.out_of_date(language):
            assert german is not None
            version = current.version + 1
            _insert_version(
                conn,
                snippet_id,
                language,
                version,
                german.version,
                current.text,
                actor.at,
                by,
                approved=True,
            )
            done.append(f"{language} v{version}")
        elif current.approval is None:
            conn.execute(
                update(snippet_versions)
                .where(
                    snippet_versions.c.snippet_id == snippet_id,
                    snippet_versions.c.language == language,
                    snippet_versions.c.version == current.version,
                )
                .values(approved_by=by, approved_at=actor.at)
            )
            done.append(f"{language} v{current.version}")
    if done:
        detail = f"{snippet_id}: {', '.join(done)} by {by}"
        record(conn, actor, "approve_snippet", "allowed", detail=detail)
    return done


def edit_text(
    conn: Connection, snippet_id: str, language: str, text: SnippetText, actor: Actor
) -> StoredVersion:
    """A supervisor's new text for one language: a new, unapproved version (German: every
    translation goes out of date). The snippet must stay valid."""
    stored = load_one(conn, snippet_id)
    if stored is None:
        raise SnippetError("unknown_snippet", snippet_id)
    if language not in SNIPPET_LANGUAGES:
        raise SnippetError("unknown_language", language)
    texts = dict(stored.snippet.texts)
    texts[language] = text
    candidate = Snippet(
        stored.snippet.id,
        stored.snippet.topic,
        stored.snippet.audience,
        stored.snippet.legal_basis,
        stored.snippet.demo,
        texts,
    )
    problems = [
        problem
        for problem in snippet_problems(candidate, languages=tuple(texts))
        if problem.startswith(f"{snippet_id}/{language}") or language == GERMAN
    ]
    if problems:
        raise SnippetError("invalid_content", "; ".join(problems[:5]))
    before = stored.current.get(language)
    if before is not None and before.text == text:
        return before
    version = before.version + 1 if before else 1
    german = stored.current.get(GERMAN)
    german_version = version if language == GERMAN else (german.version if german else 1)
    _insert_version(
        conn, snippet_id, language, version, german_version, text, actor.at, actor.username
    )
    record(conn, actor, "edit_snippet", "allowed", detail=f"{snippet_id}/{language} v{version}")
    return versions(conn, snippet_id, language)[-1]


def exported_states(stored: StoredSnippet) -> dict[str, ExportedState]:
    """What ``export`` writes beyond the text: only for a language that has a history, an
    approval or is out of date, so a fresh import exports exactly the files it came from."""
    states: dict[str, ExportedState] = {}
    for language, current in stored.current.items():
        stale = stored.out_of_date(language)
        approval = current.approval
        if current.version == 1 and approval is None and not stale:
            continue
        states[language] = ExportedState(
            version=current.version,
            out_of_date=stale,
            approved_by=approval.approved_by if approval else None,
            approved_on=approval.approved_on if approval else None,
        )
    return states
