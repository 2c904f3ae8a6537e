"""``kiosk-app``: run the kiosk, seed a demo, check an installation, render screenshots, benchmark.

Heavy imports (Qt, the cache driver) happen inside the commands so ``--help`` stays instant.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk_app.config import KioskConfig

DEMO_CASES = 2000
DEMO_SEED = 2026


def _config(args: argparse.Namespace, *, demo: bool) -> KioskConfig:
    from kiosk_app.config import KioskConfig, default_state_dir

    extra: dict[str, object] = {}
    if getattr(args, "size", None):
        width, height = (int(part) for part in args.size.lower().split("x"))
        extra = {"width": width, "height": height}
    if getattr(args, "idle_seconds", None):
        from kiosk_app.core.flow import IdlePolicy

        # The warning 30 s before the end, or 20 s (the least) in a short session.
        extra["idle"] = IdlePolicy(args.idle_seconds, max(20.0, min(30.0, args.idle_seconds / 2)))
    return KioskConfig(
        state_dir=Path(args.state) if args.state else default_state_dir(),
        key_file=Path(args.key_file) if getattr(args, "key_file", None) else None,
        demo=demo,
        **extra,
    )


def _has_screen() -> bool:
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and platform != "offscreen":
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) and not platform


def cmd_run(args: argparse.Namespace) -> int:
    # The first screen's QML compiles in Qt's loader thread while the rest imports.
    from kiosk_app.qt.qml_preload import start_qml_preload

    preload = start_qml_preload()
    from kiosk_app.qt.app import run_kiosk

    config = _config(args, demo=args.demo)
    if args.windowed:
        config = replace(config, windowed=True)
    if args.ca_bundle:
        config = replace(config, ca_bundle=Path(args.ca_bundle))
    return run_kiosk(config, quit_after_first_frame=args.quit_after_first_frame, preload=preload)


def _window_can_open() -> str:
    """Empty when Qt can open its platform (the X or Wayland display), else what Qt said.

    Asked in a child process before anything starts: Qt aborts the whole process when its
    platform plugin cannot load (e.g. xcb without libxcb-cursor0), which no ``finally`` sees.
    """
    import subprocess

    probe = "from PySide6.QtGui import QGuiApplication; QGuiApplication([])"
    try:
        done = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, timeout=30, check=False
        )
    except subprocess.TimeoutExpired:
        return "the display did not answer within 30 s"
    if done.returncode == 0:
        return ""
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    return "\n".join(lines[-6:]) or f"exit status {done.returncode}"


def cmd_demo(args: argparse.Namespace) -> int:
    config = _config(args, demo=True)
    if not args.no_window and _has_screen() and (problem := _window_can_open()):
        print(
            f"kiosk-app: the kiosk window cannot open on this display:\n{problem}\n"
            "Install the system libraries Qt needs (as root: scripts/ensure-system-deps), "
            "or run without a display for a rendering of the welcome screen.",
            file=sys.stderr,
        )
        return 2
    gateway = None
    if args.offline:
        from kiosk_app.demo_seed import seed_demo_cache

        print(f"Filling the cache with {args.cases} synthetic cases (seed {args.seed}), no gateway")
        samples = seed_demo_cache(config, args.cases, args.seed, config.time.today())
    else:
        from kiosk_app.demo_gateway import start_demo_gateway

        print(
            f"Starting the back-office gateway with {args.cases} synthetic cases (seed {args.seed})"
        )
        gateway = start_demo_gateway(
            config, args.cases, args.seed, config.time.today(), reset=args.reset
        )
        if gateway.resumed:
            print(
                "Continuing the earlier demo: its gateway, bookings and cache are kept "
                "(`kiosk-app demo --reset` or `make demo RESET=1` starts afresh)."
            )
        samples = gateway.samples
        print(f"Gateway: {gateway.server.url} (database {gateway.db_url})")
        from kiosk_app.demo_gateway import seed_demo_usage

        report_period = seed_demo_usage(gateway, config.time.today())
        print(f"Kiosk enrolled and synced: {'online' if gateway.first_sync.online else 'OFFLINE'}")
    print(f"State directory: {config.state_dir}")
    print("Try these demo cases (case number, date of birth → status):")
    for sample in samples:
        print(f"  {sample.case_number}   {sample.birth_date}   → {sample.status}")
    if gateway is not None:
        from sync.gateway.demo import DEMO_SUPERVISOR, DEMO_SUPERVISOR_PASSWORD
        from sync.gateway.process import cli_command

        cli = " ".join(cli_command())
        print(
            "Change a case while the kiosk runs (it shows within seconds):\n"
            f"  {cli} gateway set-status {samples[0].case_number} ready_for_pickup"
            f" --db {gateway.db_url}\n"
            "Book, move or cancel an appointment from a case's status screen; the office's list "
            "of the day:\n"
            f"  {cli} gateway bookings --day YYYY-MM-DD --db {gateway.db_url}\n"
            "Simulate an outage: stop the gateway, and the status line turns to offline while "
            "lookups keep working and bookings come from the slots leased to this kiosk (they "
            f"reach the office when it is back):\n  kill {gateway.server.pid}\n"
            "Start it again, and the kiosk comes back by itself:\n"
            f"  KIOSK_GATEWAY_ADMIN_TOKEN={gateway.admin_token} "
            f"{' '.join(gateway.server.command)}\n"
            "Open the counter application next to the kiosk (signed in as the demo clerk): print "
            "a checklist at the kiosk, type its reference (under the QR code) at the counter, "
            "tick a document off, and the kiosk's checklist shrinks:\n"
            f"  {cli} counter --demo"
            + (f" --state {args.state}" if getattr(args, "state", None) else "")
            + "\nThe waiting room's call display (walk-in calls from the counter's F7 panel, shown "
            "and spoken in German and the ticket's language):\n"
            f"  {cli} display --demo"
            + (f" --state {args.state}" if getattr(args, "state", None) else "")
            + "\nThe devices (F6 at the counter) as the supervisor sees them: sign out (Ctrl+Q) "
            f"and sign in as {DEMO_SUPERVISOR} with the password {DEMO_SUPERVISOR_PASSWORD}; "
            f"on the shell:\n  {cli} gateway fleet --db {gateway.db_url}"
        )
        print(
            "The task force's report on two months of synthetic figures (devices demo-…), as PDF "
            "and CSV:\n"
            f"  {cli} gateway report --from {report_period.first:%d.%m.%Y} "
            f"--to {report_period.last:%d.%m.%Y} --out report.pdf --csv report-csv "
            f"--db {gateway.db_url}"
        )
    try:
        if args.no_window:
            return 0
        if not _has_screen():
            from kiosk_app.qt.screenshot import save_screenshot

            shot = config.state_dir / "demo-welcome.png"
            save_screenshot(config, "welcome", config.default_language, shot)
            print(
                "No screen found (DISPLAY and WAYLAND_DISPLAY are unset), so the kiosk window "
                f"cannot open here. A rendering of its welcome screen: {shot}\n"
                "On a machine with a screen, `make demo` opens the kiosk window."
            )
            return 0
        from kiosk_app.qt.app import run_kiosk

        return run_kiosk(config)
    finally:
        if gateway is not None:
            gateway.stop()


def cmd_enroll(args: argparse.Namespace) -> int:
    from kiosk_app.backend import key_providers
    from kiosk_app.store.connection import open_cache
    from kiosk_app.store.keys import resolve_key
    from sync.client import GatewayError, TlsOptions
    from sync.enroll import enroll_kiosk

    config = _config(args, demo=False)
    config.state_dir.mkdir(parents=True, exist_ok=True)
    connection = open_cache(config.cache_path, resolve_key(key_providers(config)))
    tls = TlsOptions(Path(args.ca_bundle) if args.ca_bundle else None)
    try:
        device_id = enroll_kiosk(connection, args.url, args.code, device_name=args.name, tls=tls)
    except (GatewayError, ValueError) as error:
        print(f"kiosk-app: enrollment failed: {error}", file=sys.stderr)
        return 2
    finally:
        connection.close()
    print(f"enrolled as device {device_id}; the kiosk loads the dataset on its first sync")
    return 0


def cmd_self_test(args: argparse.Namespace) -> int:
    from kiosk_app.self_test import run_self_test

    return run_self_test(_config(args, demo=args.demo))


def cmd_screenshot(args: argparse.Namespace) -> int:
    from kiosk_app.demo_seed import seed_demo_cache
    from kiosk_app.qt.screenshot import save_screenshot

    config = _config(args, demo=True)
    if not config.cache_path.exists():
        seed_demo_cache(config, DEMO_CASES, DEMO_SEED, config.time.today())
    save_screenshot(
        config,
        args.screen,
        args.lang,
        Path(args.out),
        case=args.case,
        high_contrast=args.high_contrast,
        large_text=args.large_text,
    )
    print(args.out)
    return 0


def cmd_set_staff_pin(args: argparse.Namespace) -> int:
    import getpass

    from kiosk_app.staff_pin import PinRejected, hash_pin, write_pin_hash

    if args.pin_stdin:
        pin = sys.stdin.readline().strip()
    else:
        pin = getpass.getpass("New staff PIN (6-12 digits): ")
        if getpass.getpass("Repeat it: ") != pin:
            print("kiosk-app: the two PINs differ; nothing changed", file=sys.stderr)
            return 2
    try:
        if args.print_hash:  # for `systemd-creds encrypt --name=kiosk-staff-pin-hash - FILE`
            print(hash_pin(pin))
            return 0
        path = write_pin_hash(_config(args, demo=False).state_dir, pin)
    except PinRejected as error:
        print(f"kiosk-app: {error}", file=sys.stderr)
        return 2
    print(f"staff PIN hash written to {path}")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from benchmarks.runner import run_benchmarks

    return run_benchmarks(quick=args.quick, as_json=args.json)


def with_state(sub: argparse.ArgumentParser) -> argparse.ArgumentParser:
    sub.add_argument("--state", help="state directory (default: $KIOSK_STATE_DIR or XDG)")
    sub.add_argument("--key-file", help="file holding the cache key (mode 0600)")
    return sub


def idle_seconds(text: str) -> float:
    seconds = float(text)
    if seconds < 25:
        raise argparse.ArgumentTypeError("at least 25 s (the warning shows 20 s before the end)")
    return seconds


def with_session(sub: argparse.ArgumentParser) -> argparse.ArgumentParser:
    sub.add_argument(
        "--idle-seconds",
        type=idle_seconds,
        help="end a session untouched this long (default 90; the warning shows before)",
    )
    return sub


def add_run_arguments(run: argparse.ArgumentParser) -> argparse.ArgumentParser:
    with_state(run)
    with_session(run)
    run.add_argument("--demo", action="store_true", help="demo mode: demo key, windowed, samples")
    run.add_argument("--windowed", action="store_true", help="a window, not full screen")
    run.add_argument("--ca-bundle", help="the office's CA certificates (PEM) for the gateway")
    run.add_argument("--quit-after-first-frame", action="store_true", help=argparse.SUPPRESS)
    run.set_defaults(func=cmd_run)
    return run


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk-app", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    add_run_arguments(commands.add_parser("run", help="run the kiosk"))

    demo = with_session(
        with_state(commands.add_parser("demo", help="seed synthetic cases and run the kiosk"))
    )
    demo.add_argument("--cases", type=int, default=DEMO_CASES)
    demo.add_argument("--seed", type=int, default=DEMO_SEED)
    demo.add_argument("--no-window", action="store_true", help="only seed and sync")
    demo.add_argument(
        "--reset", action="store_true", help="start afresh instead of continuing the earlier demo"
    )
    demo.add_argument(
        "--offline", action="store_true", help="fill the cache directly, without a gateway"
    )
    demo.set_defaults(func=cmd_demo)

    enroll = with_state(commands.add_parser("enroll", help="enroll this kiosk at a gateway"))
    enroll.add_argument("url", help="the gateway's https:// address")
    enroll.add_argument("code", help="one-time enrollment code from the office's admin")
    enroll.add_argument("--name", help="device name shown to admins (default: host name)")
    enroll.add_argument("--ca-bundle", help="the office's CA certificates (PEM)")
    enroll.set_defaults(func=cmd_enroll)

    # Parsed by kiosk_app/counter_qt/cli.py (main() hands it over); listed here for --help.
    commands.add_parser(
        "counter",
        help="the counter application for staff: counter [--demo] | counter enroll URL CODE",
    )

    # Parsed by kiosk_app/display_qt/cli.py (main() hands it over); listed here for --help.
    commands.add_parser(
        "display",
        help="the waiting room's call display: display [--demo] | display enroll URL CODE",
    )

    from sync.gateway.cli import add_gateway_commands

    add_gateway_commands(commands)

    test = with_state(
        commands.add_parser("self-test", help="check key, cache, QML, catalogs, fonts")
    )
    test.add_argument("--demo", action="store_true", help="use the demo key of the state directory")
    test.set_defaults(func=cmd_self_test)

    shot = with_state(commands.add_parser("screenshot", help="render a screen offscreen to PNG"))
    booking_screens = ["book_service", "book_day", "book_time", "book_confirm", "booked"]
    booking_screens += ["booked_result", "cancel_confirm"]  # kiosk_app.qt.screenshot.SCREENS
    shot.add_argument(
        "--screen",
        required=True,
        choices=[
            "welcome",
            "lookup",
            "language_menu",
            "result",
            "checklist",
            "browse",
            *booking_screens,
            "form_step",
            "form_review",
            "form_receipt",
            # the Questions screens (issue 16)
            "questions",
            "questions_keyboard",
            "questions_results",
            "answer",
        ],
    )
    shot.add_argument("--lang", default="de")
    shot.add_argument("--out", required=True)
    shot.add_argument("--case", help="a demo case number (for --screen result)")
    shot.add_argument("--size", help="window size, e.g. 1080x1920 (default) or 1920x1080")
    shot.add_argument("--high-contrast", action="store_true", help="the high-contrast theme")
    shot.add_argument("--large-text", action="store_true", help="the large-text mode")
    shot.set_defaults(func=cmd_screenshot)

    pin = with_state(
        commands.add_parser("set-staff-pin", help="set the PIN of the kiosk's hidden staff exit")
    )
    pin.add_argument("--pin-stdin", action="store_true", help="read the PIN from stdin")
    pin.add_argument(
        "--print-hash", action="store_true", help="print the argon2 hash instead of storing it"
    )
    pin.set_defaults(func=cmd_set_staff_pin)

    from kiosk_app.faq_cli import add_faq_commands

    add_faq_commands(commands)

    bench = commands.add_parser("bench", help="ratio benchmarks")
    bench.add_argument("--json", action="store_true", help="end with one JSON line")
    bench.add_argument("--quick", action="store_true", help="smaller data, under a minute")
    bench.set_defaults(func=cmd_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["speech-worker"]:
        # Hidden: the kiosk's read-aloud process (kiosk_app/qt/speech.py starts it so in the
        # PyInstaller bundle, where there is no ``python -m``).
        from kiosk_app.qt.speech_worker import main as speech_worker

        return speech_worker(argv[1:])
    if argv[:1] == ["counter"]:
        # The clerks' application: its own options only (kiosk_app/counter_qt/cli.py).
        from kiosk_app.counter_qt.cli import main as counter

        return counter(argv[1:])
    if argv[:1] == ["display"]:
        # The waiting room's call display: its own options only (kiosk_app/display_qt/cli.py).
        from kiosk_app.display_qt.cli import main as display

        return display(argv[1:])
    if argv[:1] == ["run"]:
        # The kiosk's own start parses only its options: the whole command tree (with the
        # gateway's commands and their imports) would cost ~15 ms before the first frame.
        run = add_run_arguments(argparse.ArgumentParser(prog="kiosk-app run"))
        args = run.parse_args(argv[1:])
    else:
        args = build_parser().parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
