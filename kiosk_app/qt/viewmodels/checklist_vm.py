"""The checklist screen: what to bring, a code for staff, and printing with a fallback.

Printing runs off the GUI thread (``PrintJobs``); if it fails, the screen says why and turns
into the version to photograph, QR code included. The case and what was typed stay as they were.
A found case's checklist is registered for staff (``register_reference``: queued for the
gateway, never waited on) when it is made; a generic checklist's code leads nowhere.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Property, QObject, QSize, Signal, Slot
from PySide6.QtGui import QImage
from PySide6.QtQuick import QQuickImageProvider

from kiosk_app.core.catalog import CatalogHolder
from kiosk_app.core.i18n import N_, _, active_language
from kiosk_app.core.print_errors import PrintFailed
from kiosk_app.qt.printing.qr import qr_image
from kiosk_app.qt.viewmodels.paper_print import PaperPrint

if TYPE_CHECKING:  # checklists and printouts load when first used, not at start-up
    from kiosk_app.core.checklist import Checklist, PrintedReference, RegisterReference
    from kiosk_app.core.status_lookup import StatusAnswer
    from kiosk_app.qt.printing.jobs import PrintJobs
    from kiosk_app.usage_recorder import UsageRecorder

log = logging.getLogger(__name__)

QR_PROVIDER = "checklist"  # QML: image://checklist/<reference>
SCREEN_QR_MODULE_PX = 12


class QrImageProvider(QQuickImageProvider):
    """Serves the QR code of a reference to QML; the id is the reference itself."""

    def __init__(self) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)

    def requestImage(self, reference: str, size: QSize, requested: QSize) -> QImage:
        image = qr_image(reference, SCREEN_QR_MODULE_PX)
        size.setWidth(image.width())
        size.setHeight(image.height())
        return image


class ChecklistViewModel(QObject):
    changed = Signal()
    printChanged = Signal()

    def __init__(
        self,
        catalog: CatalogHolder,
        jobs: PrintJobs,
        *,
        office_name: str,
        show_screen: Callable[[], None],
        now: Callable[[], datetime] = datetime.now,
        register_reference: RegisterReference | None = None,
        usage: UsageRecorder | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._jobs = jobs
        self._office_name = office_name
        self._show_screen = show_screen
        self._usage = usage  # counts papers printed or failed (anonymous, issue 18)
        self._register_reference = register_reference
        self._now = now
        self._answer: StatusAnswer | None = None
        self._checklist: Checklist | None = None
        self._paper = PaperPrint()
        catalog.on_replaced(lambda _catalog: self._catalog_replaced())

    # --- entering the screen -------------------------------------------------------------

    def remember_case(self, answer: StatusAnswer) -> None:
        """The lookup found a case; its checklist is made when the resident asks for it."""
        self._answer = answer
        self._checklist = None

    @Slot()
    def openForCase(self) -> None:
        if self._answer is None:
            return
        from kiosk_app.core.checklist import PrintedReference, checklist_for_case

        checklist = checklist_for_case(self._answer, self._catalog.current)
        if self._answer.lookup_key:
            self._register(
                PrintedReference(
                    checklist.reference,
                    self._answer.lookup_key,
                    checklist.document_codes,
                    language=active_language(),  # the resident's session language
                )
            )
        self._start(checklist)

    def _register(self, printed: PrintedReference) -> None:
        if self._register_reference is None:
            return
        try:
            self._register_reference(printed)
        except Exception as error:  # the screen and the paper work without it
            log.warning("reference not registered: %s", type(error).__name__)

    def open_generic(self, permit_type: str | None, service: str | None) -> None:
        from kiosk_app.core.checklist import generic_checklist

        self._start(generic_checklist(self._catalog.current, permit_type, service))

    def _start(self, checklist: Checklist) -> None:
        self._checklist = checklist
        self._paper.clear()
        self.changed.emit()
        self.printChanged.emit()
        self._show_screen()

    def _catalog_replaced(self) -> None:
        if self._checklist is not None and self._answer is not None and not self._checklist.service:
            from kiosk_app.core.checklist import checklist_for_case

            # Same paper, same code: the reference is registered already.
            self._checklist = checklist_for_case(
                self._answer, self._catalog.current, self._checklist.reference
            )
        self.changed.emit()

    # --- printing ------------------------------------------------------------------------

    @Slot()
    def print(self) -> None:
        """Send the checklist to the printer, in the resident's language and German."""
        if self._checklist is None or self._paper.printing:
            return
        from kiosk_app.core.printout import compose_printout

        text = compose_printout(self._checklist, active_language(), self._office_name, self._now())
        self._paper.start()
        self.printChanged.emit()
        self._jobs.submit(text, self._print_done)

    def _print_done(self, failure: PrintFailed | None, saved_to: Path | None) -> None:
        self._paper.done(failure, saved_to)
        if self._usage is not None:
            self._usage.paper("checklist", failure)
        self.printChanged.emit()

    @Slot()
    def showForPhoto(self) -> None:
        self._paper.photo_mode = True
        self.printChanged.emit()

    # --- session -------------------------------------------------------------------------

    def reset(self) -> None:
        """Session end: forget the case, the checklist and any job still waiting."""
        self._jobs.cancel_all()
        self._answer = None
        self._checklist = None
        self._paper.clear()
        self.changed.emit()
        self.printChanged.emit()

    def retranslate(self) -> None:
        self.changed.emit()
        self.printChanged.emit()

    # --- properties ----------------------------------------------------------------------

    @Property(bool, notify=changed)
    def hasChecklist(self) -> bool:
        return self._checklist is not None

    @Property(bool, notify=changed)
    def forCase(self) -> bool:
        return self._checklist is not None and bool(self._checklist.masked_case_number)

    @Property(str, notify=changed)
    def maskedCaseNumber(self) -> str:
        return self._checklist.masked_case_number if self._checklist else ""

    @Property(str, notify=changed)
    def context(self) -> str:
        """What the list is for: the application and, when browsing, the service."""
        if self._checklist is None:
            return ""
        parts = [_(self._checklist.permit_type)] if self._checklist.permit_type else []
        if self._checklist.service:
            parts.append(_(self._checklist.service))
        return " · ".join(parts)

    @Property("QVariantList", notify=changed)
    def documents(self) -> list[dict[str, str]]:
        if self._checklist is None:
            return []
        return [
            {"code": item.code, "name": _(item.name), "explanation": _(item.explanation)}
            for item in self._checklist.items
        ]

    @Property("QStringList", notify=changed)
    def nextSteps(self) -> list[str]:
        return [_(step) for step in self._checklist.next_steps] if self._checklist else []

    @Property(str, notify=changed)
    def appointment(self) -> str:
        when = self._checklist.appointment if self._checklist else None
        if when is None:
            return ""
        from kiosk_app.qt.viewmodels.booking_words import appointment_when

        return appointment_when(when)

    @Property(str, notify=changed)
    def reference(self) -> str:
        return self._checklist.reference if self._checklist else ""

    @Property(str, notify=changed)
    def qrSource(self) -> str:
        return f"image://{QR_PROVIDER}/{self._checklist.reference}" if self._checklist else ""

    @Property(bool, notify=printChanged)
    def printing(self) -> bool:
        return self._paper.printing

    @Property(bool, notify=printChanged)
    def photoMode(self) -> bool:
        return self._paper.photo_mode

    @Property(str, notify=printChanged)
    def printMessage(self) -> str:
        return self._paper.message(
            N_("Your checklist is printed. Please take it from the printer."),
            N_("No printer is connected (demo): your checklist was saved as a PDF file: {path}"),
        )

    @Property(bool, notify=printChanged)
    def printFailed(self) -> bool:
        return self._paper.failure is not None

    @Property(str, notify=printChanged)
    def failureKind(self) -> str:
        failure = self._paper.failure
        return type(failure).__name__ if failure is not None else ""
