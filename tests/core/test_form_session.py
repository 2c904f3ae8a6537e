"""A resident filling in a form step by step (issue 17): one shown question per step, answers
checked as they are given, the review with "change", hidden answers dropped; the keyboard
layout each field gets."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk_app.core.forms.definition import load_forms
from kiosk_app.core.forms.keyboards import LATIN, layout_for
from kiosk_app.core.forms.session import FormSession, day_from_digits

TODAY = date(2026, 3, 11)
FORMS = load_forms()


def session(form_id: str, language: str = "ar") -> FormSession:
    return FormSession(FORMS[form_id], language, TODAY)


def ids(s: FormSession) -> list[str]:
    return [f.id for f in s.steps()]


def test_an_extension_application_asks_one_shown_question_per_step() -> None:
    s = session("extend_permit")
    assert s.current().id == "purpose_unchanged"
    assert "new_purpose" not in ids(s)
    assert s.submit_step(False) is None  # the purpose changed: now asks which
    assert s.current().id == "new_purpose"
    assert s.submit_step("study") is None
    assert s.current().id == "livelihood_changed"
    assert s.step_number() == (3, len(s.steps()))


def test_wrong_answers_stay_on_the_step_with_their_code() -> None:
    s = session("question")
    assert s.submit_step("") == "required"
    assert s.submit_step("nonsense") == "unknown_code"
    assert s.submit_step("fees") is None
    assert s.submit_step("Hi") == "too_short"
    assert s.submit_step("x" * 1001) == "too_long"
    assert s.current().id == "question_text"
    assert s.submit_step("متى موعدي القادم؟") is None
    assert s.answers["question_text"].language == "ar"  # free text tagged with its language
    assert s.submit_step("email") is None
    assert s.current().id == "email"
    assert s.submit_step("سارة@example.org") == "not_latin"
    assert s.submit_step("no-at-sign") == "bad_pattern"
    assert s.submit_step("sara@example.org") is None
    assert s.reviewing
    assert s.errors() == {}


def test_an_impossible_date_and_one_out_of_range_are_refused() -> None:
    assert day_from_digits("30022027") is None
    assert day_from_digits("3102") is None
    assert day_from_digits("31052030") == "2030-05-31"
    s = session("extend_permit")
    for answer in (True, False, True):
        s.submit_step(answer)
    assert s.current().id == "passport_valid_until"
    assert s.submit_step(day_from_digits("30022027")) == "bad_date"
    assert s.submit_step("2026-03-10") == "date_too_early"
    assert s.submit_step("2040-01-01") == "date_too_late"
    assert s.submit_step("2030-05-31") is None


def test_changing_an_answer_on_the_review_drops_what_it_hides_and_returns() -> None:
    s = session("question")
    for value in ("fees", "Wie hoch ist die Gebühr?", "phone", "+49 6151 123456"):
        assert s.submit_step(value) is None
    assert s.reviewing and "phone" in s.answers
    s.change("reply_by")
    assert s.current().id == "reply_by" and not s.reviewing
    assert s.submit_step("at_visit") is None
    assert s.reviewing  # nothing new to ask: straight back to the review
    assert "phone" not in s.answers and "phone" not in ids(s)
    s.change("reply_by")
    assert s.submit_step("email") is None
    assert s.current().id == "email"  # the new answer opened a question
    assert s.submit_step("a@b.de") is None and s.reviewing


def test_back_steps_back_and_stops_at_the_first_question() -> None:
    s = session("lost_card")
    assert not s.back()
    s.submit_step("stolen")
    assert s.back() and s.current().id == "what_happened"
    assert s.value("what_happened") == "stolen"  # kept to show again


def test_an_optional_text_left_empty_is_not_an_answer() -> None:
    s = session("lost_card")
    s.submit_step("lost")
    s.submit_step("2026-03-01")
    s.submit_step("in_germany")
    assert s.current().id == "incident_details"
    assert s.submit_step("   ") is None
    assert "incident_details" not in s.answers


@pytest.mark.parametrize("language", ["ar", "fa", "uk", "ru", "zh_Hans", "de"])
def test_latin_fields_get_the_latin_keyboard_in_every_session(language: str) -> None:
    assert layout_for("latin_text", language) is LATIN


def test_free_text_gets_the_sessions_own_letters() -> None:
    arabic = layout_for("text", "ar")
    assert arabic.right_to_left and "ض" in arabic.rows[1]
    assert "ї" in layout_for("text", "uk").rows[1]
    assert "چ" in layout_for("text", "fa").rows[1]
    chinese = layout_for("text", "zh_Hans")  # Pinyin letters and Chinese punctuation
    assert chinese.pinyin and not LATIN.pinyin and not chinese.shift
    keys = {key for row in chinese.rows for key in row}
    assert set("abcdefghijklmnopqrstuvwxyz'") | set("，。？！、") <= keys
