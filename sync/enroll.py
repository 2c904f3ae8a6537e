"""``kiosk-app enroll URL CODE``: trade a one-time code for this kiosk's credentials."""

from __future__ import annotations

import socket

from kiosk_app.store.sync_state import SyncState
from kiosk_app.store.transactions import Connection
from sync.client import GatewayClient, TlsOptions
from sync.protocol import Enrollment


def request_enrollment(
    gateway_url: str, code: str, *, device_name: str | None = None, tls: TlsOptions | None = None
) -> Enrollment:
    """Trade the one-time code for an identity at the gateway (kiosk, counter: the code's kind
    decides what the device may do)."""
    with GatewayClient(gateway_url, tls=tls) as client:
        return client.enroll(code, device_name or socket.gethostname()[:80])


def enroll_kiosk(
    conn: Connection,
    gateway_url: str,
    code: str,
    *,
    device_name: str | None = None,
    tls: TlsOptions | None = None,
) -> str:
    """Enroll and store device id, token, pepper and epoch in the cache; return the device id.

    The cache's cases are dropped: the first sync loads the gateway's dataset.
    """
    enrollment = request_enrollment(gateway_url, code, device_name=device_name, tls=tls)
    SyncState(conn).enroll(
        gateway_url,
        enrollment.device_id,
        enrollment.device_token,
        bytes.fromhex(enrollment.pepper),
        enrollment.epoch,
    )
    return enrollment.device_id
