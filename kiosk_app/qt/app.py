"""Composition root of the Qt kiosk: backend, view models, translator, idle watcher, QML."""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QCoreApplication, QObject, QUrl, Slot
from PySide6.QtGui import QFont, QGuiApplication, QWindow
from PySide6.QtQml import QQmlApplicationEngine, QQmlError

from kiosk_app.config import KioskConfig
from kiosk_app.core.errors import KioskError
from kiosk_app.core.flow import KioskFlow
from kiosk_app.qt.gui_thread_gc import GuiThreadCollector
from kiosk_app.qt.idle import IdleWatcher, WarningSound
from kiosk_app.qt.qml_preload import QmlPreload
from kiosk_app.qt.qml_preload import application as _application
from kiosk_app.qt.speech import SpeechOutput
from kiosk_app.qt.sync_bridge import SyncBridge, SyncStatusViewModel
from kiosk_app.qt.translator import LanguageSwitcher
from kiosk_app.qt.ui_paths import KIOSK_MAIN_QML, UI_DIR
from kiosk_app.qt.viewmodels.accessibility_vm import AccessibilityViewModel
from kiosk_app.qt.viewmodels.flow_vm import FlowViewModel

if TYPE_CHECKING:
    from PySide6.QtQuick import QQuickItem

    from kiosk_app.backend import KioskBackend
    from kiosk_app.core.answer_receipt import AnswerReceiptText
    from kiosk_app.core.appointments import (
        Appointment,
        AppointmentDesk,
        BookingConfirmation,
        DayFree,
        TimeChoice,
    )
    from kiosk_app.core.catalog import CatalogHolder
    from kiosk_app.core.checklist import PrintedReference, RegisterReference
    from kiosk_app.core.printout import PrintoutText
    from kiosk_app.core.question_source import QuestionSource
    from kiosk_app.core.status_lookup import StatusAnswer
    from kiosk_app.core.walk_in_ticket import TicketText
    from kiosk_app.demo_samples import DemoSample
    from kiosk_app.form_desk import KioskFormDesk
    from kiosk_app.qt.printing.backends import Printer
    from kiosk_app.qt.printing.jobs import PrintJobs
    from kiosk_app.qt.screen_models import ScreenModels
    from kiosk_app.qt.viewmodels.booking_vm import BookingViewModel
    from kiosk_app.qt.viewmodels.browse_vm import BrowseViewModel
    from kiosk_app.qt.viewmodels.checklist_vm import ChecklistViewModel
    from kiosk_app.qt.viewmodels.form_vm import FormViewModel
    from kiosk_app.qt.viewmodels.lookup_vm import LookupViewModel
    from kiosk_app.qt.viewmodels.questions_vm import QuestionsViewModel
    from kiosk_app.qt.viewmodels.result_vm import ResultViewModel
    from kiosk_app.qt.viewmodels.walk_in_vm import WalkInViewModel
    from kiosk_app.store.transactions import Connection
    from kiosk_app.usage_recorder import UsageRecorder
    from kiosk_app.walk_in_desk import KioskWalkInDesk
    from sync.engine import SyncEngine

log = logging.getLogger(__name__)

MAIN_QML = KIOSK_MAIN_QML
WARNING_SOUND = UI_DIR / "assets" / "idle-warning.wav"
# Noto for Latin/Cyrillic, Arabic in the Naskh style (ar, fa) and Simplified Chinese; DejaVu last.
FONT_FAMILIES = ["Noto Sans", "Noto Naskh Arabic", "Noto Sans CJK SC", "DejaVu Sans"]


class QmlLoadError(RuntimeError):
    """Main.qml (or a screen it loads) did not compile or create."""


class ScreenWiring(NamedTuple):
    """What the screen view models are made from (kept by ``KioskUi`` until they are built)."""

    config: KioskConfig
    flow: KioskFlow
    switcher: LanguageSwitcher
    find: Callable[[str, str], StatusAnswer]
    lookup_delay: Callable[[], timedelta]  # the kiosk-wide slowdown, waited out on a timer
    desk: AppointmentDesk
    printer: Printer
    register_reference: RegisterReference | None
    # Counts lookups, papers and bookings (anonymous, issue 18); None: nothing is counted.
    usage: UsageRecorder | None = None
    # The walk-in desk once the backend is open (issue 15); None: tickets need the office.
    walk_in: Callable[[], KioskWalkInDesk | None] = lambda: None
    # The forms desk once the backend is open (issue 17); None: no requests at this kiosk.
    forms: Callable[[], KioskFormDesk | None] = lambda: None
    # The knowledge base in the cache once the backend is open (issue 16); None: no answers.
    questions: Callable[[], QuestionSource | None] = lambda: None
    # Reads an answer aloud: the first (text, language) with a voice (the accessibility bar's).
    speak: Callable[[Sequence[tuple[str, str]]], bool] = lambda _parts: False


