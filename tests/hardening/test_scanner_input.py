"""A HID-wedge scanner's burst reaches the scan handler, never the field that has focus."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtQml import QQmlComponent
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest
from qt_fixtures import tap

from kiosk_app.qt.app import KioskUi
from kiosk_app.qt.scanner_input import ScannerInput

# The lookup screen is keypad-only today; a focused text field stands in for any field a
# hardware keyboard (or a scanner posing as one) could type into.
FIELD_QML = b"""
import QtQuick
TextInput { objectName: "typed_field"; width: 400; height: 60; focus: true }
"""


def type_keys(kiosk: KioskUi, text: str) -> None:
    """Key presses back to back, microseconds apart: as fast as a scanner, or faster."""
    for char in text:
        QTest.keyClick(kiosk.window, char)


@pytest.fixture
def field(kiosk: KioskUi) -> Iterator[QQuickItem]:
    tap(kiosk, "lang_en")  # on the lookup screen, where a case number would be typed
    component = QQmlComponent(kiosk.engine)
    component.setData(FIELD_QML, QUrl())
    item = component.create()
    assert isinstance(item, QQuickItem), component.errors()
    item.setParentItem(kiosk.window.contentItem())
    item.forceActiveFocus()
    yield item
    item.deleteLater()


@pytest.fixture
def scans(qapp: QGuiApplication, kiosk: KioskUi) -> Iterator[list[str]]:
    received: list[str] = []
    scanner = ScannerInput(kiosk.window, received.append)
    qapp.installEventFilter(scanner)
    yield received
    qapp.removeEventFilter(scanner)


def test_a_scanner_burst_is_recognised_and_not_typed(
    kiosk: KioskUi, field: QQuickItem, scans: list[str]
) -> None:
    type_keys(kiosk, "DA2025001234")
    QTest.keyClick(kiosk.window, Qt.Key.Key_Return)
    QTest.qWait(100)

    assert scans == ["DA2025001234"]
    assert field.property("text") == ""
    assert kiosk.lookup_vm.caseDigits == ""


def test_a_person_typing_still_reaches_the_field(
    kiosk: KioskUi, field: QQuickItem, scans: list[str]
) -> None:
    for char in "4711":
        type_keys(kiosk, char)
        QTest.qWait(80)  # a fast typist: still several times slower than a scanner
    QTest.keyClick(kiosk.window, Qt.Key.Key_Backspace)
    QTest.qWait(50)

    assert scans == []
    assert field.property("text") == "471"
