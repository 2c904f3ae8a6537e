"""The on-screen letter keyboard of the Questions search (issue 16), one layout per script.

The kiosk has no hardware keyboard and its numeric keypad has no letters, so the search field
gets its own keys: Arabic and Persian (right to left, in the order of the usual Arabic and
Persian keyboards), Cyrillic (Russian and Ukrainian) and Latin (each Latin language with its own
letters). A non-Latin layout has a key to the Latin letters too: questions name "Blue Card" or
"Fiktionsbescheinigung" in every language. Chinese is typed in Pinyin (``pinyin``: the letters
compose, a candidate row offers the characters, ``core/pinyin_input.py``); a Chinese session
also keeps keys of whole Chinese words of the office's vocabulary (a closed set: every one finds
a topic, one tap instead of a word's Pinyin and its candidate, and a help for a resident unsure
of a word's spelling), and "ABC" switches to Latin keys that type straight, whose words are
also searched in the English and German texts (``questions_vm``). Search folds case,
accents and letter variants (the store's normaliser), so the layouts carry no capitals and only
the letters a language needs.
"""

from __future__ import annotations

from dataclasses import dataclass

_LATIN = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


@dataclass(frozen=True)
class KeyboardLayout:
    name: str
    rows: tuple[tuple[str, ...], ...]
    right_to_left: bool = False
    # The letters compose Pinyin, a candidate row turns them into Chinese characters.
    pinyin: bool = False
    # The label of the key that brings this layout back from the Latin letters ("" for a Latin
    # layout, which needs no switch).
    own_label: str = ""
    # Whole words as keys, for a script without an input method (Chinese).
    words: tuple[str, ...] = ()


def _rows(*rows: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(row) for row in rows)


# The office's words in Chinese, as keys (residency, permit, card, extend, expired, lost, pick
# up, production, passport, photo, address, moving, appointment, missed, queue, documents, fee,
# health insurance, work, going abroad, family reunion, settlement, Blue Card, studying,
# temporary protection, naturalisation, opening hours, contact, status, case number,
# interpreter, data protection). tests/e2e/test_questions_flow.py holds each to a topic.
CHINESE_WORDS = (
    "居留",
    "许可",
    "居留卡",
    "延长",
    "过期",
    "丢失",
    "领取",
    "制作",
    "护照",
    "照片",
    "地址",
    "搬家",
    "预约",
    "错过",
    "排队",
    "材料",
    "费用",
    "医疗保险",
    "工作",
    "出国",
    "家庭团聚",
    "永久居留",
    "蓝卡",
    "留学",
    "临时保护",
    "入籍",
    "办公时间",
    "联系",
    "状态",
    "案件编号",
    "翻译",
    "数据保护",
)

LAYOUTS: dict[str, KeyboardLayout] = {
    "de": KeyboardLayout("latin_de", _rows("qwertzuiopü", "asdfghjklöä", "yxcvbnmß")),
    "en": KeyboardLayout("latin", _rows(*_LATIN)),
    "tr": KeyboardLayout("latin_tr", _rows("qwertyuıopğü", "asdfghjklşi", "zxcvbnmöç")),
    "fr": KeyboardLayout("latin_fr", _rows("azertyuiop", "qsdfghjklm", "wxcvbnéèàç")),
    "es": KeyboardLayout("latin_es", _rows("qwertyuiop", "asdfghjklñ", "zxcvbnmáéíóú")),
    "ar": KeyboardLayout(
        "arabic",
        _rows("ضصثقفغعهخحج", "شسيبلاتنمكط", "ئءؤرىةوزظدذ"),
        right_to_left=True,
        own_label="أ ب ت",
    ),
    "fa": KeyboardLayout(
        "persian",
        _rows("ضصثقفغعهخحجچ", "شسیبلاتنمکگ", "ظطزرذدپوژآ"),
        right_to_left=True,
        own_label="ا ب پ",
    ),
    "ru": KeyboardLayout(
        "cyrillic_ru", _rows("йцукенгшщзхъ", "фывапролджэ", "ячсмитьбюё"), own_label="АБВ"
    ),
    "uk": KeyboardLayout(
        "cyrillic_uk", _rows("йцукенгшщзхї", "фівапролджє", "ячсмитьбюґ'"), own_label="АБВ"
    ),
    "zh_Hans": KeyboardLayout(
        "pinyin",
        _rows("qwertyuiop", "asdfghjkl'", "zxcvbnm"),
        pinyin=True,
        own_label="中文",
        words=CHINESE_WORDS,
    ),
}


LATIN = LAYOUTS["en"]


def layout_for(language: str) -> KeyboardLayout:
    """The keyboard of a session's language (Latin for a language without its own)."""
    return LAYOUTS.get(language, LATIN)
