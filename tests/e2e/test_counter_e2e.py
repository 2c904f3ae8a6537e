"""Kiosk to counter and back, every part real: a kiosk (QML offscreen, SQLCipher cache, sync
engine) and a counter (QML offscreen, CounterDesk on its own SQLCipher cache) enrolled at one
gateway on loopback (SQLite and PostgreSQL). The resident prints a checklist in Turkish; the
clerk scans its reference, ticks off two of three documents and prints the A4 receipt; the kiosk
then shows one missing document."""

from __future__ import annotations

import secrets
import sys
from collections.abc import Iterator
from dataclasses import replace
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
from kiosk_app.core.catalog import seed_catalog
from kiosk_app.core.flow import IdlePolicy
from kiosk_app.core.printout import Translation
from kiosk_app.counter.cache import CounterCache
from kiosk_app.counter.desk import CounterDesk
from kiosk_app.counter.enroll import enroll_counter
from kiosk_app.counter.sync import CounterSync
from kiosk_app.counter_qt.app import build_counter, counter_config
from kiosk_app.qt.app import build_kiosk
from kiosk_app.store.connection import open_cache
from kiosk_app.store.keys import resolve_key
from sync.engine import EngineSettings
from sync.enroll import enroll_kiosk
from sync.gateway.settings import GatewaySettings

_TESTS = Path(__file__).resolve().parents[1]
for folder in ("sync", "counter", "printing"):
    sys.path.insert(0, str(_TESTS / folder))

from counter_harness import (  # noqa: E402
    CLERK,
    PASSWORD,
    add_clerk,
    counter_code,
    fast_client,
    received_at_gateway,
)
from gateway_harness import ADMIN_TOKEN, RunningGateway, running_gateway  # noqa: E402
from readback import pdf_words, words_of  # noqa: E402


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


def reference_at_gateway(gateway: RunningGateway, reference: str) -> dict[str, object] | None:
    response = gateway.admin.get(f"/admin/v1/references/{reference}")
    if response.status_code == 404:
        return None
    response.raise_for_status()
    return dict(response.json())


@pytest.mark.usefixtures("english_afterwards")
def test_checklist_printed_in_turkish_ticked_off_at_the_counter_shows_one_missing(
    qapp: QGuiApplication,
    qtbot: QtBot,
    tmp_path: Path,
    office: tuple[RunningGateway, MovableClock],
) -> None:
    gateway, clock = office
    case = next(c for c in gateway.import_demo() if len(c.record.missing_documents) == 3)
    number = case.case_number.canonical
    three = list(case.record.missing_documents)
    add_clerk(gateway)

    # --- the kiosk: enrolled, synced, its real screens ----------------------------------------
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
    kiosk = build_kiosk(
        replace(config, width=1080, height=1920), backend, qapp, clock=FakeClock(), with_sound=False
    )
    kiosk.window.show()
    QTest.qWaitForWindowExposed(kiosk.window)
    engine_settings = EngineSettings(
        interval_s=0.2, backoff_base_s=0.1, backoff_cap_s=0.4, timeout_s=2
    )
    engine = backend.start_sync_engine(kiosk.sync_bridge.report, engine_settings)
    counter_ui = None
    counter_sync = None
    counter_cache = None
    try:
        qtbot.waitUntil(lambda: kiosk.sync_vm.online and backend.cache.count() > 0, timeout=15_000)

        # The resident chooses Turkish, looks the case up and prints the checklist.
        tap(kiosk, "lang_tr")
        look_up(kiosk, number, case.birth_date.strftime("%d.%m.%Y"))
        qtbot.waitUntil(lambda: kiosk.flow_vm.screen == "result", timeout=5000)
        assert len(kiosk.result_vm.missingDocuments) == 3
        tap(kiosk, "open_checklist")
        tap(kiosk, "print")
        qtbot.waitUntil(lambda: not kiosk.checklist_vm.printing, timeout=10_000)
        reference = kiosk.checklist_vm.reference
        assert (config.printout_dir / f"checklist-{reference}.pdf").is_file()

        # Its reference reaches the gateway through the kiosk's outbox.
        qtbot.waitUntil(
            lambda: reference_at_gateway(gateway, reference) is not None, timeout=15_000
        )
        registered = reference_at_gateway(gateway, reference)
        assert registered is not None
        assert registered["case_number"] == number and registered["language"] == "tr"
        assert registered["documents"] == three
        tap(kiosk, "back")
        tap(kiosk, "back")

        # --- the counter: its own cache and enrollment, its real screens ----------------------
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

        # The resident hands over the paper: the clerk scans its reference.
        counter_ui.window.requestActivate()
        QTest.qWait(50)
        for char in reference:
            QTest.keyClick(counter_ui.window, char)
        QTest.keyClick(counter_ui.window, Qt.Key.Key_Return)
        qtbot.waitUntil(
            lambda: counter_ui.case.caseNumber == number and not counter_ui.case.busy,
            timeout=5000,
        )
        assert counter_ui.case.opened is not None and counter_ui.case.opened.language == "tr"
        assert [d["code"] for d in counter_ui.case.missing] == three

        # Two of the three are handed in: ticked off and acknowledged by the gateway.
        two = three[:2]
        for code in two:
            counter_ui.case.toggleMissing(code)
        QTest.qWait(50)
        counter_ui.case.markReceived()
        qtbot.waitUntil(
            lambda: not counter_ui.case.busy and len(counter_ui.case.missing) == 1, timeout=5000
        )
        qtbot.waitUntil(lambda: desk.pending_count() == 0, timeout=5000)
        assert received_at_gateway(gateway, number) == sorted(two)

        # The A4 receipt (Ctrl+P), read back: German and Turkish, the document names.
        QTest.keyClick(counter_ui.window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: bool(counter_ui.case.notice), timeout=10_000)
        pdfs = list(settings.printout_dir.glob("eingangsbestaetigung-*.pdf"))
        assert len(pdfs) == 1
        words = pdf_words(pdfs[0])
        german, turkish = Translation("de"), Translation("tr")
        names = seed_catalog().document_name
        for source in ("Receipt of documents", *(names(code) for code in three)):
            assert words_of(german(source)) <= words, source
            assert words_of(turkish(source)) <= words, source
        assert turkish("Receipt of documents") != german("Receipt of documents")
        assert number.split("-")[2] in words

        # --- back at the kiosk: after its sync, exactly one document is missing --------------
        def kiosk_missing() -> list[str]:
            look_up(kiosk, number, case.birth_date.strftime("%d.%m.%Y"))
            find_item(kiosk, "open_checklist")
            missing = list(kiosk.result_vm.missingDocuments)
            tap(kiosk, "back")
            return missing

        qtbot.waitUntil(lambda: len(kiosk_missing()) == 1, timeout=15_000)
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
