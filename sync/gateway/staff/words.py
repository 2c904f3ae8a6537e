"""What the staff and audit commands print, in German (the office's language)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from .accounts import StaffUser
from .audit import AuditEntry

ROLE_TERMS = {
    "counter": "Sachbearbeitung (Schalter)",
    "supervisor": "Teamleitung",
    "admin": "Administration",
}

ACTION_TERMS = {
    "sign_in": "Anmeldung",
    "sign_out": "Abmeldung",
    "change_password": "Passwortwechsel",
    "read_case": "Vorgang angesehen",
    "read_reference": "Beleg gescannt",
    "read_today": "Tagesliste",
    "read_case_offline": "Vorgang angesehen (ohne Verbindung)",
    "mark_documents": "Unterlagen erhalten",
    "set_status": "Status geändert",
    "check_in": "Termin: erschienen",
    "no_show": "Termin: nicht erschienen",
    "create_user": "Konto angelegt",
    "unlock_user": "Konto entsperrt",
    "disable_user": "Konto deaktiviert",
    "reset_password": "Passwort zurückgesetzt",
    "admin_api": "Admin-Schnittstelle",
    "staff_api": "Schalter-Schnittstelle",
    "read_audit": "Protokoll gelesen",
}
OUTCOME_TERMS = {"allowed": "erlaubt", "refused": "ABGELEHNT"}


def role_term(role: str) -> str:
    return ROLE_TERMS.get(role, role)


def account_line(user: StaffUser, now: datetime) -> str:
    notes = []
    if user.disabled_at is not None:
        notes.append(f"deaktiviert seit {user.disabled_at:%d.%m.%Y}")
    elif user.locked_at(now):
        assert user.locked_until is not None
        notes.append(f"gesperrt bis {user.locked_until:%d.%m.%Y %H:%M} UTC")
    if user.must_change_password:
        notes.append("Einmalpasswort noch nicht geändert")
    services = ", ".join(user.services) or "alle Dienste"
    state = f"  [{'; '.join(notes)}]" if notes else ""
    return f"{user.username:<24} {role_term(user.role):<28} {services}{state}"


def audit_line(entry: AuditEntry, zone: ZoneInfo) -> str:
    at = entry.at.astimezone(zone)
    who = entry.username or "(System)"
    action = ACTION_TERMS.get(entry.action, entry.action)
    parts = [
        f"{at:%d.%m.%Y %H:%M:%S}",
        f"{who:<20}",
        f"{OUTCOME_TERMS.get(entry.outcome, entry.outcome):<9}",
        f"{action:<36}",
        entry.case_number or "-",
    ]
    line = "  ".join(parts)
    if entry.device_id:
        line += f"  Gerät {entry.device_id[:8]}"
    if entry.detail:
        line += f"  ({entry.detail})"
    return line
