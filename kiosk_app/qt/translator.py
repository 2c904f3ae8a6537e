"""QML and Python read one gettext catalog; a language switch happens here and nowhere else."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtGui import QGuiApplication
from PySide6.QtQml import QQmlEngine

from kiosk_app.core import i18n
from kiosk_app.core.languages import is_right_to_left


class GettextTranslator(QTranslator):
    """Answers ``qsTr`` from the catalog that ``kiosk_app.core.i18n`` has active."""

    def translate(
        self,
        context: str,
        sourceText: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str:
        catalog = i18n.active_catalog()
        if n >= 0:
            return catalog.ngettext(sourceText, sourceText, n)
        return catalog.gettext(sourceText)

    def isEmpty(self) -> bool:
        return False


def qt_locale_name(code: str) -> str:
    """gettext codes to what QLocale understands (``zh_Hans`` -> ``zh_Hans_CN``)."""
    return {"zh_Hans": "zh_CN"}.get(code, code)


class LanguageSwitcher:
    """Switch the whole kiosk to one language: catalog, QML, layout direction, locale."""

    def __init__(
        self,
        app: QGuiApplication,
        engine: QQmlEngine | None = None,
        *,
        locale_dir: Path | None = None,
    ) -> None:
        self._app = app
        self._engine = engine
        self._locale_dir = locale_dir
        self._translator = GettextTranslator(app)
        self._listeners: list[Callable[[str], None]] = []
        self.current = ""

    def attach_engine(self, engine: QQmlEngine) -> None:
        self._engine = engine

    def on_switched(self, listener: Callable[[str], None]) -> None:
        """``listener(code)`` re-renders strings that Python made (view models)."""
        self._listeners.append(listener)

    def switch(self, code: str) -> None:
        i18n.activate(code, self._locale_dir)
        # Re-installing moves the translator to the front and posts LanguageChange.
        QCoreApplication.removeTranslator(self._translator)
        QCoreApplication.installTranslator(self._translator)
        right_to_left = is_right_to_left(code)
        if right_to_left != QGuiApplication.isRightToLeft():
            # Only here: the Qt namespace costs ~15 ms to load, too much for start-up, and
            # the kiosk starts left-to-right.
            from PySide6.QtCore import Qt

            direction = Qt.LayoutDirection
            self._app.setLayoutDirection(
                direction.RightToLeft if right_to_left else direction.LeftToRight
            )
        QLocale.setDefault(QLocale(qt_locale_name(code)))
        self.current = code
        for listener in self._listeners:
            listener(code)
        if self._engine is not None:
            self._engine.retranslate()
