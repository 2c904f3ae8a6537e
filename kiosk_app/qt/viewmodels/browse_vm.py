"""Browsing without a case: "what do you want to do?" — permit type, then service — and the
catalog's generic checklist for that choice."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk_app.core.catalog import CatalogHolder
from kiosk_app.core.flow import KioskFlow
from kiosk_app.core.i18n import _
from kiosk_app.core.languages import LANGUAGES
from kiosk_app.qt.translator import LanguageSwitcher

PERMIT_STEP = "permit"
SERVICE_STEP = "service"


class BrowseViewModel(QObject):
    changed = Signal()

    def __init__(
        self,
        flow: KioskFlow,
        switcher: LanguageSwitcher,
        catalog: CatalogHolder,
        open_checklist: Callable[[str | None, str | None], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._flow = flow
        self._switcher = switcher
        self._catalog = catalog
        self._open_checklist = open_checklist
        self._permit: str | None = None
        self._step = PERMIT_STEP
        catalog.on_replaced(lambda _catalog: self.changed.emit())

    @Slot()
    def start(self) -> None:
        """From the welcome screen, in the language it shows; the resident can switch there."""
        self._permit, self._step = None, PERMIT_STEP
        self.changed.emit()
        self._flow.browse()

    @Slot(str)
    def switchLanguage(self, code: str) -> None:
        self._switcher.switch(code)
        self._flow.set_language(code)

    @Slot(str)
    def choosePermit(self, code: str) -> None:
        self._permit, self._step = code or None, SERVICE_STEP
        self.changed.emit()

    @Slot(str)
    def chooseService(self, code: str) -> None:
        self._open_checklist(self._permit, code or None)

    @Slot()
    def back(self) -> None:
        """One step back inside browsing; from the first step, back to the welcome screen."""
        if self._step == SERVICE_STEP:
            self._step = PERMIT_STEP
            self.changed.emit()
        else:
            self._flow.home()

    def reset(self) -> None:
        self._permit, self._step = None, PERMIT_STEP
        self.changed.emit()

    def retranslate(self) -> None:
        self.changed.emit()

    @Property(str, notify=changed)
    def step(self) -> str:
        return self._step

    @Property(str, notify=changed)
    def question(self) -> str:
        if self._step == PERMIT_STEP:
            return _("What do you want to do? Choose the purpose of your stay.")
        return _("What is your appointment for?")

    @Property(str, notify=changed)
    def chosenPermit(self) -> str:
        catalog = self._catalog.current
        return _(catalog.permit_types[self._permit]) if self._permit in catalog.permit_types else ""

    @Property("QVariantList", notify=changed)
    def options(self) -> list[dict[str, str]]:
        catalog = self._catalog.current
        names = catalog.permit_types if self._step == PERMIT_STEP else catalog.services
        return [{"code": code, "name": _(name)} for code, name in names.items()]

    @Property("QVariantList", constant=True)
    def languages(self) -> list[dict[str, str]]:
        return [{"code": lang.code, "nativeName": lang.native_name} for lang in LANGUAGES]
