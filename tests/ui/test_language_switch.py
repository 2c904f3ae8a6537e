"""One switch changes catalog, QML strings, Python-made strings, direction and locale."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtGui import QGuiApplication
from qt_fixtures import FakeClock, find_item, sample_with, screen_text, tap

from kiosk_app.backend import KioskBackend
from kiosk_app.config import KioskConfig
from kiosk_app.core.statuses import STATUS_TEXTS, CaseStatus
from kiosk_app.qt.app import KioskUi, build_kiosk

GERMAN = {
    "Check the status of your application": "Den Stand Ihres Antrags prüfen",
    "Back": "Zurück",
    STATUS_TEXTS[CaseStatus.IN_REVIEW].title: "Wir bearbeiten Ihren Antrag",
}


@pytest.fixture
def german_catalog(tmp_path: Path) -> Path:
    """A small compiled German catalog, so the test does not depend on locales/ being done."""
    catalog = Catalog(locale="de", domain="kiosk_app")
    for source, translation in GERMAN.items():
        catalog.add(source, translation)
    target = tmp_path / "locales" / "de" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "kiosk_app.mo").open("wb") as handle:
        write_mo(handle, catalog)
    return tmp_path / "locales"


@pytest.fixture
def german_kiosk(
    qapp: QGuiApplication, demo_config: KioskConfig, backend: KioskBackend, german_catalog: Path
) -> Iterator[KioskUi]:
    config = replace(demo_config, default_language="de")
    ui = build_kiosk(
        config, backend, qapp, clock=FakeClock(), with_sound=False, locale_dir=german_catalog
    )
    ui.window.show()
    yield ui
    ui.close()


def test_default_language_greets_in_german(german_kiosk: KioskUi) -> None:
    assert screen_text(german_kiosk, "greeting") == GERMAN["Check the status of your application"]
    assert QCoreApplication.translate("TopBar", "Back") == "Zurück"
    assert QLocale().language() == QLocale.Language.German


def test_switching_retranslates_qml_and_python_strings(
    german_kiosk: KioskUi, backend: KioskBackend
) -> None:
    sample = sample_with(backend, "in_review")
    tap(german_kiosk, "lang_de")
    assert "Zurück" in screen_text(german_kiosk, "back")
    german_kiosk.switcher.switch("en")
    assert "Back" in screen_text(german_kiosk, "back")

    answer = backend.lookup.find(sample.case_number, sample.birth_date)
    german_kiosk.result_vm.show(answer)
    assert german_kiosk.result_vm.statusTitle == "We are working on your application"
    german_kiosk.switcher.switch("de")
    assert german_kiosk.result_vm.statusTitle == GERMAN[STATUS_TEXTS[CaseStatus.IN_REVIEW].title]


def test_arabic_mirrors_the_screen_but_not_the_keypad(german_kiosk: KioskUi) -> None:
    tap(german_kiosk, "lang_ar")

    assert QGuiApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert german_kiosk.flow_vm.isRightToLeft
    assert QLocale().language() == QLocale.Language.Arabic
    back, home = find_item(german_kiosk, "back"), find_item(german_kiosk, "home")
    assert (
        back.mapToScene(back.boundingRect().center()).x()
        > home.mapToScene(home.boundingRect().center()).x()
    )  # back sits on the right in a right-to-left layout
    one, three = find_item(german_kiosk, "key_1"), find_item(german_kiosk, "key_3")
    assert (
        one.mapToScene(one.boundingRect().center()).x()
        < three.mapToScene(three.boundingRect().center()).x()
    )  # the keypad reads like a phone's in every language

    tap(german_kiosk, "home")
    assert QGuiApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert german_kiosk.switcher.current == "de"
