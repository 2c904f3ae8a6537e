"""The German words of the report for the codes of ``kiosk_app.core.usage_events``: languages
by their German names (CLDR, through Babel), statuses by their official terms (DOMAIN.md),
outcomes and buckets as the task force reads them. A code without a word is shown as it is."""

from __future__ import annotations

from babel import Locale

from kiosk_app.core.languages import LANGUAGES
from kiosk_app.core.usage_events import LEAD_TIME_BUCKETS, WAIT_BUCKETS

from ..staff_words import STATUS_TERMS

NOT_GIVEN = "ohne Angabe"

LOOKUP_OUTCOMES = {
    "not_found": "nicht gefunden",
    "mistyped": "vertippt (Prüfziffer oder Datum)",
    "paused": "pausiert nach Fehlversuchen",
}
BOOKING_OUTCOMES = {
    "made": "gebucht",
    "moved": "verlegt",
    "cancelled": "abgesagt",
    "missed": "versäumt",
    "checked_in": "erschienen",
}
TICKET_OUTCOMES = {
    "issued": "ausgegeben",
    "quota_exhausted": "Kontingent erschöpft",
    "printer_failed": "Druck fehlgeschlagen",
}
QUESTION_OUTCOMES = {
    "answered": "beantwortet",
    "none_of_these": "keine Antwort passte",
    "no_result": "nichts gefunden",
}
PRINTER_FAULTS = {
    "paper_out": "Papier leer",
    "paper_low": "Papier fast leer",
    "offline": "Drucker nicht erreichbar",
    "error": "sonstiger Fehler",
}
LEAD_TIMES = {
    bucket: f"{bucket.replace('-', '–').replace('+', ' und mehr')} Tage"
    for bucket in LEAD_TIME_BUCKETS
}
WAITS = {
    bucket: f"{bucket.replace('-', '–').replace('+', ' und mehr')} Min." for bucket in WAIT_BUCKETS
}


def language_name(code: str) -> str:
    """``ar`` → ``Arabisch``, ``zh_Hans`` → ``Chinesisch (vereinfacht)``."""
    if not code:
        return NOT_GIVEN
    return str(Locale("de").languages.get(code, code))


LANGUAGE_CODES = tuple(language.code for language in LANGUAGES)


def status_name(code: str) -> str:
    return STATUS_TERMS.get(code, code) if code else NOT_GIVEN
