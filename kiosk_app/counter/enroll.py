"""``kiosk-app counter enroll URL CODE``: trade a one-time code of kind ``counter`` for this
workstation's device id and token (the kiosk's enrollment call, ``sync.enroll``)."""

from __future__ import annotations

from sync.client import TlsOptions
from sync.enroll import request_enrollment

from .cache import CounterCache


def enroll_counter(
    url: str,
    code: str,
    cache: CounterCache,
    *,
    device_name: str | None = None,
    tls: TlsOptions | None = None,
) -> str:
    """Enroll at the gateway ``url`` and store id, token and URL in ``cache`` (dropping what
    an earlier enrollment queued or cached); returns the device id."""
    enrollment = request_enrollment(url, code, device_name=device_name, tls=tls)
    cache.save_enrollment(url, enrollment.device_id, enrollment.device_token)
    return enrollment.device_id
