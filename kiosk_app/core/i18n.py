"""One gettext catalog for Python and QML (DESIGN.md "Internationalisation").

Python code marks strings with ``_()`` (translated now), ``N_()`` (a constant, translated where
it is shown) and ``ngettext()``. The active catalog is process-wide: the kiosk shows one
language at a time, and the Qt translator switches it in one place.
"""

from __future__ import annotations

import gettext
import re
import string
from collections.abc import Mapping
from pathlib import Path

DOMAIN = "kiosk_app"
LOCALE_DIR = Path(__file__).resolve().parents[2] / "locales"

_active: gettext.NullTranslations = gettext.NullTranslations()
_active_language = "en"
# Texts from the gateway's catalog: {English source string: {language: text}}. ``_()`` answers
# from them before the compiled catalogs, so screens and printouts show the office's wording.
_runtime: Mapping[str, Mapping[str, str]] = {}


def load_catalog(language: str, locale_dir: Path | None = None) -> gettext.NullTranslations:
    """The compiled catalog for ``language``; an empty one (source strings) when there is none."""
    return gettext.translation(
        DOMAIN, localedir=str(locale_dir or LOCALE_DIR), languages=[language], fallback=True
    )


def activate(language: str, locale_dir: Path | None = None) -> gettext.NullTranslations:
    """Make ``language`` the catalog that ``_()`` answers from, and return it."""
    global _active, _active_language
    _active = load_catalog(language, locale_dir)
    _active_language = language
    return _active


def active_language() -> str:
    return _active_language


def active_catalog() -> gettext.NullTranslations:
    return _active


def set_runtime_texts(texts: Mapping[str, Mapping[str, str]]) -> None:
    """Replace the runtime texts (the synced catalog's names and explanations by language)."""
    global _runtime
    _runtime = texts


def runtime_text(message: str, language: str) -> str | None:
    """The runtime text of ``message`` in ``language``, if the catalog has one."""
    texts = _runtime.get(message)
    return None if texts is None else texts.get(language)


def _(message: str) -> str:
    override = runtime_text(message, _active_language)
    if override is not None:
        return _guarded(message, override)
    return _guarded(message, _active.gettext(message))


def N_(message: str) -> str:
    """Mark a constant for extraction; it is translated where it is shown."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    source = singular if n == 1 else plural
    translation = _active.ngettext(singular, plural, n)
    # Plural forms may leave out the count ("one document"), never invent a placeholder.
    try:
        if placeholders(translation) <= placeholders(singular) | placeholders(plural):
            return translation
    except ValueError:
        pass
    return source


def _guarded(source: str, translation: str) -> str:
    # A translation that lost or renamed a placeholder would crash .format(): show the source.
    if "{" in source or "{" in translation:
        try:
            if not placeholders_match(source, translation):
                return source
        except ValueError:
            return source
    return translation


_FIELD = re.compile(r"\{([^{}]*)\}")


def placeholders(text: str) -> set[str]:
    """The named ``{placeholders}`` in a message (``{{`` escapes are not placeholders)."""
    return {field for _lit, field, _spec, _conv in string.Formatter().parse(text) if field}


def placeholders_match(source: str, translation: str) -> bool:
    """A translation may reorder placeholders, never add, drop or rename one."""
    return placeholders(source) == placeholders(translation)
