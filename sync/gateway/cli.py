"""``kiosk-app gateway ...``: serve, import, set-status, create-code, seed-demo, bookings,
closures, reference, backup, restore, conflicts, staff, audit, report, openapi.

``add_gateway_commands(subparsers)`` adds the ``gateway`` command; each subcommand sets
``args.func`` to a function returning the exit code. Heavy imports happen inside the commands.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .staff_words import CatalogNames

from .cli_forms import add_forms_command
from .cli_recovery import add_recovery_commands
from .cli_report import add_report_command
from .cli_walk_in import add_walk_in_command
from .fleet.cli import add_fleet_command
from .snippets_cli import add_snippet_commands
from .staff.cli import add_staff_commands

DEFAULT_DB = "sqlite:///gateway.db"
_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def day_argument(text: str) -> date:
    """A day as staff type it: ``24.12.2026`` or ISO ``2026-12-24``."""
    text = text.strip()
    german = _GERMAN_DATE.match(text)
    try:
        if german:
            day, month, year = (int(part) for part in german.groups())
            return date(year, month, day)
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"kein Datum: {text!r} (TT.MM.JJJJ oder JJJJ-MM-TT)"
        ) from None


def add_gateway_commands(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``gateway`` and its subcommands to an ``argparse`` subparsers object."""
    gateway: argparse.ArgumentParser = subparsers.add_parser(
        "gateway", help="the back-office gateway"
    )
    commands = gateway.add_subparsers(dest="gateway_command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="run the gateway (HTTP; see docs/gateway.md for TLS)")
    _db(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8443)
    serve.add_argument(
        "--admin-token-file",
        type=Path,
        help="file holding the admin token (default: $KIOSK_GATEWAY_ADMIN_TOKEN; none: admin off)",
    )
    serve.add_argument("--ssl-keyfile", type=Path, help="TLS private key (PEM), passed to uvicorn")
    serve.add_argument("--ssl-certfile", type=Path, help="TLS certificate chain (PEM)")
    booking = serve.add_argument_group("appointments (docs/gateway.md, Bookings and leases)")
    booking.add_argument(
        "--booking-window",
        metavar="FIRST-LAST",
        default="1-28",
        help="bookable days ahead of today, office time (default 1-28: tomorrow to 28 days)",
    )
    booking.add_argument("--office-timezone", default="Europe/Berlin")
    _office_state(booking)
    booking.add_argument("--lease-ttl-hours", type=float, default=4.0)
    booking.add_argument("--lease-grace-hours", type=float, default=24.0)
    booking.add_argument("--leases-per-day", type=int, default=1, help="per service and day")
    booking.add_argument("--lease-days", type=int, default=3, help="next bookable days leased")
    serve.add_argument(
        "--office-data",
        type=Path,
        metavar="FILE",
        help="the office's data the answers name: fees, hours, address (TOML; "
        "content/office/demo.toml shows the form; docs/knowledge-base.md)",
    )
    serve.add_argument(
        "--staff-session-hours",
        type=float,
        default=8.0,
        help="how long a staff sign-in at a counter lasts at most (default 8)",
    )
    serve.set_defaults(func=cmd_serve)

    imports = commands.add_parser("import", help="import a case status export (CSV or JSON)")
    imports.add_argument("file", type=Path)
    _db(imports)
    imports.set_defaults(func=cmd_import)

    status = commands.add_parser("set-status", help="change one case's status")
    status.add_argument("case_number")
    status.add_argument("status", help="status code, e.g. ready_for_pickup")
    _db(status)
    status.set_defaults(func=cmd_set_status)

    code = commands.add_parser("create-code", help="print a one-time enrollment code")
    _db(code)
    code.add_argument("--ttl-hours", type=float, default=24.0)
    code.add_argument(
        "--kind",
        choices=("kiosk", "counter", "display"),
        default="kiosk",
        help="the device it enrolls: a kiosk (default), a staff counter workstation or a "
        "waiting room's call display",
    )
    code.set_defaults(func=cmd_create_code)

    seed = commands.add_parser("seed-demo", help="import synthetic demo cases")
    _db(seed)
    seed.add_argument("--cases", type=int, default=2000)
    seed.add_argument("--seed", type=int, default=2026)
    seed.add_argument(
        "--as-of",
        type=date.fromisoformat,
        help="YYYY-MM-DD the synthetic dates are relative to (default: today, office time)",
    )
    seed.set_defaults(func=cmd_seed_demo)

    day_list = commands.add_parser("bookings", help="the day's appointments (staff)")
    _db(day_list)
    _office_state(day_list)
    day_list.add_argument(
        "--day", type=day_argument, help="TT.MM.JJJJ or YYYY-MM-DD, office-local (default: today)"
    )
    day_list.add_argument("--csv", action="store_true", help="CSV (;-separated) instead of a table")
    day_list.set_defaults(func=cmd_bookings)

    closures = commands.add_parser(
        "closures", help="days the office is closed besides public holidays (staff)"
    )
    closure_commands = closures.add_subparsers(
        dest="closures_command", required=True, metavar="ACTION"
    )
    close = closure_commands.add_parser(
        "add", help="close a day; lists the bookings on it (none is cancelled)"
    )
    close.add_argument("day", type=day_argument, help="TT.MM.JJJJ or YYYY-MM-DD")
    close.add_argument("--reason", default="", help="for staff, e.g. Betriebsausflug")
    reopen = closure_commands.add_parser("remove", help="open a closed day again")
    reopen.add_argument("day", type=day_argument, help="TT.MM.JJJJ or YYYY-MM-DD")
    listing = closure_commands.add_parser("list", help="closure days from today on")
    listing.add_argument("--all", action="store_true", help="past ones too")
    for action in (close, reopen, listing):
        _db(action)
        _office_state(action)
    closures.set_defaults(func=cmd_closures)

    reference = commands.add_parser(
        "reference", help="look up the QR code of a kiosk paper (staff)"
    )
    reference.add_argument("reference", help="the code under the QR code, e.g. ABCD2345EF")
    _db(reference)
    reference.add_argument("--json", action="store_true", help="JSON instead of text")
    reference.set_defaults(func=cmd_reference)

    add_recovery_commands(commands, _db)
    add_staff_commands(commands, _db, day_argument)
    add_fleet_command(commands, _db)
    add_report_command(commands, _db, day_argument, _office_state)
    add_walk_in_command(commands, _db)
    add_forms_command(commands, _db)
    add_snippet_commands(commands, _db)

    openapi = commands.add_parser("openapi", help="print the OpenAPI document (JSON)")
    openapi.set_defaults(func=cmd_openapi)
    return gateway


def _db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        default=os.environ.get("KIOSK_GATEWAY_DB", DEFAULT_DB),
        help="sqlite:///path.db or postgresql+psycopg://user@host/db (default: $KIOSK_GATEWAY_DB)",
    )


