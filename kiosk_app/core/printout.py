"""The words of a printed checklist in the resident's language with German alongside.

Printouts need two languages at once, so they translate through their own catalogs instead
of the process-wide active one (``i18n._``), and format dates with an explicit Babel locale.
No Qt here: the renderers in ``kiosk_app.qt.printing`` only lay these texts out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .checklist import Checklist
from .i18n import N_, load_catalog, placeholders_match, runtime_text
from .languages import is_right_to_left

if TYPE_CHECKING:
    from babel import Locale

OFFICE_LANGUAGE = "de"  # what the counter staff read

TITLE = N_("Checklist: documents to bring")
TITLE_NOTHING_MISSING = N_("Checklist: no documents missing")
TITLE_APPOINTMENT = N_("Appointment confirmation")
PRINTED_AT = N_("Printed: {datetime}")
CASE_NUMBER = N_("Case number: {number}")
APPLICATION = N_("Application: {permit}")
SERVICE = N_("Appointment type: {service}")
REFERENCE = N_("Reference: {reference}")
DOCUMENTS_HEADING = N_("Documents")
NEXT_STEPS_HEADING = N_("Next steps")
APPOINTMENT_HEADING = N_("Your appointment")
NO_DOCUMENTS = N_("We have all the documents we need from you.")
STAFF_NOTE = N_("For staff: scan the code to open this checklist.")
STAFF_NOTE_APPOINTMENT = N_("For staff: scan the code to open this appointment.")


class Translation:
    """``_()`` for one language, independent of the kiosk's active language."""

    def __init__(self, language: str, locale_dir: Path | None = None) -> None:
        self.language = language
        self._catalog = load_catalog(language, locale_dir)

    def __call__(self, message: str) -> str:
        if not message:
            return ""
        override = runtime_text(message, self.language)  # the synced catalog's wording
        translated = override if override is not None else self._catalog.gettext(message)
        # A translation that lost a placeholder would crash .format(): print the source.
        return translated if placeholders_match(message, translated) else message

    def moment(self, value: datetime) -> str:
        from babel.dates import format_datetime

        return format_datetime(value, format="medium", locale=_babel_locale(self.language))

    def long_date(self, value: date) -> str:
        from babel.dates import format_date

        return format_date(value, format="long", locale=_babel_locale(self.language))

    def appointment(self, value: datetime) -> str:
        """Weekday and date in full, time short: Babel's "full" datetime adds a zone name."""
        from babel.dates import format_date, format_time

        locale = _babel_locale(self.language)
        day = format_date(value, format="full", locale=locale)
        return f"{day}, {format_time(value, format='short', locale=locale)}"


def _babel_locale(language: str) -> Locale:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(language.replace("_Hans", "_Hans_CN"))
    except (ValueError, UnknownLocaleError):
        return Locale("en")


@dataclass(frozen=True)
class Bilingual:
    """One text in the resident's language and in German; ``german`` is empty when both are
    German, so a German resident gets German only."""

    resident: str
    german: str

    def both(self) -> tuple[str, ...]:
        return (self.resident, self.german) if self.german else (self.resident,)


@dataclass(frozen=True)
class PrintedItem:
    name: Bilingual
    explanation: Bilingual


@dataclass(frozen=True)
class PrintoutText:
    """Everything printed, already translated; the layouts decide where it goes."""

    language: str
    right_to_left: bool
    office_name: str
    reference: str
    masked_case_number: str
    title: Bilingual
    printed_at: Bilingual
    facts: tuple[Bilingual, ...]  # case number, application, service
    documents_heading: Bilingual
    items: tuple[PrintedItem, ...]
    nothing_missing: Bilingual  # shown instead of the list when it is empty
    next_steps_heading: Bilingual
    next_steps: tuple[Bilingual, ...]
    appointment_heading: Bilingual
    appointment: Bilingual | None
    reference_line: Bilingual
    staff_note: Bilingual

    @property
    def bilingual(self) -> bool:
        return self.language != OFFICE_LANGUAGE


def compose_printout(
    checklist: Checklist,
    language: str,
    office_name: str,
    printed_at: datetime,
    locale_dir: Path | None = None,
    *,
    confirmation: bool = False,
) -> PrintoutText:
    """Translate ``checklist`` into ``language`` and German for printing at ``printed_at``.
    ``confirmation``: the paper a resident takes after booking (titled as such)."""
    resident = Translation(language, locale_dir)
    german = Translation(OFFICE_LANGUAGE, locale_dir) if language != OFFICE_LANGUAGE else None

    def pair(message: str, **values: str) -> Bilingual:
        own = resident(message).format(**values)
        return Bilingual(own, german(message).format(**values) if german else "")

    def dated(message: str, when: datetime, style: str) -> Bilingual:
        def one(tr: Translation) -> str:
            text = tr.moment(when) if style == "medium" else tr.appointment(when)
            return tr(message).format(datetime=text) if message else text

        return Bilingual(one(resident), one(german) if german else "")

    facts = []
    if checklist.masked_case_number:
        number = checklist.masked_case_number
        facts.append(
            Bilingual(
                # Embedded left-to-right, or bidi would scatter its dashes and dots in Arabic.
                resident(CASE_NUMBER).format(
                    number=f"\u202a{number}\u202c" if is_right_to_left(language) else number
                ),
                german(CASE_NUMBER).format(number=number) if german else "",
            )
        )
    if checklist.permit_type:
        facts.append(
            Bilingual(
                resident(APPLICATION).format(permit=resident(checklist.permit_type)),
                german(APPLICATION).format(permit=german(checklist.permit_type)) if german else "",
            )
        )
    if checklist.service:
        facts.append(
            Bilingual(
                resident(SERVICE).format(service=resident(checklist.service)),
                german(SERVICE).format(service=german(checklist.service)) if german else "",
            )
        )
    items = tuple(PrintedItem(pair(item.name), pair(item.explanation)) for item in checklist.items)
    return PrintoutText(
        language=language,
        right_to_left=is_right_to_left(language),
        office_name=office_name,
        reference=checklist.reference,
        masked_case_number=checklist.masked_case_number,
        title=pair(
            TITLE_APPOINTMENT if confirmation else TITLE if items else TITLE_NOTHING_MISSING
        ),
        printed_at=dated(PRINTED_AT, printed_at, "medium"),
        facts=tuple(facts),
        documents_heading=pair(DOCUMENTS_HEADING),
        items=items,
        nothing_missing=pair(NO_DOCUMENTS),
        next_steps_heading=pair(NEXT_STEPS_HEADING),
        next_steps=tuple(pair(step) for step in checklist.next_steps),
        appointment_heading=pair(APPOINTMENT_HEADING),
        appointment=(
            dated("", checklist.appointment, "full") if checklist.appointment is not None else None
        ),
        reference_line=pair(REFERENCE, reference=checklist.reference),
        staff_note=pair(STAFF_NOTE_APPOINTMENT if confirmation else STAFF_NOTE),
    )
