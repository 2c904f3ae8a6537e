"""An HTTP proxy on loopback in front of several gateway processes, as a load balancer: each
request goes to the next process in turn. It can lose answers on purpose (the request reached a
gateway and was applied there, the client's connection is cut instead of the answer), so a
client sends the same request again, most likely to another process."""

from __future__ import annotations

import itertools
import socket
import struct
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

_FORWARDED = ("authorization", "content-type")


class RoundRobinProxy:
    def __init__(self, upstreams: list[str], lose_every: dict[str, int] | None = None) -> None:
        """``lose_every``: path prefix → n, the answer to every n-th such request is lost."""
        self.upstreams = list(upstreams)
        self.lose_every = dict(lose_every or {})
        self.served: Counter[str] = Counter()  # requests answered, by upstream
        self.lost: Counter[str] = Counter()  # answers lost, by path prefix
        self._turn = itertools.cycle(range(len(self.upstreams)))
        self._seen: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._clients = [httpx.Client(base_url=url, timeout=30) for url in self.upstreams]
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: object) -> None:  # keep test output quiet
                pass

            def do_GET(self) -> None:
                proxy.handle(self)

            do_POST = do_PUT = do_DELETE = do_GET

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        for client in self._clients:
            client.close()

    def handle(self, request: BaseHTTPRequestHandler) -> None:
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else None
        headers = {k: v for k, v in request.headers.items() if k.lower() in _FORWARDED}
        with self._lock:
            index = next(self._turn)
            lose = self._loses(request.path)
        try:
            upstream = self._clients[index].request(
                request.command, request.path, content=body, headers=headers
            )
        except httpx.HTTPError:
            _cut(request)  # as a load balancer whose backend went away
            return
        with self._lock:
            self.served[self.upstreams[index]] += 1
        if lose:
            _cut(request)
            return
        request.send_response(upstream.status_code)
        request.send_header("Content-Type", upstream.headers.get("content-type", "text/plain"))
        request.send_header("Content-Length", str(len(upstream.content)))
        request.end_headers()
        request.wfile.write(upstream.content)

    def _loses(self, path: str) -> bool:
        for prefix, every in self.lose_every.items():
            if path.startswith(prefix):
                self._seen[prefix] += 1
                if self._seen[prefix] % every == 0:
                    self.lost[prefix] += 1
                    return True
        return False


def _cut(request: BaseHTTPRequestHandler) -> None:
    """Reset the client's connection: no answer at all."""
    request.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    request.connection.close()
    request.close_connection = True
