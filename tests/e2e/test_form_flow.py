"""Requests at the real QML kiosk (issue 17): from a found case's result in Arabic, one question
per step on buttons, keypad and the right keyboard, the review with "change", submitted into
the encrypted outbox exactly once (no gateway: offline), the dated bilingual receipt read back
from its PDF; "I have a question" without a case in Ukrainian with its messages for bad input;
the idle timeout forgets what was typed; a Chinese question typed in Pinyin on the keys, chosen
from the candidate row, reaches the review page and the outbox in Chinese characters."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from qt_fixtures import FakeClock, find_item, sample_with, screen_text, tap

from kiosk_app.backend import KioskBackend
from kiosk_app.config import KioskConfig
from kiosk_app.core.flow import IdlePolicy
from kiosk_app.core.forms.receipt import received_in_time
from kiosk_app.qt.app import KioskUi, build_kiosk
from kiosk_app.qt.printing.backends import PdfFilePrinter
from kiosk_app.qt.speech import spoken_text
from kiosk_app.store.outbox import Outbox

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "printing"))
from readback import pdf_words
from test_lookup_flow import look_up
from test_questions_flow import open_questions, scroll_to


@pytest.fixture
def papers(tmp_path: Path) -> Path:
    return tmp_path / "papers"


@pytest.fixture
def kiosk(
    qapp: QGuiApplication,
    demo_config: KioskConfig,
    backend: KioskBackend,
    clock: FakeClock,
    papers: Path,
) -> Iterator[KioskUi]:
    config = replace(demo_config, width=1080, height=1920, idle=IdlePolicy(30, 20))
    printer = PdfFilePrinter(papers)
    ui = build_kiosk(config, backend, qapp, clock=clock, with_sound=False, printer=printer)  # type: ignore[arg-type]
    ui.window.show()
    QTest.qWaitForWindowExposed(ui.window)
    yield ui
    ui.close()


def forms_in_outbox(backend: KioskBackend) -> list[dict[str, object]]:
    return [
        json.loads(entry.payload)
        for entry in Outbox(backend.cache.connection).all_entries()
        if entry.kind == "submit_form"
    ]


def wait_for(kiosk: KioskUi, state: str, timeout_ms: int = 8000) -> None:
    waited = 0
    while kiosk.form_vm.state != state:
        assert waited < timeout_ms, f"form stayed {kiosk.form_vm.state}"
        QTest.qWait(20)
        waited += 20


def type_text(kiosk: KioskUi, text: str) -> None:
    for char in text:
        tap(kiosk, "kb_space" if char == " " else f"kb_{char}")


def tap_candidate(kiosk: KioskUi, text: str) -> None:
    """Tap the candidate ``text`` in the row above the keys, turning pages with "more"."""
    for _page in range(10):
        shown = [c["text"] for c in kiosk.form_vm.candidates]
        if text in shown:
            tap(kiosk, f"kb_candidate_{shown.index(text)}")
            return
        tap(kiosk, "kb_more_candidates")
    raise AssertionError(f"{text} is not among the candidates")


def ask_in_writing(kiosk: KioskUi) -> None:
    """Welcome → Questions → "Not here? Ask the office in writing" under the topic list."""
    open_questions(kiosk)
    scroll_to(kiosk, "questions_write_topics")
    tap(kiosk, "questions_write_topics")


def test_an_extension_application_in_arabic_is_queued_once_with_a_bilingual_receipt(
    kiosk: KioskUi, backend: KioskBackend, papers: Path
) -> None:
    today = backend.config.time.today()
    sample = sample_with(backend, "in_review")
    ends = backend.lookup.find(sample.case_number, sample.birth_date).record.permit_valid_until
    tap(kiosk, "lang_ar")
    look_up(kiosk, sample.case_number, sample.birth_date)
    assert kiosk.flow_vm.screen == "result"
    tap(kiosk, "start_form")
    assert kiosk.flow_vm.screen == "form"
    tap(kiosk, "form_choice_extend_permit")
    assert screen_text(kiosk, "form_label") == kiosk.form_vm.label != ""
    tap(kiosk, "form_yes")  # purpose unchanged
    tap(kiosk, "form_no")  # livelihood unchanged
    tap(kiosk, "form_yes")  # a valid passport: until when?
    assert kiosk.form_vm.fieldType == "date"
    find_item(kiosk, "keypad")
    for digit in "30022030":  # no 30 February
        tap(kiosk, f"key_{digit}")
    tap(kiosk, "form_next")
    error = screen_text(kiosk, "form_error")
    assert error and error != "This date does not exist."  # said in Arabic
    tap(kiosk, "key_clear")
    for digit in "31052030":
        tap(kiosk, f"key_{digit}")
    assert screen_text(kiosk, "form_draft") == "31.05.2030"
    tap(kiosk, "form_next")
    tap(kiosk, "form_yes")  # insured
    tap(kiosk, "form_yes")  # address unchanged
    assert kiosk.form_vm.fieldId == "remarks"
    assert kiosk.form_vm.keyboardLayout == "ar"  # free text: the session's own letters
    type_text(kiosk, "شكرا")
    tap(kiosk, "form_next")
    tap(kiosk, "form_yes")  # the confirmation
    assert kiosk.form_vm.state == "review"
    find_item(kiosk, "form_review_remarks")
    tap(kiosk, "form_change_health_insured")
    assert kiosk.form_vm.fieldId == "health_insured"
    tap(kiosk, "form_no")
    assert kiosk.form_vm.state == "review"  # straight back
    assert forms_in_outbox(backend) == []  # nothing leaves before "send"

    tap(kiosk, "form_submit")
    kiosk.form_vm.submit()  # a second tap while it is written: ignored
    wait_for(kiosk, "done")
    kiosk.form_vm.submit()
    (command,) = forms_in_outbox(backend)  # exactly once
    answers = {a["field"]: a for a in command["answers"]}
    assert command["form_id"] == "extend_permit" and command["language"] == "ar"
    assert command["lookup_key"]  # tied to the case
    assert answers["health_insured"]["value"] is False
    assert answers["passport_valid_until"]["value"] == "2030-05-31"
    assert answers["remarks"] == {"field": "remarks", "value": "شكرا", "language": "ar"}
    assert screen_text(kiosk, "form_reference") == command["receipt"]

    (paper,) = papers.glob("form-receipt-*.pdf")
    words = pdf_words(paper)
    assert command["receipt"] in words
    assert {"Eingangsbestätigung", "Antrag", "Verlängerung"} <= words  # German
    assert any("\u0600" <= ch <= "\u06ff" for word in words for ch in word)  # Arabic
    # The in-time note exactly when the case's permit had not ended (the next test: in time).
    assert ("Fortgeltungsfiktion" in words) == received_in_time("extend_permit", today, ends)


def test_a_question_without_a_case_in_ukrainian_says_what_is_wrong(
    kiosk: KioskUi, backend: KioskBackend
) -> None:
    ask_in_writing(kiosk)
    assert kiosk.flow_vm.screen == "form" and kiosk.form_vm.fieldId == "topic"
    kiosk.flow_vm.switchLanguage("uk")  # the top bar's language menu
    tap(kiosk, "form_code_fees")
    assert kiosk.form_vm.fieldId == "question_text"
    assert kiosk.form_vm.keyboardLayout == "uk"
    tap(kiosk, "form_next")
    required = screen_text(kiosk, "form_error")
    assert required and required != "Please answer this question."
    type_text(kiosk, "скільки")
    tap(kiosk, "form_next")
    tap(kiosk, "form_code_email")
    assert kiosk.form_vm.keyboardLayout == "latin"  # an address: Latin letters in any session
    find_item(kiosk, "kb_q")
    type_text(kiosk, "a@b")
    tap(kiosk, "form_next")
    assert screen_text(kiosk, "form_error") not in (
        "",
        "This answer does not have the expected form.",
    )
    type_text(kiosk, ".de")
    tap(kiosk, "form_next")
    assert kiosk.form_vm.state == "review"
    tap(kiosk, "form_submit")
    wait_for(kiosk, "done")
    (command,) = forms_in_outbox(backend)
    assert command["lookup_key"] is None and command["language"] == "uk"


def test_the_idle_timeout_warns_then_forgets_what_was_typed(
    kiosk: KioskUi, backend: KioskBackend, clock: FakeClock
) -> None:
    ask_in_writing(kiosk)
    tap(kiosk, "form_code_other")
    type_text(kiosk, "geheim")
    assert kiosk.form_vm.draft == "geheim"
    policy = kiosk.idle.policy
    clock.advance(policy.timeout_s - policy.warning_s + 1)
    kiosk.idle.tick()
    assert find_item(kiosk, "idle_warning").isVisible()
    assert kiosk.flow_vm.screen == "form"  # warned, nothing discarded yet
    clock.advance(policy.warning_s)
    kiosk.idle.tick()
    assert kiosk.flow_vm.screen == "welcome"
    assert kiosk.form_vm.draft == "" and kiosk.form_vm.state == "choose"
    assert forms_in_outbox(backend) == []


def test_an_extension_in_persian_before_the_permit_ends_is_received_in_time(
    kiosk: KioskUi, backend: KioskBackend, papers: Path
) -> None:
    today = backend.config.time.today()
    found = [
        (s, backend.lookup.find(s.case_number, s.birth_date).record.permit_valid_until)
        for s in backend.demo_samples
    ]
    sample, ends = next((s, e) for s, e in found if e is not None and e >= today)
    tap(kiosk, "lang_fa")
    look_up(kiosk, sample.case_number, sample.birth_date)
    kiosk.form_vm.startForCase()  # the result screen's button (below the fold here)
    assert kiosk.form_vm.formChoices[0]["id"] == "extend_permit"  # the key request comes first
    tap(kiosk, "form_choice_extend_permit")
    vm = kiosk.form_vm
    for answer in (True, False, False, True, True):  # no passport date asked: "no passport"
        vm.answerYesNo(answer)
    assert vm.fieldId == "remarks"
    vm.next()  # optional, left empty
    vm.answerYesNo(True)
    assert vm.state == "review"
    tap(kiosk, "form_submit")
    wait_for(kiosk, "done")
    assert find_item(kiosk, "form_in_time").isVisible()
    (paper,) = papers.glob("form-receipt-*.pdf")
    words = pdf_words(paper)
    assert {"rechtzeitig", "Fortgeltungsfiktion", "81"} <= words  # the German note
    assert {"تمدید", "موقع"} <= words  # and the Persian one
    assert str(ends.year) in words


def test_looking_the_case_up_again_shows_the_request_received(
    kiosk: KioskUi, backend: KioskBackend
) -> None:
    sample = sample_with(backend, "appointment_required")
    tap(kiosk, "lang_uk")
    look_up(kiosk, sample.case_number, sample.birth_date)
    assert kiosk.form_vm.caseRequests == []
    kiosk.form_vm.startForCase()
    tap(kiosk, "form_choice_lost_card")
    vm = kiosk.form_vm
    vm.chooseCode("stolen")
    for digit in "01032026":
        vm.typeKey(digit)
    vm.next()
    vm.chooseCode("in_germany")
    vm.next()  # no details
    vm.answerYesNo(False)  # not reported to the police
    assert vm.state == "review"
    vm.submit()
    wait_for(kiosk, "done")
    tap(kiosk, "form_finish")
    assert kiosk.flow_vm.screen == "welcome"

    tap(kiosk, "lang_uk")
    look_up(kiosk, sample.case_number, sample.birth_date)
    waited = 0
    while not kiosk.form_vm.caseRequests and waited < 5000:
        QTest.qWait(20)
        waited += 20
    (request,) = kiosk.form_vm.caseRequests
    assert request["status"] == "waiting"  # no gateway: in this kiosk's outbox
    item = find_item(kiosk, "case_requests")
    assert item.isVisible()
    assert "Втрата" in request["text"] or "втрат" in request["text"].lower()
    assert request["state"] == "Отримано тут, передається до відомства"


def test_a_chinese_question_is_typed_in_pinyin_and_reaches_the_review_in_characters(
    kiosk: KioskUi, backend: KioskBackend
) -> None:
    ask_in_writing(kiosk)
    kiosk.flow_vm.switchLanguage("zh_Hans")  # the top bar's language menu
    tap(kiosk, "form_code_extension")
    vm = kiosk.form_vm
    assert vm.fieldId == "question_text" and vm.keyboardLayout == "pinyin"
    row = find_item(kiosk, "kb_candidates")  # its place is kept before a letter is typed
    assert vm.candidates == [] and row.height() >= 72
    keys_top = find_item(kiosk, "kb_q").mapToScene(QPointF(0, 0)).y()

    type_text(kiosk, "shenqing")
    assert screen_text(kiosk, "kb_composition") == "shenqing"  # the Pinyin being typed
    assert screen_text(kiosk, "kb_candidate_0") == "申请"
    assert find_item(kiosk, "kb_q").mapToScene(QPointF(0, 0)).y() == keys_top  # keys stay
    tap_candidate(kiosk, "申请")
    assert vm.draft == "申请" and vm.composition == ""
    assert screen_text(kiosk, "form_draft").startswith("申请")
    gone = kiosk.item("kb_candidate_0")
    assert gone is None or not gone.isVisible()  # nothing composed: no candidates

    # Erase takes back a letter of the Pinyin while composing, then a character of the text.
    type_text(kiosk, "yan")
    tap(kiosk, "kb_erase")
    assert vm.composition == "ya" and vm.draft == "申请"
    tap(kiosk, "kb_erase")
    tap(kiosk, "kb_erase")
    assert vm.composition == ""
    tap(kiosk, "kb_erase")
    assert vm.draft == "申"
    type_text(kiosk, "qing yanchang ")  # Space takes the first candidate: 请, then 延长
    assert vm.draft == "申请延长" and vm.composition == ""
    type_text(kiosk, "woxiangjuliu")  # no word: its longest beginning is one, 我想
    tap_candidate(kiosk, "我想")
    assert vm.composition == "juliu"
    tap_candidate(kiosk, "居留")
    tap(kiosk, "kb_？")
    assert screen_text(kiosk, "form_draft") == "申请延长我想居留？|"
    type_text(kiosk, "wenti")
    tap(kiosk, "kb_。")  # punctuation takes the best candidates first
    assert vm.draft == "申请延长我想居留？问题。"
    tap(kiosk, "form_next")
    assert vm.fieldId == "reply_by"
    tap(kiosk, "form_code_at_visit")
    assert vm.state == "review"
    review = find_item(kiosk, "form_review_question_text")
    assert "申请延长我想居留？问题。" in spoken_text(review)
    tap(kiosk, "form_submit")
    wait_for(kiosk, "done")
    (command,) = forms_in_outbox(backend)
    (text,) = [a for a in command["answers"] if a["field"] == "question_text"]
    assert text == {
        "field": "question_text",
        "value": "申请延长我想居留？问题。",
        "language": "zh_Hans",
    }


def test_a_chinese_name_field_stays_latin_and_letters_can_be_kept_as_typed(
    kiosk: KioskUi,
) -> None:
    ask_in_writing(kiosk)
    kiosk.flow_vm.switchLanguage("zh_Hans")
    tap(kiosk, "form_code_other")
    type_text(kiosk, "bluecard")  # nothing fits: the letters are offered as they are
    assert kiosk.form_vm.candidates == []
    tap(kiosk, "kb_composition")
    type_text(kiosk, "wenti")
    tap(kiosk, "form_next")  # letters not chosen stay as typed
    tap(kiosk, "form_code_email")
    assert kiosk.form_vm.keyboardLayout == "latin" and not kiosk.form_vm.keyboardPinyin
    candidates = kiosk.item("kb_candidates")
    assert candidates is None or not candidates.isVisible()
    type_text(kiosk, "a@b.de")
    assert kiosk.form_vm.draft == "a@b.de"
    tap(kiosk, "form_next")
    assert kiosk.form_vm.state == "review"
    assert "bluecardwenti" in spoken_text(find_item(kiosk, "form_review_question_text"))


def test_the_idle_timeout_forgets_the_pinyin_being_typed(kiosk: KioskUi, clock: FakeClock) -> None:
    ask_in_writing(kiosk)
    kiosk.flow_vm.switchLanguage("zh_Hans")
    tap(kiosk, "form_code_other")
    type_text(kiosk, "mimi ")  # 秘密, "secret"
    type_text(kiosk, "shen")
    assert kiosk.form_vm.draft == "秘密" and kiosk.form_vm.composition == "shen"
    policy = kiosk.idle.policy
    clock.advance(policy.timeout_s - policy.warning_s + 1)
    kiosk.idle.tick()
    assert find_item(kiosk, "idle_warning").isVisible()
    assert kiosk.form_vm.composition == "shen"  # warned, nothing discarded yet
    clock.advance(policy.warning_s)
    kiosk.idle.tick()
    assert kiosk.flow_vm.screen == "welcome"
    assert kiosk.form_vm.draft == "" and kiosk.form_vm.composition == ""
    assert kiosk.form_vm.candidates == []
