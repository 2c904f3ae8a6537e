"""``kiosk-app gateway backup | restore | conflicts``: getting the office back after a lost
gateway database (docs/gateway.md "Backup and restore")."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def add_recovery_commands(commands: Any, database_option: Any) -> None:
    """Add the subcommands to the ``gateway`` command's subparsers; ``database_option(parser)``
    adds ``--db`` as the other commands have it."""
    backup = commands.add_parser(
        "backup", help="write a backup of the database (while the gateway runs)"
    )
    backup.add_argument("file", type=Path, help="the backup file to write")
    database_option(backup)
    backup.set_defaults(func=cmd_backup)

    restore = commands.add_parser(
        "restore", help="replace the database with a backup (stop the gateway first)"
    )
    restore.add_argument("file", type=Path, help="a file written by 'gateway backup'")
    database_option(restore)
    restore.add_argument(
        "--force",
        action="store_true",
        help="restore even though a gateway seems to serve the database",
    )
    restore.set_defaults(func=cmd_restore)

    conflicts = commands.add_parser(
        "conflicts", help="commands the gateway refused: kiosks keep them for staff (staff)"
    )
    database_option(conflicts)
    conflicts.add_argument(
        "--since", type=_day, help="answered on or after this day (TT.MM.JJJJ or JJJJ-MM-TT)"
    )
    conflicts.add_argument("--json", action="store_true", help="JSON instead of text")
    conflicts.set_defaults(func=cmd_conflicts)


def cmd_backup(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import OperationalError

    from .backup import BackupError, backup

    try:
        backup(args.db, args.file)
    except BackupError as problem:
        print(f"Keine Sicherung geschrieben: {problem}", file=sys.stderr)
        return 1
    except OperationalError as problem:
        print(f"Keine Sicherung geschrieben: {_unreachable(problem)}", file=sys.stderr)
        return 1
    print(f"Sicherung geschrieben: {args.file} ({args.file.stat().st_size} Bytes)")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import OperationalError

    from .backup import BackupError, restore
    from .serving import GatewayRunning

    try:
        restored = restore(args.file, args.db, force=args.force)
    except GatewayRunning as running:
        print(
            f"Nicht wiederhergestellt: {running}. Gateway zuerst anhalten "
            "(z. B. systemctl stop kiosk-gateway), oder --force, wenn sicher keines läuft.",
            file=sys.stderr,
        )
        return 2
    except BackupError as problem:
        print(f"Nicht wiederhergestellt: {problem}", file=sys.stderr)
        return 1
    except OperationalError as problem:
        print(f"Nicht wiederhergestellt: {_unreachable(problem)}", file=sys.stderr)
        return 1
    print(
        f"Wiederhergestellt aus {args.file}. Neuer Datenstand {restored.epoch} "
        f"(Sicherung: {restored.backup_epoch}): die Kioske laden alles neu und senden, "
        "was seit der Sicherung fehlt, noch einmal. Konflikte: kiosk-app gateway conflicts"
    )
    return 0


def _unreachable(problem: Any) -> str:
    """The driver's first line (server, database, reason), never the URL with a password."""
    lines = str(getattr(problem, "orig", problem)).strip().splitlines()
    return "Datenbank nicht erreichbar: " + (lines[0] if lines else type(problem).__name__)


def _day(text: str) -> Any:
    from .cli import day_argument

    return day_argument(text)


_KINDS = {
    "book_slot": "Termin gebucht",
    "move_booking": "Termin verlegt",
    "cancel_booking": "Termin abgesagt",
    "mark_documents_received": "Unterlagen abgehakt",
    "register_reference": "Papier gedruckt",
    "void": "Platzhalter",
    "staff_mark_documents": "Schalter: Unterlagen erhalten",
    "staff_set_status": "Schalter: Status geändert",
    "staff_check_in": "Schalter: erschienen",
    "staff_no_show": "Schalter: nicht erschienen",
    "staff_case_viewed": "Schalter: Vorgang angesehen",
}


def cmd_conflicts(args: argparse.Namespace) -> int:
    import json
    from dataclasses import asdict
    from datetime import UTC, datetime, time

    from .conflicts import list_conflicts
    from .database import make_engine, read_transaction, upgrade

    since = None if args.since is None else datetime.combine(args.since, time(), UTC)
    upgrade(args.db)
    engine = make_engine(args.db)
    try:
        with read_transaction(engine) as conn:
            found = list_conflicts(conn, since)
    finally:
        engine.dispose()
    if args.json:
        rows = [{**asdict(c), "at": c.at.isoformat()} for c in found]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    if not found:
        print("Keine abgelehnten Kiosk-Aktionen.")
        return 0
    print(f"{len(found)} abgelehnte Kiosk-Aktion(en): bitte prüfen und die Person verständigen.")
    for conflict in found:
        detail = conflict.detail
        what = [_KINDS.get(conflict.kind, conflict.kind)]
        if conflict.case_number:
            what.append(f"Aktenzeichen {conflict.case_number}")
        elif conflict.kind != "void":
            what.append("Vorgang unbekannt")
        if detail.get("slot_id"):
            what.append(f"Termin {detail['slot_id']}")
        if detail.get("booking_id"):
            what.append(f"Buchung {str(detail['booking_id'])[:8]}")
        if detail.get("reference"):
            what.append(f"Referenz {detail['reference']}")
        if detail.get("documents"):
            what.append("Unterlagen " + ", ".join(detail["documents"]))
        if detail.get("current_status"):
            # A clerk's status change on a status changed meanwhile: all three, for the clerk.
            what.append(
                f"gesehen {detail.get('expected_status')}, jetzt {detail['current_status']}, "
                f"gewollt {detail.get('wanted_status')}"
            )
        print(
            f"{conflict.at:%d.%m.%Y %H:%M} UTC  {conflict.device_name} Nr. {conflict.seq}: "
            + ", ".join(what)
            + f" (Grund: {conflict.reason or '-'})"
        )
    return 0
