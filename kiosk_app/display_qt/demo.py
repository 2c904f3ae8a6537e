"""``kiosk-app display --demo``: the call display beside the kiosk of ``make demo``. Like
``kiosk-app counter --demo`` it finds the demo's gateway in the state directory and enrolls
there (again whenever the demo's gateway is another one)."""

from __future__ import annotations

from pathlib import Path

import httpx

from kiosk_app.counter_qt.demo import DemoCounterUnavailable, demo_gateway_url

from .enrollment import enroll_display, load_enrollment

DEMO_DISPLAY_NAME = "Wartebereich (Demo)"


class DemoDisplayUnavailable(RuntimeError):
    """No demo gateway to join."""


def join_demo(display_state: Path) -> None:
    try:
        url, admin_token = demo_gateway_url(display_state.parent)
    except DemoCounterUnavailable as problem:
        raise DemoDisplayUnavailable(str(problem)) from problem
    known = load_enrollment(display_state)
    if known is not None and known.url == url:
        check = httpx.get(
            f"{url}/v1/walk-in/calls",
            headers={"Authorization": f"Bearer {known.token}"},
            timeout=5,
        )
        if check.status_code == 200:
            return
    answer = httpx.post(
        f"{url}/admin/v1/enrollment-codes",
        json={"kind": "display"},
        headers={"Authorization": f"Bearer {admin_token}"},
        timeout=10,
    )
    answer.raise_for_status()
    enroll_display(display_state, url, str(answer.json()["code"]), device_name=DEMO_DISPLAY_NAME)
