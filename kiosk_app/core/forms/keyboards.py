"""The on-screen keyboard's layouts for form fields (issue 17), without Qt.

A ``latin_text`` field (names, addresses, numbers from documents) always gets the Latin layout,
also in an Arabic or Ukrainian session; free ``text`` gets the session language's own letters.
Chinese free text is typed in Pinyin (``pinyin``: the letters compose, a row of Chinese
candidates offers the characters, ``core/pinyin_input.py``), with Chinese punctuation; a
Chinese ``latin_text`` field stays Latin (docs/forms.md "At the kiosk"). Rows hold lower-case
keys; a layout with ``shift`` offers capitals (the screen upper-cases the keys).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KeyboardLayout:
    id: str
    rows: tuple[tuple[str, ...], ...]
    shift: bool = True
    right_to_left: bool = False
    # Letters compose Pinyin, a candidate row turns them into Chinese characters.
    pinyin: bool = False


def _rows(*rows: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(row.split()) for row in rows)


DIGITS = "1 2 3 4 5 6 7 8 9 0"
LATIN = KeyboardLayout(
    "latin",
    _rows(
        DIGITS,
        "q w e r t z u i o p ü",
        "a s d f g h j k l ö ä",
        "y x c v b n m ß é ç",
        ". , - / ' @ + ( ) _",
    ),
)
LAYOUTS: dict[str, KeyboardLayout] = {
    "de": LATIN,
    "en": KeyboardLayout(
        "en",
        _rows(
            DIGITS, "q w e r t y u i o p", "a s d f g h j k l", "z x c v b n m", ". , ? ! - / ' @"
        ),
    ),
    "tr": KeyboardLayout(
        "tr",
        _rows(
            DIGITS,
            "q w e r t y u ı o p ğ ü",
            "a s d f g h j k l ş i",
            "z x c v b n m ö ç",
            ". , ? ! - / @",
        ),
    ),
    "fr": KeyboardLayout(
        "fr",
        _rows(
            DIGITS,
            "a z e r t y u i o p",
            "q s d f g h j k l m",
            "w x c v b n é è à ç",
            "ù â ê î ô û ë ï . , ? ! ' -",
        ),
    ),
    "es": KeyboardLayout(
        "es",
        _rows(
            DIGITS,
            "q w e r t y u i o p",
            "a s d f g h j k l ñ",
            "z x c v b n m á é í",
            "ó ú ü ¿ ? ¡ ! . , -",
        ),
    ),
    "uk": KeyboardLayout(
        "uk",
        _rows(
            DIGITS,
            "й ц у к е н г ш щ з х ї",
            "ф і в а п р о л д ж є",
            "я ч с м и т ь б ю ґ '",
            ". , ? ! - /",
        ),
    ),
    "ru": KeyboardLayout(
        "ru",
        _rows(
            DIGITS,
            "й ц у к е н г ш щ з х ъ",
            "ф ы в а п р о л д ж э",
            "я ч с м и т ь б ю ё",
            ". , ? ! - /",
        ),
    ),
    "ar": KeyboardLayout(
        "ar",
        _rows(
            DIGITS,
            "ض ص ث ق ف غ ع ه خ ح ج د",
            "ش س ي ب ل ا ت ن م ك ط",
            "ئ ء ؤ ر ى ة و ز ظ ذ أ إ آ",
            "، . ؟ ! - /",
        ),
        shift=False,
        right_to_left=True,
    ),
    "fa": KeyboardLayout(
        "fa",
        _rows(
            DIGITS,
            "ض ص ث ق ف غ ع ه خ ح ج چ",
            "ش س ی ب ل ا ت ن م ک گ",
            "ظ ط ز ر ذ د پ و ژ آ ئ",
            "، . ؟ ! - /",
        ),
        shift=False,
        right_to_left=True,
    ),
    "zh_Hans": KeyboardLayout(
        "pinyin",
        _rows(
            DIGITS,
            "q w e r t y u i o p",
            "a s d f g h j k l '",
            "z x c v b n m",
            "， 。 ？ ！ 、 ： ；",
        ),
        shift=False,
        pinyin=True,
    ),
}


def layout_for(field_type: str, language: str) -> KeyboardLayout:
    """The keyboard for a text field: Latin for ``latin_text`` whatever the session's language,
    the language's own for free text."""
    if field_type == "latin_text":
        return LATIN
    return LAYOUTS.get(language, LATIN)
