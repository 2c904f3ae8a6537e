"""Nothing on the entry screen moves while someone types (issue 12, item 3): an error message
has its own room, so keypad and "Check status" stay where the finger expects them, and the
button stays above the accessibility bar. The same for the buttons that end the checklist and
the booking confirmation: in view without scrolling. Every language, normal and large text
(with high contrast), with the status line of an enrolled kiosk at the foot of the screen.

One kiosk serves the whole module: each case starts a fresh session on it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtCore import Qt as QtNs
from PySide6.QtGui import QGuiApplication
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest
from qml_tree import scene_rect
from qt_fixtures import FakeClock
from screens import SERVICE, grant_leases, settle, wait_for

from kiosk_app.backend import KioskBackend, open_backend
from kiosk_app.config import KioskConfig
from kiosk_app.core.case_number import CaseNumber
from kiosk_app.core.errors import BirthDateInvalid, NumberLooksMistyped
from kiosk_app.core.flow import IdlePolicy
from kiosk_app.core.languages import LANGUAGES
from kiosk_app.core.messages import user_message
from kiosk_app.qt.app import KioskUi, build_kiosk
from sync.engine import SyncStatus

LANGS = [lang.code for lang in LANGUAGES]
MODES = {"normal": (False, False), "large-text-high-contrast": (True, True)}
KEYS = tuple(f"key_{name}" for name in (*"1234567890", "erase", "clear"))
WATCHED = (*KEYS, "submit", "case_field", "birth_field")
SLACK = 1.0  # px of rounding
LAST_SYNC = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def steady(
    qapp: QGuiApplication, seeded_state: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[KioskUi, KioskBackend]]:
    state = tmp_path_factory.mktemp("steady") / "state"
    shutil.copytree(seeded_state, state)  # keeps the key file's 0600 mode
    config = replace(
        KioskConfig(state_dir=state, demo=True),
        width=1080,
        height=1920,
        idle=IdlePolicy(600, 30),
        speech_engine="mock",
    )
    backend = open_backend(config)
    grant_leases(backend)
    ui = build_kiosk(config, backend, qapp, clock=FakeClock(), with_sound=False)
    ui.window.show()
    QTest.qWaitForWindowExposed(ui.window)
    # An enrolled kiosk shows its status line below the accessibility bar: less room above.
    ui.sync_bridge.report(SyncStatus(True, LAST_SYNC, pending_commands=0, parked_commands=0))
    settle()
    yield ui, backend
    ui.close()
    backend.close()


def start_session(ui: KioskUi, lang: str, mode: str) -> None:
    """A new resident: home, language, then larger text and high contrast if the mode says."""
    if ui.flow_vm.screen != "welcome":
        ui.flow_vm.home()
    ui.flow_vm.chooseLanguage(lang)
    set_mode(ui, mode)


def set_mode(ui: KioskUi, mode: str) -> None:
    large, contrast = MODES[mode]
    a11y = ui.accessibility
    if a11y.largeText != large:
        a11y.toggleLargeText()
    if a11y.highContrast != contrast:
        a11y.toggleHighContrast()
    settle()


def item(ui: KioskUi, name: str) -> QQuickItem:
    found = ui.item(name)
    assert found is not None and found.isVisible(), f"{name} is not on the {ui.flow_vm.screen}"
    return found


def rects(ui: KioskUi) -> dict[str, tuple[float, ...]]:
    return {name: tuple(round(v, 1) for v in scene_rect(item(ui, name))) for name in WATCHED}


def screen_area(ui: KioskUi) -> tuple[float, float]:
    """Top and bottom of the screens' area: below the top of the window, above the
    accessibility bar (and the status line under it)."""
    _x, top, _w, _h = scene_rect(item(ui, "screen_loader"))
    _bx, bar_top, _bw, _bh = scene_rect(item(ui, "a11y_bar"))
    return top, bar_top


def out_of_view(ui: KioskUi, names: tuple[str, ...]) -> list[str]:
    """Which of ``names`` are not wholly visible between the top bar and the accessibility
    bar (a button scrolled below the fold counts as not visible)."""
    top, bottom = screen_area(ui)
    width = ui.window.width()
    hidden = []
    for name in names:
        x, y, w, h = scene_rect(item(ui, name))
        if y < top - SLACK or y + h > bottom + SLACK or x < -SLACK or x + w > width + SLACK:
            hidden.append(f"{name} at y {y:.0f}..{y + h:.0f} (visible: {top:.0f}..{bottom:.0f})")
    return hidden


def press(ui: KioskUi, where: dict[str, tuple[float, ...]], *names: str) -> None:
    """Taps where the items were when the resident looked, as a quick finger does (it does not
    wait to see whether something moved)."""
    for name in names:
        x, y, w, h = where[name]
        point = QPoint(round(x + w / 2), round(y + h / 2))
        QTest.mouseClick(
            ui.window, QtNs.MouseButton.LeftButton, QtNs.KeyboardModifier.NoModifier, point
        )
        settle(30)


def digits(text: str) -> list[str]:
    return [f"key_{char}" for char in text if char.isdigit()]


def shown_whole(ui: KioskUi, expected: str) -> None:
    """The error says ``expected`` (any error when empty), every line of it inside its item,
    between the top bar and the keypad."""
    error = item(ui, "lookup_error")
    text = str(error.property("text"))
    assert text and (not expected or text == expected), text
    assert not error.property("truncated"), f"cut short: {text!r}"
    assert error.property("contentHeight") <= error.height() + SLACK, f"overflows: {text!r}"
    _x, y, _w, h = scene_rect(error)
    top, _bottom = screen_area(ui)
    assert y >= top - SLACK and y + h <= scene_rect(item(ui, "key_1"))[1], "error hidden"


def mistyped(number: str) -> str:
    """``number`` (DA-YYYY-NNNNNN-C) with a wrong check digit."""
    check = int(number[-1])
    return number[:-1] + str((check + 1) % 10)


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("lang", LANGS)
def test_nothing_on_the_entry_screen_moves_while_typing(
    steady: tuple[KioskUi, KioskBackend], lang: str, mode: str
) -> None:
    ui, backend = steady
    start_session(ui, lang, mode)
    assert ui.flow_vm.screen == "lookup"
    looked = rects(ui)
    assert not out_of_view(ui, WATCHED), out_of_view(ui, WATCHED)
    # The fields are not under the keypad: the resident sees what they type.
    field_bottom = looked["birth_field"][1] + looked["birth_field"][3]
    assert field_bottom <= looked["key_1"][1], "the date of birth is hidden behind the keypad"

    sample = next(s for s in backend.demo_samples if s.birth_date != "17.04.1980")
    wrong = mistyped(CaseNumber.parse(sample.case_number).canonical)
    press(ui, looked, *digits(wrong.removeprefix("DA")), "submit")  # no date of birth yet
    shown_whole(ui, user_message(BirthDateInvalid("")))
    assert rects(ui) == looked

    # The finger goes where the keys were: every digit lands (issue: 17041980 → "40.__.____").
    press(ui, looked, *digits("17041980"))
    assert ui.lookup_vm.birthDisplay == "17.04.1980"
    assert ui.lookup_vm.errorText == ""
    assert rects(ui) == looked

    press(ui, looked, "submit")
    shown_whole(ui, user_message(NumberLooksMistyped(wrong)))
    assert rects(ui) == looked
    press(ui, looked, "key_erase")  # the next key press takes the message away, nothing moves
    assert ui.lookup_vm.errorText == "" and rects(ui) == looked

    # The longest message: a real number with a date of birth that does not belong to it.
    press(ui, looked, "case_field", "key_clear", *digits(sample.case_number.removeprefix("DA")))
    press(ui, looked, "submit")
    assert ui.flow_vm.screen == "lookup"
    shown_whole(ui, "")  # not found, or paused after many attempts: either way, whole
    assert rects(ui) == looked
    assert not out_of_view(ui, ("submit",))


def longest_checklist(ui: KioskUi) -> tuple[str, str]:
    catalog = ui.catalog.current
    pairs = [(permit, service) for permit in catalog.permit_types for service in catalog.services]
    return max(pairs, key=lambda pair: len(catalog.documents_for(*pair)))


def test_print_and_done_are_in_view_without_scrolling(
    steady: tuple[KioskUi, KioskBackend],
) -> None:
    """The checklist (the longest the catalog makes) and the booking confirmation (also as
    the version to photograph): "Print" and "Done" / "Back to my status" need no scrolling,
    in every language, normal and large text."""
    ui, backend = steady
    hidden: list[str] = []

    def check(screen: str, names: tuple[str, ...]) -> None:
        for mode in MODES:
            set_mode(ui, mode)
            for lang in LANGS:
                ui.flow_vm.switchLanguage(lang)  # in place, as from the language menu
                settle()
                assert ui.flow_vm.screen == screen
                hidden.extend(f"{screen} [{lang}, {mode}]: {why}" for why in out_of_view(ui, names))

    ui.flow_vm.home()
    ui.browse_vm.start()  # a checklist without a case: what to bring for a service
    ui.checklist_vm.open_generic(*longest_checklist(ui))
    check("checklist", ("print", "show_for_photo", "checklist_done"))

    start_session(ui, "en", "normal")
    sample = next(s for s in backend.demo_samples if s.status == "appointment_required")
    vm = ui.lookup_vm
    for char in sample.case_number.removeprefix("DA") + sample.birth_date:
        if char.isdigit():
            vm.typeDigit(char)
    vm.submit()
    booking = ui.booking_vm
    booking.startBooking()
    booking.chooseService(SERVICE)
    booking.chooseDay(next(str(c["iso"]) for c in booking.calendar if c["enabled"]))
    booking.chooseTime(str(booking.times[0]["slotId"]))
    booking.confirm()
    wait_for(lambda: ui.flow_vm.screen == "booked", "the booking to be confirmed")
    check("booked", ("booking_print", "booking_show_for_photo", "booking_finish"))
    booking.booked.showForPhoto()
    check("booked", ("booking_print", "booking_finish", "qr_card"))
    assert not hidden, "\n".join(hidden)
