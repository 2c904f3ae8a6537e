"""The knowledge base as kiosks receive it (``GET /v1/snippets``, issue 16): snippets for
residents (audience residents or both), each language only while residents may see it
(``core.snippets.is_shown``: approved, and for a translation approved against the current
German text), and a topic only while its German text is shown. Out-of-date translations are
named, so the kiosk says why it shows German and English."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

from sqlalchemy import Connection

from kiosk_app.core.snippets import GERMAN

from ..snippet_protocol import MAX_RESIDENT_TOPICS, ResidentSnippets
from .snippets import load


def resident_snippets(
    conn: Connection, office: Mapping[str, object] | None = None
) -> ResidentSnippets:
    """What kiosks show, with the office's data (``core.office_data`` wire form) the answers
    name; the version covers both, so a kiosk learns of a changed fee as of a changed text."""
    topics = []
    for stored in load(conn):
        snippet = stored.snippet
        if snippet.audience not in ("residents", "both") or not stored.shown(GERMAN):
            continue
        texts = [
            {
                "language": language,
                "version": current.version,
                "question": current.text.question,
                "phrasings": list(current.text.phrasings),
                "answer": current.text.answer,
            }
            for language, current in stored.current.items()
            if stored.shown(language)
        ]
        topics.append(
            {
                "id": snippet.id,
                "topic": snippet.topic,
                "legal_basis": list(snippet.legal_basis),
                "demo": snippet.demo,
                "texts": texts,
                "out_of_date": [
                    language for language in stored.current if stored.out_of_date(language)
                ],
            }
        )
    content = {"topics": topics[:MAX_RESIDENT_TOPICS], "office": dict(office or {})}
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    version = hashlib.sha256(canonical.encode()).hexdigest()
    return ResidentSnippets.model_validate({"version": version, **content}, strict=False)