def _office_state(parser: Any) -> None:
    from kiosk_app.core.office import DEFAULT_STATE

    parser.add_argument(
        "--office-state",
        default=os.environ.get("KIOSK_OFFICE_STATE", DEFAULT_STATE),
        help="German state whose public holidays close the office "
        "(default: $KIOSK_OFFICE_STATE, else HE)",
    )


def _settings(args: argparse.Namespace, admin_token: str | None = None) -> Any:
    from kiosk_app.core.office import DEFAULT_STATE

    from .settings import GatewaySettings

    state = getattr(args, "office_state", DEFAULT_STATE)
    return GatewaySettings(db_url=args.db, admin_token=admin_token, office_state=state)


def _serve_settings(args: argparse.Namespace, admin_token: str | None) -> Any:
    from datetime import timedelta

    from kiosk_app.core.booking import BookingWindow
    from kiosk_app.core.office_data import read_office_file

    from .settings import GatewaySettings

    first, _, last = args.booking_window.partition("-")
    office_data = read_office_file(args.office_data) if args.office_data else {}
    return GatewaySettings(
        db_url=args.db,
        admin_token=admin_token,
        booking_window=BookingWindow(int(first), int(last)),
        office_timezone=args.office_timezone,
        office_state=args.office_state,
        lease_ttl=timedelta(hours=args.lease_ttl_hours),
        lease_grace=timedelta(hours=args.lease_grace_hours),
        leases_per_service_day=args.leases_per_day,
        lease_days=args.lease_days,
        staff_session_ttl=timedelta(hours=args.staff_session_hours),
        office_data=office_data,
    )


