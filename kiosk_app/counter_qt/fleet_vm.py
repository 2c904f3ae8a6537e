"""The supervisor's "Geräte" view: every kiosk, counter and display of the office as the
gateway sees them, re-read every 30 s while the view is open (off the GUI thread, like the
day's list). Kiosks silent for longer than the gateway's threshold are flagged in words, not
by colour alone."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Property, QObject, Signal

from kiosk_app.core.clock import OfficeTime
from kiosk_app.core.formatting import format_datetime, format_time
from kiosk_app.core.i18n import N_, _
from kiosk_app.counter_qt.desk_port import Desk
from kiosk_app.counter_qt.live_panel import LivePanel
from kiosk_app.qt.desk_writes import DeskWrites
from sync.staff_protocol import FleetDevice, FleetPage

REFRESH_MS = 30_000
NO_VALUE = "–"
KIND_NAMES = {"kiosk": N_("Kiosk"), "counter": N_("Counter"), "display": N_("Display")}
PRINTER_NAMES = {
    "ok": N_("ready"),
    "paper_low": N_("paper low"),
    "paper_out": N_("out of paper"),
    "offline": N_("not reachable"),
    "error": N_("fault"),
    "none": N_("no printer"),
}
PRINTER_TROUBLE = frozenset({"paper_low", "paper_out", "offline", "error"})


class FleetViewModel(LivePanel):
    changed = Signal()
    rowsChanged = Signal()  # only when the rows' content changed: the list keeps its focus

    def __init__(
        self,
        desk: Desk,
        calls: DeskWrites,
        time: OfficeTime,
        refresh_ms: int = REFRESH_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(desk, calls, time, refresh_ms, parent)
        self._page: FleetPage | None = None

    def _read_work(self) -> Callable[[], object]:
        return self._desk.fleet

    def _take(self, result: object) -> bool:
        if not isinstance(result, FleetPage):
            return False
        self._page = result
        return True

    def _forget(self) -> None:
        self._page = None

    def _build_rows(self) -> list[dict[str, object]]:
        return [self._row(device) for device in self._page.devices] if self._page else []

    # -- what QML shows ----------------------------------------------------------------------
    def _row(self, device: FleetDevice) -> dict[str, object]:
        printer = device.printer
        return {
            "deviceId": device.device_id,
            "name": device.name,
            "kind": _(KIND_NAMES.get(device.kind, device.kind)),
            "online": device.online,
            "connection": _("online") if device.online else _("offline"),
            "lastSync": (
                format_datetime(self._local(device.last_sync_at))
                if device.last_sync_at is not None
                else _("never")
            ),
            "version": device.app_version or NO_VALUE,
            "printer": _(PRINTER_NAMES[printer]) if printer else NO_VALUE,
            "printerTrouble": printer in PRINTER_TROUBLE,
            "backlog": self._backlog(device),
            "silent": device.silent,
            "flag": self._flag(device),
        }

    def _backlog(self, device: FleetDevice) -> str:
        if device.outbox_backlog is None:
            return NO_VALUE
        if not device.outbox_backlog or device.oldest_pending_s is None:
            return str(device.outbox_backlog)
        minutes = max(1, device.oldest_pending_s // 60)
        return _("{count} (oldest {minutes} min)").format(
            count=device.outbox_backlog, minutes=minutes
        )

    def _flag(self, device: FleetDevice) -> str:
        if device.silent and device.silent_since is not None:
            since = format_datetime(self._local(device.silent_since))
            return _("SILENT since {time}").format(time=since)
        if device.reported_at is None:
            return _("no status report yet")
        return ""

    def _get_count(self) -> int:
        return len(self._page.devices) if self._page else 0

    def _get_silent_count(self) -> int:
        return sum(device.silent for device in self._page.devices) if self._page else 0

    def _get_summary(self) -> str:
        if self._page is None:
            return _("Reading the devices…") if self._loading else ""
        online = sum(device.online for device in self._page.devices)
        return _(
            "As of {time}: {count} devices, {online} online; kiosks silent for more than "
            "{minutes} minutes are flagged."
        ).format(
            time=format_time(self._local(self._page.server_time)),
            count=len(self._page.devices),
            online=online,
            minutes=self._page.silent_minutes,
        )

    rows = Property("QVariantList", LivePanel._get_rows, notify=rowsChanged)
    count = Property(int, _get_count, notify=changed)
    silentCount = Property(int, _get_silent_count, notify=changed)
    summary = Property(str, _get_summary, notify=changed)
    message = Property(str, LivePanel._get_message, notify=changed)
    loading = Property(bool, LivePanel._get_loading, notify=changed)
