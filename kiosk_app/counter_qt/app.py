"""Composition root of ``kiosk-app counter``: desk, view models, translator, scanner, lock,
``ui/counter/Main.qml``. Built over any object with CounterDesk's calls (``desk_port.Desk``)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Property as QtProperty
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QUrl, Signal, Slot
from PySide6.QtGui import QFont, QGuiApplication, QWindow
from PySide6.QtQml import QQmlApplicationEngine

from kiosk_app.config import KioskConfig
from kiosk_app.core.catalog import CatalogHolder
from kiosk_app.core.documents_receipt import compose_documents_receipt
from kiosk_app.core.print_errors import PrintFailed
from kiosk_app.core.printer_health import PRINTER_HEALTH
from kiosk_app.counter.views import OpenedCase
from kiosk_app.counter_qt.case_vm import CaseViewModel
from kiosk_app.counter_qt.conflicts_vm import ConflictsViewModel
from kiosk_app.counter_qt.desk_port import Desk
from kiosk_app.counter_qt.fleet_vm import FleetViewModel
from kiosk_app.counter_qt.forms_vm import FormsViewModel
from kiosk_app.counter_qt.session import INACTIVITY_S, CounterSessionViewModel, InactivityLock
from kiosk_app.counter_qt.sign_in_vm import SignInViewModel
from kiosk_app.counter_qt.snippets_vm import SnippetsViewModel
from kiosk_app.counter_qt.status_vm import CounterStatusViewModel, StatusBridge
from kiosk_app.counter_qt.today_vm import REFRESH_MS, TodayViewModel
from kiosk_app.counter_qt.walk_in_vm import WalkInViewModel
from kiosk_app.qt.desk_writes import DeskWrites
from kiosk_app.qt.printing.backends import PaperPrinter, make_paper_printer
from kiosk_app.qt.scanner_input import ScannerInput
from kiosk_app.qt.translator import LanguageSwitcher
from kiosk_app.qt.ui_paths import COUNTER_MAIN_QML

if TYPE_CHECKING:
    from sync.form_protocol import FormRendition

COUNTER_LANGUAGES = ("de", "en")
WIDTH, HEIGHT = 1920, 1080
FONT_FAMILIES = ["Noto Sans", "Noto Naskh Arabic", "Noto Sans CJK SC", "DejaVu Sans"]


class CounterLoadError(RuntimeError):
    """ui/counter/Main.qml did not compile or create."""


class LanguageViewModel(QObject):
    """German or English for the clerk; retranslates every view in place."""

    changed = Signal()

    def __init__(self, switcher: LanguageSwitcher, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._switcher = switcher

    @Slot(str)
    def switchLanguage(self, code: str) -> None:
        if code in COUNTER_LANGUAGES and code != self._switcher.current:
            self._switcher.switch(code)
            self.changed.emit()

    def _get_current(self) -> str:
        return self._switcher.current

    current = QtProperty(str, _get_current, notify=changed)


@dataclass
class CounterUi:
    """The running counter; tests drive it through its view models and ``window``."""

    engine: QQmlApplicationEngine
    window: QWindow
    desk: Desk
    calls: DeskWrites
    switcher: LanguageSwitcher
    language: LanguageViewModel
    session: CounterSessionViewModel
    sign_in: SignInViewModel
    today: TodayViewModel
    case: CaseViewModel
    status: CounterStatusViewModel
    status_bridge: StatusBridge
    conflicts: ConflictsViewModel
    lock: InactivityLock
    scanner: ScannerInput
    fleet: FleetViewModel
    walk_in: WalkInViewModel
    forms: FormsViewModel
    snippets: SnippetsViewModel
    qml_errors: list[str] = field(default_factory=list)

    def item(self, object_name: str) -> QObject | None:
        from kiosk_app.qt.qml_items import find_qml_item

        return find_qml_item(self.window, object_name)

    def close(self) -> None:
        """Tear down the QML before the view models it binds to."""
        self.lock.disarm()
        self.today.clear()
        self.fleet.clear()
        self.walk_in.clear()
        self.forms.clear()
        self.snippets.clear()
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self.lock)
            app.removeEventFilter(self.scanner)
        self.calls.forget_all()
        self.window.close()
        self.engine.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def receipt_printer(
    config: KioskConfig,
    catalog: CatalogHolder,
    printer: PaperPrinter,
    count: Callable[[PrintFailed | None, str | None], None] = lambda _failure, _language: None,
) -> Callable[[OpenedCase, list[str]], Path | None]:
    """What ``CaseViewModel.printReceipt`` calls in a worker: compose, then print on A4;
    ``count`` gets each receipt printed (None) or failed (anonymous usage figures)."""
    from kiosk_app.counter_qt.receipt_paper import ReceiptPaper

    def print_receipt(opened: OpenedCase, received: list[str]) -> Path | None:
        now = config.time.now()
        receipt = compose_documents_receipt(
            office_name=config.office_name,
            day=now.date(),
            case_number=opened.case.case_number,
            received=received,
            missing=opened.case.missing_documents,
            document_name=catalog.current.document_name,
            language=opened.language,
        )
        paper = ReceiptPaper(receipt, now.strftime("%Y%m%d-%H%M%S"))
        try:
            saved_to = printer.print_paper(paper)
        except PrintFailed as failure:
            PRINTER_HEALTH.note_outcome(failure)  # the workstation's status report says so
            count(failure, opened.language)
            raise
        PRINTER_HEALTH.note_outcome(None, to_file=saved_to is not None)
        count(None, opened.language)
        return saved_to

    return print_receipt


def form_printer(
    config: KioskConfig, printer: PaperPrinter
) -> Callable[[FormRendition], Path | None]:
    """What ``FormsViewModel.printForm`` calls in a worker: the German A4 of a request."""
    from kiosk_app.counter_qt.form_paper import FormPaper

    def print_form(form: FormRendition) -> Path | None:
        received = form.summary.submitted_at.astimezone(config.time.zone).replace(tzinfo=None)
        saved_to = printer.print_paper(FormPaper(form, config.office_name, received))
        PRINTER_HEALTH.note_outcome(None, to_file=saved_to is not None)
        return saved_to

    return print_form


def build_counter(
    config: KioskConfig,
    desk: Desk,
    app: QGuiApplication,
    *,
    printer: PaperPrinter | None = None,
    clock: Callable[[], float] = time.monotonic,
    inactivity_s: float = INACTIVITY_S,
    refresh_ms: int = REFRESH_MS,
    locale_dir: Path | None = None,
) -> CounterUi:
    """Wire the counter over ``desk`` and load its QML (not shown yet)."""
    app.setFont(QFont(FONT_FAMILIES))
    QFont.insertSubstitutions(FONT_FAMILIES[0], FONT_FAMILIES[1:])
    calls = DeskWrites()
    catalog = CatalogHolder()
    switcher = LanguageSwitcher(app, locale_dir=locale_dir)
    language = LanguageViewModel(switcher)
    status_bridge = StatusBridge()
    status = CounterStatusViewModel(status_bridge)

    def read_status() -> None:
        calls.run(desk.status, lambda result, failure: failure or status.show(result))

    conflicts = ConflictsViewModel(desk, calls, config.time, on_resolved=read_status)

    def after_action() -> None:
        read_status()
        today.refresh()
        conflicts.refresh()

    paper_printer = printer or make_paper_printer(config)
    case = CaseViewModel(
        desk,
        calls,
        catalog,
        config.time,
        receipt_printer(
            config,
            catalog,
            paper_printer,
            # The real desk counts receipts (issue 18); a stand-in desk need not.
            getattr(desk, "count_receipt", lambda _failure, _language: None),
        ),
        on_action=after_action,
    )
    today = TodayViewModel(desk, calls, catalog, case.open, refresh_ms)
    fleet = FleetViewModel(desk, calls, config.time)
    walk_in = WalkInViewModel(desk, calls, catalog, config.time)
    forms = FormsViewModel(
        desk,
        calls,
        config.time,
        print_form=form_printer(config, paper_printer),
    )
    snippets = SnippetsViewModel(
        desk,
        calls,
        catalog,
        config.time,
        config.office_name,
        lambda: case.opened,
        lambda: paper_printer,
    )

    def clear_views() -> None:
        lock.disarm()
        calls.forget_all()  # answers for the last clerk go nowhere
        for view in (today, case, conflicts, sign_in, fleet, walk_in, forms, snippets):
            view.clear()

    def on_signed_in() -> None:
        lock.arm()
        today.start()
        conflicts.refresh()
        read_status()

    session = CounterSessionViewModel(calls, desk.sign_out, clear_views, on_signed_in)
    sign_in = SignInViewModel(desk, calls, session.signed_in)
    lock = InactivityLock(session.lock, inactivity_s, clock)
    views = (sign_in, today, case, status, conflicts, fleet, walk_in, forms, snippets)
    switcher.on_switched(lambda _code: [view.retranslate() for view in views])

    engine = QQmlApplicationEngine()
    switcher.attach_engine(engine)
    switcher.switch(
        config.default_language if config.default_language in COUNTER_LANGUAGES else "de"
    )
    errors: list[str] = []
    engine.warnings.connect(lambda warnings: errors.extend(w.toString() for w in warnings))
    engine.setInitialProperties(
        {
            "sessionVm": session,
            "signInVm": sign_in,
            "todayVm": today,
            "caseVm": case,
            "statusVm": status,
            "conflictsVm": conflicts,
            "fleetVm": fleet,
            "walkInVm": walk_in,
            "formsVm": forms,
            "snippetsVm": snippets,
            "languageVm": language,
            "officeName": config.office_name,
            "width": config.width,
            "height": config.height,
        }
    )
    engine.load(QUrl.fromLocalFile(str(COUNTER_MAIN_QML)))
    roots = engine.rootObjects()
    if not roots:
        raise CounterLoadError("; ".join(errors) or f"could not load {COUNTER_MAIN_QML}")
    window = roots[0]
    assert isinstance(window, QWindow)

    def scanned(text: str) -> None:
        if session.screen == "desk":
            case.open(text)

    scanner = ScannerInput(window, scanned)
    app.installEventFilter(scanner)
    app.installEventFilter(lock)
    return CounterUi(
        engine,
        window,
        desk,
        calls,
        switcher,
        language,
        session,
        sign_in,
        today,
        case,
        status,
        status_bridge,
        conflicts,
        lock,
        scanner,
        fleet,
        walk_in,
        forms,
        snippets,
        errors,
    )


def counter_config(state_dir: Path | None, demo: bool, language: str) -> KioskConfig:
    """The counter's configuration: its own state folder (cache, key, printouts), 1920x1080."""
    from kiosk_app.config import default_state_dir

    base = state_dir or default_state_dir()
    return KioskConfig(
        state_dir=base / "counter",
        demo=demo,
        default_language=language,
        width=WIDTH,
        height=HEIGHT,
        windowed=demo,
    )