@dataclass
class KioskUi:
    """Everything the running kiosk is made of; tests drive it through ``window``."""

    engine: QQmlApplicationEngine
    window: QWindow
    flow: KioskFlow
    switcher: LanguageSwitcher
    flow_vm: FlowViewModel
    sync_bridge: SyncBridge
    sync_vm: SyncStatusViewModel
    idle: IdleWatcher
    qml_errors: list[str]
    accessibility: AccessibilityViewModel
    # The screens after the welcome screen: built by ``attach_screens`` (screen_models.py).
    wiring: ScreenWiring
    screens: ScreenModels | None = field(default=None, kw_only=True)
    # Cyclic garbage collection in the GUI thread only (gui_thread_gc.py).
    collector: GuiThreadCollector | None = field(default=None, kw_only=True)
    watching: bool = field(default=False, kw_only=True)  # watch_input was called

    def attach_screens(self) -> ScreenModels:
        """Build the view models of the screens after the welcome screen and hand them to the
        QML (once; the kiosk does it right after its first frame)."""
        if self.screens is None:
            from kiosk_app.qt.screen_models import build_screen_models

            self.screens = build_screen_models(self.wiring, self.engine, self.window)
            # A form's next question is read aloud like a new screen (issue 17).
            self.screens.form_vm.stepChanged.connect(self.accessibility.speak_soon)
        return self.screens

    def watch_input(self) -> None:
        """Let the idle watcher see every touch and key (an application-wide event filter).
        The kiosk installs it right after its first frame: before, nobody can touch, and each
        kind of event a Python filter sees costs PySide its type and enums (~40 ms)."""
        app = QCoreApplication.instance()
        if app is not None and not self.watching:
            app.installEventFilter(self.idle)
            self.watching = True

    def _screen_models(self) -> ScreenModels:
        if self.screens is None:
            raise RuntimeError("the screens' view models are built after the first frame")
        return self.screens

    @property
    def catalog(self) -> CatalogHolder:
        return self._screen_models().catalog

    @property
    def browse_vm(self) -> BrowseViewModel:
        return self._screen_models().browse_vm

    @property
    def lookup_vm(self) -> LookupViewModel:
        return self._screen_models().lookup_vm

    @property
    def result_vm(self) -> ResultViewModel:
        return self._screen_models().result_vm

    @property
    def checklist_vm(self) -> ChecklistViewModel:
        return self._screen_models().checklist_vm

    @property
    def booking_vm(self) -> BookingViewModel:
        return self._screen_models().booking_vm

    @property
    def walk_in_vm(self) -> WalkInViewModel:
        return self._screen_models().walk_in_vm

    @property
    def form_vm(self) -> FormViewModel:
        return self._screen_models().form_vm

    @property
    def questions_vm(self) -> QuestionsViewModel:
        return self._screen_models().questions_vm

    @property
    def print_jobs(self) -> PrintJobs:
        return self._screen_models().print_jobs

    def item(self, object_name: str) -> QQuickItem | None:
        """The QML item with this ``objectName`` on the current screen."""
        from kiosk_app.qt.qml_items import find_qml_item  # QtQuick: not before the first frame

        return find_qml_item(self.window, object_name)

    def close(self) -> None:
        """Tear down the QML before the view models it binds to."""
        self.idle.stop()
        self.accessibility.close()  # ends the speech worker
        if self.collector is not None:
            self.collector.stop()
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)
        self.window.close()
        self.engine.deleteLater()
        from PySide6.QtCore import QEvent

        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _error_text(error: QQmlError) -> str:
    return error.toString()


