"""Form definitions (issue 17): every one loads, conditions and constraints give the error
codes a screen shows, the German rendition is exact and flags free text, and no form asks
for data the office does not need."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk_app.core.forms.definition import FormDefinitionError, load_forms, parse_form
from kiosk_app.core.forms.engine import ERROR_CODES, Answer, validate, visible_fields
from kiosk_app.core.forms.german import FOREIGN_TEXT_NOTE, render_german
from kiosk_app.core.forms.markers import STRINGS_FILE, markers_source
from kiosk_app.core.languages import LANGUAGES

TODAY = date(2026, 3, 11)
FORMS = load_forms()

# Every field any form may ask. A new field is added here on purpose, with its reason in the
# definition's ``why`` and in docs/forms.md: no height, eye colour, religion or the like.
ALLOWED_FIELDS = {
    "extend_permit": {
        "purpose_unchanged",
        "new_purpose",
        "livelihood_changed",
        "income_sources",
        "new_employer",
        "passport_valid",
        "passport_valid_until",
        "health_insured",
        "address_unchanged",
        "remarks",
        "confirm_truth",
    },
    "lost_card": {
        "what_happened",
        "incident_date",
        "incident_place",
        "incident_details",
        "police_reported",
        "police_report_number",
    },
    "transfer_passport": {
        "reason",
        "new_passport_number",
        "new_passport_valid_until",
        "same_issuing_state",
        "old_passport_available",
    },
    "address_change": {
        "street",
        "house_number",
        "address_addition",
        "postcode",
        "city",
        "moving_date",
        "registered",
    },
    "question": {"topic", "question_text", "reply_by", "email", "phone"},
}


def extension(**changes: Answer) -> dict[str, Answer]:
    answers = {
        "purpose_unchanged": Answer(True),
        "livelihood_changed": Answer(True),
        "income_sources": Answer(["employment", "family_support"]),
        "new_employer": Answer("Müller Logistik GmbH"),
        "passport_valid": Answer(True),
        "passport_valid_until": Answer("2030-05-31"),
        "health_insured": Answer(True),
        "address_unchanged": Answer(True),
        "confirm_truth": Answer(True),
    }
    answers.update(changes)
    return answers


def test_the_five_forms_load_and_ask_only_the_allowed_fields() -> None:
    assert set(FORMS) == set(ALLOWED_FIELDS)
    for form_id, form in FORMS.items():
        assert {f.id for f in form.fields} == ALLOWED_FIELDS[form_id]
        words = " ".join(form.texts()).lower()
        for needless in ("größe", "augenfarbe", "religion", "körper"):
            assert needless not in words
    assert FORMS["question"].case == "optional"
    assert {f.case for f in FORMS.values() if f.id != "question"} == {"required"}


def test_the_gettext_markers_are_in_sync_with_the_definitions() -> None:
    assert STRINGS_FILE.read_text(encoding="utf-8") == markers_source()


def test_a_definition_with_a_condition_on_an_unknown_field_is_refused() -> None:
    data = {
        "id": "bad",
        "version": 1,
        "title": "T",
        "sections": [
            {
                "id": "s",
                "title": "S",
                "fields": [
                    {
                        "id": "a",
                        "type": "yes_no",
                        "label": "A",
                        "why": "w",
                        "show_if": {"field": "b", "equals": True},
                    }
                ],
            }
        ],
    }
    with pytest.raises(FormDefinitionError, match="earlier field"):
        parse_form(data, "bad")
    data["sections"][0]["fields"][0]["show_if"] = None  # type: ignore[index]
    data["sections"][0]["fields"][0]["type"] = "height_cm"  # type: ignore[index]
    with pytest.raises(FormDefinitionError, match="type"):
        parse_form(data, "bad")


def test_conditions_show_follow_up_questions_only_after_the_answer() -> None:
    form = FORMS["extend_permit"]
    unchanged = extension(
        livelihood_changed=Answer(False), income_sources=Answer([]), new_employer=Answer("")
    )
    del unchanged["income_sources"], unchanged["new_employer"]
    ids = [f.id for f in visible_fields(form, unchanged)]
    assert "new_purpose" not in ids and "income_sources" not in ids and "new_employer" not in ids
    assert validate(form, unchanged, TODAY) == {}
    changed = extension(purpose_unchanged=Answer(False))
    assert validate(form, changed, TODAY) == {"new_purpose": "required"}
    changed["new_purpose"] = Answer("study")
    assert validate(form, changed, TODAY) == {}
    # The employer is asked only when employment is among the sources.
    no_work = extension(income_sources=Answer(["pension"]))
    assert validate(form, no_work, TODAY) == {"new_employer": "not_shown"}


@pytest.mark.parametrize(
    ("form_id", "field_id", "answer", "code"),
    [
        ("address_change", "street", Answer("شارع الملك"), "not_latin"),
        ("address_change", "postcode", Answer("1234"), "bad_pattern"),
        ("address_change", "street", Answer("S" * 81), "too_long"),
        ("address_change", "moving_date", Answer("2026-02-30"), "bad_date"),
        ("address_change", "moving_date", Answer("2026-07-01"), "date_too_late"),
        ("lost_card", "incident_date", Answer("2026-03-12"), "date_too_early_or_late"),
        ("lost_card", "what_happened", Answer("burnt"), "unknown_code"),
        ("extend_permit", "confirm_truth", Answer(False), "must_be_yes"),
        ("extend_permit", "remarks", Answer("نص"), "language_missing"),
        ("extend_permit", "passport_valid", Answer("ja"), "wrong_type"),
        ("question", "question_text", Answer("Hi", "en"), "too_short"),
        ("question", "height_cm", Answer("180"), "unknown_field"),
    ],
)
def test_constraints_give_their_error_code(
    form_id: str, field_id: str, answer: Answer, code: str
) -> None:
    form = FORMS[form_id]
    errors = validate(form, {field_id: answer}, TODAY)
    expected = "date_too_late" if code == "date_too_early_or_late" else code
    assert errors[field_id] == expected
    assert expected in ERROR_CODES


def test_a_latin_address_with_accents_passes() -> None:
    answers = {
        "street": Answer("Çiçek-Straße"),
        "house_number": Answer("12a"),
        "postcode": Answer("10115"),
        "city": Answer("Berlin"),
        "moving_date": Answer("2026-03-01"),
        "registered": Answer(True),
    }
    assert validate(FORMS["address_change"], answers, TODAY) == {}
    answers.pop("city")
    assert validate(FORMS["address_change"], answers, TODAY) == {"city": "required"}


def test_german_rendition_of_an_arabic_extension_is_exact_and_flags_free_text() -> None:
    form = FORMS["extend_permit"]
    answers = extension(remarks=Answer("أعمل الآن في شركة جديدة منذ يناير", "ar"))
    assert validate(form, answers, TODAY) == {}
    rendered = render_german(form, answers)
    flat = [(a.label, a.text, a.note) for s in rendered for a in s.answers]
    assert [s.title for s in rendered] == [
        "Zweck des Aufenthalts",
        "Lebensunterhalt",
        "Pass und Krankenversicherung",
        "Anschrift",
        "Abschluss",
    ]
    assert flat == [
        ("Besteht der Zweck Ihres Aufenthalts unverändert fort?", "Ja", None),
        (
            "Haben sich Ihr Arbeitgeber oder Ihr Einkommen seit der letzten Erteilung geändert?",
            "Ja",
            None,
        ),
        ("Wovon leben Sie jetzt?", "Beschäftigung; Unterhalt durch Familienangehörige", None),
        ("Name des neuen Arbeitgebers", "Müller Logistik GmbH", None),
        ("Haben Sie einen gültigen Pass?", "Ja", None),
        ("Bis wann ist Ihr Pass gültig?", "31.05.2030", None),
        ("Sind Sie weiterhin krankenversichert?", "Ja", None),
        ("Wohnen Sie noch unter der Anschrift, die der Behörde bekannt ist?", "Ja", None),
        (
            "Möchten Sie der Behörde noch etwas mitteilen?",
            "أعمل الآن في شركة جديدة منذ يناير",
            f"{FOREIGN_TEXT_NOTE} (Sprache: Arabisch)",
        ),
        ("Ich versichere, dass meine Angaben richtig und vollständig sind.", "Ja", None),
    ]
    # The same answers given in a German session render the same, but for the flag.
    german = render_german(form, extension(remarks=Answer("Neue Firma seit Januar", "de")))
    assert german[-1].answers[0].note is None


@pytest.mark.parametrize("language", [language.code for language in LANGUAGES])
def test_every_form_text_is_translated_in_every_language(language: str) -> None:
    from babel.messages.pofile import read_po

    from kiosk_app.core import i18n

    path = i18n.LOCALE_DIR / language / "LC_MESSAGES" / "kiosk_app.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    texts = {t for form in FORMS.values() for t in form.texts()}
    missing = [t for t in texts if not (catalog.get(t) and catalog.get(t).string)]
    assert missing == []
    if language == "de":  # the definitions are German: the German catalog repeats them exactly
        assert all(catalog.get(t).string == t for t in texts)


def test_every_error_code_has_a_message_in_every_language() -> None:
    from kiosk_app.core import i18n
    from kiosk_app.core.forms.messages import FORM_ERROR_MESSAGES, error_message

    assert set(FORM_ERROR_MESSAGES) == set(ERROR_CODES)
    before = i18n.active_language()
    try:
        for language in LANGUAGES:
            catalog = i18n.activate(language.code)
            for code, source in FORM_ERROR_MESSAGES.items():
                translated = catalog.gettext(source)
                assert (translated == source) == (language.code == "en"), (language.code, code)
        i18n.activate("ar")
        assert error_message("not_latin") == "يرجى استخدام الأحرف اللاتينية (A–Z) هنا."
        i18n.activate("de")
        assert error_message("required") == "Bitte beantworten Sie diese Frage."
    finally:
        i18n.activate(before)
