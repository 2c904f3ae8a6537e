"""An idle connection stays open longer than a client keeps it (``settings.KEEP_ALIVE_S``).

httpx drops an idle connection after 5 s; uvicorn's default closes it after 5 s too, and a
request sent just as the server closed it met "connection reset by peer" (20 counters calling
at once after a barrier, on a busy CI machine). The gateway keeps idle connections for longer,
so a client is always the first to let one go."""

from __future__ import annotations

import socket
import time
from urllib.parse import urlsplit

import pytest
from gateway_harness import RunningGateway

from sync.gateway.settings import KEEP_ALIVE_S

CLIENT_EXPIRY_S = 5.0  # httpx's default keepalive_expiry


def _get_health(conn: socket.socket, host: str) -> bytes:
    conn.sendall(f"GET /v1/health HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    answer = b""
    while b"\r\n\r\n" not in answer:
        chunk = conn.recv(4096)
        if not chunk:
            return answer  # closed by the server
        answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    while len(body) < length:
        body += conn.recv(4096)
    return head


@pytest.mark.parametrize("gateway_db_url", ["sqlite"], indirect=True)
def test_an_idle_connection_outlives_the_clients_expiry(gateway: RunningGateway) -> None:
    assert KEEP_ALIVE_S > CLIENT_EXPIRY_S
    url = urlsplit(gateway.url)
    assert url.hostname is not None and url.port is not None
    with socket.create_connection((url.hostname, url.port), timeout=10) as conn:
        assert _get_health(conn, url.netloc).startswith(b"HTTP/1.1 200")
        time.sleep(CLIENT_EXPIRY_S + 1)  # idle past the point where uvicorn's default closes
        second = _get_health(conn, url.netloc)
    assert second.startswith(b"HTTP/1.1 200"), "the server closed the idle connection"
