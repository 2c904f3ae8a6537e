#!/usr/bin/env python3
"""Build the kiosk's Pinyin table, kiosk_app/core/data/zh_pinyin.tsv (docs/forms.md "Chinese").

Development time only: the kiosk reads the committed table and never imports jieba or
pypinyin. To regenerate (any virtualenv, not the kiosk's):

    python3 -m venv /tmp/pinyin-venv
    /tmp/pinyin-venv/bin/pip install jieba==0.42.1 pypinyin
    /tmp/pinyin-venv/bin/python scripts/make_pinyin_table.py

Sources (both MIT licensed): jieba 0.42.1's dict.txt gives the words and their frequencies,
pypinyin gives the readings (its phrase dictionary decides the reading of a polyphonic
character inside a word). The table holds every GB2312 character (all its readings) and every
character of a kept word, the ``WORDS`` most frequent words of two to four characters, and the
office's own vocabulary (the Questions screen's word keys, ``OFFICE_WORDS`` below, and every
word of the Chinese texts the kiosk shows: the knowledge base's seed and the zh_Hans catalog),
so the words a resident needs at this office are always found, and first among the words
spelled alike.

Format, one line per spelling: the syllables of the most frequent candidate joined by ``'``,
a tab, then the candidates by frequency separated by spaces; a candidate whose syllables split
the same letters differently carries them after a colon (``xian<TAB>先 现 … 西安:xi'an``).
Lines starting with ``#`` are comments (the attribution).
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "kiosk_app" / "core" / "data" / "zh_pinyin.tsv"
WORDS = 50_000
MAX_WORD = 4  # longer entries of jieba are mostly idiom chains and names
# Words the office's residents write that jieba's dictionary lacks or ranks too low to keep.
OFFICE_WORDS = (
    "居留许可",
    "居留证",
    "工作许可",
    "申请表",
    "预约时间",
    "电子居留卡",
    "临时证明",
    "外国人管理局",
    "我想",
    "我要",
    "请问",
    "多久",
)
# The office's words come before the other words spelled alike (居留 before 拘留, "detention";
# 预约 before 愉悦): this frequency is added to theirs.
OFFICE_BOOST = 10_000_000
HAN = re.compile(r"^[\u4e00-\u9fff]+$")
SYLLABLE = re.compile(r"^[a-z]+$")


def _need(module: str) -> None:
    sys.exit(
        f"{module} is missing: pip install jieba==0.42.1 pypinyin (development time only; "
        "see this script's docstring)"
    )


def jieba_entries() -> Iterator[tuple[str, int]]:
    try:
        import jieba
    except ImportError:
        _need("jieba")
    path = Path(jieba.__file__).parent / "dict.txt"
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            word, freq, *_ = line.split()
            if HAN.match(word):
                yield word, int(freq)


def office_texts() -> Iterator[str]:
    """The Chinese texts the kiosk shows: the knowledge base's seed and the zh_Hans catalog."""
    for path in sorted((ROOT / "content" / "snippets").glob("*/zh_Hans.toml")):
        for value in tomllib.loads(path.read_text(encoding="utf-8")).values():
            if isinstance(value, str):
                yield value
    po = ROOT / "locales" / "zh_Hans" / "LC_MESSAGES" / "kiosk_app.po"
    yield from re.findall(r'^msgstr "(.*)"$', po.read_text(encoding="utf-8"), re.MULTILINE)


def office_words(known: dict[str, int]) -> set[str]:
    """Every word of two or more characters in the office's Chinese texts, with its own list
    and the Questions screen's word keys."""
    import jieba

    sys.path.insert(0, str(ROOT))
    from kiosk_app.core.search_keyboard import CHINESE_WORDS

    jieba.setLogLevel(60)
    words = set(OFFICE_WORDS) | set(CHINESE_WORDS)
    for text in office_texts():
        for piece in re.findall(r"[\u4e00-\u9fff]+", text):
            words.update(
                w for w in jieba.cut(piece, HMM=False) if len(w) > 1 and w in known and HAN.match(w)
            )
    return words


