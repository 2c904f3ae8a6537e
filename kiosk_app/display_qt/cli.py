"""``kiosk-app display [--demo] [--windowed]`` and ``kiosk-app display enroll URL CODE``:
parsed here alone, like the counter's, so the display's start pays for no other command tree."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def display_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk-app display", description=__doc__)
    parser.add_argument("--state", help="state directory (the display uses its display/ folder)")
    parser.add_argument(
        "--demo", action="store_true", help="windowed, enrolled at the running `make demo`"
    )
    parser.add_argument("--windowed", action="store_true", help="a window, not full screen")
    parser.add_argument(
        "--speech", choices=["speechd", "mock"], default="speechd", help="speech engine"
    )
    return parser


def enroll_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk-app display enroll")
    parser.add_argument("url", help="the gateway's https:// address")
    parser.add_argument("code", help="one-time enrollment code of kind display")
    parser.add_argument("--state", help="state directory (the display uses its display/ folder)")
    parser.add_argument("--name", help="device name shown to admins (default: host name)")
    parser.add_argument("--ca-bundle", help="the office's CA certificates (PEM)")
    return parser


def _state(explicit: str | None) -> Path:
    from kiosk_app.config import default_state_dir

    return (Path(explicit) if explicit else default_state_dir()) / "display"


def main(argv: list[str]) -> int:
    if argv[:1] == ["enroll"]:
        args = enroll_parser().parse_args(argv[1:])
        return _enroll(args)
    args = display_parser().parse_args(argv)
    state = _state(args.state)
    if args.demo:
        from .demo import DemoDisplayUnavailable, join_demo

        try:
            join_demo(state)
        except DemoDisplayUnavailable as problem:
            print(f"kiosk-app display: {problem}", file=sys.stderr)
            return 2
    from .app import run_display

    return run_display(state, windowed=args.windowed or args.demo, speech_engine=args.speech)


def _enroll(args: argparse.Namespace) -> int:
    from sync.client import GatewayError, TlsOptions

    from .enrollment import enroll_display

    tls = TlsOptions(Path(args.ca_bundle) if args.ca_bundle else None)
    try:
        enrolled = enroll_display(
            _state(args.state), args.url, args.code, device_name=args.name, tls=tls
        )
    except (GatewayError, ValueError) as error:
        print(f"kiosk-app display: enrollment failed: {error}", file=sys.stderr)
        return 2
    print(f"enrolled as call display {enrolled.device_id}; start it with `kiosk-app display`")
    return 0
