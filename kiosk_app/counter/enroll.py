"""``kiosk-app counter enroll URL CODE``: trade a one-time code of kind ``counter`` for this
workstation's device id and token."""

from __future__ import annotations

from sync.client import TlsOptions

from .cache import CounterCache


def enroll_counter(
    url: str,
    code: str,
    cache: CounterCache,
    *,
    device_name: str | None = None,
    tls: TlsOptions | None = None,
) -> str:
    """Enroll at the gateway ``url`` and store id, token and URL in ``cache``; returns the
    device id."""
    raise NotImplementedError
