"""The report's contents for a period: the summary and the sections, each with its tables."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection

from ..staff_words import CatalogNames
from . import figures
from .model import FigureTable, Section
from .period import Period
from .summary import key_figures_table

NOT_YET = "Noch keine Daten — die {feature} ist noch nicht in Betrieb."


@dataclass(frozen=True)
class ReportContents:
    period: Period
    previous: Period
    key_figures: FigureTable
    sections: tuple[Section, ...]
    synthetic_devices: tuple[str, ...]  # ids of demo devices whose figures are in the report
    has_data: bool


def collect(conn: Connection, period: Period, office_state: str) -> ReportContents:
    """Everything the report shows for ``period`` (and its previous period)."""
    office_days = figures.office_days_of(conn, office_state)
    previous = period.previous()
    now = figures.period_figures(conn, period, office_days)
    before = figures.period_figures(conn, previous, office_days)
    seen = figures.devices_of(conn, {device for device, _kind, _outcome in now.by_device})
    seen_before = figures.devices_of(conn, {d for d, _k, _o in before.by_device})
    kiosks = [device for device in seen if device.kiosk]
    names = CatalogNames(conn)

    def not_yet(kinds: tuple[str, ...], feature: str) -> str:
        if figures.any_figures_of(conn, kinds):
            return "Keine Daten im Zeitraum."
        return NOT_YET.format(feature=feature)

    sections = (
        Section(
            "Nachfrage nach Sprache",
            "In welcher Sprache die Kioske benutzt wurden: Statusabfragen, gebuchte Termine, "
            "gedruckte Checklisten, eingereichte Formulare und beantwortete Fragen.",
            [figures.languages_table(now)],
            ("languages",),
        ),
        Section(
            "Statusabfragen nach Ergebnis und Status",
            "Ob eine Abfrage einen Vorgang fand und in welchem Status er war; vertippt: die "
            "Prüfziffer oder das Datum passte nicht, bevor gesucht wurde; pausiert: nach "
            "wiederholten Fehlversuchen vorübergehend gesperrt.",
            [figures.lookups_table(now)],
            ("lookups",),
        ),
        Section(
            "Termine und Vorlaufzeit",
            "Am Kiosk gebuchte, verlegte und abgesagte Termine, am Schalter festgestellte "
            "Nichterscheinen und Check-ins, und wie viele Tage zwischen Buchung und Termin lagen.",
            [figures.bookings_table(now, names), figures.lead_time_table(now)],
            ("lead_time",),
        ),
        Section(
            "Wartemarken und Wartezeiten",
            "Ausgegebene Wartemarken, die Wartezeit bis zum Aufruf und zu welcher Uhrzeit das "
            "Tageskontingent erschöpft war.",
            figures.walk_in_tables(now),
            ("waits",),
            not_yet(("walk_in_ticket", "walk_in_wait"), "Wartemarken-Funktion"),
        ),
        Section(
            "Formulare nach Art",
            "Am Kiosk ausgefüllte und an die Behörde übermittelte Formulare.",
            [figures.forms_table(now)],
            ("forms",),
            not_yet(("form_submitted",), "Formular-Funktion"),
        ),
        Section(
            "Fragen nach Thema",
            "Fragen, die Bewohnerinnen und Bewohner am Kiosk nachgeschlagen haben, nach Thema.",
            [figures.questions_table(now)],
            ("questions",),
            not_yet(("question_answered",), "Wissensdatenbank"),
        ),
        Section(
            "Verfügbarkeit der Kioske",
            "Minuten ohne Verbindung zum Gateway während der Öffnungszeiten der Behörde (ohne "
            "Feiertage und Schließtage) und Druckerstörungen je Gerät. Schalterarbeitsplätze "
            "erscheinen nur zusammen, nie einzeln.",
            [figures.availability_table(now, kiosks), figures.printer_table(now, seen)],
            ("availability", "printer"),
        ),
    )
    synthetic = tuple(sorted(d.device_id for d in [*seen, *seen_before] if d.synthetic))
    return ReportContents(
        period,
        previous,
        key_figures_table(
            now,
            before,
            [d.device_id for d in kiosks],
            [d.device_id for d in seen_before if d.kiosk],
        ),
        sections,
        tuple(dict.fromkeys(synthetic)),
        not now.empty,
    )