def run_counter(config: KioskConfig) -> int:
    """Open the counter's cache and desk, start its sync, run the window until it quits."""
    import sys

    from kiosk_app.counter_qt.opening import CounterOpenFailed, open_counter
    from kiosk_app.qt.qml_preload import application

    if config.demo:
        from kiosk_app.counter_qt.demo import DemoCounterUnavailable, join_demo

        try:
            join_demo(config)
        except (DemoCounterUnavailable, CounterOpenFailed) as problem:
            print(f"kiosk-app counter: {problem}", file=sys.stderr)
            return 2
    try:
        opened = open_counter(config)
    except CounterOpenFailed as problem:
        print(f"kiosk-app counter: {problem}", file=sys.stderr)
        return 2
    app = application()
    try:
        ui = build_counter(config, opened.desk, app)
    except CounterLoadError as error:
        opened.close()
        print(f"kiosk-app counter: the screens did not load: {error}", file=sys.stderr)
        return 3
    opened.start_sync(ui.status_bridge.report)
    if config.demo:
        from sync.gateway.demo import DEMO_CLERK, DEMO_CLERK_PASSWORD

        ui.sign_in.signIn(DEMO_CLERK, DEMO_CLERK_PASSWORD)  # the demo clerk, as a person would
    if config.windowed:
        ui.window.resize(config.width, config.height)
        ui.window.showNormal()
    else:
        ui.window.showFullScreen()
    try:
        return app.exec()
    finally:
        ui.close()
        opened.close()