def cmd_serve(args: argparse.Namespace) -> int:
    from zoneinfo import ZoneInfo

    import uvicorn

    from kiosk_app.core.office_days import check_state

    from .app import create_app
    from .settings import KEEP_ALIVE_S

    token = os.environ.get("KIOSK_GATEWAY_ADMIN_TOKEN")
    if args.admin_token_file:
        token = args.admin_token_file.read_text(encoding="utf-8").strip()
    if not token:
        print("No admin token given: the admin API is disabled.", file=sys.stderr)
    if bool(args.ssl_keyfile) != bool(args.ssl_certfile):
        print("--ssl-keyfile and --ssl-certfile go together.", file=sys.stderr)
        return 2
    from kiosk_app.core.office_data import OfficeDataError

    try:
        settings = _serve_settings(args, token or None)
        ZoneInfo(settings.office_timezone)
        check_state(settings.office_state)
    except OfficeDataError as problem:
        print(f"--office-data: {problem}", file=sys.stderr)
        return 2
    except (ValueError, KeyError):
        print(
            "--booking-window is FIRST-LAST (e.g. 1-28); give a valid --office-timezone and "
            "--office-state (e.g. HE).",
            file=sys.stderr,
        )
        return 2
    uvicorn.run(
        create_app(settings),
        host=args.host,
        port=args.port,
        access_log=False,  # our own access log names routes, never paths with case numbers
        timeout_keep_alive=KEEP_ALIVE_S,
        ssl_keyfile=str(args.ssl_keyfile) if args.ssl_keyfile else None,
        ssl_certfile=str(args.ssl_certfile) if args.ssl_certfile else None,
    )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from .app import create_app
    from .import_runner import ImportInput, run_import
    from .imports import ImportFormatError

    body = args.file.read_bytes()
    if args.file.suffix.lower() == ".json":
        source = ImportInput(json_rows=json.loads(body))
    else:
        source = ImportInput(csv=body)
    context = create_app(_settings(args)).state.gateway
    try:
        report = run_import(context.engine, source, context.now())
    except ImportFormatError as problem:
        print(f"Cannot read {args.file}: {problem}", file=sys.stderr)
        return 1
    finally:
        context.engine.dispose()
    print(report.model_dump_json(indent=2))
    return 1 if report.rejected else 0


def cmd_set_status(args: argparse.Namespace) -> int:
    from kiosk_app.core.case_number import CaseNumber
    from kiosk_app.core.errors import KioskError
    from kiosk_app.core.statuses import CaseStatus

    from .app import create_app
    from .case_writes import CaseNotFoundError, set_status
    from .database import write_transaction
    from .staff_words import status_term

    try:
        number = CaseNumber.parse(args.case_number).canonical
        status = CaseStatus(args.status)
    except (KioskError, ValueError):
        print(
            "Bitte ein gültiges Aktenzeichen und einen dieser Status angeben: "
            + ", ".join(CaseStatus),
            file=sys.stderr,
        )
        return 2
    context = create_app(_settings(args)).state.gateway
    try:
        with write_transaction(context.engine) as conn:
            seq = set_status(conn, number, status, context.now().date())
    except CaseNotFoundError:
        print("Kein Vorgang mit diesem Aktenzeichen.", file=sys.stderr)
        return 1
    finally:
        context.engine.dispose()
    print(f"Status gesetzt: {status_term(status.value)} (Änderung {seq}).")
    return 0


