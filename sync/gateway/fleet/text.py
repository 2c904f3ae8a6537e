"""The fleet as a German table for the server's shell (``kiosk-app gateway fleet``); times in
the office's zone (Europe/Berlin by default)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sync.staff_protocol import FleetDevice, FleetPage

KIND_TERMS = {"kiosk": "Kiosk", "counter": "Schalter", "display": "Anzeige"}
PRINTER_TERMS = {
    "ok": "bereit",
    "paper_low": "Papier fast leer",
    "paper_out": "Papier leer",
    "offline": "nicht erreichbar",
    "error": "Störung",
    "none": "kein Drucker",
}
HEADER = (
    "Gerät",
    "Art",
    "Verbindung",
    "Letzte Sync",
    "Version",
    "Drucker/Papier",
    "Warteschlange",
    "Hinweis",
)
NO_REPORT = "–"


def local_time(moment: datetime | None, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%d.%m.%Y %H:%M") if moment is not None else "nie"


def backlog_text(device: FleetDevice) -> str:
    """``0``, ``3 (älteste 12 min)``, or a dash without a report."""
    if device.outbox_backlog is None:
        return NO_REPORT
    if not device.outbox_backlog or device.oldest_pending_s is None:
        return str(device.outbox_backlog)
    return f"{device.outbox_backlog} (älteste {age_text(device.oldest_pending_s)})"


def age_text(seconds: int) -> str:
    if seconds < 3600:
        return f"{max(1, seconds // 60)} min"
    if seconds < 2 * 86400:
        return f"{seconds // 3600} h"
    return f"{seconds // 86400} Tage"


def flag_text(device: FleetDevice, zone: ZoneInfo) -> str:
    if device.silent:
        return f"STILL seit {local_time(device.silent_since, zone)}"
    if device.reported_at is None:
        return "noch kein Statusbericht"
    return ""


def fleet_rows(page: FleetPage, zone: ZoneInfo) -> list[tuple[str, ...]]:
    return [
        (
            device.name,
            KIND_TERMS.get(device.kind, device.kind),
            "online" if device.online else "offline",
            local_time(device.last_sync_at, zone),
            device.app_version or NO_REPORT,
            PRINTER_TERMS.get(device.printer, device.printer) if device.printer else NO_REPORT,
            backlog_text(device),
            flag_text(device, zone),
        )
        for device in page.devices
    ]


def fleet_table(page: FleetPage, zone: ZoneInfo) -> str:
    """A heading line, the column heads and one line per device, columns padded to fit."""
    rows = [HEADER, *fleet_rows(page, zone)]
    widths = [max(len(row[column]) for row in rows) for column in range(len(HEADER))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    silent = sum(device.silent for device in page.devices)
    heading = (
        f"Geräte am {local_time(page.server_time, zone)}: {len(page.devices)}, "
        f"davon {sum(device.online for device in page.devices)} online; "
        f"{silent} Kiosk(e) länger als {page.silent_minutes} min still"
    )
    return "\n".join([heading, "", *lines]) + "\n"