def _compose(
    config: KioskConfig,
    app: QGuiApplication,
    find: Callable[[str, str], StatusAnswer],
    demo_samples: Sequence[DemoSample],
    lookup_delay: Callable[[], timedelta],
    clock: Callable[[], float],
    sound: WarningSound | None,
    locale_dir: Path | None = None,
    on_dataset_changed: Callable[[], None] = lambda: None,
    printer: Printer | None = None,
    desk: AppointmentDesk | None = None,
    register_reference: RegisterReference | None = None,
    catalog_snapshot: Callable[[], bytes | None] = lambda: None,
    preload: QmlPreload | None = None,
    usage: UsageRecorder | None = None,
    walk_in: Callable[[], KioskWalkInDesk | None] = lambda: None,
    forms: Callable[[], KioskFormDesk | None] = lambda: None,
    questions: Callable[[], QuestionSource | None] = lambda: None,
) -> KioskUi:
    # First, before any thread of the kiosk exists: no QObject is ever freed outside this one.
    collector = GuiThreadCollector(app)
    app.setFont(QFont(FONT_FAMILIES))
    # QML names "Noto Sans" (Theme.qml); its fallbacks for Arabic script and Chinese are ours,
    # not whatever fontconfig would pick.
    QFont.insertSubstitutions(FONT_FAMILIES[0], FONT_FAMILIES[1:])
    flow = KioskFlow(config.default_language)
    switcher = LanguageSwitcher(app, locale_dir=locale_dir)
    wiring = ScreenWiring(
        config,
        flow,
        switcher,
        find,
        lookup_delay,
        desk if desk is not None else _NoDesk(),
        printer or _ConfiguredPrinter(config),
        register_reference,
        usage,
        walk_in,
        forms,
        questions,
    )
    late: list[KioskUi] = []  # the screens' view models are built after the first frame
    flow_vm = FlowViewModel(
        flow,
        switcher,
        office_name=config.office_name,
        demo=config.demo,
        demo_samples=demo_samples,
        browse=lambda: late[0].browse_vm.start(),
        walk_in=lambda: late[0].walk_in_vm.start(),
        walk_in_for_case=lambda: late[0].walk_in_vm.start(late[0].result_vm.case_ends()),
        questions=lambda: late[0].questions_vm.start(),
    )
    sync_bridge = SyncBridge()
    sync_vm = SyncStatusViewModel(
        sync_bridge,
        stale_after=timedelta(minutes=config.stale_after_min),
        time=config.time,
        on_dataset_changed=on_dataset_changed,
        # In the GUI thread (the bridge queues reports): the engine stored a new catalog.
        on_catalog_changed=lambda _version: load_stored_catalog(late[0].catalog, catalog_snapshot),
        # A new knowledge base in the cache (issue 16): the Questions screens read it again.
        on_faq_changed=lambda _version: late[0].questions_vm.reload_content(),
    )
    switcher.on_switched(lambda _code: sync_vm.retranslate())
    idle = IdleWatcher(config.idle, flow, flow_vm, clock=clock, sound=sound)
    accessibility = AccessibilityViewModel(
        SpeechOutput(config.speech_engine, clock=clock), flow, switcher, flow_vm, sound
    )
    idle.on_welcome_idle(accessibility.reset)
    wiring = wiring._replace(speak=accessibility.read_parts)
    idle.on_welcome_idle(collector.collect_all)  # nobody waits on the welcome screen

    engine = QQmlApplicationEngine() if preload is None else preload.finished_engine()
    switcher.attach_engine(engine)
    switcher.switch(config.default_language)
    errors: list[str] = []
    engine.warnings.connect(lambda warnings: errors.extend(map(_error_text, warnings)))
    engine.setInitialProperties(
        {
            "flowVm": flow_vm,
            "syncVm": sync_vm,
            "width": config.width,
            "height": config.height,
            "a11yVm": accessibility,
            "screenDpi": config.screen_dpi,
        }
    )
    engine.load(QUrl.fromLocalFile(str(MAIN_QML)))
    roots = engine.rootObjects()
    if not roots:
        raise QmlLoadError("; ".join(errors) or f"could not load {MAIN_QML}")
    window = roots[0]
    assert isinstance(window, QWindow)
    accessibility.attach_window(window)
    ui = KioskUi(
        engine,
        window,
        flow,
        switcher,
        flow_vm,
        sync_bridge,
        sync_vm,
        idle,
        errors,
        accessibility,
        wiring,
        collector=collector,
    )
    late.append(ui)
    return ui


