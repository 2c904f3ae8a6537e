"""The one bridge from the sync engine's thread into Qt (STYLE.md 2).

The engine calls ``SyncBridge.report`` from its own thread; the signal is queued into the GUI
thread, where ``SyncStatusViewModel`` turns it into the calm status line and the staleness note.
No QObject of the GUI thread is ever touched from the engine thread.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk_app.core.clock import OfficeTime
from kiosk_app.core.formatting import format_datetime
from kiosk_app.core.i18n import _

if TYPE_CHECKING:  # the engine (httpx, pydantic) loads only on an enrolled kiosk
    from sync.engine import SyncStatus

STALE_AFTER = timedelta(minutes=30)


class SyncBridge(QObject):
    statusReported = Signal(object)

    def report(self, status: SyncStatus) -> None:
        """Thread-safe: emitting a signal is; the receivers run in their own thread."""
        self.statusReported.emit(status)


class SyncStatusViewModel(QObject):
    changed = Signal()

    def __init__(
        self,
        bridge: SyncBridge,
        *,
        stale_after: timedelta = STALE_AFTER,
        time: OfficeTime | None = None,
        on_dataset_changed: Callable[[], None] = lambda: None,
        on_catalog_changed: Callable[[str], None] = lambda _version: None,
        on_faq_changed: Callable[[str], None] = lambda _version: None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._status: SyncStatus | None = None
        self._on_catalog_changed = on_catalog_changed
        self._catalog_version: str | None = None
        self._on_faq_changed = on_faq_changed
        self._faq_version: str | None = None
        self._stale_after = stale_after
        self._time = time or OfficeTime()
        self._now = self._time.utc_now
        self._on_dataset_changed = on_dataset_changed
        # AutoConnection: queued into this (GUI) thread when emitted from the engine's thread.
        bridge.statusReported.connect(self._received)

    @Slot(object)
    def _received(self, status: SyncStatus) -> None:
        self._status = status
        if status.dataset_changed:
            self._on_dataset_changed()
        if status.catalog_version is not None and status.catalog_version != self._catalog_version:
            self._catalog_version = status.catalog_version
            self._on_catalog_changed(status.catalog_version)  # a new catalog is in the cache
        if status.faq_version is not None and status.faq_version != self._faq_version:
            self._faq_version = status.faq_version
            self._on_faq_changed(status.faq_version)  # a new knowledge base is in the cache
        self.changed.emit()

    def retranslate(self) -> None:
        self.changed.emit()

    def _get_enabled(self) -> bool:
        return self._status is not None

    def _get_online(self) -> bool:
        return self._status is not None and self._status.online

    def _as_of(self) -> str | None:
        if self._status is None or self._status.last_success is None:
            return None
        # The office's wall time, whatever zone the kiosk's system clock runs in.
        return format_datetime(self._status.last_success.astimezone(self._time.zone))

    def _get_status_text(self) -> str:
        if self._status is None:
            return ""
        as_of = self._as_of()
        if as_of is None:
            return _("Offline · no information received yet")
        if self._status.online:
            return _("Online · information as of {time}").format(time=as_of)
        return _("Offline · information as of {time}").format(time=as_of)

    def _get_stale(self) -> bool:
        if self._status is None:
            return False  # not a synced kiosk (demo cache without a gateway)
        last = self._status.last_success
        return last is None or self._now() - last > self._stale_after

    def _get_stale_note(self) -> str:
        if not self._get_stale():
            return ""
        as_of = self._as_of()
        if as_of is None:
            return _("This information may be out of date.")
        return _("This information may be out of date: it is from {time}.").format(time=as_of)

    enabled = Property(bool, _get_enabled, notify=changed)
    online = Property(bool, _get_online, notify=changed)
    statusText = Property(str, _get_status_text, notify=changed)
    stale = Property(bool, _get_stale, notify=changed)
    staleNote = Property(str, _get_stale_note, notify=changed)
