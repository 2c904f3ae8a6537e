"""The Questions screens at the real QML kiosk (issue 16), offscreen: from the welcome screen,
search on the on-screen letter keyboard in Arabic and in a Chinese session (Pinyin with the
candidate row, and the word keys), tap one of the three offered questions, read the answer
aloud through a (fake) speech-dispatcher, print it (the ``pdf`` backend) and read the PDF back:
the resident's language, German, the version.
"None of these" leads to the topic list, booking and a walk-in ticket, never to an answer.

The demo cache holds the seed (content/snippets) as demo content, every text version 1.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fixed_time import fixed_now
from PySide6.QtCore import QPointF
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from qt_fixtures import FakeClock, find_item, sample_with, screen_text, tap

from kiosk_app.backend import KioskBackend
from kiosk_app.config import KioskConfig
from kiosk_app.core.flow import IdlePolicy
from kiosk_app.core.search_keyboard import CHINESE_WORDS
from kiosk_app.qt.app import KioskUi, build_kiosk
from kiosk_app.qt.printing.backends import PdfFilePrinter
from kiosk_app.qt.speech import spoken_text
from kiosk_app.store.faq_store import FaqContent, FaqIndex, load_topics
from sync.engine import SyncStatus

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS / "printing"))
from readback import pdf_words, words_of  # noqa: E402

sys.path.insert(0, str(TESTS / "accessibility"))
from qml_tree import qml_eval  # noqa: E402

FAKE_SPEECHD = TESTS / "accessibility" / "fake_speechd.py"
ALIGN_LEFT, ALIGN_RIGHT = 1, 2
SEED = TESTS.parent / "content" / "snippets"
# "Renew residence", typed without the hamza (no approved text spells it so).
TYPED_AR = "تجديد الاقامة"


def seed_text(topic: str, language: str) -> dict[str, object]:
    return tomllib.loads((SEED / topic / f"{language}.toml").read_text(encoding="utf-8"))


def wait_for(condition: object, what: str, timeout_s: float = 15.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        QTest.qWait(20)


@pytest.fixture
def speechd_log(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fake speech-dispatcher with an Arabic voice besides German, English and Mandarin; its
    log has a ``said:`` line for every line it was asked to speak."""
    folder = Path(tempfile.mkdtemp(prefix="speechd-"))  # short: a socket path has 108 bytes
    socket_path, log = folder / "speechd.sock", folder / "speechd.log"
    monkeypatch.setenv("FAKE_SPEECHD_VOICES", "ar")
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, str(FAKE_SPEECHD), str(socket_path), "NEVER-WEDGES"], stdout=out
        )
    deadline = time.monotonic() + 10
    while "listening" not in log.read_text():
        assert time.monotonic() < deadline, "the fake speech-dispatcher did not start"
        time.sleep(0.02)
    monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{socket_path}")
    yield log
    process.kill()
    process.wait()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def questions_kiosk(
    qapp: QGuiApplication,
    demo_config: KioskConfig,
    backend: KioskBackend,
    clock: FakeClock,
    speechd_log: Path,
    tmp_path: Path,
) -> Iterator[KioskUi]:
    config = replace(
        demo_config, width=1080, height=1920, idle=IdlePolicy(30, 20), speech_engine="speechd"
    )
    printer = PdfFilePrinter(tmp_path / "printed")
    printer.folder.mkdir()
    ui = build_kiosk(config, backend, qapp, clock=clock, with_sound=False, printer=printer)
    ui.window.show()
    QTest.qWaitForWindowExposed(ui.window)
    yield ui
    ui.close()


def type_on_keyboard(ui: KioskUi, text: str) -> None:
    """Tap the search keyboard's keys, as a finger would."""
    for char in text:
        tap(ui, "qkey_space" if char == " " else f"qkey_{char}")


def scroll_to(ui: KioskUi, name: str) -> None:
    """Scroll the list ``name`` is in until it is in view, as a finger would."""
    item = find_item(ui, name)
    flick = item.parentItem()
    while flick is not None and not flick.inherits("QQuickFlickable"):
        flick = flick.parentItem()
    if flick is None:
        return  # not in a scrolling list: always in view
    y = item.mapToItem(flick.property("contentItem"), QPointF(0, 0)).y()
    bottom = float(flick.property("contentHeight")) - flick.height()
    flick.setProperty("contentY", max(0.0, min(y, bottom)))
    QTest.qWait(50)


