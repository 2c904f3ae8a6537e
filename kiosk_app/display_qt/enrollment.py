"""Where a call display keeps its enrollment: ``display/enrollment.json`` in the state folder
(owner-only). It holds the gateway's address and the device token, nothing else: a display's
token reads only the walk-in queue and its calls (the gateway refuses it everything else), and
the enrollment's pepper is not kept."""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from sync.client import TlsOptions
from sync.enroll import request_enrollment

FILE = "enrollment.json"


@dataclass(frozen=True)
class DisplayEnrollment:
    url: str
    device_id: str
    token: str


def enroll_display(
    state_dir: Path,
    url: str,
    code: str,
    *,
    device_name: str | None = None,
    tls: TlsOptions | None = None,
) -> DisplayEnrollment:
    """Trade a one-time code of kind ``display`` for a token and keep it."""
    name = device_name or socket.gethostname()[:80]
    answer = request_enrollment(url, code, device_name=name, tls=tls)
    enrolled = DisplayEnrollment(url, answer.device_id, answer.device_token)
    state_dir.mkdir(parents=True, exist_ok=True)
    path = state_dir / FILE
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        json.dump({"url": url, "device_id": answer.device_id, "token": answer.device_token}, out)
    return enrolled


def load_enrollment(state_dir: Path) -> DisplayEnrollment | None:
    try:
        saved = json.loads((state_dir / FILE).read_text())
        return DisplayEnrollment(str(saved["url"]), str(saved["device_id"]), str(saved["token"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
