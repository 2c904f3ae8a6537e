"""The view models of the screens after the welcome screen: lookup, result, checklist, booking,
browsing the document lists (with the document catalog they read).

The welcome screen needs none of them, and their modules (the booking and printing view
models, QtQuick's image provider, QR codes) cost ~30 ms to import. So the kiosk builds them
right after its first frame (``KioskUi.attach_screens``), before anyone can tap; tools and
tests build them at once (``build_kiosk``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk_app.core.catalog import CatalogHolder
from kiosk_app.qt.printing.jobs import PrintJobs
from kiosk_app.qt.viewmodels.booking_vm import BookingViewModel
from kiosk_app.qt.viewmodels.browse_vm import BrowseViewModel
from kiosk_app.qt.viewmodels.checklist_vm import QR_PROVIDER, ChecklistViewModel, QrImageProvider
from kiosk_app.qt.viewmodels.form_vm import FormViewModel
from kiosk_app.qt.viewmodels.lookup_vm import LookupViewModel
from kiosk_app.qt.viewmodels.questions_vm import QuestionsViewModel
from kiosk_app.qt.viewmodels.result_vm import ResultViewModel
from kiosk_app.qt.viewmodels.walk_in_vm import WalkInViewModel

if TYPE_CHECKING:
    from PySide6.QtGui import QWindow
    from PySide6.QtQml import QQmlApplicationEngine

    from kiosk_app.core.status_lookup import StatusAnswer
    from kiosk_app.qt.app import ScreenWiring


@dataclass
class ScreenModels:
    lookup_vm: LookupViewModel
    result_vm: ResultViewModel
    checklist_vm: ChecklistViewModel
    booking_vm: BookingViewModel
    print_jobs: PrintJobs
    browse_vm: BrowseViewModel
    catalog: CatalogHolder
    walk_in_vm: WalkInViewModel
    form_vm: FormViewModel
    questions_vm: QuestionsViewModel


def build_screen_models(
    wiring: ScreenWiring, engine: QQmlApplicationEngine, window: QWindow
) -> ScreenModels:
    """Build the view models, hook them to session end and language switches, and hand them
    to Main.qml (whose screens are loaded only when shown, so none is bound yet)."""
    config, flow, switcher = wiring.config, wiring.flow, wiring.switcher
    # The seed until the gateway's catalog arrives; ``catalog.replace`` swaps it at run time.
    catalog = CatalogHolder()
    result_vm = ResultViewModel(wiring.desk.appointments)
    print_jobs = PrintJobs(wiring.printer, config.printer.timeout_s)
    # Case-bound papers' codes go to the gateway through the outbox, for staff to scan.
    checklist_vm = ChecklistViewModel(
        catalog,
        print_jobs,
        office_name=config.office_name,
        now=config.time.now,
        show_screen=flow.show_checklist,
        register_reference=wiring.register_reference,
        usage=wiring.usage,
    )
    booking_vm = BookingViewModel(
        wiring.desk,
        flow,
        catalog,
        print_jobs,
        office_name=config.office_name,
        now=config.time.now,
        on_appointments_changed=result_vm.refresh_appointments,
        register_reference=wiring.register_reference,
        usage=wiring.usage,
    )

    def found(answer: StatusAnswer) -> None:
        result_vm.show(answer)
        checklist_vm.remember_case(answer)
        form_vm.remember_case(answer)
        booking_vm.remember_case(answer)
        questions_vm.remember_case(answer)
        flow.show_result()

    form_vm = FormViewModel(
        wiring.forms, flow, print_jobs, office_name=config.office_name, time=config.time
    )
    lookup_vm = LookupViewModel(
        wiring.find,
        found,
        prefix=config.office_prefix,
        delay=wiring.lookup_delay,
        usage=wiring.usage,
    )
    browse_vm = BrowseViewModel(flow, switcher, catalog, checklist_vm.open_generic)
    walk_in_vm = WalkInViewModel(
        wiring.walk_in,
        flow,
        switcher,
        catalog,
        print_jobs,
        office_name=config.office_name,
        now=config.time.now,
        usage=wiring.usage,
    )

    def book_from_questions() -> None:
        flow.book_from_questions()
        if flow.questions_from_result:
            booking_vm.startBooking()

    questions_vm = QuestionsViewModel(
        wiring.questions,
        flow,
        switcher,
        print_jobs,
        office_name=config.office_name,
        now=config.time.now,
        book=book_from_questions,
        walk_in=walk_in_vm.start,
        speak=wiring.speak,
        write=form_vm.startQuestion,
    )
    # Session end (home, idle): every view model forgets the resident.
    for reset in (
        lookup_vm.reset,
        result_vm.reset,
        checklist_vm.reset,
        browse_vm.reset,
        booking_vm.reset,
        walk_in_vm.reset,
        form_vm.reset,
        questions_vm.reset,
    ):
        flow.on_session_end(reset)
    for retranslate in (
        lookup_vm.retranslate,
        result_vm.retranslate,
        checklist_vm.retranslate,
        browse_vm.retranslate,
        booking_vm.retranslate,
        walk_in_vm.retranslate,
        form_vm.retranslate,
        questions_vm.retranslate,
    ):
        switcher.on_switched(_ignoring_code(retranslate))
    engine.addImageProvider(QR_PROVIDER, QrImageProvider())
    window.setProperty("lookupVm", lookup_vm)
    window.setProperty("resultVm", result_vm)
    window.setProperty("checklistVm", checklist_vm)
    window.setProperty("bookingVm", booking_vm)
    window.setProperty("browseVm", browse_vm)
    window.setProperty("walkInVm", walk_in_vm)
    window.setProperty("formVm", form_vm)
    window.setProperty("questionsVm", questions_vm)
    return ScreenModels(
        lookup_vm,
        result_vm,
        checklist_vm,
        booking_vm,
        print_jobs,
        browse_vm,
        catalog,
        walk_in_vm,
        form_vm,
        questions_vm,
    )


def _ignoring_code(action: Callable[[], None]) -> Callable[[str], None]:
    return lambda _code: action()
