"""Lock-down of the kiosk window: no way out for residents, a hidden way out for staff.

- Shortcuts that would quit, close or switch away (Alt+F4, Ctrl+Q, Ctrl+W, Alt+Tab, the
  Meta/Super key, Ctrl+Alt+Backspace/Delete/F-keys, cage's Alt+Esc) never reach the window:
  the kiosk needs only digits, letters and Enter from a keyboard, so every key with Ctrl, Alt
  or Meta, and every bare Meta/Menu/function key, is dropped.
- A close request for the window is refused until staff unlock it or the kiosk quits.
- A long press in the bottom-left corner calls ``on_long_press`` (the staff PIN prompt).
- Outside demo and windowed mode the window has no decorations (it is shown full screen).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QTimer, Slot
from PySide6.QtGui import QKeyEvent, QMouseEvent, QTouchEvent, QWindow

LONG_PRESS_MS = 5000
CORNER_PX = 120  # in window coordinates: a thumb's width on a 1080 px wide screen

_ESCAPE_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)
_ESCAPE_KEYS = frozenset(
    {
        Qt.Key.Key_Meta,
        Qt.Key.Key_Super_L,
        Qt.Key.Key_Super_R,
        Qt.Key.Key_Hyper_L,
        Qt.Key.Key_Hyper_R,
        Qt.Key.Key_Menu,
        Qt.Key.Key_Close,
        Qt.Key.Key_Exit,
        Qt.Key.Key_PowerOff,
        Qt.Key.Key_Sleep,
        Qt.Key.Key_Suspend,
        Qt.Key.Key_TaskPane,
        Qt.Key.Key_LaunchMedia,
    }
)
_KEY_EVENTS = (QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride)
_PRESS_EVENTS = (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin)
_RELEASE_EVENTS = (
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.TouchEnd,
    QEvent.Type.TouchCancel,
)
_MOVE_EVENTS = (QEvent.Type.MouseMove, QEvent.Type.TouchUpdate)


def is_escape_key(event: QKeyEvent) -> bool:
    """True for a key (combination) that could quit or switch away from the kiosk."""
    key = event.key()
    if event.modifiers() & _ESCAPE_MODIFIERS or key in _ESCAPE_KEYS:
        return True
    # The Alt key itself: some shells open menus on a bare Alt press and release.
    if key == Qt.Key.Key_Alt or key == Qt.Key.Key_Control:
        return False
    return Qt.Key.Key_F1 <= key <= Qt.Key.Key_F35


def _event_position(event: QEvent) -> QPointF | None:
    if isinstance(event, QMouseEvent):
        return event.position()
    if isinstance(event, QTouchEvent) and event.points():
        return event.points()[0].position()
    return None


class KioskLockdown(QObject):
    """Application event filter guarding ``window``; ``release()`` lets the window close."""

    def __init__(
        self,
        window: QWindow,
        on_long_press: Callable[[], None],
        long_press_ms: int = LONG_PRESS_MS,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._on_long_press = on_long_press
        self._released = False
        self._press = QTimer(self)
        self._press.setSingleShot(True)
        self._press.setInterval(long_press_ms)
        self._press.timeout.connect(self.long_pressed)

    def release(self) -> None:
        """Staff unlocked the kiosk (or it is shutting down): closing is allowed again."""
        self._released = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _KEY_EVENTS and isinstance(event, QKeyEvent) and is_escape_key(event):
            return True  # swallowed everywhere, before any QML item or shortcut sees it
        if kind == QEvent.Type.Quit:
            # The kiosk quitting on purpose (SIGTERM, staff exit): Qt 6 closes every window
            # first and gives up quitting if one refuses, so closing is allowed from now on.
            self._released = True
            return False
        if watched is not self._window:
            return False
        if kind == QEvent.Type.Close and not self._released:
            event.ignore()
            return True
        if kind in _PRESS_EVENTS or kind in _MOVE_EVENTS:
            position = _event_position(event)
            in_corner = position is not None and self._in_corner(position)
            if not in_corner:
                self._press.stop()
            elif kind in _PRESS_EVENTS:
                self._press.start()
        elif kind in _RELEASE_EVENTS:
            self._press.stop()
        return False

    def _in_corner(self, position: QPointF) -> bool:
        return position.x() <= CORNER_PX and position.y() >= self._window.height() - CORNER_PX

    @Slot()
    def long_pressed(self) -> None:
        self._cancel_press_under_finger()
        self._on_long_press()

    def _cancel_press_under_finger(self) -> None:
        """The corner holds a button (the accessibility bar's first one): the item that took
        the press loses its grab, so releasing the staff's finger does not click it."""
        grabber = getattr(self._window, "mouseGrabberItem", None)
        item = grabber() if callable(grabber) else None
        if item is not None:
            item.ungrabMouse()
            item.ungrabTouchPoints()
