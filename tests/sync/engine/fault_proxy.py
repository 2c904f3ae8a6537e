"""An HTTP proxy on loopback in front of the real gateway that breaks answers on demand."""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

from sync.protocol import MAX_PAGE

FAULTS = (
    "down",  # connection refused at once
    "http_500",
    "slow",  # answers after the client's timeout
    "reset",  # connection reset halfway through the body
    "truncated",  # JSON cut short, with a matching Content-Length
    "malformed",  # not JSON at all
    "wrong_types",  # valid JSON, a field of the wrong type
    "oversized_page",  # more changes than a page may hold
    "oversized_body",  # a body larger than the client accepts
)


class FaultProxy:
    def __init__(self, upstream: str, slow_s: float = 2.0) -> None:
        self.upstream = upstream
        self.fault: str | None = None
        self.slow_s = slow_s
        self.requests = 0
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: object) -> None:  # keep test output quiet
                pass

            def do_GET(self) -> None:
                proxy.handle(self)

            def do_POST(self) -> None:
                proxy.handle(self)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        self._upstream = httpx.Client(base_url=upstream, timeout=30)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._upstream.close()

    def handle(self, request: BaseHTTPRequestHandler) -> None:
        self.requests += 1
        fault = self.fault
        if fault == "down":
            _reset(request)
            return
        if fault == "http_500":
            _answer(request, 500, b'{"error": "internal"}')
            return
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else None
        headers = {
            k: v
            for k, v in request.headers.items()
            if k.lower() in ("authorization", "content-type")
        }
        upstream = self._upstream.request(
            request.command, request.path, content=body, headers=headers
        )
        content, status = upstream.content, upstream.status_code
        is_page = request.path.startswith("/v1/changes") and status == 200
        if fault == "slow":
            time.sleep(self.slow_s)
        elif fault == "reset" and is_page:
            _reset_midway(request, status, content)
            return
        elif fault == "truncated" and is_page:
            content = content[: len(content) // 2]
        elif fault == "malformed" and is_page:
            content = b"<html>Gateway Timeout</html>"
        elif fault == "wrong_types" and is_page:
            page = json.loads(content)
            page["epoch"] = str(page["epoch"])
            content = json.dumps(page).encode()
        elif fault == "oversized_page" and is_page:
            page = json.loads(content)
            change = page["changes"][0] if page["changes"] else None
            if change is not None:
                over = MAX_PAGE + 1
                page["changes"] = [dict(change, seq=page["cursor"] + 1 + i) for i in range(over)]
                page["next_cursor"] = page["cursor"] + over
            content = json.dumps(page).encode()
        elif fault == "oversized_body" and is_page:
            content = content + b" " * (9 * 1024 * 1024)
        _answer(request, status, content)


def _answer(request: BaseHTTPRequestHandler, status: int, content: bytes) -> None:
    request.send_response(status)
    request.send_header("Content-Type", "application/json")
    request.send_header("Content-Length", str(len(content)))
    request.end_headers()
    request.wfile.write(content)


def _reset(request: BaseHTTPRequestHandler) -> None:
    request.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    request.connection.close()
    request.close_connection = True


def _reset_midway(request: BaseHTTPRequestHandler, status: int, content: bytes) -> None:
    request.send_response(status)
    request.send_header("Content-Type", "application/json")
    request.send_header("Content-Length", str(len(content)))
    request.end_headers()
    request.wfile.write(content[: len(content) // 2])
    request.wfile.flush()
    _reset(request)
