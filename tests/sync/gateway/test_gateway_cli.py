"""``kiosk-app gateway ...`` subcommands, run through an argparse parser as the CLI builds it."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest
from fixed_time import fixed_today

from kiosk_app.core.demo_cases import generate
from sync.gateway.cli import add_gateway_commands
from sync.gateway.database import make_engine
from sync.gateway.tables import cases


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk-app")
    add_gateway_commands(parser.add_subparsers(dest="command", required=True))
    return parser


def _run(*argv: str) -> int:
    args = _parser().parse_args(list(argv))
    return int(args.func(args))


def test_serve_options_parse() -> None:
    args = _parser().parse_args(
        [
            "gateway",
            "serve",
            "--db",
            "sqlite:///x.db",
            "--host",
            "0.0.0.0",
            "--port",
            "9000",
            "--admin-token-file",
            "/run/secrets/admin",
            "--ssl-keyfile",
            "k.pem",
            "--ssl-certfile",
            "c.pem",
        ]
    )
    assert (args.db, args.host, args.port) == ("sqlite:///x.db", "0.0.0.0", 9000)
    assert args.admin_token_file == Path("/run/secrets/admin")
    assert args.ssl_keyfile == Path("k.pem")


def test_a_gateway_subcommand_is_required() -> None:
    with pytest.raises(SystemExit):
        _parser().parse_args(["gateway"])


def test_seed_import_set_status_and_create_code(sqlite_db_url, tmp_path, capsys) -> None:
    seed = ("--cases", "12", "--seed", "5", "--as-of", fixed_today().isoformat())
    assert _run("gateway", "seed-demo", "--db", sqlite_db_url, *seed) == 0
    assert "12 inserted" in capsys.readouterr().out
    # Same seed and day: the gateway holds exactly the kiosk's demo samples.
    sample = next(iter(generate(12, 5, fixed_today())))

    export = tmp_path / "export.csv"
    export.write_bytes(
        f"Aktenzeichen;Geburtsdatum;Status;Aufenthaltstitel\n"
        f"{sample.case_number};{sample.birth_date:%d.%m.%Y};abgeschlossen;{sample.record.permit_type}\n".encode(
            "cp1252"
        )
    )
    assert _run("gateway", "import", str(export), "--db", sqlite_db_url) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["updated"] == 1 and report["rejected"] == []

    number = str(sample.case_number)
    assert _run("gateway", "set-status", number, "ready_for_pickup", "--db", sqlite_db_url) == 0
    engine = make_engine(sqlite_db_url)
    with engine.connect() as conn:
        status = conn.execute(
            cases.select().with_only_columns(cases.c.status).where(cases.c.case_number == number)
        ).scalar_one()
    engine.dispose()
    assert status == "ready_for_pickup"
    assert _run("gateway", "set-status", number, "nonsense", "--db", sqlite_db_url) == 2

    capsys.readouterr()
    assert _run("gateway", "create-code", "--db", sqlite_db_url) == 0
    code = capsys.readouterr().out.strip()
    assert len(code) == 12 and code.isalnum()


def test_openapi_prints_the_document(capsys) -> None:
    assert _run("gateway", "openapi") == 0
    assert "/v1/changes" in json.loads(capsys.readouterr().out)["paths"]


def test_the_command_line_is_built_without_the_gateways_packages() -> None:
    """The kiosk's bundle has no SQLAlchemy, FastAPI or psycopg, and still builds the
    ``kiosk-app`` parser with every gateway command in it (their imports wait for the run)."""
    import subprocess
    import sys

    blocked = ["sqlalchemy", "fastapi", "alembic", "psycopg", "uvicorn", "starlette"]
    script = (
        "import sys\n"
        f"for name in {blocked!r}: sys.modules[name] = None\n"
        "from kiosk_app.cli import build_parser\n"
        "build_parser().parse_args(['gateway', 'forms', 'purge', '--db', 'sqlite://'])\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
