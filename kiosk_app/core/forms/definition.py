"""Form definitions: a TOML file per form (``content/forms/<form_id>.toml``, docs/forms.md).

Every label, help text and code-list entry is German, and is the gettext msgid its translations
hang on (``strings.py`` marks them for extraction). Loading checks the whole definition: unknown
keys, field types, constraints that fit the type, code lists that exist, and conditions that
name an earlier field and an answer that field can have.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

FORMS_DIR = Path(__file__).resolve().parents[3] / "content" / "forms"
FieldType = Literal["text", "latin_text", "date", "number", "yes_no", "choice", "multi_choice"]
FIELD_TYPES: tuple[str, ...] = (
    "text",
    "latin_text",
    "date",
    "number",
    "yes_no",
    "choice",
    "multi_choice",
)
CaseNeed = Literal["required", "optional"]
_ID = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_FORM_KEYS = {"id", "version", "title", "case", "sections", "code_lists"}
_SECTION_KEYS = {"id", "title", "fields"}
_FIELD_KEYS = {
    "id",
    "type",
    "label",
    "help",
    "required",
    "codes",
    "min_length",
    "max_length",
    "min",
    "max",
    "pattern",
    "min_days",
    "max_days",
    "must_be_yes",
    "show_if",
    "why",
}
_TEXT_TYPES = {"text", "latin_text"}
MAX_TEXT = 2000


class FormDefinitionError(ValueError):
    """A definition file is malformed; the message names the file and the spot."""


@dataclass(frozen=True)
class Condition:
    """Shown only when ``field`` was answered with ``equals`` (for a multiple choice: the
    answer contains it)."""

    field: str
    equals: str | bool


@dataclass(frozen=True)
class FieldDef:
    id: str
    type: FieldType
    label: str
    why: str  # for docs/forms.md and reviewers: why the office needs this answer
    help: str = ""
    required: bool = False
    codes: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    min: int | None = None
    max: int | None = None
    pattern: str | None = None
    min_days: int | None = None  # a date: earliest, in days from the day of answering
    max_days: int | None = None
    must_be_yes: bool = False  # a confirmation: only "yes" is an answer
    show_if: Condition | None = None

    @property
    def free_text(self) -> bool:
        """Typed in any language: kept with its language tag, flagged for staff."""
        return self.type == "text"


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    fields: tuple[FieldDef, ...]


@dataclass(frozen=True)
class FormDef:
    id: str
    version: int
    title: str
    case: CaseNeed
    sections: tuple[Section, ...]
    code_lists: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def fields(self) -> tuple[FieldDef, ...]:
        return tuple(f for section in self.sections for f in section.fields)

    def field(self, field_id: str) -> FieldDef | None:
        return next((f for f in self.fields if f.id == field_id), None)

    def code_label(self, field_def: FieldDef, code: str) -> str | None:
        return self.code_lists.get(field_def.codes or "", {}).get(code)

    def texts(self) -> list[str]:
        """Every German text of the form, in order: the msgids of its translations."""
        out = [self.title]
        for section in self.sections:
            out.append(section.title)
            for f in section.fields:
                out.extend(t for t in (f.label, f.help) if t)
        for codes in self.code_lists.values():
            out.extend(codes.values())
        return out


def load_form(path: Path) -> FormDef:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as problem:
        raise FormDefinitionError(f"{path.name}: {problem}") from None
    return parse_form(data, path.stem)


def load_forms(directory: Path = FORMS_DIR) -> dict[str, FormDef]:
    """Every form in ``directory`` by id (file name order)."""
    forms = [load_form(path) for path in sorted(directory.glob("*.toml"))]
    return {form.id: form for form in forms}


def parse_form(data: dict[str, Any], name: str) -> FormDef:
    where = name

    def fail(message: str) -> FormDefinitionError:
        return FormDefinitionError(f"{where}: {message}")

    _keys(data, _FORM_KEYS, fail, "form")
    form_id = _text(data, "id", fail)
    if not _ID.match(form_id) or form_id != name:
        raise fail(f"id {form_id!r} must be the file name and a lower-case code")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise fail("version must be a positive integer")
    case = data.get("case", "required")
    if case not in ("required", "optional"):
        raise fail("case must be 'required' or 'optional'")
    code_lists = _code_lists(data.get("code_lists", {}), fail)
    seen: dict[str, FieldDef] = {}
    sections: list[Section] = []
    section_ids: set[str] = set()
    for raw in data.get("sections", []):
        _keys(raw, _SECTION_KEYS, fail, "section")
        section_id = _text(raw, "id", fail)
        if not _ID.match(section_id) or section_id in section_ids:
            raise fail(f"section id {section_id!r} is not a new lower-case code")
        section_ids.add(section_id)
        fields = []
        for raw_field in raw.get("fields", []):
            where = f"{name}: {section_id}.{raw_field.get('id', '?')}"
            parsed = _field(raw_field, code_lists, seen, fail)
            seen[parsed.id] = parsed
            fields.append(parsed)
        where = name
        if not fields:
            raise fail(f"section {section_id} has no fields")
        sections.append(Section(section_id, _text(raw, "title", fail), tuple(fields)))
    if not sections:
        raise fail("a form needs at least one section")
    unused = set(code_lists) - {f.codes for f in seen.values()}
    if unused:
        raise fail(f"code lists not used by any field: {sorted(unused)}")
    return FormDef(
        form_id,
        version,
        _text(data, "title", fail),
        cast(CaseNeed, case),
        tuple(sections),
        code_lists,
    )


def _keys(raw: object, allowed: set[str], fail: Any, what: str) -> None:
    if not isinstance(raw, dict):
        raise fail(f"a {what} must be a table")
    unknown = set(raw) - allowed
    if unknown:
        raise fail(f"unknown {what} keys {sorted(unknown)}")


def _text(raw: dict[str, Any], key: str, fail: Any) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise fail(f"{key} must be a non-empty text")
    return value


def _int(raw: dict[str, Any], key: str, fail: Any) -> int | None:
    value = raw.get(key)
    if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
        raise fail(f"{key} must be an integer")
    return value


def _code_lists(raw: object, fail: Any) -> dict[str, dict[str, str]]:
    if not isinstance(raw, dict):
        raise fail("code_lists must be a table")
    lists: dict[str, dict[str, str]] = {}
    for list_id, entries in raw.items():
        if not isinstance(entries, dict) or not entries:
            raise fail(f"code list {list_id} must be a non-empty table")
        for code, label in entries.items():
            if not _ID.match(code) or not isinstance(label, str) or not label.strip():
                raise fail(f"code list {list_id}: bad entry {code!r}")
        lists[list_id] = dict(entries)
    return lists


def _field(
    raw: dict[str, Any], code_lists: dict[str, dict[str, str]], seen: dict[str, FieldDef], fail: Any
) -> FieldDef:
    _keys(raw, _FIELD_KEYS, fail, "field")
    field_id = _text(raw, "id", fail)
    if not _ID.match(field_id) or field_id in seen:
        raise fail("field id must be a new lower-case code")
    kind = raw.get("type")
    if kind not in FIELD_TYPES:
        raise fail(f"type must be one of {FIELD_TYPES}")
    codes = raw.get("codes")
    if (kind in ("choice", "multi_choice")) != (codes is not None):
        raise fail("codes belongs to choice and multi_choice fields, and only to them")
    if codes is not None and codes not in code_lists:
        raise fail(f"unknown code list {codes!r}")
    numbers = {key: _int(raw, key, fail) for key in _INT_KEYS}
    for keys, types in _CONSTRAINT_TYPES.items():
        if any(raw.get(key) is not None for key in keys) and kind not in types:
            raise fail(f"{'/'.join(keys)} does not fit a {kind} field")
    pattern = raw.get("pattern")
    if pattern is not None:
        try:
            re.compile(pattern)
        except (re.error, TypeError):
            raise fail("pattern is not a regular expression") from None
    if kind in _TEXT_TYPES and (numbers["max_length"] or 0) < 1:
        raise fail("a text field needs a max_length")
    if (numbers["max_length"] or 0) > MAX_TEXT:
        raise fail(f"max_length above {MAX_TEXT}")
    must_be_yes = raw.get("must_be_yes", False) is True
    if must_be_yes and kind != "yes_no":
        raise fail("must_be_yes belongs to a yes_no field")
    return FieldDef(
        id=field_id,
        type=kind,
        label=_text(raw, "label", fail),
        why=_text(raw, "why", fail),
        help=raw.get("help", ""),
        required=raw.get("required", False) is True,
        codes=codes,
        pattern=pattern,
        must_be_yes=must_be_yes,
        show_if=_condition(raw.get("show_if"), code_lists, seen, fail),
        **numbers,
    )


_INT_KEYS = ("min_length", "max_length", "min", "max", "min_days", "max_days")
_CONSTRAINT_TYPES: dict[tuple[str, ...], set[str]] = {
    ("min_length", "max_length", "pattern"): _TEXT_TYPES,
    ("min", "max"): {"number"},
    ("min_days", "max_days"): {"date"},
}


def _condition(
    raw: object, code_lists: dict[str, dict[str, str]], seen: dict[str, FieldDef], fail: Any
) -> Condition | None:
    if raw is None:
        return None
    _keys(raw, {"field", "equals"}, fail, "show_if")
    assert isinstance(raw, dict)
    target = seen.get(raw.get("field", ""))
    if target is None:
        raise fail("show_if must name an earlier field of the form")
    equals = raw.get("equals")
    if target.type == "yes_no":
        if not isinstance(equals, bool):
            raise fail("show_if on a yes/no field needs equals = true or false")
    elif target.type in ("choice", "multi_choice"):
        if equals not in code_lists[target.codes or ""]:
            raise fail(f"show_if equals {equals!r} is not a code of {target.id}")
    else:
        raise fail("show_if may only depend on a yes/no or choice field")
    return Condition(target.id, cast(str | bool, equals))
