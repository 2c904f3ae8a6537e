"""The language can be changed on every screen (top bar), without losing the screen or what was
typed, and the screen re-reads in the new language at once (mirrored for ar and fa)."""

from __future__ import annotations

from PySide6.QtCore import QPointF
from qt_fixtures import find_item, sample_with, screen_text, tap, type_on_keypad

from kiosk_app.backend import KioskBackend
from kiosk_app.core.i18n import _, activate
from kiosk_app.core.statuses import STATUS_TEXTS, CaseStatus
from kiosk_app.qt.app import KioskUi


def digits(text: str) -> str:
    return "".join(char for char in text if char.isdigit())


def switch_to(kiosk: KioskUi, code: str) -> None:
    tap(kiosk, "language_menu")
    assert kiosk.flow_vm.languageMenuOpen
    tap(kiosk, f"menu_lang_{code}")
    assert not kiosk.flow_vm.languageMenuOpen


def test_switching_on_the_lookup_screen_keeps_what_was_typed(
    kiosk: KioskUi, backend: KioskBackend
) -> None:
    sample = sample_with(backend, "in_review")
    tap(kiosk, "lang_en")
    type_on_keypad(kiosk, digits(sample.case_number)[:6])
    typed = kiosk.lookup_vm.caseDisplay

    switch_to(kiosk, "de")
    assert kiosk.flow_vm.screen == "lookup"
    assert kiosk.lookup_vm.caseDisplay == typed
    assert "Zurück" in screen_text(kiosk, "back")
    assert screen_text(kiosk, "language_menu") == "Deutsch"


def test_switching_on_the_result_screen_rereads_the_status_in_arabic(
    kiosk: KioskUi, backend: KioskBackend
) -> None:
    sample = sample_with(backend, "documents_missing")
    tap(kiosk, "lang_en")
    type_on_keypad(kiosk, digits(sample.case_number))
    type_on_keypad(kiosk, digits(sample.birth_date))
    tap(kiosk, "submit")
    assert kiosk.flow_vm.screen == "result"

    switch_to(kiosk, "ar")
    assert kiosk.flow_vm.screen == "result"  # the same case, still shown
    assert kiosk.flow_vm.isRightToLeft
    activate("ar")
    assert screen_text(kiosk, "status_title") == _(STATUS_TEXTS[CaseStatus.DOCUMENTS_MISSING].title)
    back = find_item(kiosk, "back")
    home = find_item(kiosk, "home")
    assert back.mapToScene(QPointF(0, 0)).x() > home.mapToScene(QPointF(0, 0)).x()


def test_beside_the_panel_or_back_closes_the_menu_without_a_change(kiosk: KioskUi) -> None:
    tap(kiosk, "lang_fr")
    tap(kiosk, "language_menu")
    tap(kiosk, "language_menu_close")
    assert not kiosk.flow_vm.languageMenuOpen
    assert kiosk.flow_vm.language == "fr"


def test_the_menu_is_closed_when_the_session_starts_over(kiosk: KioskUi) -> None:
    tap(kiosk, "lang_en")
    tap(kiosk, "language_menu")
    kiosk.flow_vm.home()
    assert kiosk.flow_vm.screen == "welcome"
    assert not kiosk.flow_vm.languageMenuOpen
