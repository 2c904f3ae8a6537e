"""Storing a device's report about itself: one row per device in ``device_status``, replaced
by each report (an upsert on both databases)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection
from sqlalchemy.dialects import postgresql, sqlite

from sync.protocol import DeviceStatusReport

from ..tables import device_status


def store_report(
    conn: Connection, device_id: str, report: DeviceStatusReport, received_at: datetime
) -> None:
    """Keep ``report`` as the device's latest (an older report arriving late is kept too: the
    device sends them in order, one at a time)."""
    values = {
        "device_kind": report.device_kind,
        "app_version": report.app_version,
        "printer": report.printer,
        "outbox_backlog": report.outbox_backlog,
        "oldest_pending_s": report.oldest_pending_s,
        "last_sync_at": report.last_sync_at,
        "online": report.online,
        "reported_at": report.reported_at,
        "received_at": received_at,
    }
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(device_status).values(device_id=device_id, **values)
    conn.execute(
        statement.on_conflict_do_update(index_elements=[device_status.c.device_id], set_=values)
    )
