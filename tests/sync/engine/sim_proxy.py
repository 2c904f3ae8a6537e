"""A TCP forwarder on loopback that can be switched off: while off, connections are refused
(nothing is sent, like a cut cable at the kiosk) and open ones are cut. One per simulated kiosk,
so each kiosk has its own outages."""

from __future__ import annotations

import contextlib
import random
import socket
import struct
import threading
from collections import Counter


class SwitchableProxy:
    def __init__(self, upstream_port: int) -> None:
        self._upstream = upstream_port
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None
        self._open: set[socket.socket] = set()
        self.up()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def is_up(self) -> bool:
        return self._listener is not None

    def up(self) -> None:
        with self._lock:
            if self._listener is not None:
                return
            listener = socket.socket()
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(("127.0.0.1", self.port))
            listener.listen(64)
            self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def down(self) -> None:
        with self._lock:
            listener, self._listener = self._listener, None
            open_now, self._open = self._open, set()
        if listener is not None:
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        for sock in open_now:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(("127.0.0.1", self._upstream))
            except OSError:
                client.close()
                continue
            with self._lock:
                if self._listener is not listener:
                    client.close()
                    server.close()
                    return
                self._open.update((client, server))
            self._connect(client, server)

    def _connect(self, client: socket.socket, server: socket.socket, limit: int = -1) -> None:
        """Pump both ways; the answer cut after ``limit`` bytes (-1: whole)."""
        threading.Thread(target=self._pump, args=(client, server), daemon=True).start()
        threading.Thread(target=self._pump, args=(server, client, limit), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, limit: int = -1) -> None:
        try:
            while data := source.recv(65536):
                if limit >= 0:
                    data = data[:limit]
                    limit -= len(data)
                sink.sendall(data)
                if limit == 0:
                    break  # truncated: the rest never arrives
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
            with self._lock:
                self._open.discard(source)
                self._open.discard(sink)


FAULT_KINDS = ("drop", "reset", "delay", "truncate")


class FaultyProxy(SwitchableProxy):
    """A switchable proxy that also spoils a share of connections, at random: ``drop`` (closed
    at once), ``reset`` (a TCP reset), ``delay`` (answered seconds late) or ``truncate`` (the
    answer cut short). ``faults`` counts what it did."""

    def __init__(self, upstream_port: int, rng: random.Random, rate: float = 0.05) -> None:
        self._rng = rng
        self.rate = rate
        self.faults: Counter[str] = Counter()
        super().__init__(upstream_port)

    def _connect(self, client: socket.socket, server: socket.socket, limit: int = -1) -> None:
        if self._rng.random() >= self.rate:
            super()._connect(client, server)
            return
        kind = self._rng.choice(FAULT_KINDS)
        self.faults[kind] += 1
        if kind == "drop":
            for sock in (client, server):
                sock.close()
        elif kind == "reset":
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            client.close()
            server.close()
        elif kind == "delay":
            pause = self._rng.uniform(0.5, 4.0)
            threading.Timer(pause, super()._connect, args=(client, server)).start()
        else:
            super()._connect(client, server, limit=self._rng.randrange(1, 400))
