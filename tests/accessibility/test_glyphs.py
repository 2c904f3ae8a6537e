"""No missing glyphs: every character of every translation, language name and QML pictogram
is in one of the fonts the kiosk uses (Theme's Noto families and the app's fallback list)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from PySide6.QtGui import QFont, QFontInfo, QGuiApplication, QRawFont

from kiosk_app.core.i18n import LOCALE_DIR
from kiosk_app.core.languages import LANGUAGES
from kiosk_app.qt.app import FONT_FAMILIES, UI_DIR

THEME_FAMILIES = ("Noto Sans", "Noto Sans Symbols2", "DejaVu Sans Mono")  # Theme.qml + QML pins


def _fonts(qapp: QGuiApplication) -> dict[str, QRawFont]:
    fonts = {}
    for family in dict.fromkeys((*THEME_FAMILIES, *FONT_FAMILIES)):
        font = QFont(family)
        assert QFontInfo(font).family() == family, f"font {family!r} is not installed"
        fonts[family] = QRawFont.fromFont(font)
    return fonts


def _needs_glyph(char: str) -> bool:
    # Controls, spaces and invisible format marks (LRM, isolates, ZWNJ) draw nothing.
    return unicodedata.category(char) not in ("Cc", "Cf", "Zs", "Zl", "Zp")


def _uncovered(text: str, fonts: dict[str, QRawFont]) -> set[str]:
    return {
        char
        for char in text
        if _needs_glyph(char) and not any(f.supportsCharacter(ord(char)) for f in fonts.values())
    }


def _catalog(code: str) -> list[str]:
    po = LOCALE_DIR / code / "LC_MESSAGES" / "kiosk_app.po"
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=code)
    strings: list[str] = []
    for message in catalog:
        if not message.id:
            continue
        values = message.string if isinstance(message.string, tuple) else (message.string,)
        strings.extend(v for v in values if v)
    return strings


@pytest.mark.parametrize("code", [lang.code for lang in LANGUAGES])
def test_every_translated_string_has_its_glyphs(qapp: QGuiApplication, code: str) -> None:
    fonts = _fonts(qapp)
    strings = _catalog(code)
    assert len(strings) > 100, f"{code}: the catalog looks empty"
    missing = {s: _uncovered(s, fonts) for s in strings}
    missing = {s: chars for s, chars in missing.items() if chars}
    assert not missing, f"{code}: glyphs missing in {sorted(fonts)}:\n" + "\n".join(
        f"{''.join(sorted(chars))!r} (U+{ord(min(chars)):04X}) in {s!r}"
        for s, chars in missing.items()
    )


def test_language_names_and_qml_pictograms_have_their_glyphs(qapp: QGuiApplication) -> None:
    fonts = _fonts(qapp)
    texts = [lang.native_name for lang in LANGUAGES]
    texts += [p.read_text(encoding="utf-8") for p in Path(UI_DIR).rglob("*.qml")]
    missing = set().union(*(_uncovered(t, fonts) for t in texts))
    assert not missing, "no glyph for " + ", ".join(f"{c} U+{ord(c):04X}" for c in sorted(missing))
