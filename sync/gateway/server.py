"""``GatewayServer``: the real gateway on a loopback port in a daemon thread (demo and tests)."""

from __future__ import annotations

import threading
import time

import uvicorn

from .app import create_app
from .settings import KEEP_ALIVE_S, GatewaySettings

START_TIMEOUT = 20.0


class GatewayServer:
    """``start()`` returns once uvicorn listens; ``url`` is then e.g. ``http://127.0.0.1:41234``."""

    def __init__(self, settings: GatewaySettings, host: str = "127.0.0.1", port: int = 0) -> None:
        self.settings = settings
        self.host = host
        self.port = port
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        if self._server is None or not self._server.started:
            raise RuntimeError("the gateway server is not running")
        return f"http://{self.host}:{self.port}"

    def start(self) -> GatewayServer:
        app = create_app(self.settings)
        config = uvicorn.Config(
            app,
            host=self.host,
            port=self.port,
            log_level="warning",
            access_log=False,  # uvicorn's access log prints paths, which may hold case numbers
            lifespan="on",
            timeout_keep_alive=KEEP_ALIVE_S,
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, name="gateway-server", daemon=True)
        thread.start()
        deadline = time.monotonic() + START_TIMEOUT
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                server.should_exit = True
                raise RuntimeError("the gateway server did not start")
            time.sleep(0.01)
        sockets = [sock for listener in server.servers for sock in listener.sockets]
        self.port = int(sockets[0].getsockname()[1])
        self._server, self._thread = server, thread
        return self

    def stop(self, timeout: float = 10.0) -> None:
        if self._server is None or self._thread is None:
            return
        self._server.should_exit = True
        self._thread.join(timeout)
        self._server = None
        self._thread = None

    def __enter__(self) -> GatewayServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()
