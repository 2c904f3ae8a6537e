"""The words of a printed answer (issue 16): the approved answer verbatim in the resident's
language and in German, each with its version, the legal basis, and when it was printed. No
personal data and no search text. No Qt here: ``kiosk_app.qt.printing.answer_receipt`` lays
it out on the receipt printer, a PDF or an A4 page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .i18n import N_
from .languages import is_right_to_left
from .printout import OFFICE_LANGUAGE, PRINTED_AT, Bilingual, Translation
from .question_source import AnswerPart, ShownAnswer

RECEIPT_TITLE = N_("Answer to your question")
RECEIPT_VERSION = N_("Approved text, version {version}")
RECEIPT_LEGAL_BASIS = N_("Legal basis: {basis}")
RECEIPT_FALLBACK = N_(
    "The translation into your language is being updated: this is the German text with the "
    "English one."
)
RECEIPT_DEMO = N_("Demo content: not checked by an office.")
RECEIPT_NOTE = N_("General information, not a decision on your case.")


@dataclass(frozen=True)
class PrintedAnswer:
    """One language's question and answer as printed."""

    language: str
    right_to_left: bool
    question: str
    body: str
    version: Bilingual  # "version 3" in the resident's language and German


@dataclass(frozen=True)
class AnswerReceiptText:
    """Everything on the printed answer, already translated."""

    language: str
    right_to_left: bool
    office_name: str
    topic_id: str
    title: Bilingual
    answers: tuple[PrintedAnswer, ...]  # the resident's language (or German + English) first
    legal_basis: Bilingual  # empty ``resident`` when the topic has none
    notes: tuple[Bilingual, ...]
    printed_at: Bilingual

    @property
    def file_stem(self) -> str:
        return f"answer-{self.topic_id}"


def compose_answer_receipt(
    shown: ShownAnswer,
    german: ShownAnswer | None,
    *,
    language: str,
    office_name: str,
    printed_at: datetime,
    locale_dir: Path | None = None,
) -> AnswerReceiptText:
    """The receipt for ``shown`` (what the screen shows to a resident of ``language``) with
    the German answer ``german`` added when the screen did not show German already."""
    resident = Translation(language, locale_dir)
    office = Translation(OFFICE_LANGUAGE, locale_dir) if language != OFFICE_LANGUAGE else None

    def pair(message: str, **values: object) -> Bilingual:
        own = resident(message).format(**values)
        return Bilingual(own, office(message).format(**values) if office else "")

    parts: list[AnswerPart] = list(shown.parts)
    if german is not None and all(part.language != OFFICE_LANGUAGE for part in parts):
        parts.extend(part for part in german.parts if part.language == OFFICE_LANGUAGE)
    answers = tuple(
        PrintedAnswer(
            part.language,
            is_right_to_left(part.language),
            part.question,
            part.body,
            pair(RECEIPT_VERSION, version=part.version),
        )
        for part in parts
    )
    basis = "; ".join(shown.legal_basis)
    notes: list[Bilingual] = []
    if shown.fallback:
        notes.append(pair(RECEIPT_FALLBACK))
    if shown.demo:
        notes.append(pair(RECEIPT_DEMO))
    notes.append(pair(RECEIPT_NOTE))
    return AnswerReceiptText(
        language=language,
        right_to_left=is_right_to_left(language),
        office_name=office_name,
        topic_id=shown.topic_id,
        title=pair(RECEIPT_TITLE),
        answers=answers,
        # German citations read left to right inside an Arabic or Persian line too.
        legal_basis=pair(RECEIPT_LEGAL_BASIS, basis=f"\u2066{basis}\u2069")
        if basis
        else Bilingual("", ""),
        notes=tuple(notes),
        printed_at=Bilingual(
            resident(PRINTED_AT).format(datetime=resident.moment(printed_at)),
            office(PRINTED_AT).format(datetime=office.moment(printed_at)) if office else "",
        ),
    )
