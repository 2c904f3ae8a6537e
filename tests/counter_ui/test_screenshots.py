"""Offscreen screenshots of the counter for docs/screenshots/ (written when
``COUNTER_SCREENSHOTS=1``; otherwise into the test's folder, so the rendering is still run)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtTest import QTest
from stand_in_desk import PASSWORD, SUPERVISOR, StandInDesk
from test_counter_screens import keys, wait_until

from kiosk_app.core.catalog import seed_catalog
from kiosk_app.core.documents_receipt import compose_documents_receipt
from kiosk_app.counter_qt.app import CounterUi
from kiosk_app.counter_qt.receipt_paper import ReceiptPaper
from kiosk_app.qt.printing.a4 import blank_a4_image

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _folder(tmp_path: Path) -> Path:
    return DOCS if os.environ.get("COUNTER_SCREENSHOTS") == "1" else tmp_path


def _grab(ui: CounterUi, path: Path) -> None:
    QTest.qWait(300)
    image = QGuiApplication.primaryScreen().grabWindow(ui.window.winId())
    assert not image.isNull() and image.width() == 1920
    assert image.save(str(path), "PNG")


def test_counter_screenshots(counter: CounterUi, stand_in: StandInDesk, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    counter.window.resize(1920, 1080)
    _grab(counter, folder / "counter-sign-in-de.png")
    counter.sign_in.signIn("anna.k", PASSWORD)
    wait_until(lambda: counter.today.count == 10)
    _grab(counter, folder / "counter-today-de.png")
    counter.case.open(stand_in.rows[0].case_number)
    wait_until(lambda: counter.case.loaded)
    counter.case.toggleMissing("passport")
    counter.case.toggleMissing("photo")
    counter.case.chooseStatus("in_review")
    _grab(counter, folder / "counter-case-de.png")


def test_fleet_screenshot(counter: CounterUi, tmp_path: Path) -> None:
    """The supervisor's devices view (F6) with a silent kiosk, one low and one out of paper."""
    counter.window.resize(1920, 1080)
    counter.sign_in.signIn(SUPERVISOR, PASSWORD)
    wait_until(lambda: counter.session.screen == "desk")
    QTest.keyClick(counter.window, Qt.Key.Key_F6)
    wait_until(lambda: counter.fleet.count == 6)
    _grab(counter, _folder(tmp_path) / "counter-fleet.png")


def test_receipt_page_image(qapp: object, tmp_path: Path) -> None:
    receipt = compose_documents_receipt(
        office_name="Ausländerbehörde Darmstadt",
        day=StandInDesk().now.date(),
        case_number="DA-2025-001237-4",
        received=["passport", "photo"],
        missing=["health_insurance"],
        document_name=seed_catalog().document_name,
        language="ar",
    )
    image: QImage = blank_a4_image(110)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    try:
        assert ReceiptPaper(receipt, "x").paint(painter, image) == 1
    finally:
        painter.end()
    assert image.save(str(_folder(tmp_path) / "counter-receipt-ar.png"), "PNG")


def test_walk_in_queue_screenshot(counter: CounterUi, tmp_path: Path) -> None:
    """The walk-in queue (F7) with an urgent ticket called to this counter a second time."""
    counter.window.resize(1920, 1080)
    counter.sign_in.signIn("anna.k", PASSWORD)
    wait_until(lambda: counter.session.screen == "desk")
    QTest.keyClick(counter.window, Qt.Key.Key_F7)
    wait_until(lambda: counter.walk_in.count == 7)
    QTest.keyClick(counter.window, Qt.Key.Key_F8)
    wait_until(lambda: counter.walk_in.hasTicket and counter.walk_in.count == 6)
    QTest.keyClick(counter.window, Qt.Key.Key_F9)
    wait_until(lambda: "2." in counter.walk_in.ticketState)
    _grab(counter, _folder(tmp_path) / "counter-walk-in-queue.png")


def test_forms_inbox_screenshot(counter: CounterUi, tmp_path: Path) -> None:
    """The forms inbox (F3) with the Arabic extension application open in German."""
    counter.window.resize(1920, 1080)
    counter.sign_in.signIn("anna.k", PASSWORD)
    wait_until(lambda: counter.session.screen == "desk")
    QTest.keyClick(counter.window, Qt.Key.Key_F3)
    wait_until(lambda: counter.forms.count == 3)
    QTest.keyClick(counter.window, Qt.Key.Key_Return)
    wait_until(lambda: counter.forms.formOpen)
    QTest.keyClick(counter.window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    wait_until(lambda: counter.forms.rows[0]["state"] == "in_progress")
    _grab(counter, _folder(tmp_path) / "counter-forms-inbox.png")


def test_snippets_screenshot(counter: CounterUi, stand_in: StandInDesk, tmp_path: Path) -> None:
    """Text snippets (Ctrl+B): the extension answer in German and Arabic for the open case."""
    counter.window.resize(1920, 1080)
    counter.sign_in.signIn("anna.k", PASSWORD)
    wait_until(lambda: counter.session.screen == "desk")
    counter.case.open(stand_in.rows[0].case_number)
    wait_until(lambda: counter.case.loaded)
    QTest.keyClick(counter.window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    wait_until(lambda: len(counter.snippets.rows) >= 29)
    keys(counter, "verlaengerung")  # a person's pace: a burst ending in Enter is a scan
    QTest.keyClick(counter.window, Qt.Key.Key_Return)
    wait_until(lambda: counter.snippets.selected)
    _grab(counter, _folder(tmp_path) / "counter-snippets.png")