def open_questions(ui: KioskUi) -> None:
    """The welcome screen's Questions button, scrolled into view if the screen is full."""
    scroll_to(ui, "questions")
    tap(ui, "questions")


def search(ui: KioskUi, language: str, text: str, keys: list[str] | None = None) -> list[str]:
    """From the welcome screen: Questions, the language from the top bar, the search typed
    on the keys (``keys``: these keys' object names instead of ``text``'s letters)."""
    open_questions(ui)
    assert ui.flow_vm.screen == "questions"
    assert find_item(ui, "topic_extend_permit").isVisible()  # the topic list comes first
    ui.flow_vm.switchLanguage(language)  # the top bar's language menu
    QTest.qWait(50)
    tap(ui, "questions_search_field")
    note = ui.item("questions_keyboard_note")
    assert note is not None
    # Only where the session's script has no keys (Chinese) does the keyboard say so.
    assert note.isVisible() == (language == "zh_Hans")
    if keys is None:
        type_on_keyboard(ui, text)
    else:
        for key in keys:
            tap(ui, key)
    assert screen_text(ui, "questions_typed") == text
    tap(ui, "qkey_search")
    QTest.qWait(50)
    return [
        str(find_item(ui, f"question_hit_{i}").property("label"))
        for i in range(3)
        if ui.questions_vm.state == "results" and i < len(ui.questions_vm.hits)
    ]


def open_hit(ui: KioskUi, topic: str) -> None:
    index = [hit["topicId"] for hit in ui.questions_vm.hits].index(topic)
    tap(ui, f"question_hit_{index}")
    wait_for(lambda: ui.flow_vm.screen == "answer", "the answer screen")
    QTest.qWait(50)


def read_aloud_and_print(ui: KioskUi, speechd_log: Path, tmp_path: Path) -> set[str]:
    tap(ui, "answer_read_aloud")
    body = screen_text(ui, "answer_body_0")
    first_line = body.strip().splitlines()[0]
    wait_for(lambda: first_line[:20] in speechd_log.read_text(), "the answer to be spoken")
    assert ui.questions_vm.speechNote == ""  # a voice was found: no "not available" note
    tap(ui, "answer_print")
    wait_for(lambda: not ui.questions_vm.printing, "the printout")
    pdf = tmp_path / "printed" / "answer-extend_permit.pdf"
    assert pdf.exists(), screen_text(ui, "answer_print_message")
    assert pdf.name in screen_text(ui, "answer_print_message")
    return pdf_words(pdf)


def stored_text(backend: KioskBackend) -> str:
    """Everything the encrypted cache holds, as text (the WAL included: same connection)."""
    conn = backend.cache.connection
    tables = [
        row[0]
        for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not str(row[0]).startswith("faq_search")  # the index of the approved texts
    ]
    return "\n".join(
        repr(row) for table in tables for row in conn.execute(f'SELECT * FROM "{table}"')
    )


def test_arabic_search_answer_read_aloud_and_print(
    questions_kiosk: KioskUi, backend: KioskBackend, speechd_log: Path, tmp_path: Path
) -> None:
    ui = questions_kiosk
    offered = search(ui, "ar", TYPED_AR)
    arabic, german = seed_text("extend_permit", "ar"), seed_text("extend_permit", "de")
    assert arabic["question"] in offered and len(offered) <= 3
    assert find_item(ui, "questions_none_of_these").isVisible()
    open_hit(ui, "extend_permit")
    assert screen_text(ui, "answer_question_0") == arabic["question"]
    # Verbatim: the seed's Arabic answer, its placeholders filled (the fee, in Arabic digits).
    body = screen_text(ui, "answer_body_0")
    first_sentence = str(arabic["answer"]).strip().split("{")[0].strip()
    assert body.startswith(first_sentence[:40])
    assert "{" not in body
    assert "1" in screen_text(ui, "answer_version_0") or "١" in screen_text(ui, "answer_version_0")
    assert "§ 81 Abs. 4 AufenthG" in screen_text(ui, "answer_legal_basis")
    # Right to left: the Arabic question and answer start at the right edge.
    assert alignment(ui, "answer_question_0") == alignment(ui, "answer_body_0") == ALIGN_RIGHT
    box = ui.item("answer_fallback_box")
    assert box is not None and not box.isVisible()  # its own language, approved

    words = read_aloud_and_print(ui, speechd_log, tmp_path)
    assert words_of(str(arabic["question"])) <= words
    assert words_of(str(german["question"])) <= words  # German alongside, for the staff
    assert {"Version", "1"} <= words  # "Freigegebener Text, Version 1"
    assert {"AufenthG", "81"} <= words
    # The typed search is kept nowhere: only that extend_permit was chosen, in Arabic.
    assert TYPED_AR not in stored_text(backend) and ui.questions_vm.typedText == ""

    def counted() -> list[tuple[str, ...]]:
        rows = backend.cache.connection.execute(
            "SELECT language, outcome, detail FROM usage_hourly WHERE kind = 'question_answered'"
        ).fetchall()
        return [tuple(row) for row in rows]

    wait_for(lambda: counted() != [], "the count (written by the usage recorder's thread)")
    assert counted() == [("ar", "answered", "extend_permit")]


