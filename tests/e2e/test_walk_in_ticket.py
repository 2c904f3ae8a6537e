"""The walk-in ticket screen at the real QML kiosk against a real gateway on loopback (issue 15):
from the welcome screen, choose the service, get the number, the people before and the wait;
the ticket's PDF (the ``pdf`` backend) read back in German and the resident's language; no
tickets left: said plainly, booking offered; a failed print: the number stays on screen;
offline, a ticket from the kiosk's lease with the last estimate, said to be approximate.
The kiosk leases A 001 to A 005 in its first sync round (for offline): online numbers follow.
Screenshots for docs/screenshots/ when ``KIOSK_SCREENSHOTS=1`` (else the test's folder).

The clock is fixed inside the demo services' issuing hours (7:30 to 12:00) on an office day.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from escpos.printer import Dummy
from fixed_time import MovableClock, fixed_office_time
from PySide6.QtCore import QPointF
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from qt_fixtures import FakeClock, find_item, tap, type_on_keypad
from sqlalchemy import select

from kiosk_app.backend import KioskBackend, key_providers, open_backend
from kiosk_app.config import KioskConfig, PrinterConfig
from kiosk_app.core.flow import IdlePolicy
from kiosk_app.core.print_errors import PrinterOffline
from kiosk_app.core.printout import PrintoutText
from kiosk_app.core.walk_in_ticket import TicketText
from kiosk_app.qt.app import KioskUi, build_kiosk
from kiosk_app.qt.printing.backends import EscPosPrinter, PdfFilePrinter
from kiosk_app.qt.printing.ticket import render_ticket
from kiosk_app.store.connection import open_cache
from kiosk_app.store.keys import resolve_key
from kiosk_app.walk_in_desk import WalkInSettings
from sync.engine import EngineSettings, SyncEngine
from sync.enroll import enroll_kiosk
from sync.gateway.database import make_engine
from sync.gateway.demo import seed_demo
from sync.gateway.server import GatewayServer
from sync.gateway.settings import GatewaySettings
from sync.gateway.tables import walk_in_tickets

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "printing"))
from readback import pdf_words

# Tuesday 10 March 2026, 9:00 in Berlin: an office day inside the issuing hours.
NOW = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
ADMIN = "walk-in-ticket-admin-" + secrets.token_hex(8)
SERVICE = "card_pickup"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


class FailingPrinter:
    """A receipt printer that is switched off."""

    def print_checklist(self, text: PrintoutText) -> Path | None:
        raise PrinterOffline()

    def print_ticket(self, text: TicketText) -> Path | None:
        raise PrinterOffline()


@dataclass
class Online:
    ui: KioskUi
    backend: KioskBackend
    gateway: GatewayServer
    papers: Path
    sync: SyncEngine


def _online(
    qapp: QGuiApplication, tmp_path: Path, printer: object, now: datetime = NOW
) -> Iterator[Online]:
    db_url = f"sqlite:///{tmp_path / 'gateway.db'}"
    clock = MovableClock(now)
    gateway = GatewayServer(GatewaySettings(db_url=db_url, admin_token=ADMIN, clock=clock)).start()
    engine = make_engine(db_url)
    seed_demo(engine, 12, 5, NOW.date())
    engine.dispose()
    code = httpx.post(
        f"{gateway.url}/admin/v1/enrollment-codes", headers={"Authorization": f"Bearer {ADMIN}"}
    ).json()["code"]
    config = KioskConfig(
        state_dir=tmp_path / "kiosk",
        demo=True,
        idle=IdlePolicy(300, 30),
        time=fixed_office_time(clock),
    )
    config.state_dir.mkdir()
    conn = open_cache(config.cache_path, resolve_key(key_providers(config)))
    enroll_kiosk(conn, gateway.url, code, device_name="e2e-walk-in")
    conn.close()
    backend = open_backend(config)
    ui = build_kiosk(
        replace(config, width=1080, height=1920),
        backend,
        qapp,
        clock=FakeClock(),
        with_sound=False,
        printer=printer,  # type: ignore[arg-type]
    )
    ui.window.show()
    QTest.qWaitForWindowExposed(ui.window)
    settings = EngineSettings(interval_s=5, backoff_base_s=0.1, backoff_cap_s=0.4, timeout_s=2)
    sync = backend.start_sync_engine(ui.sync_bridge.report, settings)
    if now == NOW:  # an office day: the kiosk leases numbers for offline issuing
        wait_for_lease(backend)
    try:
        yield Online(ui, backend, gateway, tmp_path / "papers", sync)
    finally:
        sync.stop()
        ui.close()
        backend.close()
        gateway.stop()


@pytest.fixture
def online(qapp: QGuiApplication, tmp_path: Path) -> Iterator[Online]:
    yield from _online(qapp, tmp_path, PdfFilePrinter(tmp_path / "papers"))


@pytest.fixture
def online_receipt_printer(qapp: QGuiApplication, tmp_path: Path) -> Iterator[Online]:
    """The kiosk's 80 mm receipt printer (python-escpos's Dummy device takes the pixels)."""
    printer = EscPosPrinter(PrinterConfig(backend="escpos"), device=Dummy())
    yield from _online(qapp, tmp_path, printer)


@pytest.fixture
def on_a_sunday(qapp: QGuiApplication, tmp_path: Path) -> Iterator[Online]:
    """The demo on a Sunday morning: the office (and its walk-in queue) is closed."""
    sunday = datetime(2026, 3, 8, 8, 0, tzinfo=UTC)  # 9:00 in Berlin
    yield from _online(qapp, tmp_path, PdfFilePrinter(tmp_path / "papers"), sunday)


@pytest.fixture
def online_failing_printer(qapp: QGuiApplication, tmp_path: Path) -> Iterator[Online]:
    yield from _online(qapp, tmp_path, FailingPrinter())


def lease_numbers(backend: KioskBackend) -> int:
    conn = backend.open_connection()
    try:
        row = conn.execute("SELECT sum(last_number - next_number + 1) FROM ticket_leases")
        return int(row.fetchone()[0] or 0)
    finally:
        conn.close()


def wait_for_lease(backend: KioskBackend) -> None:
    deadline = time.monotonic() + 10
    while lease_numbers(backend) == 0:
        assert time.monotonic() < deadline, "no ticket lease"
        time.sleep(0.02)


def _folder(tmp_path: Path) -> Path:
    return DOCS if os.environ.get("KIOSK_SCREENSHOTS") == "1" else tmp_path


def grab(ui: KioskUi, path: Path) -> None:
    QTest.qWait(250)
    image = QGuiApplication.primaryScreen().grabWindow(ui.window.winId())
    assert not image.isNull() and image.save(str(path), "PNG")


def open_ticket_screen(kiosk: Online, qtbot: QtBot, language: str = "de") -> None:
    ui = kiosk.ui
    qtbot.waitUntil(lambda: kiosk.backend.desk.online, timeout=10_000)
    ui.flow_vm.walkInTicket()  # the welcome screen's button
    if language != "de":
        ui.walk_in_vm.switchLanguage(language)
    qtbot.waitUntil(lambda: ui.walk_in_vm.state == "choose", timeout=10_000)
    assert ui.flow_vm.screen == "walk_in"


def take_ticket(kiosk: Online, qtbot: QtBot) -> None:
    kiosk.ui.walk_in_vm.chooseService(SERVICE)
    qtbot.waitUntil(lambda: kiosk.ui.walk_in_vm.state in ("issued", "refused"), timeout=15_000)


def walk_in_figures(kiosk: Online) -> dict[str, int]:
    """The ``walk_in_ticket`` usage figures counted so far, by outcome: still in the cache's
    hourly counts or already in a ``report_usage`` command (queued or sent)."""
    kiosk.backend.usage.flush()
    counted: dict[str, int] = {}
    conn = kiosk.backend.open_connection()
    try:
        for outcome, count in conn.execute(
            "SELECT outcome, count FROM usage_hourly WHERE kind = 'walk_in_ticket'"
        ):
            counted[outcome] = counted.get(outcome, 0) + int(count)
        for (payload,) in conn.execute(
            "SELECT payload FROM sent_commands WHERE kind = 'report_usage'"
            " UNION ALL SELECT payload FROM outbox WHERE kind = 'report_usage'"
        ):
            for figure in json.loads(payload)["counts"]:
                if figure["kind"] == "walk_in_ticket":
                    counted[figure["outcome"]] = counted.get(figure["outcome"], 0) + figure["count"]
    finally:
        conn.close()
    return counted


def set_quota(kiosk: Online, quota: int) -> None:
    rules = {"letter": "A", "daily_quota": quota, "issue_from": "07:30", "issue_until": "12:00"}
    httpx.put(
        f"{kiosk.gateway.url}/admin/v1/walk-in/{SERVICE}",
        json={**rules, "urgent_share": 0},
        headers={"Authorization": f"Bearer {ADMIN}"},
    ).raise_for_status()


def test_a_ticket_in_german_then_one_in_arabic(
    online: Online, qtbot: QtBot, tmp_path: Path
) -> None:
    ui, vm, folder = online.ui, online.ui.walk_in_vm, _folder(tmp_path)
    entry = ui.item("walk_in_ticket")  # the welcome screen's button
    assert entry is not None and entry.isVisible()
    grab(ui, folder / "walk_in_welcome_de.png")
    open_ticket_screen(online, qtbot)
    tile = next(s for s in vm.services if s["code"] == SERVICE)
    assert tile["name"] == "Karte abholen" and tile["open"]
    assert tile["note"].startswith("0 warten")
    grab(ui, folder / "walk_in_choice_de.png")
    take_ticket(online, qtbot)
    assert (vm.state, vm.ticketLabel, vm.printFailed) == ("issued", "A 006", False)
    assert vm.aheadText == "Vor Ihnen warten: 0"
    assert vm.waitText.startswith("Geschätzte Wartezeit: 0 bis 5 Minuten")
    assert "ticket-" in vm.message  # the pdf backend: the screen says where the paper went
    (paper,) = online.papers.glob("ticket-*.pdf")
    words = pdf_words(paper)
    assert {"Wartemarke", "A", "006", "Karte", "abholen", "Minuten"} <= words
    paper.unlink()
    assert vm.paper is not None
    assert render_ticket(vm.paper).save(str(folder / "walk_in_printed_de.png"), "PNG")

    ui.walk_in_vm.finish()
    assert ui.flow_vm.screen == "welcome"
    open_ticket_screen(online, qtbot, "ar")
    assert ui.flow_vm.isRightToLeft
    grab(ui, folder / "walk_in_choice_ar.png")
    take_ticket(online, qtbot)
    assert (vm.state, vm.ticketLabel) == ("issued", "A 007")
    assert vm.aheadText.endswith("1") and "قبلك" in vm.aheadText
    assert "دقيقة" in vm.waitText
    (paper,) = online.papers.glob("ticket-*.pdf")
    words = pdf_words(paper)
    assert {"Wartemarke", "007", "Minuten", "دقيقة"} <= words  # German and Arabic
    assert vm.paper is not None and vm.paper.ticket_id == paper.stem.removeprefix("ticket-")
    assert walk_in_figures(online) == {"issued": 2}  # counted once printed
    assert render_ticket(vm.paper).save(str(folder / "walk_in_printed_ar.png"), "PNG")


def test_on_the_receipt_printer_the_screen_says_take_your_ticket(
    online_receipt_printer: Online, qtbot: QtBot, tmp_path: Path
) -> None:
    kiosk, folder = online_receipt_printer, _folder(tmp_path)
    ui, vm = kiosk.ui, kiosk.ui.walk_in_vm
    for number, language in (("A 006", "de"), ("A 007", "ar")):
        open_ticket_screen(kiosk, qtbot, language)
        take_ticket(kiosk, qtbot)
        assert (vm.state, vm.ticketLabel, vm.printFailed) == ("issued", number, False)
        assert vm.message == (
            "Bitte nehmen Sie Ihre Wartemarke aus dem Drucker."
            if language == "de"
            else "يرجى أخذ رقمك من الطابعة."
        )
        grab(ui, folder / f"walk_in_ticket_{language}.png")
        vm.finish()


def test_no_tickets_left_is_said_plainly_and_booking_is_offered(
    online: Online, qtbot: QtBot
) -> None:
    ui, vm = online.ui, online.ui.walk_in_vm
    set_quota(online, 7)  # this kiosk holds five of them (its lease)
    open_ticket_screen(online, qtbot)
    set_quota(online, 6)  # after the screen read the board
    for _ in range(6):  # one online, then the gateway refuses and the kiosk's lease serves
        online.backend.walk_in.issue(SERVICE, "de", 0, 5)
    take_ticket(online, qtbot)  # the gateway refuses and the lease is used up
    assert vm.state == "refused" and vm.ticketLabel == ""
    assert vm.message.startswith("Alle Wartemarken für heute sind vergeben")
    assert vm.offerBooking
    assert walk_in_figures(online) == {"quota_exhausted": 1}
    vm.back()
    ui.walk_in_vm.finish()
    open_ticket_screen(online, qtbot)  # the board now says so on the tile
    tile = next(s for s in vm.services if s["code"] == SERVICE)
    assert tile["note"] == "Heute keine Wartemarken mehr" and not tile["open"]
    vm.bookInstead()  # only once refused
    assert ui.flow_vm.screen == "walk_in"
    vm.chooseService(SERVICE)
    assert vm.state == "refused" and vm.offerBooking
    vm.bookInstead()
    assert ui.flow_vm.screen == "lookup"  # identify, then book the next free appointment


def test_a_failed_print_keeps_the_number_on_screen(
    online_failing_printer: Online, qtbot: QtBot, tmp_path: Path
) -> None:
    kiosk = online_failing_printer
    vm = kiosk.ui.walk_in_vm
    open_ticket_screen(kiosk, qtbot)
    take_ticket(kiosk, qtbot)
    assert (vm.state, vm.ticketLabel, vm.printFailed) == ("issued", "A 006", True)
    assert vm.message.startswith("Die Wartemarke konnte nicht gedruckt werden")
    number = kiosk.ui.item("walk_in_number")
    assert number is not None and number.isVisible() and number.property("text") == "A 006"
    assert walk_in_figures(kiosk) == {"printer_failed": 1}
    grab(kiosk.ui, _folder(tmp_path) / "walk_in_print_failed_de.png")


def go_offline(kiosk: Online, qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: kiosk.backend.desk.online, timeout=10_000)
    kiosk.gateway.stop()
    kiosk.sync.wake()  # its next round finds the office gone
    qtbot.waitUntil(lambda: not kiosk.ui.sync_vm.online and not kiosk.backend.desk.online)


def test_offline_a_ticket_comes_from_the_lease_with_an_approximate_wait(
    online: Online, qtbot: QtBot, tmp_path: Path
) -> None:
    ui, vm = online.ui, online.ui.walk_in_vm
    go_offline(online, qtbot)
    ui.flow_vm.walkInTicket()
    qtbot.waitUntil(lambda: vm.state != "loading", timeout=10_000)
    assert vm.state == "choose"
    tile = next(s for s in vm.services if s["code"] == SERVICE)
    assert tile["open"] and tile["note"].startswith("Etwa 0 bis 5 Minuten (ungefähr)")
    grab(ui, _folder(tmp_path) / "walk_in_offline_choice_de.png")
    take_ticket(online, qtbot)
    assert (vm.state, vm.ticketLabel) == ("issued", "A 001")
    assert vm.aheadText.startswith("Das Amt ist gerade nicht erreichbar")
    assert vm.waitText.startswith("Geschätzte Wartezeit: 0 bis 5 Minuten")
    assert online.papers.glob("ticket-*.pdf")
    grab(ui, _folder(tmp_path) / "walk_in_offline_ticket_de.png")
    for _ in range(4):  # the rest of the lease (A 002 to A 005)
        vm.finish()
        ui.flow_vm.walkInTicket()
        qtbot.waitUntil(lambda: vm.state == "choose", timeout=10_000)
        take_ticket(online, qtbot)
        assert vm.state == "issued"
    assert vm.ticketLabel == "A 005"
    vm.finish()
    ui.flow_vm.walkInTicket()  # used up: the tile says so, a tap says why and offers booking
    qtbot.waitUntil(lambda: vm.state == "choose", timeout=10_000)
    tile = next(s for s in vm.services if s["code"] == SERVICE)
    assert not tile["open"] and tile["note"].startswith("Hier keine Wartemarken mehr")
    vm.chooseService(SERVICE)
    assert vm.state == "refused" and vm.offerBooking
    assert vm.message.startswith("Dieser Automat kann erst wieder Wartemarken ausgeben")
    vm.bookInstead()
    assert ui.flow_vm.screen == "lookup"


def test_offline_without_a_lease_the_screen_says_tickets_need_the_connection(
    online: Online, qtbot: QtBot, tmp_path: Path
) -> None:
    ui, vm = online.ui, online.ui.walk_in_vm
    go_offline(online, qtbot)
    conn = online.backend.open_connection()
    try:
        conn.execute("DELETE FROM ticket_leases")  # never leased (or the day's are gone)
    finally:
        conn.close()
    ui.flow_vm.walkInTicket()
    qtbot.waitUntil(lambda: vm.state != "loading", timeout=10_000)
    assert vm.state == "offline" and vm.services == [] and vm.ticketLabel == ""
    assert vm.message.startswith("Wartemarken brauchen eine Verbindung zum Amt")
    grab(ui, _folder(tmp_path) / "walk_in_offline_de.png")
    vm.chooseService(SERVICE)  # nothing to choose: nothing is queued
    assert vm.state == "offline"


def test_no_answer_in_time_sends_the_resident_to_the_counter(online: Online, qtbot: QtBot) -> None:
    vm = online.ui.walk_in_vm
    open_ticket_screen(online, qtbot)
    online.sync.stop()  # the engine pushes nothing more; the desk still thinks it is online
    online.backend.walk_in.settings = WalkInSettings(answer_within_s=0.3)
    vm.chooseService(SERVICE)
    qtbot.waitUntil(lambda: vm.state != "issuing", timeout=5_000)
    assert vm.state == "unconfirmed" and vm.ticketLabel == ""
    assert vm.message.startswith("Wir konnten Ihre Wartemarke nicht bestätigen.")


def _import_case(
    kiosk: Online, case_number: str, fiktion_until: date | None, permit_until: date | None = None
) -> None:
    """A synthetic case with a Fiktionsbescheinigung or a permit's end, imported at the
    gateway."""
    row = {
        "case_number": case_number,
        "birth_date": "1990-04-01",
        "status": "in_review",
        "status_changed_on": "2026-02-01",
        "permit_type": "work",
        "fiktion_valid_until": fiktion_until.isoformat() if fiktion_until else None,
        "permit_valid_until": permit_until.isoformat() if permit_until else None,
    }
    answer = httpx.post(
        f"{kiosk.gateway.url}/admin/v1/imports",
        json=[row],
        headers={"Authorization": f"Bearer {ADMIN}"},
    )
    answer.raise_for_status()
    assert not answer.json()["rejected"], answer.json()


def _scroll_to(ui: KioskUi, name: str) -> None:
    """Bring an item of the scrolling result screen into view, as a resident's swipe would."""
    item = find_item(ui, name)
    flick = item.parentItem()
    while flick is not None and flick.property("contentY") is None:
        flick = flick.parentItem()
    if flick is not None:
        top = item.mapToItem(flick.property("contentItem"), QPointF(0, 0)).y()
        room = max(0.0, float(flick.property("contentHeight")) - flick.height())
        flick.setProperty("contentY", min(room, max(0.0, top - flick.height() / 3)))


