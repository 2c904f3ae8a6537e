"""The checklist at the real QML kiosk: after a lookup, printing, every printer failure with
the photograph alternative, and browsing without a case."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from qt_fixtures import find_item, sample_with, screen_text, tap
from test_lookup_flow import look_up, start_in_english

from kiosk_app.backend import KioskBackend
from kiosk_app.core import i18n
from kiosk_app.core.catalog import seed_catalog
from kiosk_app.core.i18n import _
from kiosk_app.core.print_errors import (
    PrinterMissing,
    PrinterOffline,
    PrinterOutOfPaper,
    PrinterTimedOut,
    PrintFailed,
    print_failure_message,
)
from kiosk_app.core.printout import PrintoutText
from kiosk_app.qt.app import KioskUi
from kiosk_app.store.outbox import Outbox

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "printing"))
from readback import pdf_words, qr_texts


class FailingPrinter:
    def __init__(self, failure: PrintFailed) -> None:
        self.failure = failure

    def print_checklist(self, text: PrintoutText) -> None:
        raise self.failure


class PaperPrinter:
    """A printer that prints on paper (CUPS, receipt): it names no file."""

    def print_checklist(self, text: PrintoutText) -> None:
        return None


def open_case_checklist(kiosk: KioskUi, backend: KioskBackend) -> list[str]:
    """Look up a case with missing documents and open its checklist; its missing names."""
    sample = sample_with(backend, "documents_missing")
    start_in_english(kiosk)
    look_up(kiosk, sample.case_number, sample.birth_date)
    missing = list(kiosk.result_vm.missingDocuments)
    tap(kiosk, "open_checklist")
    assert kiosk.flow_vm.screen == "checklist"
    return missing


def shown_documents(kiosk: KioskUi) -> list[str]:
    find_item(kiosk, "checklist_documents")
    return [doc["name"] for doc in kiosk.checklist_vm.documents]


def screen_qr(kiosk: KioskUi) -> list[str]:
    find_item(kiosk, "checklist_qr")
    image = QGuiApplication.primaryScreen().grabWindow(kiosk.window.winId()).toImage()
    return qr_texts(image)


def test_checklist_after_a_lookup_lists_the_missing_documents(
    kiosk: KioskUi, backend: KioskBackend
) -> None:
    missing = open_case_checklist(kiosk, backend)

    assert shown_documents(kiosk) == missing and missing
    assert screen_text(kiosk, "checklist_case_number") == kiosk.result_vm.maskedCaseNumber
    assert screen_qr(kiosk) == [kiosk.checklist_vm.reference]
    tap(kiosk, "back")
    assert kiosk.flow_vm.screen == "result" and kiosk.result_vm.hasResult
    assert kiosk.qml_errors == []


def test_print_writes_the_pdf_in_english_and_german(
    kiosk: KioskUi, backend: KioskBackend, qtbot: object
) -> None:
    open_case_checklist(kiosk, backend)
    tap(kiosk, "print")
    qtbot.waitUntil(lambda: not kiosk.checklist_vm.printing, timeout=10_000)  # type: ignore[attr-defined]

    pdf = backend.config.printout_dir / f"checklist-{kiosk.checklist_vm.reference}.pdf"
    # The demo has no printer: the screen says where the paper went, not "take it".
    assert screen_text(kiosk, "print_message") == _(
        "No printer is connected (demo): your checklist was saved as a PDF file: {path}"
    ).format(path=pdf)
    words = pdf_words(pdf)
    assert {"Checklist", "Checkliste", "Aktenzeichen"} <= words
    assert not list(pdf.parent.glob(".printing-*"))  # no half-written job files


@pytest.fixture
def english_afterwards() -> Iterator[None]:
    yield
    i18n.activate("en")  # the language is process-wide: later tests read English


def open_case_checklist_in(kiosk: KioskUi, backend: KioskBackend, language: str) -> None:
    sample = sample_with(backend, "documents_missing")
    tap(kiosk, f"lang_{language}")
    look_up(kiosk, sample.case_number, sample.birth_date)
    tap(kiosk, "open_checklist")
    assert kiosk.flow_vm.screen == "checklist"


@pytest.mark.usefixtures("english_afterwards")
@pytest.mark.parametrize("language", ["de", "ar"])
def test_without_a_printer_the_screen_names_the_pdf_and_a_photo_drops_the_banner(
    kiosk: KioskUi, backend: KioskBackend, qtbot: object, language: str
) -> None:
    open_case_checklist_in(kiosk, backend, language)
    tap(kiosk, "print")
    qtbot.waitUntil(lambda: not kiosk.checklist_vm.printing, timeout=10_000)  # type: ignore[attr-defined]

    pdf = backend.config.printout_dir / f"checklist-{kiosk.checklist_vm.reference}.pdf"
    shown = screen_text(kiosk, "print_message")
    assert pdf.is_file()
    # Arabic embeds the path left to right, so its slashes stay where they are.
    path = f"\u2066{pdf}\u2069" if language == "ar" else str(pdf)
    assert shown == i18n._(
        "No printer is connected (demo): your checklist was saved as a PDF file: {path}"
    ).format(path=path)
    assert i18n._("Your checklist is printed. Please take it from the printer.") not in shown
    if language == "de":
        assert shown.startswith("Kein Drucker angeschlossen (Demo): Ihre Checkliste wurde als PDF")
    assert not kiosk.checklist_vm.printFailed

    # "Show for a photo" after that: the screen to photograph says nothing about printing.
    tap(kiosk, "show_for_photo")
    assert screen_text(kiosk, "checklist_title") == i18n._("Take a photo of this screen")
    assert find_item(kiosk, "photo_hint").isVisible()
    box = kiosk.item("print_message_box")
    assert box is not None and not box.isVisible()
    assert screen_qr(kiosk) == [kiosk.checklist_vm.reference]

    # A real printer keeps "take it from the printer", until the resident asks for a photo.
    kiosk.print_jobs.printer = PaperPrinter()
    tap(kiosk, "print")
    qtbot.waitUntil(lambda: not kiosk.checklist_vm.printing, timeout=10_000)  # type: ignore[attr-defined]
    assert screen_text(kiosk, "print_message") == i18n._(
        "Your checklist is printed. Please take it from the printer."
    )
    tap(kiosk, "show_for_photo")
    assert screen_text(kiosk, "checklist_title") == i18n._("Take a photo of this screen")
    assert not box.isVisible()
    assert kiosk.qml_errors == []


@pytest.mark.parametrize(
    "failure",
    [PrinterMissing(), PrinterOffline(), PrinterOutOfPaper(), PrintFailed(), PrinterTimedOut()],
    ids=lambda failure: type(failure).__name__,
)
def test_every_printer_failure_offers_the_screen_to_photograph(
    kiosk: KioskUi, backend: KioskBackend, qtbot: object, failure: PrintFailed
) -> None:
    open_case_checklist(kiosk, backend)
    typed = (kiosk.lookup_vm.caseDigits, kiosk.lookup_vm.birthDigits)
    kiosk.print_jobs.printer = FailingPrinter(failure)
    tap(kiosk, "print")
    qtbot.waitUntil(lambda: kiosk.checklist_vm.printFailed, timeout=5000)  # type: ignore[attr-defined]

    assert screen_text(kiosk, "print_message") == print_failure_message(failure)
    assert find_item(kiosk, "photo_hint").isVisible()
    assert screen_text(kiosk, "checklist_title") == _("Take a photo of this screen")
    assert screen_qr(kiosk) == [kiosk.checklist_vm.reference]
    # Nothing the resident typed or found is lost: back to the result, and to the lookup.
    tap(kiosk, "back")
    assert kiosk.flow_vm.screen == "result" and kiosk.result_vm.hasResult
    assert (kiosk.lookup_vm.caseDigits, kiosk.lookup_vm.birthDigits) == typed


def test_a_printer_that_never_answers_times_out(
    kiosk: KioskUi, backend: KioskBackend, qtbot: object
) -> None:
    import threading

    release = threading.Event()

    class Hanging:
        def print_checklist(self, text: PrintoutText) -> None:
            release.wait(10)

    open_case_checklist(kiosk, backend)
    kiosk.print_jobs.printer = Hanging()
    kiosk.print_jobs.timeout_s = 0.5
    tap(kiosk, "print")
    assert kiosk.checklist_vm.printing
    qtbot.waitUntil(lambda: kiosk.checklist_vm.printFailed, timeout=5000)  # type: ignore[attr-defined]
    release.set()
    assert screen_text(kiosk, "print_message") == print_failure_message(PrinterTimedOut())


def test_browse_without_a_case_shows_the_generic_list(kiosk: KioskUi) -> None:
    tap(kiosk, "browse_documents")
    assert kiosk.flow_vm.screen == "browse"
    tap(kiosk, "browse_lang_en")
    assert screen_text(kiosk, "browse_question") == _(
        "What do you want to do? Choose the purpose of your stay."
    )
    tap(kiosk, "option_blue_card_18g")
    tap(kiosk, "option_application")

    assert kiosk.flow_vm.screen == "checklist"
    catalog = seed_catalog()
    expected = [
        _(catalog.documents[code]) for code in catalog.documents_for("blue_card_18g", "application")
    ]
    assert shown_documents(kiosk) == expected
    assert kiosk.checklist_vm.maskedCaseNumber == ""
    tap(kiosk, "back")
    assert kiosk.flow_vm.screen == "browse"
    tap(kiosk, "home")
    assert kiosk.flow_vm.screen == "welcome" and not kiosk.checklist_vm.hasChecklist


def queued_references(backend: KioskBackend) -> list[dict[str, object]]:
    """The ``register_reference`` commands in the outbox, once the writer thread is done."""
    backend.references.flush()
    entries = Outbox(backend.cache.connection).all_entries()
    return [json.loads(e.payload) for e in entries if e.kind == "register_reference"]


def test_a_case_checklist_queues_its_reference_for_staff(
    kiosk: KioskUi, backend: KioskBackend
) -> None:
    open_case_checklist(kiosk, backend)
    answer = kiosk.checklist_vm._answer
    assert answer is not None

    shown = screen_qr(kiosk)
    (queued,) = queued_references(backend)
    assert shown == [queued["reference"]] == [kiosk.checklist_vm.reference]
    assert queued["lookup_key"] == answer.lookup_key.hex()
    assert queued["documents"] == list(answer.record.missing_documents)
    assert queued["booking_id"] is None
    assert queued["language"] == i18n.active_language()  # the resident's session language
    assert set(queued) == {"kind", "reference", "lookup_key", "documents", "booking_id", "language"}


@pytest.mark.usefixtures("english_afterwards")
def test_the_queued_reference_names_the_residents_language(
    kiosk: KioskUi, backend: KioskBackend
) -> None:
    open_case_checklist_in(kiosk, backend, "ar")
    (queued,) = queued_references(backend)
    assert queued["language"] == "ar"


def test_a_generic_checklist_queues_nothing(kiosk: KioskUi, backend: KioskBackend) -> None:
    tap(kiosk, "browse_documents")
    tap(kiosk, "browse_lang_en")
    tap(kiosk, "option_blue_card_18g")
    tap(kiosk, "option_application")
    assert kiosk.flow_vm.screen == "checklist" and kiosk.checklist_vm.reference

    assert queued_references(backend) == []


def test_a_synced_catalog_names_the_documents_on_the_checklist(
    kiosk: KioskUi, backend: KioskBackend
) -> None:
    from kiosk_app.core import i18n
    from kiosk_app.store.catalog_snapshot import CatalogSnapshotStore
    from sync.engine import SyncStatus

    snapshot = {
        "protocol": 1,
        "version": "cd" * 32,
        "documents": [
            {
                "code": "passport",
                "names": {"en": "Passport or travel document", "de": "Pass oder Reiseausweis"},
                "explanations": {"de": "Gültig, alle Seiten."},
            }
        ],
        "services": [],
    }
    CatalogSnapshotStore(backend.cache.connection).save("cd" * 32, json.dumps(snapshot).encode())
    # What the sync engine reports (from its thread) after storing it; the GUI thread loads it.
    report_from_engine_thread(kiosk, SyncStatus(True, None, 0, 0, catalog_version="cd" * 32))
    try:
        assert kiosk.catalog.current.version == "cd" * 32
        tap(kiosk, "browse_documents")
        tap(kiosk, "browse_lang_de")
        tap(kiosk, "option_blue_card_18g")
        tap(kiosk, "option_application")
        assert kiosk.flow_vm.screen == "checklist"
        shown = shown_documents(kiosk)
        assert shown[0] == "Pass oder Reiseausweis"
        assert kiosk.checklist_vm.documents[0]["explanation"] == "Gültig, alle Seiten."
        seed = seed_catalog()
        assert shown[1] == i18n._(seed.documents["photo"]) != seed.documents["photo"]
    finally:
        kiosk.catalog.replace(seed_catalog())
        i18n.activate("en")


def test_an_unreadable_stored_catalog_keeps_the_one_in_use(
    kiosk: KioskUi, backend: KioskBackend
) -> None:
    from kiosk_app.store.catalog_snapshot import CatalogSnapshotStore
    from sync.engine import SyncStatus

    CatalogSnapshotStore(backend.cache.connection).save("ef" * 32, b'{"documents": 1}')
    report_from_engine_thread(kiosk, SyncStatus(True, None, 0, 0, catalog_version="ef" * 32))
    assert kiosk.catalog.current.version is None
    assert kiosk.catalog.current.documents == seed_catalog().documents


def report_from_engine_thread(kiosk: KioskUi, status: object) -> None:
    import threading

    from PySide6.QtTest import QTest

    worker = threading.Thread(target=kiosk.sync_bridge.report, args=(status,))
    worker.start()
    worker.join()
    QTest.qWait(50)  # the queued signal arrives in the GUI thread