def readings(word: str) -> list[str] | None:
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(word, style=Style.NORMAL, errors="ignore")
    if len(syllables) != len(word) or not all(SYLLABLE.match(s) for s in syllables):
        return None
    return syllables


def char_readings(char: str) -> list[str]:
    from pypinyin import Style, pinyin

    found: list[str] = []
    for reading in pinyin(char, style=Style.NORMAL, heteronym=True)[0]:
        if SYLLABLE.match(reading) and reading not in found:
            found.append(reading)
    return found


def gb2312_characters() -> Iterable[str]:
    for code in range(0x4E00, 0xA000):
        char = chr(code)
        try:
            char.encode("gb2312")
        except UnicodeEncodeError:
            continue
        yield char


def build(words_kept: int) -> dict[str, list[tuple[float, str, str]]]:
    """Spelling (letters only) -> [(frequency, candidate, syllables joined by ')]."""
    try:
        import pypinyin  # noqa: F401
    except ImportError:
        _need("pypinyin")
    entries = dict(jieba_entries())
    multi = sorted(
        ((freq, word) for word, freq in entries.items() if 1 < len(word) <= MAX_WORD),
        reverse=True,
    )
    kept = {word: freq for freq, word in multi[:words_kept]}
    for word in office_words(entries):
        kept[word] = entries.get(word, 0) + OFFICE_BOOST

    table: dict[str, list[tuple[float, str, str]]] = defaultdict(list)
    # How often each character is read each way, from the readings of all of jieba's words.
    reading_use: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    characters: set[str] = set(gb2312_characters())
    for word, freq in kept.items():
        syllables = readings(word)
        if syllables is None:
            continue
        table["".join(syllables)].append((freq, word, "'".join(syllables)))
        characters.update(word)
    for word, freq in entries.items():
        if len(word) > 1:
            syllables = readings(word)
            for char, syllable in zip(word, syllables or (), strict=False):
                reading_use[char][syllable] += freq
    for char in characters:
        options = char_readings(char)
        if not options:
            continue
        # pypinyin's first reading is the usual one when the words say nothing.
        use = {
            s: reading_use[char].get(s, 0.0) + (1.0 if i == 0 else 0.2)
            for i, s in enumerate(options)
        }
        total = sum(use.values())
        freq = entries.get(char, 1)
        for syllable in options:
            table[syllable].append((freq * use[syllable] / total, char, syllable))
    return table


def lines_of(table: dict[str, list[tuple[float, str, str]]]) -> Iterator[str]:
    for letters in sorted(table):
        ranked = sorted(table[letters], key=lambda item: (-item[0], item[1]))
        default = ranked[0][2]
        seen: set[str] = set()
        shown = []
        for _freq, text, syllables in ranked:
            if text in seen:
                continue
            seen.add(text)
            shown.append(text if syllables == default else f"{text}:{syllables}")
        yield f"{default}\t{' '.join(shown)}"


HEADER = """\
# zh_pinyin.tsv: Pinyin (without tones) -> Chinese candidates by frequency, for the kiosk's
# Pinyin input (kiosk_app/core/pinyin_input.py). Generated by scripts/make_pinyin_table.py;
# do not edit by hand.
# Words and frequencies: jieba 0.42.1 dict.txt, (c) Sun Junyi, MIT licence.
# Readings: pypinyin {pypinyin}, (c) mozillazg, MIT licence.
# Format: syllables of the first candidate joined by ', TAB, candidates separated by spaces;
# a candidate read with other syllables for the same letters carries them after a colon.
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--words", type=int, default=WORDS, help="most frequent words kept")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    table = build(args.words)
    import pypinyin

    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="\n") as out:
        out.write(HEADER.format(pypinyin=pypinyin.__version__))
        for line in lines_of(table):
            out.write(line + "\n")
    size = args.out.stat().st_size
    print(f"{args.out.relative_to(ROOT)}: {len(table)} spellings, {size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
