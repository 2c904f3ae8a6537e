"""Pinyin input for Chinese on the kiosk's on-screen keyboards, offline and without Qt.

The resident types Latin letters (Pinyin without tones) into a composition; the kiosk offers
Chinese candidates for it from a committed table (``data/zh_pinyin.tsv``, made at development
time by ``scripts/make_pinyin_table.py`` from jieba's dictionary and pypinyin's readings, both
MIT). First the words spelled by the whole composition, by frequency; when the whole is no
word, the words of its longest beginning that is one (``woxiangshenqing`` offers 我想, which
takes ``woxiang`` and leaves ``shenqing`` to go on with). The characters of the first
syllable are always among the candidates, so any character can be typed. An apostrophe
separates syllables where the letters could split two ways (``xi'an`` 西安, ``xian`` 先).

The table is read on first use, not at the kiosk's start (about 0.05 s, docs/forms.md).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

TABLE_PATH = Path(__file__).resolve().parent / "data" / "zh_pinyin.tsv"
SEPARATOR = "'"
MAX_LETTERS = 40  # more than any phrase is typed before a candidate is chosen
LISTED = 60  # candidates a composition offers (ten pages of six)
# A limited list keeps a quarter of its places for the first syllable's characters.
CHARACTER_SHARE = 4


@dataclass(frozen=True)
class Candidate:
    """A choice for the composition: its text and how many letters of it it stands for."""

    text: str
    letters: int


class PinyinTable:
    """Spelling (letters only) -> candidates by frequency, each with its syllables."""

    def __init__(self, lines: dict[str, tuple[str, str]]) -> None:
        # letters -> (syllables of the first candidate joined by ', the rest of the line)
        self._lines = lines
        self._parsed: dict[str, list[tuple[str, str]]] = {}

    @classmethod
    def load(cls, path: Path = TABLE_PATH) -> PinyinTable:
        lines: dict[str, tuple[str, str]] = {}
        with path.open(encoding="utf-8") as table:
            for line in table:
                if line.startswith("#"):
                    continue
                spelled, _tab, rest = line.rstrip("\n").partition("\t")
                lines[spelled.replace(SEPARATOR, "")] = (spelled, rest)
        return cls(lines)

    def __contains__(self, letters: str) -> bool:
        return letters in self._lines

    def entries(self, letters: str) -> list[tuple[str, str]]:
        """The candidates spelled ``letters``, as (text, syllables joined by ')."""
        found = self._parsed.get(letters)
        if found is None:
            spelled, rest = self._lines.get(letters, ("", ""))
            found = []
            for token in rest.split(" ") if rest else ():
                text, _colon, syllables = token.partition(":")
                found.append((text, syllables or spelled))
            self._parsed[letters] = found
        return found


_table: PinyinTable | None = None
_lock = threading.Lock()


def table() -> PinyinTable:
    """The kiosk's table, read on first use."""
    global _table
    with _lock:
        if _table is None:
            _table = PinyinTable.load()
        return _table


def _letters_and_breaks(buffer: str) -> tuple[str, frozenset[int]]:
    """The letters of a composition and where the resident put a separator (letter index)."""
    letters: list[str] = []
    breaks: set[int] = set()
    for char in buffer.lower():
        if char == SEPARATOR:
            breaks.add(len(letters))
        elif "a" <= char <= "z":
            letters.append(char)
    return "".join(letters), frozenset(b for b in breaks if 0 < b < len(letters))


def _breaks_of(syllables: str) -> frozenset[int]:
    out: set[int] = set()
    at = 0
    for syllable in syllables.split(SEPARATOR)[:-1]:
        at += len(syllable)
        out.add(at)
    return frozenset(out)


def candidates(buffer: str, limit: int = 60, source: PinyinTable | None = None) -> list[Candidate]:
    """What the composition ``buffer`` can become, best first (at most ``limit``).

    The words spelled by the whole buffer, or else by its longest beginning that spells any;
    then the characters of its first syllable (a share of a limited list is kept for them).
    A candidate's ``letters`` counts the letters it stands for (separators not counted).
    """
    words = source or table()
    letters, breaks = _letters_and_breaks(buffer)
    found: list[Candidate] = []
    for end in range(len(letters), 0, -1):
        if letters[:end] not in words:
            continue
        wanted = {b for b in breaks if b < end}
        found = [
            Candidate(text, end)
            for text, syllables in words.entries(letters[:end])
            if wanted <= _breaks_of(syllables)
        ]
        if found:
            break
    seen = {c.text for c in found}
    extra = [c for c in _first_characters(words, letters, breaks) if c.text not in seen]
    if len(found) + len(extra) > limit:
        keep = min(len(extra), limit // CHARACTER_SHARE)
        found = found[: limit - keep]
    return (found + extra)[:limit]


def _first_characters(words: PinyinTable, letters: str, breaks: frozenset[int]) -> list[Candidate]:
    """The characters read as the longest syllable the letters start with (up to a separator)."""
    stop = min(breaks, default=len(letters))
    for end in range(min(stop, 6), 0, -1):
        chars = [
            Candidate(text, end)
            for text, syllables in words.entries(letters[:end])
            if len(text) == 1 and SEPARATOR not in syllables
        ]
        if chars:
            return chars
    return []


class PinyinComposition:
    """The letters being typed, the candidates offered a page at a time, and what choosing
    one does to the letters."""

    def __init__(self, source: PinyinTable | None = None, page_size: int = 6) -> None:
        self._source = source
        self._buffer = ""
        self.page_size = page_size
        self._page = 0
        self._found: list[Candidate] | None = None  # for the current letters

    def _changed(self) -> None:
        self._page, self._found = 0, None

    @property
    def text(self) -> str:
        """The letters (and separators) typed so far."""
        return self._buffer

    @property
    def composing(self) -> bool:
        return bool(self._buffer)

    def type(self, key: str) -> bool:
        """Add a letter (or a separator between letters); False when it is not one."""
        key = key.lower()
        if key == SEPARATOR:
            if not self._buffer or self._buffer.endswith(SEPARATOR):
                return False
        elif not ("a" <= key <= "z" and len(key) == 1):
            return False
        if len(self._buffer) >= MAX_LETTERS:
            return True  # taken, and dropped: the composition is full
        self._buffer += key
        self._changed()
        return True

    def erase(self) -> bool:
        """Remove the last letter; False when there was none."""
        if not self._buffer:
            return False
        self._buffer = self._buffer[:-1]
        self._changed()
        return True

    def clear(self) -> None:
        self._buffer = ""
        self._changed()

    def candidates(self, limit: int = LISTED) -> list[Candidate]:
        """The candidates for the letters, best first (at most ``LISTED``)."""
        if not self._buffer:
            return []
        if self._found is None:
            self._found = candidates(self._buffer, LISTED, self._source)
        return self._found[:limit]

    # --- the candidates a page at a time (the screen's row) --------------------------------

    def page(self) -> list[Candidate]:
        start = self._page * self.page_size
        return self.candidates()[start : start + self.page_size]

    @property
    def page_start(self) -> int:
        """The index (in ``candidates()``) of the page's first candidate."""
        return self._page * self.page_size

    def has_more(self) -> bool:
        return len(self.candidates()) > self.page_size

    def row(self) -> list[dict[str, object]]:
        """The candidate row as the screens show it: this page's candidates, each with its
        index among all of them (what a tap chooses)."""
        start = self.page_start
        return [{"text": c.text, "index": start + i} for i, c in enumerate(self.page())]

    def offers_more(self) -> bool:
        """The row's "more" key: composing, and more candidates than one page."""
        return self.composing and self.has_more()

    def next_page(self) -> None:
        """The next page of candidates, after the last the first again."""
        self._page += 1
        if self._page * self.page_size >= len(self.candidates()):
            self._page = 0

    def choose_index(self, index: int) -> str:
        """Choose ``candidates()[index]``; "" when there is no such candidate."""
        found = self.candidates()
        return self.choose(found[index]) if 0 <= index < len(found) else ""

    def choose(self, candidate: Candidate) -> str:
        """Take the candidate: its letters leave the composition; returns its text."""
        seen, cut = 0, 0
        for cut, char in enumerate(self._buffer, start=1):  # noqa: B007 - cut is the result
            if char != SEPARATOR:
                seen += 1
            if seen == candidate.letters:
                break
        rest = self._buffer[cut:]
        self._buffer = rest.lstrip(SEPARATOR)
        self._changed()
        return candidate.text

    def choose_first(self) -> str:
        """Space: the best candidate; the letters themselves when nothing fits."""
        found = self.candidates(limit=1)
        if found:
            return self.choose(found[0])
        return self.take_letters()

    def take_letters(self) -> str:
        """The letters as typed (a Latin word, or nothing fits): the composition ends."""
        letters = self._buffer.replace(SEPARATOR, "")
        self.clear()
        return letters

    def convert_all(self) -> str:
        """Every letter by the best candidates in turn; letters nothing fits stay as typed."""
        out = []
        while self._buffer:
            found = self.candidates(limit=1)
            if found:
                out.append(self.choose(found[0]))
            else:
                out.append(self._buffer[0])
                self._buffer = self._buffer[1:].lstrip(SEPARATOR)
                self._changed()
        return "".join(out)