def alignment(ui: KioskUi, name: str) -> int:
    """Where a text item's lines start, after right-to-left mirroring."""
    return int(qml_eval(find_item(ui, name), "Number(effectiveHorizontalAlignment)"))  # type: ignore[call-overload]


def word_key(word: str) -> str:
    return f"qword_{CHINESE_WORDS.index(word)}"


def test_chinese_search_on_the_word_keys_answer_read_aloud_and_printed_in_both_languages(
    questions_kiosk: KioskUi, speechd_log: Path, tmp_path: Path
) -> None:
    ui = questions_kiosk
    # "Residence" and "extend", tapped as whole words (there is no Chinese input method).
    offered = search(ui, "zh_Hans", "居留延长", [word_key("居留"), word_key("延长")])
    chinese, german = seed_text("extend_permit", "zh_Hans"), seed_text("extend_permit", "de")
    assert chinese["question"] in offered
    open_hit(ui, "extend_permit")
    assert screen_text(ui, "answer_question_0") == chinese["question"]

    words = read_aloud_and_print(ui, speechd_log, tmp_path)
    assert str(german["question"]).split()[0] in words
    assert {"Version", "1"} <= words
    text = "".join(sorted(words))
    assert any("\u4e00" <= char <= "\u9fff" for char in text)  # the Chinese answer is printed


def tap_candidate(ui: KioskUi, text: str) -> None:
    """Tap the candidate ``text`` in the row above the letters, turning pages with "more"."""
    for _page in range(10):
        shown = [c["text"] for c in ui.questions_vm.candidates]
        if text in shown:
            tap(ui, f"qkey_candidate_{shown.index(text)}")
            return
        tap(ui, "qkey_more_candidates")
    raise AssertionError(f"{text} is not among the candidates")


def test_a_chinese_search_typed_in_pinyin_finds_the_extension(questions_kiosk: KioskUi) -> None:
    ui = questions_kiosk
    open_questions(ui)
    ui.flow_vm.switchLanguage("zh_Hans")
    QTest.qWait(50)
    tap(ui, "questions_search_field")
    assert find_item(ui, "questions_keyboard_note").isVisible()
    keys_top = find_item(ui, "qkey_q").mapToScene(QPointF(0, 0)).y()
    type_on_keyboard(ui, "woxiangyanchang")
    assert screen_text(ui, "qkey_composition") == "woxiangyanchang"
    assert find_item(ui, "qkey_q").mapToScene(QPointF(0, 0)).y() == keys_top  # keys stay put
    tap_candidate(ui, "我想")  # the longest beginning that is a word
    assert ui.questions_vm.composition == "yanchang"
    tap(ui, "qkey_space")  # the first candidate: 延长
    type_on_keyboard(ui, "juliuxuke")
    tap(ui, "qkey_erase")  # a letter of the Pinyin, not a character of the search
    assert ui.questions_vm.composition == "juliuxuk"
    type_on_keyboard(ui, "e")
    assert screen_text(ui, "questions_typed") == "我想延长"
    tap(ui, "qkey_search")  # what is still composing becomes its best candidate: 居留许可
    QTest.qWait(50)
    offered = [hit["topicId"] for hit in ui.questions_vm.hits]
    assert "extend_permit" in offered[:3]
    assert find_item(ui, "question_hit_0").isVisible()
    open_hit(ui, "extend_permit")
    assert screen_text(ui, "answer_question_0") == seed_text("extend_permit", "zh_Hans")["question"]


