"""``kiosk-app gateway report``: the task force's report as PDF (and CSV), docs/report.md."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any


def add_report_command(
    commands: Any,
    database_option: Callable[[argparse.ArgumentParser], None],
    day: Callable[[str], Any],
    office_state_option: Callable[[Any], None],
) -> None:
    """Add ``report`` to the ``gateway`` command's subparsers."""
    report = commands.add_parser(
        "report", help="the task force's report: German PDF with charts, CSV tables (supervisor)"
    )
    report.add_argument("--from", dest="first", type=day, required=True, help="TT.MM.JJJJ or ISO")
    report.add_argument("--to", dest="last", type=day, required=True, help="last day, included")
    report.add_argument("--out", type=Path, required=True, help="the PDF to write")
    report.add_argument("--csv", type=Path, metavar="DIR", help="also one CSV per table here")
    report.add_argument("--office-timezone", default="Europe/Berlin")
    database_option(report)
    office_state_option(report)
    report.set_defaults(func=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from .app import create_app
    from .report import Period, build_report
    from .settings import GatewaySettings

    try:
        period = Period(args.first, args.last, args.office_timezone)
        ZoneInfo(args.office_timezone)
    except (ValueError, ZoneInfoNotFoundError):
        print(
            "Der Zeitraum endet vor seinem Beginn oder die Zeitzone ist unbekannt.", file=sys.stderr
        )
        return 2
    settings = GatewaySettings(
        db_url=args.db, office_timezone=args.office_timezone, office_state=args.office_state
    )
    context = create_app(settings).state.gateway
    try:
        built = build_report(
            context.engine,
            period,
            args.out,
            context.now().astimezone(ZoneInfo(args.office_timezone)),
            args.csv,
            args.office_state,
        )
    finally:
        context.engine.dispose()
    print(f"Bericht {period.label}: {built.pdf}")
    if built.csv_files:
        print(f"{len(built.csv_files)} CSV-Dateien in {args.csv}")
    if not built.contents.has_data:
        print("Für diesen Zeitraum liegen keine Zahlen vor.", file=sys.stderr)
    return 0
