"""Today's appointments of the signed-in clerk's services, re-read from the desk every few
seconds (the desk reads its cache, which the counter's sync keeps filled)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot

from kiosk_app.core.catalog import CatalogHolder
from kiosk_app.core.formatting import format_time
from kiosk_app.core.i18n import _
from kiosk_app.counter.views import DayRow
from kiosk_app.counter_qt.desk_port import Desk
from kiosk_app.counter_qt.words import error_message, status_name
from kiosk_app.qt.desk_writes import DeskWrites

REFRESH_MS = 5000


class TodayViewModel(QObject):
    changed = Signal()

    def __init__(
        self,
        desk: Desk,
        calls: DeskWrites,
        catalog: CatalogHolder,
        open_case: Callable[[str], None],
        refresh_ms: int = REFRESH_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._desk = desk
        self._calls = calls
        self._catalog = catalog
        self._open_case = open_case
        self._rows: list[DayRow] = []
        self._message = ""
        self._loading = False
        self._timer = QTimer(self)
        self._timer.setInterval(refresh_ms)
        self._timer.timeout.connect(self.refresh)

    def start(self) -> None:
        """Signed in: read now and then every few seconds."""
        self.refresh()
        self._timer.start()

    @Slot()
    def refresh(self) -> None:
        if self._loading:  # the last read is still running: never pile up threads
            return
        self._loading = True
        self._calls.run(self._desk.today, self._read)

    def _read(self, rows: object, failure: BaseException | None) -> None:
        self._loading = False
        before = (self._rows, self._message)
        if failure is None and isinstance(rows, list):
            self._rows = rows
            self._message = ""
        elif failure is not None:
            self._message = error_message(failure)
        if (self._rows, self._message) != before:  # the list rebuilt: the focus in it goes
            self.changed.emit()

    @Slot(int)
    def openRow(self, index: int) -> None:
        if 0 <= index < len(self._rows):
            self._open_case(self._rows[index].case_number)

    def clear(self) -> None:
        self._timer.stop()
        self._rows = []
        self._message = ""
        self._loading = False
        self.changed.emit()

    def retranslate(self) -> None:
        self.changed.emit()

    def _get_rows(self) -> list[dict[str, object]]:
        services = self._catalog.current.services
        return [
            {
                "bookingId": row.booking_id,
                "time": format_time(row.start),
                "service": _(services.get(row.service, row.service)),
                "masked": row.masked,
                "status": status_name(row.status),
                "checkedIn": row.checked_in,
                "noShow": row.no_show,
                "pending": row.pending,
                "state": _row_state(row),
            }
            for row in self._rows
        ]

    def _get_count(self) -> int:
        return len(self._rows)

    def _get_message(self) -> str:
        return self._message

    rows = Property("QVariantList", _get_rows, notify=changed)
    count = Property(int, _get_count, notify=changed)
    message = Property(str, _get_message, notify=changed)


def _row_state(row: DayRow) -> str:
    if row.no_show:
        return _("Did not come")
    if row.checked_in:
        return _("Checked in")
    return _("Expected")
