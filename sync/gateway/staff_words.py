"""What the staff commands print, in German (§ 23 VwVfG: the office's language) and with the
catalog's names, never the internal codes: service and document names as the gateway's catalog
has them, case statuses by their official German terms (DOMAIN.md)."""

from __future__ import annotations

import gettext
from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import Connection, select

from kiosk_app.core.i18n import load_catalog

from .tables import documents, services

STATUS_TERMS = {
    "received": "Antrag eingegangen",
    "documents_missing": "Unterlagen unvollständig",
    "in_review": "in Bearbeitung",
    "awaiting_other_authority": "Beteiligung anderer Behörden",
    "appointment_required": "Vorsprache erforderlich",
    "card_in_production": "eAT in Produktion",
    "ready_for_pickup": "abholbereit",
    "decision_sent": "Bescheid versandt",
    "completed": "abgeschlossen",
}

SOURCES = {
    "online": "am Kiosk, sofort bestätigt",
    "offline": "am Kiosk ohne Verbindung (reserviert)",
}

_WEEKDAYS = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")


class CatalogNames:
    """German names of services and documents: the catalog's German name, else its English
    name as the kiosk's German gettext catalog translates it, else the code itself (so nothing
    is hidden)."""

    def __init__(self, conn: Connection) -> None:
        german = load_catalog("de")
        self._services = _german_names(
            conn.execute(select(services.c.code, services.c.names)), german
        )
        self._documents = _german_names(
            conn.execute(select(documents.c.code, documents.c.names)), german
        )

    def service(self, code: str) -> str:
        return self._services.get(code, code)

    def document(self, code: str) -> str:
        return self._documents.get(code, code)

    def documents(self, codes: Iterable[str]) -> str:
        return ", ".join(self.document(code) for code in codes) or "–"


def _german_names(
    rows: Iterable[tuple[str, object]], german: gettext.NullTranslations
) -> dict[str, str]:
    found: dict[str, str] = {}
    for code, names in rows:
        if not isinstance(names, dict):
            continue
        if isinstance(names.get("de"), str):
            found[code] = names["de"]
        elif isinstance(names.get("en"), str):
            found[code] = german.gettext(names["en"])
    return found


def status_term(code: str) -> str:
    return STATUS_TERMS.get(code, code)


def source_term(code: str) -> str:
    return SOURCES.get(code, code)


def german_day(day: date) -> str:
    """``Do 10.12.2026``"""
    return f"{_WEEKDAYS[day.weekday()]} {day:%d.%m.%Y}"


def german_time(moment: datetime) -> str:
    return f"{moment:%d.%m.%Y %H:%M}"
