"""``kiosk-app gateway snippets check|import|export|approve|list``: the knowledge base from the
server's shell (docs/knowledge-base.md). Output in German, like the other staff commands; the
CLI acts as the machine in the audit log (``approve`` names the approver in the detail)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk_app.core.snippets import SNIPPET_LANGUAGES


def add_snippet_commands(
    commands: Any, database_option: Callable[[argparse.ArgumentParser], None]
) -> None:
    """Add ``snippets`` to the ``gateway`` command's subparsers."""
    parser = commands.add_parser(
        "snippets", help="the knowledge base: check, import, export, approve (supervisor)"
    )
    actions = parser.add_subparsers(dest="snippets_command", required=True, metavar="ACTION")
    check = actions.add_parser("check", help="validate snippet files (default: the seed)")
    check.add_argument("dir", type=Path, nargs="?", help="default: content/snippets")
    load = actions.add_parser("import", help="import snippet files; changed texts: new versions")
    load.add_argument("dir", type=Path)
    dump = actions.add_parser("export", help="write the current texts as snippet files")
    dump.add_argument("dir", type=Path)
    approve = actions.add_parser("approve", help="approve a snippet's current texts")
    approve.add_argument("snippet_id")
    approve.add_argument(
        "--language",
        action="append",
        choices=SNIPPET_LANGUAGES,
        help="only this language (repeatable; default: every language that needs it)",
    )
    approve.add_argument("--by", required=True, help="who approves (staff user name)")
    listing = actions.add_parser("list", help="each snippet's languages: version and state")
    for sub in (load, dump, approve, listing):
        database_option(sub)
    parser.set_defaults(func=cmd_snippets)


def _context(args: argparse.Namespace) -> Any:
    from .app import create_app
    from .settings import GatewaySettings

    return create_app(GatewaySettings(db_url=args.db)).state.gateway


def _read(directory: Path) -> Any:
    from kiosk_app.core.snippet_files import SnippetFileError, read_snippets

    try:
        return read_snippets(directory)
    except (SnippetFileError, OSError) as error:
        print(f"Die Dateien lassen sich nicht lesen: {error}", file=sys.stderr)
        return None


def cmd_snippets(args: argparse.Namespace) -> int:
    if args.snippets_command == "check":
        return _check(args)
    context = _context(args)
    try:
        return _COMMANDS[args.snippets_command](args, context)
    finally:
        context.engine.dispose()


def _check(args: argparse.Namespace) -> int:
    from kiosk_app.core.snippet_check import content_problems
    from kiosk_app.core.snippet_files import default_seed_dir

    directory = args.dir or default_seed_dir()
    items = _read(directory)
    if items is None:
        return 2
    problems = content_problems(items)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} Probleme in {directory}", file=sys.stderr)
        return 1
    print(f"{len(items)} Textbausteine in {directory}: in Ordnung")
    return 0


def _import(args: argparse.Namespace, context: Any) -> int:
    from .database import write_transaction
    from .snippets import SnippetError, import_snippets
    from .staff.audit import Actor

    items = _read(args.dir)
    if items is None:
        return 2
    try:
        with write_transaction(context.engine) as conn:
            report = import_snippets(conn, items, Actor(None, None, context.now()))
    except SnippetError as error:
        print(f"Nicht importiert: {error.detail}", file=sys.stderr)
        return 1
    print(
        f"{len(items)} Textbausteine: {len(report.created)} neu, "
        f"{len(report.new_versions)} neue Fassungen, {report.unchanged} unverändert"
    )
    for item in report.outdated:
        print(f"veraltet (deutscher Text geändert): {item}")
    return 0


def _export(args: argparse.Namespace, context: Any) -> int:
    from kiosk_app.core.snippet_files import write_snippet

    from .database import read_transaction
    from .snippets import exported_states, load

    with read_transaction(context.engine) as conn:
        stored = load(conn)
    for item in stored:
        write_snippet(args.dir, item.snippet, exported_states(item))
    print(f"{len(stored)} Textbausteine nach {args.dir} geschrieben")
    return 0


def _approve(args: argparse.Namespace, context: Any) -> int:
    from .database import write_transaction
    from .snippets import SnippetError, approve
    from .staff.audit import Actor

    try:
        with write_transaction(context.engine) as conn:
            done = approve(
                conn, args.snippet_id, args.language, args.by, Actor(None, None, context.now())
            )
    except SnippetError as error:
        words = {"unknown_snippet": "Unbekannter Textbaustein", "unknown_language": "Fehlt"}
        print(f"{words.get(error.code, error.code)}: {error.detail}", file=sys.stderr)
        return 1
    if not done:
        print(f"{args.snippet_id}: schon freigegeben, nichts zu tun")
    for item in done:
        print(f"{args.snippet_id}/{item} freigegeben von {args.by}")
    return 0


def _list(args: argparse.Namespace, context: Any) -> int:
    from .database import read_transaction
    from .snippets import load

    with read_transaction(context.engine) as conn:
        stored = load(conn)
    for item in stored:
        cells = []
        for language, current in item.current.items():
            mark = (
                "veraltet"
                if item.out_of_date(language)
                else "frei"
                if current.approval
                else "offen"
            )
            cells.append(f"{language} v{current.version} {mark}")
        demo = " (Demo)" if item.snippet.demo else ""
        print(f"{item.snippet.id}{demo}: {'; '.join(cells)}")
    return 0


_COMMANDS: dict[str, Callable[[argparse.Namespace, Any], int]] = {
    "import": _import,
    "export": _export,
    "approve": _approve,
    "list": _list,
}