def test_a_chinese_session_types_english_words_with_abc(questions_kiosk: KioskUi) -> None:
    ui = questions_kiosk
    latin = ["qkey_switch"] + ["qkey_space" if c == " " else f"qkey_{c}" for c in "extend permit"]
    offered = search(ui, "zh_Hans", "extend permit", latin)
    # Searched in the English and German texts too; the offers are named in Chinese.
    assert seed_text("extend_permit", "zh_Hans")["question"] in offered


def test_every_chinese_word_key_finds_a_topic(backend: KioskBackend) -> None:
    index = FaqIndex(backend.cache.connection)
    for word in CHINESE_WORDS:
        assert index.search(word, "zh_Hans"), f"the word key {word} finds nothing"


def test_none_of_these_offers_the_topic_list_booking_and_a_ticket_never_an_answer(
    questions_kiosk: KioskUi,
) -> None:
    ui = questions_kiosk
    search(ui, "de", "aufenthaltstitel verlaengern")
    tap(ui, "questions_none_of_these")
    QTest.qWait(50)
    assert ui.flow_vm.screen == "questions"
    assert ui.questions_vm.state == "none_of_these"
    for name in ("questions_show_topics", "questions_book", "questions_walk_in"):
        assert find_item(ui, name).isVisible()
    assert ui.questions_vm.typedText == ""  # what was typed is gone
    tap(ui, "questions_show_topics")
    QTest.qWait(50)
    assert find_item(ui, "topic_walk_in").isVisible()
    scroll_to(ui, "topic_walk_in")
    tap(ui, "topic_walk_in")  # an answer only from the resident's own choice
    wait_for(lambda: ui.flow_vm.screen == "answer", "the answer screen")
    QTest.qWait(50)
    assert screen_text(ui, "answer_question_0") == seed_text("walk_in", "de")["question"]


def test_gibberish_finds_nothing_and_says_so(questions_kiosk: KioskUi) -> None:
    ui = questions_kiosk
    assert search(ui, "ru", "щщщ ъъъ") == []
    assert ui.questions_vm.state == "no_match"
    assert find_item(ui, "questions_message").isVisible()
    tap(ui, "questions_book")  # from the welcome screen: identify first
    assert ui.flow_vm.screen == "lookup"


def test_a_cyrillic_session_switches_to_latin_keys_for_a_latin_term(
    questions_kiosk: KioskUi,
) -> None:
    ui = questions_kiosk
    open_questions(ui)
    ui.flow_vm.switchLanguage("ru")
    QTest.qWait(50)
    tap(ui, "questions_search_field")
    assert find_item(ui, "qkey_ж").isVisible()
    tap(ui, "qkey_switch")  # "ABC"
    type_on_keyboard(ui, "blue card")
    tap(ui, "qkey_search")
    QTest.qWait(50)
    assert ui.questions_vm.hits[0]["topicId"] == "blue_card"
    assert ui.questions_vm.hits[0]["question"] == seed_text("blue_card", "ru")["question"]


def test_beside_a_case_an_answer_names_its_missing_documents_and_booking_is_for_the_case(
    questions_kiosk: KioskUi, backend: KioskBackend
) -> None:
    ui = questions_kiosk
    sample = sample_with(backend, "documents_missing")
    tap(ui, "lang_uk")
    vm = ui.lookup_vm
    for char in sample.case_number.upper().removeprefix("DA"):
        if char.isdigit():
            vm.typeDigit(char)
    vm.switchField("birth")
    for char in sample.birth_date:
        if char.isdigit():
            vm.typeDigit(char)
    vm.submit()
    assert ui.flow_vm.screen == "result"
    missing = list(ui.result_vm.missingDocuments)  # Ukrainian labels
    assert missing and find_item(ui, "result_questions").isVisible()
    ui.flow_vm.questions()  # the result screen's button (below the fold on this case)
    scroll_to(ui, "topic_submit_documents")
    tap(ui, "topic_submit_documents")
    wait_for(lambda: ui.flow_vm.screen == "answer", "the answer screen")
    QTest.qWait(50)
    body = screen_text(ui, "answer_body_0")
    assert all(label in body for label in missing), body
    tap(ui, "back")
    QTest.qWait(50)
    tap(ui, "back")  # back beside the case
    assert ui.flow_vm.screen == "result"
    ui.flow_vm.questions()
    QTest.qWait(50)
    tap(ui, "questions_search_field")
    type_on_keyboard(ui, "щщщ")
    tap(ui, "qkey_search")
    QTest.qWait(50)
    assert ui.questions_vm.state == "no_match"
    walk_in = ui.item("questions_walk_in")
    assert walk_in is not None and not walk_in.isVisible()  # no ticket offered beside a case
    tap(ui, "questions_book")  # the case's own booking steps
    assert ui.flow_vm.screen == "book_service"