def faq_of(
    backend: Callable[[], KioskBackend | None],
    usage: Callable[[], UsageRecorder | None] = lambda: None,
) -> Callable[[], QuestionSource | None]:
    """The knowledge base on the backend's cache connection (GUI thread), made on first use:
    the Questions screens open after the backend, never at start-up. Its counts go through
    ``usage`` (the recorder's writer thread) when there is one."""
    made: list[QuestionSource] = []

    def source() -> QuestionSource | None:
        opened = backend()
        if opened is None:
            return None
        if not made:
            from kiosk_app.store.faq_store import FaqIndex

            recorder = usage()
            count = recorder.question if recorder is not None else None
            connection, now = opened.cache.connection, opened.config.time.utc_now
            # The office's data comes with the knowledge base (the gateway's --office-data).
            made.append(FaqIndex(connection, now=now, count=count))
        return made[0]

    return source


def load_stored_catalog(holder: CatalogHolder, snapshot: Callable[[], bytes | None]) -> None:
    """Replace the catalog with the seed overridden by the gateway's stored catalog, if there
    is one and it differs from the one in use; an unreadable one leaves the catalog as it is."""
    raw = snapshot()
    if raw is None:
        return
    from kiosk_app.core.catalog import catalog_from_snapshot, seed_catalog

    try:
        catalog = catalog_from_snapshot(seed_catalog(), raw)
    except ValueError as problem:
        log.warning("stored catalog not used: %s", problem)
        return
    if catalog.version != holder.current.version:
        holder.replace(catalog)
        log.info("catalog version %s in use", (catalog.version or "")[:12])


def build_kiosk(
    config: KioskConfig,
    backend: KioskBackend,
    app: QGuiApplication,
    *,
    clock: Callable[[], float] = time.monotonic,
    with_sound: bool = True,
    locale_dir: Path | None = None,
    printer: Printer | None = None,
) -> KioskUi:
    """Wire the kiosk over an open backend and load Main.qml (the idle timer is not started).

    ``clock`` feeds the idle watcher (tests fast-forward it); ``locale_dir`` overrides where
    the gettext catalogs are read from; ``printer`` replaces the configured printer backend.
    """
    sound = WarningSound(WARNING_SOUND) if with_sound else None
    ui = _compose(
        config,
        app,
        backend.lookup.find,
        backend.demo_samples,
        backend.lookup.limiter.delay,
        clock,
        sound,
        locale_dir,
        on_dataset_changed=backend.reload_pepper,
        printer=printer,
        desk=getattr(backend, "desk", None),
        register_reference=getattr(backend, "register_reference", None),
        catalog_snapshot=getattr(backend, "catalog_snapshot", lambda: None),
        usage=getattr(backend, "usage", None),
        walk_in=lambda: getattr(backend, "walk_in", None),
        forms=lambda: getattr(backend, "forms", None),
        questions=faq_of(lambda: backend, lambda: getattr(backend, "usage", None)),
    )
    ui.attach_screens()
    ui.watch_input()
    load_stored_catalog(ui.catalog, getattr(backend, "catalog_snapshot", lambda: None))
    return ui


class _ConfiguredPrinter:
    """The configured backend, created on the first print: its modules (QtPrintSupport, PDF
    and receipt painting) stay out of the kiosk's start-up. Runs in the print worker thread."""

    def __init__(self, config: KioskConfig) -> None:
        self._config = config
        self._printer: Printer | None = None

    def print_checklist(self, text: PrintoutText) -> Path | None:
        if self._printer is None:
            from kiosk_app.qt.printing.backends import make_printer

            self._printer = make_printer(self._config)
        return self._printer.print_checklist(text)

    def print_ticket(self, text: TicketText) -> Path | None:
        """The walk-in ticket (issue 15) on the configured backend."""
        from kiosk_app.qt.printing.ticket import print_ticket

        if self._printer is None:
            from kiosk_app.qt.printing.backends import make_printer

            self._printer = make_printer(self._config)
        return print_ticket(self._printer, text)

    def print_answer(self, text: AnswerReceiptText) -> Path | None:
        """A printed answer to a question (issue 16) on the configured backend."""
        from kiosk_app.qt.printing.answer_receipt import print_answer

        if self._printer is None:
            from kiosk_app.qt.printing.backends import make_printer

            self._printer = make_printer(self._config)
        return print_answer(self._printer, text)


