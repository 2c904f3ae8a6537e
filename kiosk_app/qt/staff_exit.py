"""The hidden staff exit: a PIN prompt (ui/components/StaffExit.qml) over the running kiosk.

Opened by a long press in a corner (``lockdown.KioskLockdown``); the right PIN calls
``on_unlock``, which quits the kiosk with exit code 0 (the unit does not restart it, see
packaging/systemd/kiosk.service). A wrong PIN only says so; three lock the exit for minutes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Property, QObject, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QWindow
from PySide6.QtQml import QQmlApplicationEngine, QQmlComponent
from PySide6.QtQuick import QQuickItem

from kiosk_app.core.i18n import _
from kiosk_app.qt.qml_items import content_item
from kiosk_app.staff_pin import MAX_DIGITS, StaffPinCheck

log = logging.getLogger(__name__)

PROMPT_TIMEOUT_MS = 60_000  # a prompt left open closes itself before a resident finds it


class StaffExitViewModel(QObject):
    """State of the PIN prompt; the digits typed are never logged or shown."""

    changed = Signal()

    def __init__(self, check: StaffPinCheck, on_unlock: Callable[[], None]) -> None:
        super().__init__()
        self._check = check
        self._on_unlock = on_unlock
        self._open = False
        self._pin = ""
        self._message = ""
        self._timeout = QTimer(self)
        self._timeout.setSingleShot(True)
        self._timeout.setInterval(PROMPT_TIMEOUT_MS)
        self._timeout.timeout.connect(self.cancel)

    def _get_open(self) -> bool:
        return self._open

    def _get_pin_mask(self) -> str:
        return "•" * len(self._pin)

    def _get_message(self) -> str:
        return self._message

    open = Property(bool, _get_open, notify=changed)
    pinMask = Property(str, _get_pin_mask, notify=changed)
    message = Property(str, _get_message, notify=changed)

    def _set(self, *, open_: bool | None = None, pin: str | None = None, message: str = "") -> None:
        if open_ is not None:
            self._open = open_
        if pin is not None:
            self._pin = pin
        self._message = message
        self._timeout.start() if self._open else self._timeout.stop()
        self.changed.emit()

    @Slot()
    def show(self) -> None:
        """Open the prompt (the long press happened)."""
        log.info("staff exit prompt opened")
        message = (
            "" if self._check.configured else _("No staff PIN is set (kiosk-app set-staff-pin)")
        )
        self._set(open_=True, pin="", message=message)

    @Slot(str)
    def typeDigit(self, digit: str) -> None:
        if digit.isdigit() and len(self._pin) < MAX_DIGITS:
            self._set(pin=self._pin + digit)

    @Slot()
    def erase(self) -> None:
        self._set(pin=self._pin[:-1])

    @Slot()
    def clear(self) -> None:
        self._set(pin="")

    @Slot()
    def cancel(self) -> None:
        self._set(open_=False, pin="")

    @Slot()
    def submit(self) -> None:
        pin, self._pin = self._pin, ""
        if self._check.verify(pin):
            log.warning("staff exit: PIN accepted, the kiosk quits")
            self._set(open_=False, pin="")
            self._on_unlock()
            return
        locked = self._check.seconds_locked()
        log.warning("staff exit: PIN refused%s", " (locked)" if locked else "")
        if locked:
            self._set(
                open_=True,
                pin="",
                message=_("Locked for {minutes} min").format(minutes=int(locked // 60) + 1),
            )
        else:
            self._set(open_=True, pin="", message=_("Wrong PIN"))


STAFF_EXIT_QML = "components/StaffExit.qml"


def load_staff_exit(
    engine: QQmlApplicationEngine, window: QWindow, ui_dir: str, vm: StaffExitViewModel
) -> QQuickItem:
    """Create the prompt overlay on top of the kiosk's screens, without touching Main.qml."""
    component = QQmlComponent(engine, QUrl.fromLocalFile(f"{ui_dir}/{STAFF_EXIT_QML}"))
    item = component.createWithInitialProperties({"vm": vm}, engine.rootContext())
    if not isinstance(item, QQuickItem):
        raise RuntimeError("; ".join(error.toString() for error in component.errors()))
    item.setParentItem(content_item(window))
    item.setParent(window)  # owned by the window, so it is destroyed with it
    return item
