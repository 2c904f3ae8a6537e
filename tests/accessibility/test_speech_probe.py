"""The speech-dispatcher probe never hangs the kiosk: a daemon that accepts but never answers
(it wedges so when its audio device fails) is reported, a missing one is left to autospawn."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from kiosk_app.qt.speechd_probe import speechd_answers


@contextmanager
def _serve(path: Path, reply: bytes | None) -> Iterator[None]:
    """A fake speech-dispatcher on ``path``: answers ``reply``, or nothing at all."""
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(1)
    stop = threading.Event()

    def run() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            with connection:
                connection.recv(256)
                if reply is not None:
                    connection.sendall(reply)
                stop.wait(2)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    yield
    stop.set()
    thread.join()
    server.close()


@pytest.fixture
def socket_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "speechd.sock"
    monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{path}")
    return path


def test_a_daemon_that_answers_is_fine(socket_path: Path) -> None:
    with _serve(socket_path, b"208 OK CLIENT NAME SET\r\n"):
        assert speechd_answers() == ""


def test_a_wedged_daemon_is_reported_within_the_timeout(socket_path: Path) -> None:
    with _serve(socket_path, None):
        started = time.monotonic()
        problem = speechd_answers(timeout_s=0.3)
        assert "does not answer" in problem
        assert time.monotonic() - started < 1.5


def test_no_daemon_is_left_to_autospawn(socket_path: Path) -> None:
    assert speechd_answers() == ""  # libspeechd starts it when the engine connects