class _NoDesk:
    """No appointment desk (a QML load check, or a backend without one): nothing to book."""

    online = False

    def days(self, service: str) -> list[DayFree]:
        return []

    def times(self, service: str, day: date) -> list[TimeChoice]:
        return []

    def appointments(self, lookup_key: bytes) -> list[Appointment]:
        raise KioskError("no appointment desk")

    def book(self, lookup_key: bytes, slot_id: str) -> BookingConfirmation:
        raise KioskError("no appointment desk")

    def move(self, lookup_key: bytes, booking_id: str, slot_id: str) -> BookingConfirmation:
        raise KioskError("no appointment desk")

    def cancel(self, lookup_key: bytes, booking_id: str) -> None:
        raise KioskError("no appointment desk")


class _LateDesk:
    """The backend's appointment desk once the backend is open (right after the first frame);
    the booking screens are reached only after a lookup, so by then it answers."""

    def __init__(self, late: _LateBackend) -> None:
        self._late = late

    def _desk(self) -> AppointmentDesk:
        desk = getattr(self._late.backend, "desk", None)
        return desk if desk is not None else _NoDesk()

    @property
    def online(self) -> bool:
        return self._desk().online

    def days(self, service: str) -> list[DayFree]:
        return self._desk().days(service)

    def times(self, service: str, day: date) -> list[TimeChoice]:
        return self._desk().times(service, day)

    def appointments(self, lookup_key: bytes) -> list[Appointment]:
        return self._desk().appointments(lookup_key)

    def book(self, lookup_key: bytes, slot_id: str) -> BookingConfirmation:
        return self._desk().book(lookup_key, slot_id)

    def move(self, lookup_key: bytes, booking_id: str, slot_id: str) -> BookingConfirmation:
        return self._desk().move(lookup_key, booking_id, slot_id)

    def cancel(self, lookup_key: bytes, booking_id: str) -> None:
        self._desk().cancel(lookup_key, booking_id)


class _AfterFirstFrame(QObject):
    """Runs ``actions`` once, in the GUI thread, after the window's first frame (a slot of a
    GUI-thread QObject is queued there when the render thread emits frameSwapped).

    Each of them is part of a working kiosk (its screens, idle watch, cache, lock-down), so one
    that fails is logged and the kiosk exits with 3 (systemd restarts it) instead of staying up
    half made; the others still run, so the exit is clean."""

    def __init__(self, window: QWindow, actions: list[Callable[[], None]]) -> None:
        super().__init__(window)
        self.actions = actions
        self._window = window
        self._ran = False
        window.frameSwapped.connect(self.frame_swapped)

    @Slot()
    def frame_swapped(self) -> None:
        # The render thread may have queued a second frameSwapped before the first one reached
        # the GUI thread: the steps run once, whatever arrives after.
        if self._ran:
            return
        self._ran = True
        self._window.frameSwapped.disconnect(self.frame_swapped)
        failed = False
        for action in self.actions:
            try:
                action()
            except Exception:
                log.exception("start-up step %s failed", getattr(action, "__name__", action))
                failed = True
        if failed:
            app = QCoreApplication.instance()
            if app is not None:
                app.exit(3)


class _LateBackend:
    """Stands in for the backend until it is opened, right after the first frame: the
    welcome screen needs neither the cache nor its driver, so the kiosk shows at once."""

    def __init__(self) -> None:
        self.backend: KioskBackend | None = None

    def find(self, case_number: str, birth_date: str) -> StatusAnswer:
        if self.backend is None:
            raise KioskError("the case cache is still opening")
        return self.backend.lookup.find(case_number, birth_date)

    def lookup_delay(self) -> timedelta:
        return timedelta(0) if self.backend is None else self.backend.lookup.limiter.delay()

    def reload_pepper(self) -> None:
        if self.backend is not None:
            self.backend.reload_pepper()

    def catalog_snapshot(self) -> bytes | None:
        return None if self.backend is None else self.backend.catalog_snapshot()

    def open_connection(self) -> Connection:
        """A connection to the cache (for the usage figures' writer, after the first frame)."""
        if self.backend is None:
            raise KioskError("the case cache is still opening")
        return self.backend.open_connection()

    def register_reference(self, printed: PrintedReference) -> None:
        # A case-bound paper follows a lookup, so the backend is open by then.
        if self.backend is None:
            log.warning("reference not registered: the case cache is still opening")
            return
        self.backend.register_reference(printed)


