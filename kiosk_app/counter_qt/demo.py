"""``kiosk-app counter --demo``: the counter beside the kiosk of ``make demo``.

It finds the demo's gateway from what ``kiosk-app demo`` left in the state directory
(``demo-gateway.json``: port and admin token), enrolls this workstation there as a counter
(once per demo gateway: a new or moved gateway means a new enrollment) and signs the demo clerk
in, so one person can print a checklist at the kiosk, open its reference here, tick a document
off and watch the kiosk's checklist shrink.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import httpx

from kiosk_app.config import KioskConfig

DEMO_STATE = "demo-gateway.json"  # written by kiosk_app.demo_gateway
ENROLLED_MARKER = "demo-enrolled.json"
DEMO_COUNTER_NAME = "demo-counter"


class DemoCounterUnavailable(RuntimeError):
    """No demo gateway to join: said in one line, with what to do."""


def demo_gateway_url(kiosk_state: Path) -> tuple[str, str]:
    """The running demo gateway's URL and admin token, or ``DemoCounterUnavailable``."""
    try:
        saved = json.loads((kiosk_state / DEMO_STATE).read_text())
        url, token = f"http://127.0.0.1:{int(saved['port'])}", str(saved["token"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise DemoCounterUnavailable(
            "no demo to join: start `make demo` in another terminal first"
        ) from error
    try:
        httpx.get(f"{url}/v1/health", timeout=3).raise_for_status()
    except httpx.HTTPError as error:
        raise DemoCounterUnavailable(
            f"the demo's gateway does not answer at {url}: is `make demo` still running?"
        ) from error
    return url, token


def join_demo(config: KioskConfig) -> None:
    """Enroll the counter at the demo's gateway unless it already is (at that very gateway)."""
    from kiosk_app.counter.enroll import enroll_counter
    from kiosk_app.counter_qt.opening import open_counter_cache

    url, admin_token = demo_gateway_url(config.state_dir.parent)
    wanted = {"url": url, "gateway": hashlib.sha256(admin_token.encode()).hexdigest()[:16]}
    marker = config.state_dir / ENROLLED_MARKER
    cache = open_counter_cache(config)
    try:
        if _read(marker) == wanted and cache.enrollment() is not None:  # type: ignore[attr-defined]
            return
        answer = httpx.post(
            f"{url}/admin/v1/enrollment-codes",
            json={"kind": "counter"},
            headers={"Authorization": f"Bearer {admin_token}"},
            timeout=10,
        )
        answer.raise_for_status()
        enroll_counter(url, str(answer.json()["code"]), cache, device_name=DEMO_COUNTER_NAME)  # type: ignore[arg-type]
    finally:
        cache.close()  # type: ignore[attr-defined]
    marker.write_text(json.dumps(wanted))


def _read(path: Path) -> object:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None
