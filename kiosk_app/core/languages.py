"""The kiosk's launch languages (DOMAIN.md "Languages"), each named in its own script."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str  # gettext / CLDR code
    native_name: str  # what a speaker looks for on the welcome screen
    right_to_left: bool = False


LANGUAGES: tuple[Language, ...] = (
    Language("de", "Deutsch"),
    Language("en", "English"),
    Language("ar", "العربية", right_to_left=True),
    Language("fa", "فارسی", right_to_left=True),
    Language("tr", "Türkçe"),
    Language("uk", "Українська"),
    Language("ru", "Русский"),
    Language("fr", "Français"),
    Language("es", "Español"),
    Language("zh_Hans", "简体中文"),
)

DEFAULT_LANGUAGE = "de"
_BY_CODE = {language.code: language for language in LANGUAGES}


def language(code: str) -> Language:
    """The launch language with this code; ``KeyError`` for one the kiosk does not offer."""
    return _BY_CODE[code]


def is_right_to_left(code: str) -> bool:
    return _BY_CODE[code].right_to_left if code in _BY_CODE else False