def _open_backend_or_explain(config: KioskConfig) -> KioskBackend | None:
    """The backend, or None after one clear line on stderr (never a traceback)."""
    from kiosk_app.backend import open_backend
    from kiosk_app.store.errors import CacheError

    try:
        backend = open_backend(config)
    except (CacheError, OSError) as error:
        print(f"kiosk-app: cannot open the case cache: {error}", file=sys.stderr)
        return None
    if backend.meta.pepper is None:
        backend.close()
        print(
            "kiosk-app: the case cache holds no dataset yet: run `kiosk-app demo` or enroll",
            file=sys.stderr,
        )
        return None
    return backend


def run_kiosk(
    config: KioskConfig,
    *,
    quit_after_first_frame: bool = False,
    preload: QmlPreload | None = None,
) -> int:
    """Run the kiosk until it quits; full-screen unless demo. Returns the exit code.

    The encrypted cache opens right after the first frame; if it cannot be opened (no key,
    wrong key, not encrypted, no dataset) the kiosk says so in one line and exits with 2.
    """
    app = _application()
    late = _LateBackend()
    samples: Sequence[DemoSample] = []
    if config.demo:
        from kiosk_app.demo_samples import load_demo_samples

        samples = load_demo_samples(config.demo_samples_path)
    try:
        ui = _compose(
            config,
            app,
            late.find,
            samples,
            late.lookup_delay,
            time.monotonic,
            WarningSound(WARNING_SOUND),
            on_dataset_changed=late.reload_pepper,
            desk=_LateDesk(late),
            register_reference=late.register_reference,
            catalog_snapshot=late.catalog_snapshot,
            preload=preload,
            walk_in=lambda: late.backend.walk_in if late.backend is not None else None,
            forms=lambda: late.backend.forms if late.backend is not None else None,
            questions=faq_of(lambda: late.backend, lambda: counting[0] if counting else None),
        )
    except QmlLoadError as error:
        print(f"kiosk-app: the screens did not load: {error}", file=sys.stderr)
        return 3
    engine: SyncEngine | None = None
    counting: list[UsageRecorder] = []

    def attach_usage() -> None:
        # After the first frame (it brings the cache's driver); its first write follows a tap.
        from kiosk_app.usage_recorder import UsageRecorder

        time_ = config.time
        counting.append(UsageRecorder(late.open_connection, clock=time_.utc_now, today=time_.today))
        ui.wiring = ui.wiring._replace(usage=counting[0])

    def attach_backend() -> None:
        nonlocal engine
        if late.backend is not None:
            return
        late.backend = _open_backend_or_explain(config)
        if late.backend is None:
            app.exit(2)
            return
        load_stored_catalog(ui.catalog, late.catalog_snapshot)  # as last synced, if any
        if not quit_after_first_frame:
            engine = _start_sync(late.backend, ui)
            # The desk (httpx, the sync client: ~0.2 s of imports) is made now, while the
            # welcome screen shows, not at the first result; enrolled, the engine made it.
            _desk = late.backend.desk

    if quit_after_first_frame:
        # For the cold-start benchmark: a plain function runs in whichever thread renders.
        ui.window.frameSwapped.connect(_print_first_frame)

    first_frame = _AfterFirstFrame(
        ui.window, [attach_usage, ui.attach_screens, ui.watch_input, attach_backend]
    )
    if quit_after_first_frame:

        def quit_when_ready() -> None:
            # 0 only when the cache opened (attach_backend already exited with 2 if not), the
            # screens' view models reached the QML without an error and touches are watched.
            if late.backend is None:
                return
            if ui.screens is None or not ui.watching or ui.qml_errors:
                print(f"kiosk-app: the screens did not load: {ui.qml_errors}", file=sys.stderr)
                app.exit(3)
            else:
                app.quit()

        first_frame.actions.append(quit_when_ready)
    if not (config.demo or config.windowed):
        ui.window.setProperty("frameless", True)
    hardening: list[object] = []  # keeps the installed pieces referenced

    def harden() -> None:
        # sd_notify (READY now), SIGTERM, scanner, lock-down: after the first frame, so their
        # imports (argon2, the Qt namespace) do not delay it; nobody touches the screen sooner.
        from kiosk_app.qt.hardening import install_hardening

        hardening.append(install_hardening(app, ui.engine, ui.window, config, shown=True))

    first_frame.actions.insert(0, harden)
    if ui.accessibility is not None and not quit_after_first_frame:
        first_frame.actions.append(ui.accessibility.prepare_speech)  # the speech worker
    if config.demo or config.windowed:
        ui.window.resize(config.width, config.height)
        ui.window.showNormal()
    else:
        ui.window.showFullScreen()
    ui.idle.start()
    try:
        code = app.exec()
    finally:
        if engine is not None:
            engine.stop()
        for recorder in counting:
            recorder.close()  # figures counted so far are written first
        ui.close()
        if late.backend is not None:
            late.backend.close()
    return code


