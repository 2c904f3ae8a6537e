"""The German rendition of a submitted form for staff (§ 23 VwVfG: German is the official
language): every label and chosen code in the definition's German text, exact; free text as
typed, flagged with its language and never machine-translated."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from .definition import FieldDef, FormDef
from .engine import Answer, shown

FOREIGN_TEXT_NOTE = "fremdsprachig, ggf. Übersetzung nötig"
# The kiosk's launch languages (``core.languages``) named in German, for the flag.
LANGUAGE_NAMES_DE: dict[str, str] = {
    "de": "Deutsch",
    "en": "Englisch",
    "ar": "Arabisch",
    "fa": "Persisch",
    "tr": "Türkisch",
    "uk": "Ukrainisch",
    "ru": "Russisch",
    "fr": "Französisch",
    "es": "Spanisch",
    "zh_Hans": "Chinesisch (vereinfacht)",
}


@dataclass(frozen=True)
class RenderedAnswer:
    field: str
    label: str
    text: str  # German, or the free text as typed
    free_text: bool = False
    language: str | None = None  # free text: the language code it was typed in
    note: str | None = None  # FOREIGN_TEXT_NOTE and the language, when not typed in German


@dataclass(frozen=True)
class RenderedSection:
    title: str
    answers: tuple[RenderedAnswer, ...]


def language_name_de(code: str) -> str:
    return LANGUAGE_NAMES_DE.get(code, code)


def render_german(form: FormDef, answers: Mapping[str, Answer]) -> list[RenderedSection]:
    """Answered, shown fields by section, in the form's order (sections without an answer are
    left out)."""
    sections: list[RenderedSection] = []
    for section in form.sections:
        rendered = tuple(
            _answer(form, f, answers[f.id])
            for f in section.fields
            if f.id in answers and shown(form, f, answers)
        )
        if rendered:
            sections.append(RenderedSection(section.title, rendered))
    return sections


def _answer(form: FormDef, f: FieldDef, answer: Answer) -> RenderedAnswer:
    if f.free_text:
        language = answer.language or "und"
        note = None
        if language != "de":
            note = f"{FOREIGN_TEXT_NOTE} (Sprache: {language_name_de(language)})"
        return RenderedAnswer(f.id, f.label, str(answer.value), True, language, note)
    return RenderedAnswer(f.id, f.label, german_value(form, f, answer.value))


def german_value(form: FormDef, f: FieldDef, value: object) -> str:
    if f.type == "yes_no":
        return "Ja" if value is True else "Nein"
    if f.type == "date" and isinstance(value, str):
        try:
            return date.fromisoformat(value).strftime("%d.%m.%Y")
        except ValueError:
            return value  # kept from an older definition version: shown as sent
    if f.type == "choice" and isinstance(value, str):
        return form.code_label(f, value) or value
    if f.type == "multi_choice" and isinstance(value, list | tuple):
        return "; ".join(form.code_label(f, code) or code for code in value)
    return str(value)
