"""What a form shows and whether an answer set is complete and valid.

Answers are codes and values, never translated text: a ``choice`` is its code, ``yes_no`` a
bool, ``date`` an ISO day (``2026-03-11``), ``number`` an int, ``multi_choice`` a list of codes,
``text`` and ``latin_text`` the text as typed, ``text`` with the language it was typed in.
Errors are codes per field (``ERROR_CODES``) that a screen shows in the resident's language.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .definition import FieldDef, FormDef

ERROR_CODES: tuple[str, ...] = (
    "required",  # a shown, required field has no answer
    "must_be_yes",  # a confirmation was not given
    "wrong_type",  # the value does not fit the field's type
    "too_short",
    "too_long",
    "bad_pattern",
    "not_latin",  # a name or address field with letters outside the Latin script
    "bad_date",  # not a calendar day (2026-02-30)
    "date_too_early",
    "date_too_late",
    "too_small",
    "too_large",
    "unknown_code",
    "not_shown",  # an answer to a field its condition hides
    "unknown_field",
    "language_missing",  # free text without the language it was typed in
)
# Latin letters (with their accents), digits, spaces and what addresses, names and e-mail
# addresses use.
_LATIN_EXTRA = set(" .,-'/&()#+:;°@_\u00b7")


@dataclass(frozen=True)
class Answer:
    value: str | bool | int | Sequence[str]
    language: str | None = None  # free text only: the language it was typed in


def is_latin(text: str) -> bool:
    for ch in text:
        if ch.isdigit() and ch.isascii():
            continue
        if ch in _LATIN_EXTRA:
            continue
        if ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN "):
            continue
        if unicodedata.category(ch) == "Mn":  # a combining accent typed after its letter
            continue
        return False
    return True


def shown(form: FormDef, field_def: FieldDef, answers: Mapping[str, Answer]) -> bool:
    """Whether the field is asked, given the answers so far (a hidden field hides the ones
    that depend on it)."""
    condition = field_def.show_if
    if condition is None:
        return True
    target = form.field(condition.field)
    if target is None or not shown(form, target, answers):
        return False
    answer = answers.get(condition.field)
    if answer is None:
        return False
    if target.type == "multi_choice":
        return isinstance(answer.value, list | tuple) and condition.equals in answer.value
    return answer.value == condition.equals and type(answer.value) is type(condition.equals)


def visible_fields(form: FormDef, answers: Mapping[str, Answer]) -> list[FieldDef]:
    return [f for f in form.fields if shown(form, f, answers)]


def validate(form: FormDef, answers: Mapping[str, Answer], today: date) -> dict[str, str]:
    """Error code per field id; empty when the answer set can be submitted. ``today`` is the
    office-local day of answering (date ranges count from it)."""
    errors: dict[str, str] = {}
    for field_id in answers:
        if form.field(field_id) is None:
            errors[field_id] = "unknown_field"
    for field_def in form.fields:
        answer = answers.get(field_def.id)
        if not shown(form, field_def, answers):
            if answer is not None:
                errors[field_def.id] = "not_shown"
            continue
        if answer is None or _empty(answer.value):
            if field_def.required or field_def.must_be_yes:
                errors[field_def.id] = "required"
            continue
        problem = check_value(form, field_def, answer, today)
        if problem:
            errors[field_def.id] = problem
    return errors


def _empty(value: object) -> bool:
    return (isinstance(value, str) and not value.strip()) or (
        isinstance(value, list | tuple) and not value
    )


def check_value(form: FormDef, f: FieldDef, answer: Answer, today: date) -> str | None:
    """The error code of one given answer, or None."""
    value = answer.value
    if f.type in ("text", "latin_text"):
        if not isinstance(value, str):
            return "wrong_type"
        return _check_text(f, value, answer.language)
    if f.type == "yes_no":
        if not isinstance(value, bool):
            return "wrong_type"
        return "must_be_yes" if f.must_be_yes and not value else None
    if f.type == "number":
        if not isinstance(value, int) or isinstance(value, bool):
            return "wrong_type"
        if f.min is not None and value < f.min:
            return "too_small"
        return "too_large" if f.max is not None and value > f.max else None
    if f.type == "date":
        return _check_date(f, value, today)
    if f.type == "choice":
        if not isinstance(value, str):
            return "wrong_type"
        return None if form.code_label(f, value) else "unknown_code"
    # multi_choice
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        return "wrong_type"
    if len(set(value)) != len(value) or any(form.code_label(f, v) is None for v in value):
        return "unknown_code"
    return None


def _check_text(f: FieldDef, value: str, language: str | None) -> str | None:
    text = value.strip()
    if f.min_length is not None and len(text) < f.min_length:
        return "too_short"
    if f.max_length is not None and len(text) > f.max_length:
        return "too_long"
    if f.type == "latin_text" and not is_latin(unicodedata.normalize("NFC", text)):
        return "not_latin"
    if f.pattern is not None and re.fullmatch(f.pattern, text) is None:
        return "bad_pattern"
    if f.free_text and not language:
        return "language_missing"
    return None


def _check_date(f: FieldDef, value: object, today: date) -> str | None:
    if not isinstance(value, str):
        return "wrong_type"
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return "bad_date"
    if len(value) != 10:
        return "bad_date"
    if f.min_days is not None and day < today + timedelta(days=f.min_days):
        return "date_too_early"
    if f.max_days is not None and day > today + timedelta(days=f.max_days):
        return "date_too_late"
    return None