def _print_first_frame() -> None:
    print(f"first-frame {time.time():.6f} {time.process_time():.6f}", flush=True)


def _start_sync(backend: KioskBackend, ui: KioskUi) -> SyncEngine | None:
    """Start the sync engine in its own thread when this kiosk is enrolled at a gateway; its
    reports reach the status line and the appointment desk (online or offline booking)."""
    if not backend.enrolled:
        return None
    from sync.client import TlsOptions
    from sync.engine import EngineSettings

    settings = EngineSettings(tls=TlsOptions(backend.config.ca_bundle))
    return backend.start_sync_engine(ui.sync_bridge.report, settings)


def _unavailable_lookup(case_number: str, birth_date: str) -> StatusAnswer:
    raise KioskError("no case cache in a QML load check")


def _no_delay() -> timedelta:
    return timedelta(0)


def _walk_booking_screens(flow: KioskFlow, app: QGuiApplication) -> None:
    """From the result, every booking screen once (empty lists: there is no desk here)."""
    slot = "biometrics@2000-01-03T08:00#1"
    steps: list[Callable[[], None]] = [
        flow.start_booking,
        lambda: flow.choose_service("biometrics"),
        lambda: flow.choose_day(date(2000, 1, 3)),
        lambda: flow.choose_time(slot),
        flow.booked,
        flow.back_to_result,
        lambda: flow.start_cancel("check", "biometrics"),
        flow.back,
    ]
    for step in steps:
        step()
        app.processEvents()


def check_qml_loads(config: KioskConfig) -> list[str]:
    """Load Main.qml offscreen and show every screen once; return the QML errors (empty: fine)."""
    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = _application()
    try:
        ui = _compose(config, app, _unavailable_lookup, (), _no_delay, time.monotonic, None)
    except QmlLoadError as error:
        return [str(error)]
    try:
        ui.attach_screens()
        ui.watch_input()
        app.processEvents()
        ui.flow_vm.chooseLanguage("en")
        app.processEvents()
        ui.flow.show_result()
        app.processEvents()
        ui.flow.show_checklist()
        app.processEvents()
        ui.flow.back()
        _walk_booking_screens(ui.flow, app)
        ui.flow_vm.home()
        app.processEvents()
        ui.browse_vm.start()
        app.processEvents()
        ui.flow_vm.home()
        app.processEvents()
        ui.questions_vm.start()  # no knowledge base here: the screens with nothing to show
        app.processEvents()
        ui.flow.show_answer()
        app.processEvents()
        ui.flow_vm.home()
        app.processEvents()
        # The staff PIN prompt (made on a long press) and the welcome screen's items, reached
        # as the running kiosk reaches them (its window is a plain QWindow to Python).
        from kiosk_app.qt.staff_exit import StaffExitViewModel, load_staff_exit
        from kiosk_app.staff_pin import StaffPinCheck

        staff_exit = StaffExitViewModel(StaffPinCheck(None), lambda: None)
        staff_exit.setParent(ui.window)
        load_staff_exit(ui.engine, ui.window, str(UI_DIR), staff_exit)
        app.processEvents()
        if ui.item("lang_de") is None:
            ui.qml_errors.append("the welcome screen shows no language buttons")
        return list(ui.qml_errors)
    finally:
        ui.close()
