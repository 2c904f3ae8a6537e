"""The waiting room's call display (``kiosk-app display``) over a real gateway on loopback
(SQLite and PostgreSQL), the clock fixed on a Tuesday within the issuing hours, its QML
offscreen: a clerk's call appears large and is said in German and then in the ticket's
language; without the gateway the display says so, and when it is back the calls made meanwhile
appear exactly once. Speech is recorded at the worker's boundary (the worker is tested in
tests/accessibility)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fixed_time import MovableClock
from gateway_harness import RunningGateway
from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication
from PySide6.QtQuick import QQuickWindow
from PySide6.QtTest import QTest
from staff_harness import Clerk, add_staff, enroll_counter, signed_in

from kiosk_app.display_qt.app import DisplayUi, build_display
from kiosk_app.display_qt.enrollment import enroll_display
from sync.call_feed import CallFeed

NOW = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)  # Tuesday, 9:00 in Berlin
RULES = {
    "letter": "A",
    "daily_quota": 40,
    "issue_from": "07:30",
    "issue_until": "11:00",
    "urgent_share": 0,
    "urgent_days": 14,
}
DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


class RecordingSpeech:
    """The speech worker's boundary (``SpeechOutput``'s calls), recording what is said."""

    def __init__(self) -> None:
        self.said: list[tuple[str, str]] = []
        self.heard: list[str] = []  # chimes and sentences in order
        self.prepared = True
        self.speaking = False
        self.failure: object | None = None

    def start(self) -> None:
        pass

    def say(self, text: str, language: str) -> bool:
        self.said.append((text, language))
        self.heard.append(text)
        return True

    # the chime's boundary (``chime.SoundChime``): a display with an audio device
    available = True
    playing = False

    def play(self) -> bool:
        self.heard.append("(chime)")
        return True

    def retry_after_failure(self) -> None:
        pass

    def shutdown(self) -> None:
        pass


@pytest.fixture
def gateway_clock() -> MovableClock:
    return MovableClock(NOW)


@pytest.fixture
def office(gateway: RunningGateway) -> Any:
    put = gateway.admin.put("/admin/v1/walk-in/card_pickup", json=RULES)
    assert put.status_code == 201, put.text
    kiosk = gateway.enroll()
    for seq, language in enumerate(("ar", "uk", "de", "fa", "tr"), start=1):
        payload = {
            "kind": "issue_walk_in_ticket",
            "ticket_id": uuid.uuid4().hex,
            "service": "card_pickup",
            "language": language,
            "urgent": False,
            "estimate_low": 10,
            "estimate_high": 25,
        }
        pushed = kiosk.push([{"seq": seq, "created_at": NOW.isoformat(), "payload": payload}])
        assert pushed.status_code == 200, pushed.text
    add_staff(gateway, "walk.in")
    return [signed_in(enroll_counter(gateway, f"Schalter {n}"), "walk.in") for n in (3, 7)]


@pytest.fixture
def speech() -> RecordingSpeech:
    return RecordingSpeech()


@pytest.fixture
def display(
    qapp: QGuiApplication,
    gateway: RunningGateway,
    office: Any,
    speech: RecordingSpeech,
    tmp_path: Path,
) -> Iterator[DisplayUi]:
    code = gateway.admin.post("/admin/v1/enrollment-codes", json={"kind": "display"})
    enrolled = enroll_display(tmp_path / "display", gateway.url, code.json()["code"])
    feed = CallFeed(enrolled.url, enrolled.token, wait_s=2.0, connect_timeout_s=1.0)
    ui = build_display(qapp, feed, speech, speech)
    ui.window.resize(1920, 1080)
    ui.window.show()
    QTest.qWaitForWindowExposed(ui.window)
    ui.start()
    try:
        yield ui
    finally:
        ui.close()


def call_next(clerk: Clerk) -> str:
    response = clerk.post("/staff/v1/walk-in/call-next")
    assert response.status_code == 200, response.text
    return str(response.json()["label"])


def wait_until(condition: Any, timeout_ms: int = 8000) -> None:
    waited = 0
    while not condition():
        assert waited < timeout_ms, "timed out"
        QTest.qWait(20)
        waited += 20


def shown(ui: DisplayUi, name: str) -> str:
    found = ui.window.findChild(QObject, name)
    assert found is not None, name
    return str(found.property("text"))


def test_a_call_is_shown_large_and_said_in_german_then_in_the_ticket_language(
    display: DisplayUi, office: Any, speech: RecordingSpeech
) -> None:
    wait_until(lambda: display.vm.connected)
    assert shown(display, "latestLine") == "Noch keine Nummer aufgerufen"
    wait_until(lambda: str(display.vm.property("waiting")).startswith("['A: 5 wartend, ca. "))
    schalter_3, _ = office
    assert call_next(schalter_3) == "A 001"  # an Arabic ticket
    wait_until(lambda: display.vm.shown_labels == [("A 001", "Schalter 3")])
    assert shown(display, "latestLine") == "A 001  →  Schalter 3"
    assert shown(display, "latestGerman") == "Nummer A 001, bitte zu Schalter 3."
    assert shown(display, "latestOwn") == "الرقم A 001، يرجى التوجه إلى الشباك 3."
    # the waiting number per service follows the call (German, with the estimate now)
    waiting = display.vm.property("waiting")
    wait_until(lambda: str(display.vm.property("waiting")).startswith("['A: 4 wartend, ca. "))
    assert len(waiting) == 1 and waiting[0].endswith(" Min.")
    wait_until(lambda: len(speech.said) == 2)
    assert speech.said == [
        ("Nummer A 1, bitte zu Schalter 3.", "de"),
        ("الرقم A 1، يرجى التوجه إلى الشباك 3.", "ar"),
    ]
    assert speech.heard[0] == "(chime)"  # the chime first, then the call


def test_a_recall_is_said_again_and_a_german_ticket_once(
    display: DisplayUi, office: Any, speech: RecordingSpeech
) -> None:
    schalter_3, schalter_7 = office
    wait_until(lambda: display.vm.connected)
    first = schalter_3.post("/staff/v1/walk-in/call-next").json()
    call_next(schalter_7)  # A 002, Ukrainian
    call_next(schalter_3)  # A 003, German: said once
    recall = schalter_3.post(f"/staff/v1/walk-in/tickets/{first['ticket_id']}/recall")
    assert recall.status_code == 200
    wait_until(lambda: len(display.vm.shown_labels) == 4)
    assert display.vm.shown_labels == [
        ("A 001", "Schalter 3"),
        ("A 003", "Schalter 3"),
        ("A 002", "Schalter 7"),
        ("A 001", "Schalter 3"),
    ]
    wait_until(lambda: len(speech.said) == 7)
    assert [language for _text, language in speech.said] == [
        "de",
        "ar",
        "de",
        "uk",
        "de",
        "de",
        "ar",
    ]


def test_without_the_gateway_it_says_so_and_afterwards_shows_each_call_once(
    display: DisplayUi, office: Any, gateway: RunningGateway, speech: RecordingSpeech
) -> None:
    schalter_3, schalter_7 = office
    wait_until(lambda: display.vm.connected)
    call_next(schalter_3)
    wait_until(lambda: len(display.vm.shown_labels) == 1)
    lost = display.window.findChild(QObject, "connectionLost")
    assert lost is not None and not lost.property("visible")

    gateway.stop()
    wait_until(lambda: not display.vm.connected)
    assert lost.property("visible")
    gateway.start()
    call_next(schalter_7)  # A 002 and A 003 are called while the display is still away
    call_next(schalter_3)
    wait_until(lambda: len(display.vm.shown_labels) == 3)
    assert display.vm.connected and not lost.property("visible")
    QTest.qWait(2500)  # another long poll: nothing comes twice
    assert display.vm.shown_labels == [
        ("A 003", "Schalter 3"),
        ("A 002", "Schalter 7"),
        ("A 001", "Schalter 3"),
    ]
    # each call waits for the chime before it is said: on a busy machine the third comes late
    wait_until(lambda: len([said for said in speech.said if said[1] == "de"]) >= 3)
    assert [text for text, language in speech.said if language == "de"] == [
        "Nummer A 1, bitte zu Schalter 3.",
        "Nummer A 2, bitte zu Schalter 7.",
        "Nummer A 3, bitte zu Schalter 3.",
    ]


@pytest.mark.parametrize("gateway_db_url", ["sqlite"], indirect=True)
def test_screenshot_with_an_arabic_and_a_ukrainian_call(
    display: DisplayUi, office: Any, gateway: RunningGateway, tmp_path: Path
) -> None:
    """docs/screenshots/display-calls.png when ``DISPLAY_SCREENSHOTS=1`` (else the test's
    folder, so the rendering is still run)."""
    schalter_3, schalter_7 = office
    wait_until(lambda: display.vm.connected)
    for clerk in (schalter_3, schalter_7, schalter_3, schalter_7, schalter_3):
        call_next(clerk)  # A 001 ar … A 005 tr
    wait_until(lambda: display.vm.shown_labels[:1] == [("A 005", "Schalter 3")])
    # below: the Ukrainian A 002; large: the Arabic A 001, recalled last
    queue = schalter_3.get("/staff/v1/walk-in/queue").json()["tickets"]
    arabic = next(ticket for ticket in queue if ticket["label"] == "A 001")
    recall = schalter_3.post(f"/staff/v1/walk-in/tickets/{arabic['ticket_id']}/recall")
    assert recall.status_code == 200
    wait_until(lambda: display.vm.shown_labels[:1] == [("A 001", "Schalter 3")])
    assert ("A 002", "Schalter 7") in display.vm.shown_labels
    assert isinstance(display.window, QQuickWindow)
    image = display.window.grabWindow()
    assert image.width() == 1920 and image.height() == 1080
    folder = DOCS if os.environ.get("DISPLAY_SCREENSHOTS") == "1" else tmp_path
    assert image.save(str(folder / "display-calls.png"))


@pytest.mark.parametrize("gateway_db_url", ["sqlite"], indirect=True)
def test_without_speech_the_display_still_shows_every_call(
    display: DisplayUi, office: Any, speech: RecordingSpeech
) -> None:
    speech.failure = "not_responding"  # a wedged speech-dispatcher, as the worker reports it
    schalter_3, _ = office
    wait_until(lambda: display.vm.connected)
    call_next(schalter_3)
    wait_until(lambda: display.vm.shown_labels == [("A 001", "Schalter 3")])
    wait_until(lambda: not display.vm.property("speechAvailable"))
    assert shown(display, "latestLine") == "A 001  →  Schalter 3"
    assert speech.said == []
