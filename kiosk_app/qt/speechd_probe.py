"""Does speech-dispatcher answer? One SSIP request over its socket, with a timeout.

The speech worker (``speech_worker.py``) asks before it lets libspeechd connect: a daemon that
accepts connections but never answers (it wedges like that when its audio device fails) is then
reported at once, with a reason, instead of after the kiosk's start-up deadline.
"""

from __future__ import annotations

import os
from pathlib import Path

PROBE_TIMEOUT_S = 0.8
SPAWN_TIMEOUT_S = 4.0  # within the kiosk's deadline for the worker's voices (speech.py)
NOT_ANSWERING = "speech-dispatcher does not answer"


def speechd_socket() -> Path:
    """Where libspeechd connects: ``$SPEECHD_ADDRESS``, else the per-user runtime socket."""
    address = os.environ.get("SPEECHD_ADDRESS", "")
    if address.startswith("unix_socket:"):
        return Path(address.removeprefix("unix_socket:"))
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    base = Path(runtime) if runtime else Path.home() / ".cache"
    return base / "speech-dispatcher" / "speechd.sock"


class _NotRunning(Exception):
    """No speech-dispatcher behind the socket (missing or refused): it can be spawned."""


def _ask(path: Path, timeout_s: float) -> str:
    """Empty when the daemon answers an SSIP request in time, else why not."""
    if not path.exists():
        raise _NotRunning
    import socket

    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(timeout_s)
            connection.connect(str(path))
            connection.sendall(b"SET SELF CLIENT_NAME kiosk:kiosk-app:probe\r\n")
            reply = connection.recv(256)
            connection.sendall(b"QUIT\r\n")
    except (ConnectionRefusedError, FileNotFoundError) as error:
        raise _NotRunning from error
    except OSError as error:  # timeouts included: a wedged daemon accepts but never answers
        return f"{NOT_ANSWERING} ({error})"
    if not reply.startswith(b"2"):
        return f"speech-dispatcher refused the probe: {reply[:40]!r}"
    return ""


def speechd_answers(timeout_s: float = PROBE_TIMEOUT_S, *, spawn: bool = False) -> str:
    """Empty when speech-dispatcher answers an SSIP request in time, else why not.

    A daemon that is not running is fine without ``spawn`` (libspeechd spawns it on connect);
    with ``spawn`` it is started here first (slow: the speech worker does it, never the GUI).
    """
    path = speechd_socket()
    try:
        return _ask(path, timeout_s)
    except _NotRunning:
        if not spawn:
            return ""
    import shutil
    import subprocess

    if shutil.which("speech-dispatcher") is None:
        return "speech-dispatcher is not installed"
    try:
        subprocess.run(
            ["speech-dispatcher", "--spawn"],
            timeout=SPAWN_TIMEOUT_S,
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return _ask(path, timeout_s)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"speech-dispatcher did not start: {error}"
    except _NotRunning:
        return "speech-dispatcher did not start"
