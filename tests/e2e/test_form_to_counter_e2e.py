"""Issue 17's "done when", every part real: a kiosk (QML offscreen, SQLCipher cache, sync engine)
and a counter (QML offscreen, CounterDesk on its own SQLCipher cache) enrolled at one gateway on
loopback (SQLite and PostgreSQL), clocks fixed. With the gateway stopped, a resident files an
extension application in Persian and takes the dated bilingual receipt ("received in time");
once the gateway is back the kiosk delivers it, and the clerk reads it in German in the
counter's inbox (F3), the same receipt number on both papers."""

from __future__ import annotations

import secrets
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from fixed_time import MovableClock, fixed_office_time
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from qt_fixtures import FakeClock, find_item, tap
from test_lookup_flow import look_up

from kiosk_app.backend import key_providers, open_backend
from kiosk_app.config import KioskConfig, PrinterConfig
from kiosk_app.core import i18n
from kiosk_app.core.flow import IdlePolicy
from kiosk_app.counter.cache import CounterCache
from kiosk_app.counter.desk import CounterDesk
from kiosk_app.counter.enroll import enroll_counter
from kiosk_app.counter.sync import CounterSync
from kiosk_app.counter_qt.app import build_counter, counter_config
from kiosk_app.qt.app import build_kiosk
from kiosk_app.qt.printing.backends import PdfFilePrinter
from kiosk_app.store.connection import open_cache
from kiosk_app.store.keys import resolve_key
from sync.engine import EngineSettings
from sync.enroll import enroll_kiosk
from sync.gateway.settings import GatewaySettings

_TESTS = Path(__file__).resolve().parents[1]
for folder in ("sync", "counter", "printing"):
    sys.path.insert(0, str(_TESTS / folder))

from counter_harness import CLERK, PASSWORD, add_clerk, counter_code, fast_client  # noqa: E402
from gateway_harness import ADMIN_TOKEN, RunningGateway, running_gateway  # noqa: E402
from readback import pdf_words  # noqa: E402


@pytest.fixture
def english_afterwards() -> Iterator[None]:
    yield
    i18n.activate("en")  # the language is process-wide: later tests read English


@pytest.fixture
def office(gateway_db_url: str) -> Iterator[tuple[RunningGateway, MovableClock]]:
    clock = MovableClock()  # the gateway's, the kiosk's and the counter's
    settings = GatewaySettings(db_url=gateway_db_url, admin_token=ADMIN_TOKEN, clock=clock)
    with running_gateway(settings) as gateway:
        yield gateway, clock


