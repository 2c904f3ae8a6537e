"""The kiosk frame: which screen shows, in which language, and the idle warning."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk_app.core.flow import KioskFlow, Screen
from kiosk_app.core.i18n import _, ngettext
from kiosk_app.core.languages import LANGUAGES, is_right_to_left
from kiosk_app.qt.translator import LanguageSwitcher

if TYPE_CHECKING:
    from kiosk_app.demo_samples import DemoSample


class FlowViewModel(QObject):
    screenChanged = Signal()
    languageChanged = Signal()
    idleChanged = Signal()
    languageMenuChanged = Signal()

    def __init__(
        self,
        flow: KioskFlow,
        switcher: LanguageSwitcher,
        *,
        office_name: str,
        demo: bool,
        demo_samples: Sequence[DemoSample] = (),
        browse: Callable[[], None] = lambda: None,
        walk_in: Callable[[], None] = lambda: None,
        walk_in_for_case: Callable[[], None] = lambda: None,
        questions: Callable[[], None] = lambda: None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._browse = browse
        self._walk_in = walk_in
        self._walk_in_for_case = walk_in_for_case
        self._questions = questions
        self._flow = flow
        self._switcher = switcher
        self._office_name = office_name
        self._demo = demo
        self._samples = list(demo_samples)
        self._warning_visible = False
        self._seconds_left = 0
        self._language_menu_open = False
        self._extend: Callable[[], None] = lambda: None
        flow.on_screen_changed(self._screen_changed)
        switcher.on_switched(lambda _code: self.languageChanged.emit())

    def set_extend_action(self, extend: Callable[[], None]) -> None:
        """What "I need more time" does (the idle watcher restarts its count)."""
        self._extend = extend

    def show_idle(self, warning_visible: bool, seconds_left: int) -> None:
        if (warning_visible, seconds_left) != (self._warning_visible, self._seconds_left):
            self._warning_visible = warning_visible
            self._seconds_left = seconds_left
            self.idleChanged.emit()

    def _screen_changed(self, screen: Screen) -> None:
        self._set_language_menu(False)  # a new screen (or a cleared session) starts closed
        if self._flow.language != self._switcher.current:
            self._switcher.switch(self._flow.language)
        if screen is Screen.WELCOME:
            self.show_idle(False, 0)
        self.screenChanged.emit()

    # --- properties -------------------------------------------------------------------------

    @Property(str, notify=screenChanged)
    def screen(self) -> str:
        return str(self._flow.screen)

    @Property(str, notify=languageChanged)
    def language(self) -> str:
        return self._switcher.current

    @Property(bool, notify=languageChanged)
    def isRightToLeft(self) -> bool:
        return is_right_to_left(self._switcher.current)

    @Property(str, constant=True)
    def officeName(self) -> str:
        return self._office_name

    @Property(bool, constant=True)
    def demoMode(self) -> bool:
        return self._demo

    @Property("QVariantList", notify=languageChanged)
    def demoSamples(self) -> list[dict[str, str]]:
        if not self._demo:
            return []
        from kiosk_app.core.statuses import STATUS_TEXTS, CaseStatus  # demo mode only

        return [
            {
                "caseNumber": sample.case_number,
                "birthDate": sample.birth_date,
                "status": _(STATUS_TEXTS[CaseStatus(sample.status)].title),
            }
            for sample in self._samples
        ]

    @Property(str, notify=languageChanged)
    def languageName(self) -> str:
        """The current language, named in its own script (the top bar's language button)."""
        code = self._switcher.current
        return next((lang.native_name for lang in LANGUAGES if lang.code == code), code)

    @Property(bool, notify=languageMenuChanged)
    def languageMenuOpen(self) -> bool:
        return self._language_menu_open

    @Property("QVariantList", constant=True)
    def languages(self) -> list[dict[str, str]]:
        return [{"code": lang.code, "nativeName": lang.native_name} for lang in LANGUAGES]

    @Property(bool, notify=idleChanged)
    def idleWarningVisible(self) -> bool:
        return self._warning_visible

    @Property(int, notify=idleChanged)
    def idleSecondsLeft(self) -> int:
        return self._seconds_left

    @Property(str, notify=idleChanged)
    def idleMessage(self) -> str:
        return ngettext(
            "For your privacy, this screen will be cleared in {seconds} second.",
            "For your privacy, this screen will be cleared in {seconds} seconds.",
            self._seconds_left,
        ).format(seconds=self._seconds_left)

    # --- actions ----------------------------------------------------------------------------

    @Slot(str)
    def chooseLanguage(self, code: str) -> None:
        self._switcher.switch(code)
        self._flow.choose_language(code)

    @Slot()
    def openLanguageMenu(self) -> None:
        self._set_language_menu(True)

    @Slot()
    def closeLanguageMenu(self) -> None:
        self._set_language_menu(False)

    @Slot(str)
    def switchLanguage(self, code: str) -> None:
        """From the language menu: the same screen, now in ``code`` (nothing typed is lost)."""
        self._flow.set_language(code)
        self._switcher.switch(code)
        self._set_language_menu(False)

    def _set_language_menu(self, open_: bool) -> None:
        if open_ != self._language_menu_open:
            self._language_menu_open = open_
            self.languageMenuChanged.emit()

    @Slot()
    def back(self) -> None:
        self._flow.back()

    @Slot()
    def home(self) -> None:
        self._flow.home()

    @Slot()
    def browseDocuments(self) -> None:
        """The welcome screen's "no case number yet" button: the document lists."""
        self._browse()

    @Slot()
    def walkInTicket(self) -> None:
        """The welcome screen's "walk-in ticket" button (issue 15)."""
        self._walk_in()

    @Slot()
    def walkInTicketForCase(self) -> None:
        """The result screen's "walk-in ticket" button: urgency from the case can count."""
        self._walk_in_for_case()

    @Slot()
    def questions(self) -> None:
        """The "Questions" button of the welcome and result screens (issue 16)."""
        self._questions()

    @Slot()
    def extendSession(self) -> None:
        self._extend()
        self.show_idle(False, 0)
