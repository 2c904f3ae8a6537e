"""A device's report about itself for the fleet view (issue 18): kind, version, printer, outbox
backlog, last sync, online. The sync engine (and the counter's sync) offer one at the start of
each round; it is sent when it differs from the last one sent, and at least every
``RESEND_S`` seconds. A failure to send is logged and never breaks the round; after one, the
next try waits ``RETRY_S`` seconds, so an unreachable gateway costs no round a second timeout."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime
from functools import cache

from kiosk_app.core.printer_health import PRINTER_HEALTH, PrinterHealth
from kiosk_app.store.outbox import Outbox
from kiosk_app.store.sync_state import SyncState
from kiosk_app.store.transactions import Connection
from sync.protocol import DeviceKind, DeviceStatusReport

log = logging.getLogger(__name__)

RESEND_S = 300.0
RETRY_S = 60.0


@cache
def app_version() -> str:
    """The installed package's version (``0+unknown`` where the metadata is missing)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kiosk-app")
    except PackageNotFoundError:
        return "0+unknown"


class StatusReporter:
    """Decides when to send the device's status report, and sends it through ``send``.

    ``clock``: the device's clock (timezone-aware); the same that stamps its outbox."""

    def __init__(
        self,
        kind: DeviceKind,
        clock: Callable[[], datetime],
        health: PrinterHealth = PRINTER_HEALTH,
        version: str | None = None,
    ) -> None:
        self.kind = kind
        self._clock = clock
        self._health = health
        self._version = version or app_version()
        self._lock = threading.Lock()
        self._last_sent: tuple[object, ...] | None = None
        self._sent_at: datetime | None = None
        self._failed_at: datetime | None = None

    def offer(
        self,
        send: Callable[[DeviceStatusReport], None],
        *,
        backlog: int,
        oldest_pending: datetime | None,
        last_sync_at: datetime | None,
        online: bool,
    ) -> bool:
        """Send the report if it is due; True when it was sent. Never raises."""
        now = self._clock()
        try:
            report = self._report(now, backlog, oldest_pending, last_sync_at, online)
        except (ValueError, TypeError) as problem:  # a clock without a zone: log, never raise
            log.error("status report not built: %s", type(problem).__name__)
            return False
        # What changes the picture: not the ages and times, which move at every round.
        essence = (report.printer, report.outbox_backlog, report.online, report.app_version)
        with self._lock:
            if self._failed_at is not None and (now - self._failed_at).total_seconds() < RETRY_S:
                return False
            stale = self._sent_at is None or (now - self._sent_at).total_seconds() >= RESEND_S
            if essence == self._last_sent and not stale:
                return False
            try:
                send(report)
            except Exception as problem:  # the report must never cost the round
                log.info("status report not sent: %s", type(problem).__name__)
                self._failed_at = now
                return False
            self._failed_at = None
            self._last_sent, self._sent_at = essence, now
            return True

    def _report(
        self,
        now: datetime,
        backlog: int,
        oldest_pending: datetime | None,
        last_sync_at: datetime | None,
        online: bool,
    ) -> DeviceStatusReport:
        age = None if oldest_pending is None else (now - oldest_pending).total_seconds()
        return DeviceStatusReport(
            device_kind=self.kind,
            app_version=self._version,
            printer=self._health.state,
            outbox_backlog=backlog,
            oldest_pending_s=None if age is None else max(0, int(age)),
            last_sync_at=last_sync_at,
            online=online,
            reported_at=now,
        )

    def report_kiosk(
        self, send: Callable[[DeviceStatusReport], None], conn: Connection, *, online: bool
    ) -> bool:
        """The kiosk's report: backlog from its outbox, last sync from its sync state."""
        try:
            outbox = Outbox(conn)
            counts = outbox.counts()
            oldest, last_sync = outbox.oldest_waiting(), SyncState(conn).last_sync_at
        except Exception as problem:  # a busy cache: the next round reports
            log.info("status report skipped: %s", type(problem).__name__)
            return False
        return self.offer(
            send,
            backlog=counts["pending"] + counts["void"],
            oldest_pending=oldest,
            last_sync_at=last_sync,
            online=online,
        )