def test_a_knowledge_base_stored_by_sync_shows_on_the_open_screen(
    questions_kiosk: KioskUi, backend: KioskBackend
) -> None:
    """The sync engine stores a new knowledge base and reports its version: the topic list
    reads it at once, without a restart (here one topic was withdrawn by the office)."""
    ui = questions_kiosk
    open_questions(ui)
    assert find_item(ui, "topic_extend_permit").isVisible()
    conn = backend.cache.connection
    kept = [topic for topic in load_topics(conn) if topic.topic_id != "extend_permit"]
    FaqContent(conn).replace("office-v2", kept)
    ui.sync_bridge.report(
        SyncStatus(True, fixed_now(), pending_commands=0, parked_commands=0, faq_version="v2")
    )
    wait_for(lambda: ui.item("topic_extend_permit") is None, "the withdrawn topic to go")
    assert find_item(ui, "topic_fiktion_certificate").isVisible()


def test_read_aloud_of_the_search_screen_skips_the_letter_keys(questions_kiosk: KioskUi) -> None:
    ui = questions_kiosk
    open_questions(ui)
    ui.flow_vm.switchLanguage("ar")
    QTest.qWait(50)
    tap(ui, "questions_search_field")
    screen = ui.accessibility._current_screen()
    assert screen is not None
    said = spoken_text(screen)
    assert screen_text(ui, "questions_title") in said  # "أسئلة شائعة"
    assert "ض" not in said.split() and "ABC" not in said  # 40 keys would drown the screen


def test_an_out_of_date_translation_shows_german_and_english_and_says_so(
    questions_kiosk: KioskUi, backend: KioskBackend, tmp_path: Path
) -> None:
    """The German text changed and the Arabic translation waits for approval: an Arabic
    resident reads the approved German and English texts, told why, on screen and on paper."""
    ui = questions_kiosk
    conn = backend.cache.connection
    topics = []
    for topic in load_topics(conn):
        if topic.topic_id == "extend_permit":
            texts = {code: text for code, text in topic.texts.items() if code != "ar"}
            topic = replace(topic, texts=texts, out_of_date=("ar",))
        topics.append(topic)
    FaqContent(conn).replace("office-v3", topics)
    ui.sync_bridge.report(
        SyncStatus(True, fixed_now(), pending_commands=0, parked_commands=0, faq_version="v3")
    )
    QTest.qWait(100)  # the status line now says online: the welcome screen lays out again
    open_questions(ui)
    ui.flow_vm.switchLanguage("ar")
    QTest.qWait(50)
    assert (
        find_item(ui, "topic_extend_permit").property("label")
        == seed_text("extend_permit", "de")["question"]
    )  # listed in German
    tap(ui, "topic_extend_permit")
    wait_for(lambda: ui.flow_vm.screen == "answer", "the answer screen")
    QTest.qWait(50)
    note = screen_text(ui, "answer_fallback_note")
    assert find_item(ui, "answer_fallback_box").isVisible() and "الألماني" in note
    assert screen_text(ui, "answer_question_0") == seed_text("extend_permit", "de")["question"]
    assert screen_text(ui, "answer_question_1") == seed_text("extend_permit", "en")["question"]
    # German and English read left to right inside the Arabic session; the note right to left.
    assert alignment(ui, "answer_body_0") == alignment(ui, "answer_body_1") == ALIGN_LEFT
    assert alignment(ui, "answer_fallback_note") == ALIGN_RIGHT
    tap(ui, "answer_print")
    wait_for(lambda: not ui.questions_vm.printing, "the printout")
    pdf = tmp_path / "printed" / "answer-extend_permit.pdf"
    assert pdf.exists(), ui.questions_vm.printMessage
    words = pdf_words(pdf)
    assert words_of(str(seed_text("extend_permit", "en")["question"])) <= words
    assert {"Übersetzung", "الألماني"} <= words  # the note, in Arabic and German