def _ticket_urgent(kiosk: Online, ticket_id: str) -> bool:
    engine = make_engine(str(kiosk.gateway.settings.db_url))
    try:
        with engine.connect() as conn:
            row = conn.execute(
                select(walk_in_tickets.c.urgent).where(walk_in_tickets.c.ticket_id == ticket_id)
            ).one()
            return bool(row.urgent)
    finally:
        engine.dispose()


def test_a_ticket_from_a_case_whose_permit_or_fiktion_ends_soon_is_urgent(
    online: Online, qtbot: QtBot, tmp_path: Path
) -> None:
    """The result screen's ticket button: a Fiktion or a permit ending within the service's 14
    days makes the ticket urgent (the gateway gets the flag only); ending later, it is not.
    (Tickets from the welcome screen never are: the tests above.)"""
    ui = online.ui
    today = NOW.date()
    soon, later, permit = "DA-2024-000111-9", "DA-2024-000222-8", "DA-2024-000333-4"
    _import_case(online, soon, today + timedelta(days=5))
    _import_case(online, later, today + timedelta(days=60), today + timedelta(days=200))
    _import_case(online, permit, None, today + timedelta(days=10))
    online.sync.wake()
    qtbot.waitUntil(lambda: online.backend.desk.online, timeout=10_000)
    found = []
    for case_number in (soon, later, permit):
        deadline = time.monotonic() + 15
        while True:  # the kiosk pulls the imported cases on its next round
            ui.flow_vm.home()
            tap(ui, "lang_de")
            tap(ui, "case_field")
            tap(ui, "key_clear")
            type_on_keypad(ui, case_number)
            tap(ui, "birth_field")
            tap(ui, "key_clear")
            type_on_keypad(ui, "01.04.1990")
            tap(ui, "submit")
            qtbot.wait(100)
            if ui.flow_vm.screen == "result" or time.monotonic() > deadline:
                break
            online.sync.wake()
            qtbot.wait(300)
        assert ui.flow_vm.screen == "result"
        _scroll_to(ui, "walk_in_from_case")
        if case_number == soon:
            grab(ui, _folder(tmp_path) / "walk_in_from_case_de.png")
        tap(ui, "walk_in_from_case")
        qtbot.waitUntil(lambda: ui.walk_in_vm.state == "choose", timeout=10_000)
        take_ticket(online, qtbot)
        assert ui.walk_in_vm.state == "issued"
        assert ui.walk_in_vm.paper is not None
        found.append(ui.walk_in_vm.paper)
    assert [_ticket_urgent(online, paper.ticket_id) for paper in found] == [True, False, True]
    # The paper names no case: only the number, the service, the wait and the QR's ticket id.
    assert not any(number in str(paper) for number in (soon, later, permit) for paper in found)
    assert ui.qml_errors == []


def test_on_a_sunday_the_screen_says_plainly_that_no_tickets_are_issued_today(
    on_a_sunday: Online, qtbot: QtBot, tmp_path: Path
) -> None:
    """As ``make demo`` shows it on a weekend or public holiday: every tile says the office
    is closed today, a tap says no tickets are issued and offers an appointment instead."""
    ui, vm = on_a_sunday.ui, on_a_sunday.ui.walk_in_vm
    open_ticket_screen(on_a_sunday, qtbot)
    notes = {tile["note"] for tile in vm.services}
    assert notes == {"Das Amt ist heute geschlossen"}
    assert not any(tile["open"] for tile in vm.services)
    grab(ui, _folder(tmp_path) / "walk_in_closed_de.png")
    vm.chooseService(SERVICE)
    assert vm.state == "refused" and vm.offerBooking
    assert vm.message.startswith("Jetzt werden keine Wartemarken ausgegeben")
    assert lease_numbers(on_a_sunday.backend) == 0  # nothing lent for a closed day
    assert ui.qml_errors == []
