"""The Pinyin input (no Qt): the committed table finds the office's words first, a longer
composition is taken a word at a time, any character can be typed, apostrophes split
syllables, and the table is read on first use, quickly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk_app.core import pinyin_input
from kiosk_app.core.pinyin_input import (
    TABLE_PATH,
    Candidate,
    PinyinComposition,
    PinyinTable,
    candidates,
)

# The office's vocabulary (docs/forms.md "Chinese"): each is the first candidate of its
# Pinyin, ahead of words spelled alike (居留 before 拘留 "detention", 预约 before 愉悦).
OFFICE_WORDS = {
    "shenqing": "申请",
    "yanchang": "延长",
    "juliu": "居留",
    "juliuxuke": "居留许可",
    "qianzheng": "签证",
    "huzhao": "护照",
    "yuyue": "预约",
    "diushi": "丢失",
    "dizhi": "地址",
    "gongzuo": "工作",
    "xuexi": "学习",
    "jiating": "家庭",
    "tuanju": "团聚",
    "feiyong": "费用",
    "wenti": "问题",
    "lanka": "蓝卡",
    "jiatingtuanju": "家庭团聚",
}


def texts(found: list[Candidate]) -> list[str]:
    return [c.text for c in found]


@pytest.mark.parametrize(("pinyin", "word"), OFFICE_WORDS.items())
def test_the_office_words_come_first(pinyin: str, word: str) -> None:
    assert texts(candidates(pinyin, 8))[0] == word


def test_a_word_is_followed_by_the_characters_of_its_first_syllable() -> None:
    found = candidates("shenqing", 12)
    assert texts(found)[:3] == ["申请", "神情", "深情"]
    assert {c.letters for c in found[:3]} == {8}  # the whole composition
    characters = [c for c in found if len(c.text) == 1]
    assert "身" in texts(characters) and all(c.letters == 4 for c in characters)


def test_a_limited_list_keeps_room_for_characters() -> None:
    """A spelling with many words still offers single characters on the first page."""
    found = candidates("shishi", 8)
    assert len(found) == 8
    assert sum(len(c.text) == 1 for c in found) >= 2
    assert found[0].text != "是"  # the words still lead


def test_a_long_composition_is_taken_a_word_at_a_time() -> None:
    typed = PinyinComposition()
    for letter in "woxiangshenqing":
        assert typed.type(letter)
    first = typed.candidates(8)[0]
    assert first == Candidate("我想", 7)
    assert typed.choose(first) == "我想"
    assert typed.text == "shenqing"  # what is left to go on with
    assert texts(typed.candidates(8))[0] == "申请"
    assert typed.choose_first() == "申请"
    assert typed.text == "" and not typed.composing


def test_choosing_a_character_consumes_only_its_syllable() -> None:
    typed = PinyinComposition()
    for letter in "shenqing":
        typed.type(letter)
    shen = next(c for c in typed.candidates(20) if c.text == "申")
    assert typed.choose(shen) == "申"
    assert typed.text == "qing"
    assert "请" in texts(typed.candidates(20))


def test_any_character_can_be_typed_on_its_own_syllable() -> None:
    # Rare characters of the GB2312 set (all of it is in the table) and a polyphonic one in its
    # second reading: 行 read "hang" (as in 银行, bank).
    for pinyin, char in (("bi", "毖"), ("hang", "行"), ("lv", "绿"), ("nv", "女")):
        assert char in texts(candidates(pinyin, 500)), (pinyin, char)


def test_the_apostrophe_chooses_how_the_letters_split() -> None:
    assert texts(candidates("xian", 8))[0] == "先"  # one syllable
    split = candidates("xi'an", 8)
    assert texts(split)[0] == "西安" and "先" not in texts(split)
    assert {c.text for c in split if len(c.text) == 1} >= {"西"}  # then the characters of xi
    assert texts(candidates("fangan", 4))[0] == "方案"
    assert texts(candidates("fan'gan", 4))[0] == "反感"
    typed = PinyinComposition()
    for key in "xi'anren":
        typed.type(key)
    assert typed.choose_first() == "西安"  # "xi'anren" is no word: its beginning "xi'an" is
    assert typed.text == "ren"


def test_a_separator_needs_letters_before_it() -> None:
    typed = PinyinComposition()
    assert not typed.type("'")
    typed.type("x")
    assert typed.type("'") and not typed.type("'")
    assert not typed.type("1") and not typed.type("，")
    assert typed.text == "x'"


def test_erase_removes_the_last_letter_then_reports_nothing_left() -> None:
    typed = PinyinComposition()
    for letter in "ni":
        typed.type(letter)
    assert typed.erase() and typed.text == "n"
    assert typed.erase() and typed.text == ""
    assert not typed.erase()


def test_letters_nothing_fits_are_kept_as_typed() -> None:
    assert candidates("blue", 8) == []
    typed = PinyinComposition()
    for letter in "blue":
        typed.type(letter)
    assert typed.choose_first() == "blue"
    for letter in "nihaov":
        typed.type(letter)
    assert typed.convert_all() == "你好v"
    for letter in "ok":
        typed.type(letter)
    assert typed.take_letters() == "ok" and not typed.composing


def test_a_composition_has_an_end() -> None:
    typed = PinyinComposition()
    for _ in range(pinyin_input.MAX_LETTERS + 5):
        typed.type("a")
    assert len(typed.text) == pinyin_input.MAX_LETTERS


def test_the_table_is_modest_and_says_where_it_comes_from() -> None:
    assert TABLE_PATH.stat().st_size < 3_000_000
    head = TABLE_PATH.read_text(encoding="utf-8")[:1000]
    assert "jieba" in head and "pypinyin" in head and "MIT" in head


def test_the_table_loads_only_on_first_use() -> None:
    # How long it takes is the self-test's figure (kiosk-app self-test: "pinyin table read in
    # … ms"), not a timed test: a busy machine would fail it for nothing.
    table = PinyinTable.load()
    assert "shenqing" in table and "shen'qing" not in table
    # Importing the module reads nothing: the kiosk's start does not pay for the table.
    code = "import kiosk_app.core.pinyin_input as p, sys; sys.exit(0 if p._table is None else 1)"
    root = Path(__file__).resolve().parents[2]
    assert subprocess.run([sys.executable, "-c", code], cwd=root).returncode == 0


def test_a_table_made_for_the_test_is_read_the_same_way(tmp_path: Path) -> None:
    path = tmp_path / "tiny.tsv"
    path.write_text("# comment\nxian\t先 西安:xi'an\nxi\t西\nan\t安\n", encoding="utf-8")
    tiny = PinyinTable.load(path)
    assert texts(candidates("xian", 8, tiny)) == ["先", "西安"]
    assert texts(candidates("xi'an", 8, tiny)) == ["西安", "西"]
    assert texts(candidates("xianan", 8, tiny)) == ["先", "西安"]  # the longest beginning


def test_the_candidates_come_a_page_at_a_time_and_the_pages_go_round() -> None:
    typed = PinyinComposition(page_size=6)
    assert typed.page() == [] and not typed.has_more()
    assert typed.row() == [] and not typed.offers_more()
    for letter in "shi":
        typed.type(letter)
    first = typed.page()
    assert len(first) == 6 and typed.has_more() and typed.page_start == 0
    typed.next_page()
    second = typed.page()
    assert typed.page_start == 6 and not set(texts(first)) & set(texts(second))
    # the row the screens show: this page, each candidate with its index among all
    assert typed.row() == [{"text": c.text, "index": 6 + i} for i, c in enumerate(second)]
    assert typed.offers_more()
    # A candidate is chosen by its index among all of them, from any page.
    assert typed.choose_index(7) == second[1].text and not typed.composing
    for letter in "wenti":
        typed.type(letter)
    assert typed.page_start == 0  # a new composition starts on the first page
    pages = -(-len(typed.candidates()) // 6)
    for _ in range(pages):
        typed.next_page()
    assert typed.page_start == 0  # after the last page, the first again
    assert typed.choose_index(99) == "" and typed.text == "wenti"  # no such candidate
