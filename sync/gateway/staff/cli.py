"""``kiosk-app gateway staff add|list|unlock|disable|reset-password`` and ``kiosk-app gateway
audit``: staff accounts from the server's shell, and the audit log for the data-protection
officer. Output in German like the other staff commands (``staff/words.py``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

USERNAME_HELP = "a-z, 0-9, Punkt, Bindestrich, Unterstrich (z. B. anna.k)"


def add_staff_commands(
    commands: Any, database_option: Callable[[argparse.ArgumentParser], None], day: Any
) -> None:
    """Add ``staff`` and ``audit`` to the ``gateway`` command's subparsers."""
    staff = commands.add_parser("staff", help="staff accounts for the counters (admin)")
    actions = staff.add_subparsers(dest="staff_command", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="new account; prints its one-time password once")
    add.add_argument("username", help=USERNAME_HELP)
    add.add_argument("--role", required=True, choices=("counter", "supervisor", "admin"))
    add.add_argument("--services", default="", help="service codes, comma-separated (none: all)")
    listing = actions.add_parser("list", help="all accounts")
    unlock = actions.add_parser("unlock", help="end a lock-out after failed sign-ins")
    disable = actions.add_parser("disable", help="no more sign-ins (the person left)")
    reset = actions.add_parser("reset-password", help="a new one-time password")
    for parser in (unlock, disable, reset):
        parser.add_argument("username")
    for parser in (add, listing, unlock, disable, reset):
        database_option(parser)
    staff.set_defaults(func=cmd_staff)

    audit = commands.add_parser(
        "audit", help="the audit log of a case or a person (data-protection officer)"
    )
    who = audit.add_mutually_exclusive_group(required=True)
    who.add_argument("--case", help="Aktenzeichen")
    who.add_argument("--user", help="Benutzername")
    audit.add_argument("--from", dest="since", type=day, help="from this day (TT.MM.JJJJ)")
    audit.add_argument("--to", dest="until", type=day, help="up to and including this day")
    audit.add_argument("--csv", action="store_true", help="CSV (;-separated) instead of a table")
    audit.add_argument("--office-timezone", default="Europe/Berlin")
    database_option(audit)
    audit.set_defaults(func=cmd_audit)


def _context(args: argparse.Namespace) -> Any:
    from ..app import create_app
    from ..settings import GatewaySettings

    return create_app(GatewaySettings(db_url=args.db)).state.gateway


def cmd_staff(args: argparse.Namespace) -> int:
    from ..database import read_transaction, write_transaction
    from .accounts import AccountError, create_user, disable, list_users, reset_password, unlock
    from .audit import Actor
    from .words import account_line, role_term

    context = _context(args)
    actor = Actor(None, None, context.now())  # the server's shell: the machine
    try:
        if args.staff_command == "list":
            with read_transaction(context.engine) as conn:
                users = list_users(conn)
            if not users:
                print("Keine Konten.")
            for user in users:
                print(account_line(user, context.now()))
            return 0
        if args.staff_command == "add":
            services = [code.strip() for code in args.services.split(",") if code.strip()]
            try:
                with write_transaction(context.engine) as conn:
                    secret = create_user(conn, actor, args.username, args.role, services)
            except AccountError:
                print(f"Das Konto {args.username} gibt es schon.", file=sys.stderr)
                return 1
            print(f"Konto {args.username} angelegt ({role_term(args.role)}).")
            print(f"Einmalpasswort: {secret}")
            print("Nur jetzt sichtbar; bei der ersten Anmeldung am Schalter zu ändern.")
            return 0
        with write_transaction(context.engine) as conn:
            if args.staff_command == "unlock":
                done, said = unlock(conn, actor, args.username), "entsperrt"
            elif args.staff_command == "disable":
                done, said = disable(conn, actor, args.username), "deaktiviert"
            else:
                fresh = reset_password(conn, actor, args.username)
                done, said = fresh is not None, f"neues Einmalpasswort: {fresh}"
    finally:
        context.engine.dispose()
    if not done:
        print(f"Kein Konto {args.username}.", file=sys.stderr)
        return 1
    print(f"Konto {args.username}: {said}.")
    return 0


def day_bounds(
    since: date | None, until: date | None, zone: str
) -> tuple[datetime | None, datetime | None]:
    """Office-local days (``until`` inclusive) as UTC instants [start, end)."""
    tz = ZoneInfo(zone)

    def start_of(day: date) -> datetime:
        return datetime.combine(day, time(), tzinfo=tz).astimezone(UTC)

    return (
        start_of(since) if since else None,
        start_of(until + timedelta(days=1)) if until else None,
    )


def cmd_audit(args: argparse.Namespace) -> int:
    from kiosk_app.core.case_number import CaseNumber
    from kiosk_app.core.errors import KioskError

    from ..database import write_transaction
    from .audit import Actor, audit_csv, audit_entries, record
    from .words import audit_line

    number = None
    if args.case:
        try:
            number = CaseNumber.parse(args.case).canonical
        except KioskError:
            print("Bitte ein gültiges Aktenzeichen angeben.", file=sys.stderr)
            return 2
    since, until = day_bounds(args.since, args.until, args.office_timezone)
    context = _context(args)
    try:
        with write_transaction(context.engine) as conn:
            entries = audit_entries(
                conn, case_number=number, username=args.user, since=since, until=until
            )
            # Reading the log is itself in the log.
            what = f"user {args.user}" if args.user else "case"
            record(
                conn,
                Actor(None, None, context.now()),
                "read_audit",
                "allowed",
                case_number=number,
                detail=what,
            )
    finally:
        context.engine.dispose()
    if args.csv:
        sys.stdout.write(audit_csv(entries))
        return 0
    zone = ZoneInfo(args.office_timezone)
    subject = f"Aktenzeichen {number}" if number else f"Benutzer {args.user}"
    print(f"Protokoll für {subject}: {len(entries)} Eintrag/Einträge (Ortszeit)")
    for entry in entries:
        print(audit_line(entry, zone))
    return 0
