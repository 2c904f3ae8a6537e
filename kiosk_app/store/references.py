"""Printed references waiting for the gateway: each case-bound paper's QR code becomes one
``register_reference`` command in the outbox, so it survives outages and restarts and is pushed
by the sync engine like any command (the store knows no protocol: the caller builds the JSON)."""

from __future__ import annotations

from datetime import datetime

from .outbox import Outbox
from .transactions import Connection, transaction

KIND = "register_reference"


def queue_reference(connection: Connection, payload: str, created_at: datetime) -> int:
    """Queue the command in one local transaction; returns its outbox sequence number."""
    with transaction(connection):
        return Outbox(connection).append(KIND, payload, created_at)