def cmd_create_code(args: argparse.Namespace) -> int:
    from datetime import timedelta

    from .app import create_app
    from .database import write_transaction
    from .enrollment import create_code

    context = create_app(_settings(args)).state.gateway
    try:
        with write_transaction(context.engine) as conn:
            issued = create_code(conn, context.now(), timedelta(hours=args.ttl_hours), args.kind)
    finally:
        context.engine.dispose()
    print(issued.code)
    print(
        f"{args.kind} code, valid until {issued.expires_at:%Y-%m-%d %H:%M} UTC, once",
        file=sys.stderr,
    )
    return 0


def cmd_seed_demo(args: argparse.Namespace) -> int:
    from .app import create_app
    from .demo import seed_demo
    from .slots import OfficeClock

    settings = _settings(args)
    context = create_app(settings).state.gateway
    as_of = args.as_of or OfficeClock(settings.office_timezone, settings.booking_window).today(
        context.now()
    )
    try:
        counts = seed_demo(context.engine, args.cases, args.seed, as_of)
    finally:
        context.engine.dispose()
    print(
        f"Demo cases: {counts.inserted} inserted, {counts.updated} updated, "
        f"{counts.unchanged} unchanged."
    )
    return 0


def cmd_bookings(args: argparse.Namespace) -> int:
    from .app import create_app
    from .booking import bookings_csv, day_bookings
    from .database import read_transaction
    from .slots import OfficeClock
    from .staff_words import CatalogNames, german_day, source_term

    settings = _settings(args)
    context = create_app(settings).state.gateway
    try:
        clock = OfficeClock(settings.office_timezone, settings.booking_window)
        day = args.day or clock.today(context.now())
        with read_transaction(context.engine) as conn:
            rows = day_bookings(conn, day, settings.office_state)
            names = CatalogNames(conn)
    finally:
        context.engine.dispose()
    if args.csv:
        sys.stdout.write(bookings_csv(rows).replace("\r\n", "\n"))
        return 0
    print(f"{german_day(day)}: {len(rows)} Termin(e)")
    closed = rows[0].closed if rows else None
    if closed:
        print(
            f"ACHTUNG: Die Behörde ist an diesem Tag geschlossen ({closed}). "
            "Diese Termine bestehen noch: bitte verlegen oder absagen."
        )
    for row in rows:
        print(
            f"{row.start:%H:%M}–{row.end:%H:%M}  {names.service(row.service):<38} "
            f"{row.case_number:<18} {source_term(row.source)}"
            + ("  [geschlossen]" if row.closed else "")
        )
    return 0


def cmd_closures(args: argparse.Namespace) -> int:
    from .app import create_app
    from .closures import add_closure, list_closures, remove_closure
    from .database import read_transaction, write_transaction
    from .slots import OfficeClock
    from .staff_words import CatalogNames, german_day

    settings = _settings(args)
    context = create_app(settings).state.gateway
    try:
        if args.closures_command == "add":
            with write_transaction(context.engine) as conn:
                added = add_closure(
                    conn, args.day, args.reason.strip(), settings.office_state, context.now()
                )
                names = CatalogNames(conn)
        elif args.closures_command == "remove":
            with write_transaction(context.engine) as conn:
                removed = remove_closure(conn, args.day)
        else:
            today = OfficeClock(settings.office_timezone, settings.booking_window).today(
                context.now()
            )
            with read_transaction(context.engine) as conn:
                found = list_closures(conn, settings.office_state, None if args.all else today)
    finally:
        context.engine.dispose()
    if args.closures_command == "add":
        _print_closure_added(added, names)
        return 0
    if args.closures_command == "remove":
        if not removed:
            print(f"{german_day(args.day)} ist kein eingetragener Schließtag.", file=sys.stderr)
            return 1
        print(f"Schließtag {german_day(args.day)} entfernt: Termine sind wieder buchbar.")
        return 0
    if not found:
        print("Keine Schließtage eingetragen.")
    for closure in found:
        notes = [text for text in (closure.reason, closure.public_holiday) if text]
        print(f"{german_day(closure.day)}  {' / '.join(notes)}".rstrip())
    return 0


