"""``kiosk-app gateway forms purge --older-than DAYS``: delete submitted forms after their
retention period (issue 17, docs/privacy.md "Forms"). Texts in German: the office's staff read
them. Run it daily (cron or a systemd timer, docs/gateway.md)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from .retention import RETENTION_DAYS


def add_forms_command(
    commands: Any, database_option: Callable[[argparse.ArgumentParser], None]
) -> None:
    """Add ``forms`` to the ``gateway`` command's subparsers. Imports nothing of the gateway's
    own: ``kiosk-app``'s parser is built in the kiosk's bundle too, which has no SQLAlchemy."""
    forms = commands.add_parser("forms", help="residents' forms: delete after the retention period")
    actions = forms.add_subparsers(dest="forms_command", required=True, metavar="ACTION")
    purge = actions.add_parser("purge", help="delete forms received more than DAYS days ago")
    purge.add_argument(
        "--older-than",
        type=int,
        default=RETENTION_DAYS,
        metavar="DAYS",
        help=f"retention in days (default {RETENTION_DAYS}; at least 1)",
    )
    database_option(purge)
    forms.set_defaults(func=cmd_forms)


def cmd_forms(args: argparse.Namespace) -> int:
    from .app import create_app
    from .database import write_transaction
    from .forms import purge
    from .settings import GatewaySettings
    from .staff.audit import Actor

    if args.older_than < 1:
        print("--older-than braucht mindestens 1 Tag.", file=sys.stderr)
        return 2
    context = create_app(GatewaySettings(db_url=args.db)).state.gateway
    try:
        now = context.now()
        cutoff = now - timedelta(days=args.older_than)
        with write_transaction(context.engine) as conn:  # the machine acts: no person, no device
            deleted = purge(conn, cutoff, Actor(None, None, now))
    finally:
        context.engine.dispose()
    print(f"{deleted} Anträge gelöscht (eingegangen vor dem {cutoff:%d.%m.%Y %H:%M} UTC).")
    return 0
