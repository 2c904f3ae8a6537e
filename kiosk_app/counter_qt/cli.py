"""``kiosk-app counter [--demo] [--language de|en]`` and ``kiosk-app counter enroll URL CODE``:
parsed here alone, so the counter's start pays for neither the kiosk's nor the gateway's
command tree."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def counter_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk-app counter", description=__doc__)
    parser.add_argument("--state", help="state directory (the counter uses its counter/ folder)")
    parser.add_argument("--demo", action="store_true", help="windowed, with a demo key file")
    parser.add_argument("--language", choices=["de", "en"], default="de")
    return parser


def enroll_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk-app counter enroll")
    parser.add_argument("url", help="the gateway's https:// address")
    parser.add_argument("code", help="one-time enrollment code of kind counter")
    parser.add_argument("--state", help="state directory (the counter uses its counter/ folder)")
    parser.add_argument("--demo", action="store_true", help="use the demo key file")
    parser.add_argument("--name", help="device name shown to admins (default: host name)")
    parser.add_argument("--ca-bundle", help="the office's CA certificates (PEM)")
    return parser


def main(argv: list[str]) -> int:
    from kiosk_app.counter_qt.app import counter_config

    if argv[:1] == ["enroll"]:
        args = enroll_parser().parse_args(argv[1:])
        config = counter_config(Path(args.state) if args.state else None, args.demo, "de")
        return _enroll(config, args)
    args = counter_parser().parse_args(argv)
    config = counter_config(Path(args.state) if args.state else None, args.demo, args.language)
    from kiosk_app.counter_qt.app import run_counter

    return run_counter(config)


def _enroll(config: object, args: argparse.Namespace) -> int:
    from kiosk_app.counter.enroll import enroll_counter
    from kiosk_app.counter_qt.opening import CounterOpenFailed, open_counter_cache
    from sync.client import GatewayError, TlsOptions

    try:
        cache = open_counter_cache(config)  # type: ignore[arg-type]
    except CounterOpenFailed as problem:
        print(f"kiosk-app counter: {problem}", file=sys.stderr)
        return 2
    tls = TlsOptions(Path(args.ca_bundle) if args.ca_bundle else None)
    try:
        device_id = enroll_counter(
            args.url,
            args.code,
            cache,  # type: ignore[arg-type]
            device_name=args.name,
            tls=tls,
        )
    except (GatewayError, ValueError) as error:
        print(f"kiosk-app counter: enrollment failed: {error}", file=sys.stderr)
        return 2
    finally:
        close = getattr(cache, "close", None)
        if close is not None:
            close()
    print(f"enrolled as counter {device_id}; sign in with `kiosk-app counter`")
    return 0
