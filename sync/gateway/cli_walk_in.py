"""``kiosk-app gateway walk-in``: the services that take walk-ins, their daily ticket quota,
issuing hours, urgent share and ticket letter (issue 15; the admin API is the same,
``/admin/v1/walk-in``). Texts in German: the office's staff read them."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

WALK_IN_ERRORS = {
    "unknown_service": "Diese Leistung steht nicht im Katalog.",
    "letter_taken": "Dieser Buchstabe gehört schon zu einer anderen Leistung.",
    "bad_hours": "Die Ausgabe muss vor ihrem Ende beginnen (--from vor --to).",
}


def add_walk_in_command(
    commands: Any, database_option: Callable[[argparse.ArgumentParser], None]
) -> None:
    """Add ``walk-in`` to the ``gateway`` command's subparsers."""
    walk_in = commands.add_parser(
        "walk-in", help="walk-in services: daily ticket quota, issuing hours, urgent share"
    )
    actions = walk_in.add_subparsers(dest="walk_in_command", required=True, metavar="ACTION")
    put = actions.add_parser("set", help="let a catalog service take walk-ins (or change it)")
    put.add_argument("service", help="the catalog service's code, e.g. card_pickup")
    put.add_argument("--quota", type=int, required=True, help="tickets per office day (1-999)")
    put.add_argument("--from", dest="issue_from", required=True, help="HH:MM, office time")
    put.add_argument("--to", dest="issue_until", required=True, help="HH:MM (exclusive)")
    put.add_argument("--urgent-share", type=int, default=0, help="percent kept for urgent cases")
    put.add_argument("--urgent-days", type=int, default=14, help="permit/Fiktion ends within")
    put.add_argument("--letter", required=True, help="the ticket letter, A-Z")
    remove = actions.add_parser("remove", help="no more tickets for a service")
    remove.add_argument("service")
    listing = actions.add_parser("list", help="the walk-in services")
    for action in (put, remove, listing):
        database_option(action)
    walk_in.set_defaults(func=cmd_walk_in)


def cmd_walk_in(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from sync.walk_in_protocol import WalkInServiceIn

    from .app import create_app
    from .database import read_transaction, write_transaction
    from .settings import GatewaySettings
    from .walk_in import (
        WalkInError,
        list_walk_in_services,
        remove_walk_in_service,
        set_walk_in_service,
    )

    rules = None
    if args.walk_in_command == "set":
        try:
            rules = WalkInServiceIn(
                letter=args.letter,
                daily_quota=args.quota,
                issue_from=args.issue_from,
                issue_until=args.issue_until,
                urgent_share=args.urgent_share,
                urgent_days=args.urgent_days,
            )
        except ValidationError as problem:
            fields = ", ".join(str(error["loc"][0]) for error in problem.errors())
            print(f"Ungültige Angabe: {fields}", file=sys.stderr)
            return 2
    context = create_app(GatewaySettings(db_url=args.db)).state.gateway
    try:
        if rules is not None:
            with write_transaction(context.engine) as conn:
                created = set_walk_in_service(conn, args.service, rules, context.now())
            print(f"{args.service}: Wartemarken {'eingerichtet' if created else 'geändert'}.")
            return 0
        if args.walk_in_command == "remove":
            with write_transaction(context.engine) as conn:
                removed = remove_walk_in_service(conn, args.service)
            if not removed:
                print(f"{args.service} gibt keine Wartemarken aus.", file=sys.stderr)
                return 1
            print(f"{args.service}: keine neuen Wartemarken mehr.")
            return 0
        with read_transaction(context.engine) as conn:
            found = list_walk_in_services(conn)
    except WalkInError as problem:
        print(WALK_IN_ERRORS.get(problem.code, problem.code), file=sys.stderr)
        return 1
    finally:
        context.engine.dispose()
    if not found:
        print("Keine Leistung gibt Wartemarken aus.")
    for row in found:
        print(
            f"{row.letter}  {row.service:<24} {row.daily_quota:>3} je Tag  "
            f"{row.issue_from}–{row.issue_until}  dringend {row.urgent_share} % "
            f"(Frist {row.urgent_days} Tage)"
        )
    return 0
