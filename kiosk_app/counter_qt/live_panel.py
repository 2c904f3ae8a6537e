"""What the counter's live panels share (the walk-in queue, the forms inbox, the device list,
the snippets): a list read from the desk off the GUI thread, read again every few seconds while
the panel is open and never twice at once; one action at a time, after which the list is read
again (a read that started before the action's answer is old and is repeated).

What the clerk is told: a read's failure stays shown until the next good read, with the last
list read still shown below it; an action's refusal stays until the next action (the read that
follows the action does not wipe out why it was refused).

Qt builds a class's properties with that class's own signals, so each panel declares
``changed`` and ``rowsChanged`` and its properties; the getters of the shared ones are here."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Slot

from kiosk_app.core.clock import OfficeTime
from kiosk_app.counter_qt.desk_port import Desk
from kiosk_app.counter_qt.words import error_message
from kiosk_app.qt.desk_writes import DeskWrites


class LivePanel(QObject):
    changed: Any  # each panel's own Signal()
    rowsChanged: Any  # only when the rows' content changed: the list keeps its focus

    def __init__(
        self,
        desk: Desk,
        calls: DeskWrites,
        time: OfficeTime,
        refresh_ms: int | None,
        parent: QObject | None = None,
    ) -> None:
        """``refresh_ms`` None: read when opened and on request only."""
        super().__init__(parent)
        self._desk = desk
        self._calls = calls
        self._time = time
        self._rows: list[dict[str, object]] = []
        self._message = ""
        self._read_failed = False  # the message is a read's (cleared by the next good read)
        self._notice = ""
        self._loading = False
        self._stale = False  # an action or a filter changed while a read ran: that read is old
        self._acting = False
        self._timer: QTimer | None = None
        if refresh_ms is not None:
            self._timer = QTimer(self)
            self._timer.setInterval(refresh_ms)
            self._timer.timeout.connect(self.refresh)

    # -- what each panel says ----------------------------------------------------------------
    def _read_work(self) -> Callable[[], object]:
        """The desk call that reads the list (run in a worker thread)."""
        raise NotImplementedError

    def _take(self, result: object) -> bool:
        """Keep what a read returned; False if it is not what the panel reads."""
        raise NotImplementedError

    def _build_rows(self) -> list[dict[str, object]]:
        raise NotImplementedError

    def _forget(self) -> None:
        """Drop what was read (the clerk signed out)."""

    def _action_done(self, result: object) -> None:
        """An action was answered: say what it did (``self._notice``)."""

    def _failure_message(self, failure: BaseException) -> str:
        return error_message(failure)

    # -- open and close ----------------------------------------------------------------------
    @Slot()
    def start(self) -> None:
        """The panel opened: read now and then every few seconds until it closes."""
        self.refresh()
        if self._timer is not None:
            self._timer.start()

    @Slot()
    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()

    def clear(self) -> None:
        self.stop()
        self._forget()
        self._message = self._notice = ""
        self._loading = self._stale = self._acting = self._read_failed = False
        self._update_rows()
        self.changed.emit()

    def retranslate(self) -> None:
        self._rows = []
        self._update_rows()
        self.changed.emit()

    # -- reading -----------------------------------------------------------------------------
    @Slot()
    def refresh(self) -> None:
        if self._loading:  # the last read still runs: never pile up threads
            return
        self._loading = True
        self.changed.emit()
        self._calls.run(self._read_work(), self._read)

    def _read_again(self) -> None:
        """What was read no longer answers the question (a filter changed): read anew."""
        if self._loading:
            self._stale = True
        self.refresh()

    def _read(self, result: object, failure: BaseException | None) -> None:
        self._loading = False
        if self._stale:  # started before the last action's answer: read again
            self._stale = False
            self.refresh()
            return
        if failure is None and self._take(result):
            if self._read_failed:  # an action's refusal stays until the next action
                self._message, self._read_failed = "", False
        elif failure is not None:
            self._message = self._failure_message(failure)  # the last list read stays shown
            self._read_failed = True
        self._update_rows()
        self.changed.emit()

    def _update_rows(self) -> None:
        rows = self._build_rows()
        if rows != self._rows:
            self._rows = rows
            self.rowsChanged.emit()

    # -- acting ------------------------------------------------------------------------------
    def _act(self, work: Callable[[], object]) -> None:
        if self._acting:  # one action at a time: a double press does nothing twice
            return
        self._acting = True
        self._message = self._notice = ""
        self._read_failed = False
        self.changed.emit()
        self._calls.run(work, self._acted)

    def _acted(self, result: object, failure: BaseException | None) -> None:
        self._acting = False
        if failure is None:
            self._action_done(result)
        else:
            self._message, self._notice = self._failure_message(failure), ""
        self._stale = self._loading
        self.changed.emit()
        self.refresh()

    # -- what QML shows ----------------------------------------------------------------------
    def _local(self, moment: datetime) -> datetime:
        return moment.astimezone(self._time.zone).replace(tzinfo=None)

    def _get_rows(self) -> list[dict[str, object]]:
        return self._rows

    def _get_message(self) -> str:
        return self._message

    def _get_notice(self) -> str:
        return self._notice

    def _get_loading(self) -> bool:
        return self._loading

    def _get_acting(self) -> bool:
        return self._acting
