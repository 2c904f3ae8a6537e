"""Right-to-left (ar, fa): the layout mirrors, the keypad and case numbers do not."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRect
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtQuick import QQuickItem
from qml_tree import visible_items
from screens import ALL_SCREENS, reach, settle

from kiosk_app.backend import KioskBackend
from kiosk_app.qt.app import KioskUi

RTL = ("ar", "fa")


def _centre_x(item: QQuickItem) -> float:
    return item.mapToScene(QPointF(item.width() / 2, item.height() / 2)).x()


@pytest.mark.parametrize("lang", [*RTL, "de"])
@pytest.mark.parametrize("screen", [s for s in ALL_SCREENS if s != "welcome"])
def test_back_sits_on_the_reading_side(
    a11y_kiosk: KioskUi, backend: KioskBackend, screen: str, lang: str
) -> None:
    reach(a11y_kiosk, backend, screen, lang)
    back = a11y_kiosk.item("back")
    if back is None or not back.isVisible():
        pytest.skip(f"the {screen} screen has no back button")
    half = a11y_kiosk.window.width() / 2
    if lang in RTL:
        assert _centre_x(back) > half, f"{screen} in {lang}: back is not on the right"
    else:
        assert _centre_x(back) < half, f"{screen} in {lang}: back is not on the left"


@pytest.mark.parametrize("lang", RTL)
def test_keypad_reads_like_a_phone(a11y_kiosk: KioskUi, backend: KioskBackend, lang: str) -> None:
    reach(a11y_kiosk, backend, "lookup", lang)
    for row in ("123", "456", "789"):
        xs = [_centre_x(a11y_kiosk.item(f"key_{digit}")) for digit in row]
        assert xs == sorted(xs), f"{lang}: keys {' '.join(row)} are not left to right"
    clear, zero, erase = (_centre_x(a11y_kiosk.item(f"key_{k}")) for k in ("clear", "0", "erase"))
    assert clear < zero < erase, f"{lang}: the bottom row is not clear, 0, erase"


def _grab(ui: KioskUi, item: QQuickItem) -> QImage:
    image = QGuiApplication.primaryScreen().grabWindow(ui.window.winId()).toImage()
    corner = item.mapToScene(QPointF(0, 0))
    return image.copy(
        QRect(int(corner.x()), int(corner.y()), int(item.width()), int(item.height()))
    )


def _mono_text_in(ui: KioskUi, name: str) -> QQuickItem:
    """The monospaced value text in (or named) ``name``: case numbers and dates use it."""
    holder = ui.item(name)
    assert holder is not None, f"no {name}"
    for item in visible_items(holder):
        if item.inherits("QQuickText") and item.property("font").family() == "DejaVu Sans Mono":
            return item
    raise AssertionError(f"no monospaced text in {name}")


@pytest.mark.parametrize("lang", RTL)
@pytest.mark.parametrize(
    ("screen", "names"),
    [
        ("lookup", ("case_field", "birth_field")),
        ("result", ("masked_case_number",)),
        ("checklist", ("checklist_case_number", "checklist_reference")),
    ],
)
def test_case_numbers_and_dates_look_the_same_as_in_english(
    a11y_kiosk: KioskUi, backend: KioskBackend, screen: str, names: tuple[str, ...], lang: str
) -> None:
    """Same pixels as in English: nothing in a case number, date or reference is reordered.
    The screen is reached in ``lang`` and switched to English in place (same case, same code)."""
    reach(a11y_kiosk, backend, screen, lang)
    if screen == "lookup":
        for digit in "2025":
            a11y_kiosk.lookup_vm.typeDigit(digit)
        a11y_kiosk.lookup_vm.switchField("birth")
        for digit in "311219":
            a11y_kiosk.lookup_vm.typeDigit(digit)
        a11y_kiosk.lookup_vm.switchField("case")
        settle(100)
    mirrored = [_grab(a11y_kiosk, _mono_text_in(a11y_kiosk, n)) for n in names]
    a11y_kiosk.switcher.switch("en")
    settle(100)
    assert a11y_kiosk.flow_vm.screen == screen
    english = [_grab(a11y_kiosk, _mono_text_in(a11y_kiosk, n)) for n in names]
    for name, left, right in zip(names, english, mirrored, strict=True):
        assert left.size() == right.size(), f"{name}: another size in {lang}"
        assert left == right, f"{screen}: {name} renders differently in {lang} (reordered?)"
