"""The signed-in clerk: which screen shows, sign-out that clears every view, and the lock
after 15 minutes without input."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Property, QEvent, QObject, QTimer, Signal, Slot

from kiosk_app.qt.desk_writes import DeskWrites
from sync.staff_protocol import StaffSession

INACTIVITY_S = 15 * 60
FLEET_ROLES = frozenset({"supervisor", "admin"})
CHECK_MS = 1000
_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.ShortcutOverride,  # a key that triggers a shortcut never arrives as KeyPress
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
    }
)


class InactivityLock(QObject):
    """An application event filter: any key, click, mouse move or wheel counts as input;
    ``check`` (every second, on a timer) signs out once ``limit_s`` pass without any.
    ``clock`` is injectable: tests move it instead of waiting."""

    def __init__(
        self,
        on_expired: Callable[[], None],
        limit_s: float = INACTIVITY_S,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._on_expired = on_expired
        self.limit_s = limit_s
        self._clock = clock
        self._last_input = clock()
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_MS)
        self._timer.timeout.connect(self.check)

    def arm(self) -> None:
        self._last_input = self._clock()
        self._timer.start()

    def disarm(self) -> None:
        self._timer.stop()

    @property
    def armed(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS:
            self._last_input = self._clock()
        return False

    @Slot()
    def check(self) -> None:
        if self.armed and self._clock() - self._last_input >= self.limit_s:
            self.disarm()
            self._on_expired()


class CounterSessionViewModel(QObject):
    """``screen``: ``sign_in`` or ``desk``. ``signOut`` (button, Ctrl+Q, the lock) ends the
    session at the desk in a worker and clears every view at once."""

    changed = Signal()

    def __init__(
        self,
        calls: DeskWrites,
        sign_out: Callable[[], None],
        clear_views: Callable[[], None],
        on_signed_in: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._calls = calls
        self._sign_out = sign_out
        self._clear_views = clear_views
        self._on_signed_in = on_signed_in
        self._session: StaffSession | None = None
        self._locked_note = False

    def signed_in(self, session: StaffSession) -> None:
        self._session = session
        self._locked_note = False
        self.changed.emit()
        self._on_signed_in()

    @Slot()
    def signOut(self) -> None:
        self._end(locked=False)

    def lock(self) -> None:
        """No input for the inactivity limit: sign out and say why on the sign-in screen."""
        self._end(locked=True)

    def _end(self, *, locked: bool) -> None:
        if self._session is None:
            return
        self._session = None
        self._locked_note = locked
        self._clear_views()
        self._calls.run(self._sign_out, lambda _result, _failure: None)
        self.changed.emit()

    def _get_screen(self) -> str:
        return "desk" if self._session is not None else "sign_in"

    def _get_clerk(self) -> str:
        return self._session.username if self._session else ""

    def _get_role(self) -> str:
        return self._session.role if self._session else ""

    def _get_may_view_fleet(self) -> bool:
        """Supervisors and admins see the devices (the gateway refuses a clerk anyway)."""
        return self._session is not None and self._session.role in FLEET_ROLES

    def _get_locked_note(self) -> bool:
        return self._locked_note

    screen = Property(str, _get_screen, notify=changed)
    clerk = Property(str, _get_clerk, notify=changed)
    lockedNote = Property(bool, _get_locked_note, notify=changed)
    role = Property(str, _get_role, notify=changed)
    mayViewFleet = Property(bool, _get_may_view_fleet, notify=changed)
