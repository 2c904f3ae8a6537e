import gettext
from datetime import datetime

import pytest

from kiosk_app.core import i18n
from kiosk_app.core.errors import CaseNotFound, NumberPaused
from kiosk_app.core.languages import LANGUAGES, is_right_to_left
from kiosk_app.core.messages import user_message


class FakeCatalog(gettext.NullTranslations):
    def __init__(self, table: dict[str, str]) -> None:
        super().__init__()
        self.table = table

    def gettext(self, message: str) -> str:
        return self.table.get(message, message)


@pytest.fixture
def catalog(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    table: dict[str, str] = {}
    monkeypatch.setattr(i18n, "_active", FakeCatalog(table))
    return table


def test_placeholders_are_named_fields() -> None:
    assert i18n.placeholders("From {start} to {end}, {{literal}}") == {"start", "end"}


def test_translation_with_renamed_placeholder_falls_back_to_source(catalog: dict[str, str]) -> None:
    catalog["Please wait until {time}."] = "Bitte warten bis {zeit}."
    assert i18n._("Please wait until {time}.") == "Please wait until {time}."
    catalog["Please wait until {time}."] = "Bitte warten bis {time}."
    assert i18n._("Please wait until {time}.") == "Bitte warten bis {time}."


def test_every_error_has_a_translated_message(catalog: dict[str, str]) -> None:
    catalog[
        "We could not find a case with this number and date of birth. "
        "Please check both, or ask at the counter."
    ] = "Nicht gefunden."
    assert user_message(CaseNotFound()) == "Nicht gefunden."
    paused = user_message(NumberPaused(datetime(2026, 11, 26, 9, 45)))
    assert "9:45" in paused


def test_ten_launch_languages_two_right_to_left() -> None:
    assert len(LANGUAGES) == 10
    assert {lang.code for lang in LANGUAGES if is_right_to_left(lang.code)} == {"ar", "fa"}


def test_an_unanswered_move_does_not_claim_nothing_happened(catalog: dict[str, str]) -> None:
    from kiosk_app.core.appointments import BookingUnconfirmed, MoveUnconfirmed

    booking = user_message(BookingUnconfirmed("timeout"))
    move = user_message(MoveUnconfirmed("timeout"))
    assert "nothing was booked" in booking
    assert move != booking and "nothing was booked" not in move and "moved" in move
