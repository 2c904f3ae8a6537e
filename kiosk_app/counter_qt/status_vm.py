"""The counter's status line: online or offline said plainly, and how many actions wait.

``CounterSync`` reports from its own thread through ``StatusBridge.report`` (a queued signal,
STYLE.md 2); the view model lives in the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk_app.core.i18n import _, ngettext
from kiosk_app.counter.views import SyncStatus


class StatusBridge(QObject):
    reported = Signal(object)

    def report(self, status: SyncStatus) -> None:
        """Thread-safe: called from the counter's sync thread."""
        self.reported.emit(status)


class CounterStatusViewModel(QObject):
    changed = Signal()

    def __init__(self, bridge: StatusBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._status: SyncStatus | None = None
        bridge.reported.connect(self.show)

    @Slot(object)
    def show(self, status: SyncStatus) -> None:
        self._status = status
        self.changed.emit()

    def retranslate(self) -> None:
        self.changed.emit()

    def _get_known(self) -> bool:
        return self._status is not None

    def _get_online(self) -> bool:
        return self._status is not None and self._status.online

    def _get_pending(self) -> int:
        return self._status.pending if self._status else 0

    def _get_conflicts(self) -> int:
        return self._status.conflicts if self._status else 0

    def _get_text(self) -> str:
        if self._status is None:
            return _("Connecting to the office's server…")
        pending = self._status.pending
        if self._status.online:
            if not pending:
                return _("Online: everything is saved at the office.")
            return ngettext(
                "Online: {count} action is being sent to the office.",
                "Online: {count} actions are being sent to the office.",
                pending,
            ).format(count=pending)
        if not pending:
            return _("Offline: the office's server cannot be reached. You can go on working.")
        return ngettext(
            "Offline: {count} action waits and is sent when the connection is back.",
            "Offline: {count} actions wait and are sent when the connection is back.",
            pending,
        ).format(count=pending)

    known = Property(bool, _get_known, notify=changed)
    online = Property(bool, _get_online, notify=changed)
    pending = Property(int, _get_pending, notify=changed)
    conflicts = Property(int, _get_conflicts, notify=changed)
    text = Property(str, _get_text, notify=changed)
