"""The office's document catalog and appointment services (with working hours): data, not code.

Seeded on first start from ``kiosk_app.core.catalog`` and DOMAIN.md's services.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from typing import Any

from sqlalchemy import Connection, Table, delete, insert, select, update

from kiosk_app.core.catalog import DOCUMENTS, SERVICES
from sync.protocol import (
    MAX_CATALOG_DOCUMENTS,
    MAX_CATALOG_LANGUAGES,
    MAX_CATALOG_SERVICES,
    MAX_CATALOG_TEXT,
    MAX_CLOSED_DAYS,
    CatalogDocument,
    CatalogService,
    CatalogSnapshot,
)

from .admin_models import DocumentIn, DocumentOut, ServiceIn, ServiceOut
from .tables import closure_days, documents, services

_WEEKDAY_HOURS = [("08:00", "12:00"), ("13:00", "15:30")]
# Durations; the names are the kiosk's (``SERVICES``), so a kiosk that takes the gateway's
# catalog keeps its translations of them.
DEFAULT_SERVICE_MINUTES: dict[str, int] = {
    "card_pickup": 15,
    "hand_in_documents": 10,
    "biometrics": 20,
    "fiktion_certificate": 15,
    "application": 30,
    "consultation": 20,
    "formal_obligation": 20,
}


def seed_catalog(conn: Connection) -> None:
    """Fill an empty catalog with the demo seed; a catalog the office edited is left alone."""
    if conn.execute(select(documents.c.code).limit(1)).first() is None:
        conn.execute(
            insert(documents),
            [
                {"code": code, "names": {"en": name}, "explanations": {}}
                for code, name in DOCUMENTS.items()
            ],
        )
    if conn.execute(select(services.c.code).limit(1)).first() is None:
        hours = {day: _WEEKDAY_HOURS for day in ("mon", "tue", "wed", "thu", "fri")}
        conn.execute(
            insert(services),
            [
                {
                    "code": code,
                    "names": {"en": SERVICES[code]},
                    "duration_minutes": minutes,
                    "working_hours": hours,
                }
                for code, minutes in DEFAULT_SERVICE_MINUTES.items()
            ],
        )


def document_codes(conn: Connection) -> set[str]:
    return set(conn.execute(select(documents.c.code)).scalars())


def list_documents(conn: Connection) -> list[DocumentOut]:
    rows = conn.execute(select(documents).order_by(documents.c.code)).all()
    return [DocumentOut.model_validate(dict(row._mapping)) for row in rows]


def list_services(conn: Connection) -> list[ServiceOut]:
    rows = conn.execute(select(services).order_by(services.c.code)).all()
    return [ServiceOut.model_validate(dict(row._mapping)) for row in rows]


def put_document(conn: Connection, code: str, body: DocumentIn) -> bool:
    """Create or replace; True when it was created."""
    return _put(conn, documents, code, body.model_dump())


def put_service(conn: Connection, code: str, body: ServiceIn) -> bool:
    values = body.model_dump()
    values["working_hours"] = {
        day: [list(span) for span in spans] for day, spans in body.working_hours.items()
    }
    return _put(conn, services, code, values)


_LANGUAGE = re.compile(r"^[a-z]{2,3}(_[A-Za-z]{2,8})?$")


def catalog_snapshot(conn: Connection, today: date) -> CatalogSnapshot:
    """What kiosks receive at ``GET /v1/catalog``: every document and service with its texts,
    and the office's closure days from ``today`` (office-local) on.

    Texts the wire type cannot carry (a language tag like ``de-DE``, an empty or overlong text)
    are left out or cut rather than failing the request; an entry left without a name is left
    out. ``version`` is the SHA-256 of the content, so it changes exactly when the content does.
    """
    docs = [
        {
            "code": row.code,
            "names": _texts(row.names),
            "explanations": _texts(row.explanations),
        }
        for row in conn.execute(select(documents).order_by(documents.c.code))
    ]
    servs = [
        {"code": row.code, "names": _texts(row.names)}
        for row in conn.execute(select(services).order_by(services.c.code))
    ]
    content: dict[str, Any] = {
        "documents": [doc for doc in docs if doc["names"]][:MAX_CATALOG_DOCUMENTS],
        "services": [srv for srv in servs if srv["names"]][:MAX_CATALOG_SERVICES],
    }
    closed = list(
        conn.execute(
            select(closure_days.c.day)
            .where(closure_days.c.day >= today)
            .order_by(closure_days.c.day)
            .limit(MAX_CLOSED_DAYS)
        ).scalars()
    )
    if closed:  # hashed only when there are some: the version of a catalog without stays
        content["closed_days"] = [day.isoformat() for day in closed]
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return CatalogSnapshot(
        version=hashlib.sha256(canonical.encode()).hexdigest(),
        documents=[CatalogDocument(**doc) for doc in content["documents"]],
        services=[CatalogService(**srv) for srv in content["services"]],
        closed_days=closed,
    )


def _texts(value: object) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    texts = {
        str(language): text.strip()[:MAX_CATALOG_TEXT]
        for language, text in sorted(value.items())
        if _LANGUAGE.match(str(language)) and isinstance(text, str) and text.strip()
    }
    return dict(list(texts.items())[:MAX_CATALOG_LANGUAGES])


def delete_entry(conn: Connection, table: Table, code: str) -> bool:
    return conn.execute(delete(table).where(table.c.code == code)).rowcount == 1


def _put(conn: Connection, table: Table, code: str, values: dict[str, Any]) -> bool:
    if conn.execute(update(table).where(table.c.code == code).values(**values)).rowcount == 1:
        return False
    conn.execute(insert(table).values(code=code, **values))
    return True
