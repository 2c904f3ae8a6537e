"""The fleet as supervisors see it: every enrolled, unrevoked device with its last contact
(``devices.last_seen``, noted by every authenticated device request at most every 30 s), its
latest own report, online/offline, and kiosks silent for longer than a threshold."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Connection, select

from sync.protocol import DeviceKind
from sync.staff_protocol import DEFAULT_SILENT_MINUTES, MAX_FLEET_DEVICES, FleetDevice, FleetPage

from ..database import as_utc
from ..tables import device_status, devices

# Devices sync every few seconds and ``last_seen`` is noted at most every 30 s: a device not
# heard from for two minutes is offline (it may come back; silence past the threshold is flagged).
ONLINE_MINUTES = 2
_KIND_ORDER = {"kiosk": 0, "counter": 1, "display": 2}


def fleet_page(
    conn: Connection, now: datetime, silent_minutes: int = DEFAULT_SILENT_MINUTES
) -> FleetPage:
    """The fleet at ``now`` (UTC): kiosks first, then counters and displays, each by name."""
    query = (
        select(devices, device_status)
        .select_from(devices.outerjoin(device_status))
        .where(devices.c.revoked_at.is_(None))
        .order_by(devices.c.name, devices.c.device_id)
        .limit(MAX_FLEET_DEVICES)
    )
    online_within = timedelta(minutes=ONLINE_MINUTES)
    silent_after = timedelta(minutes=silent_minutes)
    listed: list[FleetDevice] = []
    for row in conn.execute(query):
        seen = as_utc(row.last_seen) if row.last_seen is not None else None
        quiet_since = seen or as_utc(row.enrolled_at)
        kind: DeviceKind = row.kind if row.kind in _KIND_ORDER else "kiosk"
        silent = kind == "kiosk" and now - quiet_since > silent_after
        reported = row.reported_at is not None
        listed.append(
            FleetDevice(
                device_id=row.device_id,
                name=row.name,
                kind=kind,
                online=seen is not None and now - seen <= online_within,
                last_seen=seen,
                silent=silent,
                silent_since=quiet_since if silent else None,
                last_sync_at=as_utc(row.last_sync_at) if row.last_sync_at is not None else None,
                app_version=row.app_version,
                printer=row.printer,
                outbox_backlog=int(row.outbox_backlog) if reported else None,
                oldest_pending_s=(
                    int(row.oldest_pending_s) if row.oldest_pending_s is not None else None
                ),
                reported_online=bool(row.online) if reported else None,
                reported_at=as_utc(row.reported_at) if reported else None,
            )
        )
    listed.sort(key=lambda device: (_KIND_ORDER[device.kind], device.name, device.device_id))
    return FleetPage(
        server_time=now,
        online_minutes=ONLINE_MINUTES,
        silent_minutes=silent_minutes,
        devices=listed,
    )
