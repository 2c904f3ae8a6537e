"""The words of a receipt of documents ("Eingangsbestätigung") handed out at the counter.

In German, and in the resident's language beside it (the language of the kiosk printout the
clerk scanned; German only when there is none). No Qt: ``kiosk_app.counter_qt.receipt_paper``
lays these texts out on A4.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .i18n import N_
from .languages import is_right_to_left
from .printout import CASE_NUMBER, OFFICE_LANGUAGE, Bilingual, Translation

TITLE = N_("Receipt of documents")
DATE = N_("Date: {date}")
RECEIVED_HEADING = N_("Documents received today")
MISSING_HEADING = N_("Documents still missing")
NONE_RECEIVED = N_("No documents were received today.")
NONE_MISSING = N_("No documents are missing.")
NOTE = N_("Keep this receipt: it confirms which documents the office has received from you.")


@dataclass(frozen=True)
class DocumentsReceipt:
    """Everything printed, already translated; ``german`` of each pair is empty for a German
    resident (one language only)."""

    language: str
    right_to_left: bool
    office_name: str
    case_number: str
    title: Bilingual
    facts: tuple[Bilingual, ...]  # date, case number
    received_heading: Bilingual
    received: tuple[Bilingual, ...]
    none_received: Bilingual
    missing_heading: Bilingual
    missing: tuple[Bilingual, ...]
    none_missing: Bilingual
    note: Bilingual

    @property
    def bilingual(self) -> bool:
        return self.language != OFFICE_LANGUAGE


def compose_documents_receipt(
    *,
    office_name: str,
    day: date,
    case_number: str,
    received: Sequence[str],
    missing: Sequence[str],
    document_name: Callable[[str], str],
    language: str | None,
    locale_dir: Path | None = None,
) -> DocumentsReceipt:
    """Translate the receipt into ``language`` (None: German only) and German.

    ``received`` and ``missing`` are document codes; ``document_name`` gives a code's
    untranslated catalog name (``Catalog.document_name``).
    """
    resident_language = language or OFFICE_LANGUAGE
    resident = Translation(resident_language, locale_dir)
    german = Translation(OFFICE_LANGUAGE, locale_dir) if resident_language != "de" else None

    def pair(message: str, **values: str) -> Bilingual:
        return Bilingual(
            resident(message).format(**values), german(message).format(**values) if german else ""
        )

    rtl = is_right_to_left(resident_language)
    # Embedded left-to-right, or bidi would scatter the number's dashes in Arabic script.
    shown_number = f"\u202a{case_number}\u202c" if rtl else case_number
    facts = (
        Bilingual(
            resident(DATE).format(date=resident.long_date(day)),
            german(DATE).format(date=german.long_date(day)) if german else "",
        ),
        Bilingual(
            resident(CASE_NUMBER).format(number=shown_number),
            german(CASE_NUMBER).format(number=case_number) if german else "",
        ),
    )
    return DocumentsReceipt(
        language=resident_language,
        right_to_left=rtl,
        office_name=office_name,
        case_number=case_number,
        title=pair(TITLE),
        facts=facts,
        received_heading=pair(RECEIVED_HEADING),
        received=tuple(pair(document_name(code)) for code in received),
        none_received=pair(NONE_RECEIVED),
        missing_heading=pair(MISSING_HEADING),
        missing=tuple(pair(document_name(code)) for code in missing),
        none_missing=pair(NONE_MISSING),
        note=pair(NOTE),
    )