@pytest.mark.usefixtures("english_afterwards")
def test_a_persian_extension_filed_offline_reaches_the_counter_in_german(
    qapp: QGuiApplication,
    qtbot: QtBot,
    tmp_path: Path,
    office: tuple[RunningGateway, MovableClock],
) -> None:
    gateway, clock = office
    today = clock().date()
    case = next(
        c
        for c in gateway.import_demo()
        if c.record.permit_valid_until is not None
        and c.record.permit_valid_until >= today + timedelta(days=7)
    )
    number = case.case_number.canonical
    add_clerk(gateway)

    config = KioskConfig(
        state_dir=tmp_path / "kiosk",
        demo=True,
        idle=IdlePolicy(300, 30),
        time=fixed_office_time(clock),
    )
    config.state_dir.mkdir()
    conn = open_cache(config.cache_path, resolve_key(key_providers(config)))
    enroll_kiosk(conn, gateway.url, gateway.create_code(), device_name="e2e-kiosk")
    conn.close()
    backend = open_backend(config)
    papers = tmp_path / "papers"
    kiosk = build_kiosk(
        replace(config, width=1080, height=1920),
        backend,
        qapp,
        clock=FakeClock(),
        with_sound=False,
        printer=PdfFilePrinter(papers),  # type: ignore[arg-type]
    )
    kiosk.window.show()
    QTest.qWaitForWindowExposed(kiosk.window)
    engine = backend.start_sync_engine(
        kiosk.sync_bridge.report,
        EngineSettings(interval_s=0.2, backoff_base_s=0.1, backoff_cap_s=0.4, timeout_s=2),
    )
    counter_ui = counter_sync = counter_cache = None
    try:
        qtbot.waitUntil(lambda: kiosk.sync_vm.online and backend.cache.count() > 0, timeout=30_000)

        # --- the gateway stops; the resident applies in Persian ----------------------------
        gateway.stop()
        qtbot.waitUntil(lambda: not kiosk.sync_vm.online, timeout=15_000)
        tap(kiosk, "lang_fa")
        look_up(kiosk, number, case.birth_date.strftime("%d.%m.%Y"))
        qtbot.waitUntil(lambda: kiosk.flow_vm.screen == "result", timeout=5000)
        kiosk.form_vm.startForCase()  # the result screen's button (below the fold here)
        tap(kiosk, "form_choice_extend_permit")
        form = kiosk.form_vm
        for answer in (True, False, False, True, True):  # no passport date asked: "no passport"
            form.answerYesNo(answer)
        form.next()  # remarks: optional, left empty
        form.answerYesNo(True)  # the answers are true and complete
        qtbot.waitUntil(lambda: form.state == "review", timeout=5000)
        tap(kiosk, "form_submit")
        qtbot.waitUntil(lambda: form.state == "done", timeout=10_000)
        assert find_item(kiosk, "form_in_time").isVisible()
        (paper,) = papers.glob("form-receipt-*.pdf")
        receipt = paper.stem.removeprefix("form-receipt-")
        assert receipt == form.reference  # the number the screen shows
        words = pdf_words(paper)
        assert receipt in words
        assert {"rechtzeitig", "Fortgeltungsfiktion", "81"} <= words  # German
        assert {"تمدید", "موقع"} <= words  # and Persian
        assert not kiosk.sync_vm.online  # all of it with the gateway stopped

        # --- the gateway is back: the kiosk delivers the application -----------------------
        gateway.start()
        qtbot.waitUntil(lambda: kiosk.sync_vm.online, timeout=30_000)
        qtbot.waitUntil(lambda: _sent(backend), timeout=30_000)

        # --- the counter: its own cache and enrollment, its real screens --------------------
        settings = replace(
            counter_config(tmp_path / "counter-state", demo=True, language="de"),
            time=fixed_office_time(clock),
            printer=PrinterConfig(backend="pdf", pdf_dir=tmp_path / "printouts"),
        )
        settings.state_dir.mkdir(parents=True)
        counter_cache = CounterCache.open(
            settings.state_dir / "counter.db", secrets.token_bytes(32)
        )
        enroll_counter(gateway.url, counter_code(gateway), counter_cache, device_name="e2e-counter")
        desk = CounterDesk(counter_cache, settings.time, fast_client)
        counter_ui = build_counter(settings, desk, qapp, clock=FakeClock())
        counter_sync = CounterSync(desk, counter_ui.status_bridge.report, interval_s=0.2)
        counter_sync.start()
        counter_ui.window.show()
        QTest.qWaitForWindowExposed(counter_ui.window)
        counter_ui.sign_in.signIn(CLERK, PASSWORD)
        qtbot.waitUntil(lambda: counter_ui.session.screen == "desk", timeout=5000)
        counter_ui.window.requestActivate()
        QTest.qWait(50)
        QTest.keyClick(counter_ui.window, Qt.Key.Key_F3)
        inbox = counter_ui.forms
        qtbot.waitUntil(lambda: inbox.count == 1, timeout=10_000)
        (row,) = inbox.rows
        assert (row["receipt"], row["title"], row["stateName"], row["language"]) == (
            receipt,
            "Antrag auf Verlängerung des Aufenthaltstitels",
            "neu",
            "فارسی",
        )
        QTest.keyClick(counter_ui.window, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: inbox.formOpen, timeout=5000)
        answers = {a["label"]: a["text"] for section in inbox.sections for a in section["answers"]}
        assert answers["Besteht der Zweck Ihres Aufenthalts unverändert fort?"] == "Ja"
        assert answers["Haben Sie einen gültigen Pass?"] == "Nein"
        facts = {fact["label"]: fact["value"] for fact in inbox.formFacts}
        assert facts["Sprache am Kiosk"] == "Persisch"
        assert kiosk.qml_errors == [] and counter_ui.qml_errors == []
    finally:
        if counter_sync is not None:
            counter_sync.stop()
        if counter_ui is not None:
            counter_ui.close()
            counter_ui.desk.close()  # type: ignore[attr-defined]
        if counter_cache is not None:
            counter_cache.close()
        engine.stop()
        kiosk.close()
        backend.close()


def _sent(backend: object) -> bool:
    """The kiosk's outbox holds no form any more: the gateway acknowledged it (and the answers
    left the kiosk with that)."""
    from kiosk_app.store.outbox import Outbox

    connection = backend.cache.connection  # type: ignore[attr-defined]
    return not [e for e in Outbox(connection).all_entries() if e.kind == "submit_form"]
