"""Actions the office refused: old, wanted and current status; the clerk applies the change
again on the current status, or drops it. Nothing is applied silently."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk_app.core.clock import OfficeTime
from kiosk_app.core.formatting import format_datetime
from kiosk_app.counter.views import Conflict
from kiosk_app.counter_qt.desk_port import Desk
from kiosk_app.counter_qt.words import code_message, error_message, status_name
from kiosk_app.qt.desk_writes import DeskWrites

KIND_NAMES = {
    "staff_set_status": "status",
    "staff_check_in": "check_in",
    "staff_no_show": "no_show",
    "staff_mark_documents": "documents",
}


class ConflictsViewModel(QObject):
    changed = Signal()

    def __init__(
        self,
        desk: Desk,
        calls: DeskWrites,
        time: OfficeTime,
        on_resolved: Callable[[], None] = lambda: None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._desk = desk
        self._calls = calls
        self._time = time
        self._on_resolved = on_resolved
        self._conflicts: list[Conflict] = []
        self._message = ""
        self._reading = False

    @Slot()
    def refresh(self) -> None:
        if self._reading:
            return
        self._reading = True
        self._calls.run(self._desk.conflicts, self._read)

    def _read(self, conflicts: object, failure: BaseException | None) -> None:
        self._reading = False
        if failure is None and isinstance(conflicts, list):
            self._conflicts = conflicts
        elif failure is not None:
            self._message = error_message(failure)
        self.changed.emit()

    @Slot(int, bool)
    def resolve(self, conflict_id: int, apply_again: bool) -> None:
        def done(_result: object, failure: BaseException | None) -> None:
            self._message = error_message(failure) if failure is not None else ""
            self._on_resolved()
            self.refresh()

        self._calls.run(lambda: self._desk.resolve(conflict_id, apply_again), done)

    def clear(self) -> None:
        self._conflicts = []
        self._message = ""
        self._reading = False
        self.changed.emit()

    def retranslate(self) -> None:
        self.changed.emit()

    def _get_rows(self) -> list[dict[str, object]]:
        def name(status: str | None) -> str:
            return status_name(status) if status else "?"

        return [
            {
                "conflictId": conflict.conflict_id,
                "caseNumber": conflict.case_number or "",
                "kind": KIND_NAMES.get(conflict.kind, conflict.kind),
                "reason": code_message(conflict.reason),
                "madeAt": format_datetime(conflict.made_at.astimezone(self._time.zone)),
                "old": name(conflict.expected_status),
                "wanted": name(conflict.wanted_status),
                "current": name(conflict.current_status),
                "canApplyAgain": conflict.can_apply_again,
            }
            for conflict in self._conflicts
        ]

    def _get_count(self) -> int:
        return len(self._conflicts)

    def _get_message(self) -> str:
        return self._message

    rows = Property("QVariantList", _get_rows, notify=changed)
    count = Property(int, _get_count, notify=changed)
    message = Property(str, _get_message, notify=changed)
