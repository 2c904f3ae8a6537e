"""A gateway child process never takes another gateway for itself (tests run side by side).

``free_port`` only finds a port that is free now; another test's gateway may bind it before
this child does. Then the child cannot listen, while the port answers /v1/health for the other
one: a demo once enrolled its kiosk at a stranger's gateway (HTTP 401). ``GatewayProcess``
waits until the port answers with its own admin token, and starts again elsewhere when its
child ends."""

from __future__ import annotations

import secrets
from pathlib import Path

import httpx
from gateway_harness import running_gateway

from sync.gateway.process import GatewayProcess
from sync.gateway.settings import GatewaySettings


def test_a_port_taken_by_another_gateway_is_not_mistaken_for_ours(tmp_path: Path) -> None:
    other = GatewaySettings(db_url=f"sqlite:///{tmp_path / 'other.db'}", admin_token="o" * 32)
    with running_gateway(other) as stranger:
        taken = int(stranger.url.rsplit(":", 1)[1])
        token = secrets.token_urlsafe(24)
        ours = GatewayProcess(f"sqlite:///{tmp_path / 'ours.db'}", token, port=taken)
        ours.start()
        try:
            assert ours.port != taken
            answer = httpx.get(
                f"{ours.url}/admin/v1/devices", headers={"Authorization": f"Bearer {token}"}
            )
            assert answer.status_code == 200  # our own gateway, not the stranger
        finally:
            ours.stop()
