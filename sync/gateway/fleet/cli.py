"""``kiosk-app gateway fleet [--json] [--silent-minutes N]``: every enrolled device, online or
not, last sync, version, printer, outbox backlog; kiosks silent for longer are flagged."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sync.staff_protocol import DEFAULT_SILENT_MINUTES


def utc_now() -> datetime:
    return datetime.now(UTC)


def add_fleet_command(
    commands: Any, database_option: Callable[[argparse.ArgumentParser], None]
) -> None:
    """Add ``fleet`` to the ``gateway`` command's subparsers."""
    fleet = commands.add_parser("fleet", help="the devices: online, last sync, printer, backlog")
    fleet.add_argument("--json", action="store_true", help="JSON (the staff API's FleetPage)")
    fleet.add_argument(
        "--silent-minutes",
        type=int,
        default=DEFAULT_SILENT_MINUTES,
        help=f"flag kiosks not heard from for longer (default {DEFAULT_SILENT_MINUTES})",
    )
    fleet.add_argument("--office-timezone", default="Europe/Berlin")
    database_option(fleet)
    fleet.set_defaults(func=cmd_fleet)


def cmd_fleet(args: argparse.Namespace) -> int:
    from zoneinfo import ZoneInfo

    from ..database import make_engine, read_transaction, upgrade
    from .listing import fleet_page
    from .text import fleet_table

    if args.silent_minutes < 1:
        print("--silent-minutes: mindestens 1", file=sys.stderr)
        return 2
    upgrade(args.db)
    engine = make_engine(args.db)
    try:
        with read_transaction(engine) as conn:
            page = fleet_page(conn, utc_now(), args.silent_minutes)
    finally:
        engine.dispose()
    if args.json:
        sys.stdout.write(page.model_dump_json(indent=2) + "\n")
    else:
        sys.stdout.write(fleet_table(page, ZoneInfo(args.office_timezone)))
    return 0