def _print_closure_added(added: Any, names: CatalogNames) -> None:
    from .staff_words import german_day

    label = f" ({added.reason})" if added.reason else ""
    verb = "geschlossen" if added.created else "war schon geschlossen; Grund aktualisiert"
    print(f"{german_day(added.day)}{label}: {verb}.")
    if added.public_holiday:
        print(f"Der Tag ist ohnehin gesetzlicher Feiertag ({added.public_holiday}).")
    if not added.affected_bookings:
        print("Keine Termine an diesem Tag.")
        return
    print(
        f"ACHTUNG: {len(added.affected_bookings)} Termin(e) an diesem Tag bleiben bestehen; "
        "bitte die Personen verständigen und verlegen oder absagen "
        f"(vollständige Liste: kiosk-app gateway bookings --day {added.day:%d.%m.%Y}):"
    )
    for booking in added.affected_bookings:
        print(
            f"{booking.start:%H:%M}–{booking.end:%H:%M}  {names.service(booking.service):<38} "
            f"{booking.case_number:<18} Buchung {booking.booking_id[:8]}"
        )


def cmd_reference(args: argparse.Namespace) -> int:
    from .app import create_app
    from .database import read_transaction
    from .references import find_reference
    from .staff_words import CatalogNames, german_time, status_term

    context = create_app(_settings(args)).state.gateway
    try:
        with read_transaction(context.engine) as conn:
            found = find_reference(conn, args.reference)
            names = CatalogNames(conn)
    finally:
        context.engine.dispose()
    if found is None:
        print("Keine Kiosk-Referenz mit diesem Code.", file=sys.stderr)
        return 1
    if args.json:
        print(found.model_dump_json(indent=2))
        return 0
    device = found.device_name or found.device_id
    lines = [
        f"Referenz:        {found.reference}",
        f"Aktenzeichen:    {found.case_number}"
        + ("" if found.in_kiosk_dataset else "  (nicht mehr an den Kiosken)"),
        f"Status:          {status_term(found.status.value)} seit "
        f"{found.status_changed_on:%d.%m.%Y}",
        f"Auf dem Beleg:   {names.documents(found.documents)}",
        f"Fehlt jetzt:     {names.documents(found.missing_documents)}",
    ]
    if found.booking is not None:
        booking = found.booking
        if booking.start is None:
            lines.append(f"Termin:          {booking.booking_id} (noch nicht beim Gateway)")
        else:
            state = "" if booking.active else "  (abgesagt)"
            lines.append(
                f"Termin:          {names.service(booking.service or '')}, "
                f"{german_time(booking.start)}{state}"
            )
    # A reference is registered when the paper is made: printed, or shown for a photo when the
    # printer failed. The kiosk does not say which, so neither does this.
    lines.append(
        f"Erstellt:        {german_time(found.created_at)} UTC am Kiosk {device} "
        "(gedruckt oder zum Abfotografieren angezeigt)"
    )
    print("\n".join(lines))
    return 0


def cmd_openapi(_args: argparse.Namespace) -> int:
    print(openapi_json(), end="")
    return 0


def openapi_json() -> str:
    """The committed form of the OpenAPI document (docs/api/openapi.json)."""
    import tempfile

    from .app import create_app
    from .settings import GatewaySettings

    with tempfile.TemporaryDirectory() as scratch:
        app = create_app(GatewaySettings(db_url=f"sqlite:///{scratch}/openapi.db"))
        document = app.openapi()
        app.state.gateway.engine.dispose()
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
