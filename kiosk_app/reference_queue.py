"""Registering printed references from the GUI without making it wait (issue 4).

When a case-bound checklist or appointment confirmation is made, its reference (the QR code),
the documents on it and its booking go to the gateway as a ``register_reference`` command, so
staff who scan the paper can look the case up. ``ReferenceQueue.register`` only hands the
command to one writer thread with its own cache connection: the local write (one transaction,
``store.references.queue_reference``) may wait for the sync engine's write lock during a large
pull, and the GUI thread must not. After the write the engine is woken (``wake``) to push it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime

from kiosk_app.core.checklist import PrintedReference
from kiosk_app.store.references import KIND, queue_reference
from kiosk_app.store.transactions import Connection

log = logging.getLogger(__name__)


def reference_command(printed: PrintedReference) -> str:
    """The command's JSON (``sync.protocol.RegisterReference``); raises on an invalid value."""
    from sync.protocol import RegisterReference

    return RegisterReference(
        reference=printed.reference,
        lookup_key=printed.lookup_key.hex(),
        documents=list(printed.documents),
        booking_id=printed.booking_id,
        language=printed.language,
    ).model_dump_json()


class ReferenceQueue:
    """Queues ``register_reference`` commands in the outbox, off the caller's thread."""

    def __init__(
        self,
        open_connection: Callable[[], Connection],
        wake: Callable[[], None] | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._open = open_connection
        self.wake = wake  # e.g. ``SyncEngine.wake``; set once the engine runs
        self._clock = clock
        self._conn: Connection | None = None  # the writer thread's own
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reference-writer")

    def register(self, printed: PrintedReference) -> Future[int]:
        """Queue the command (returns at once); the future gives its outbox sequence number."""
        created_at = self._clock()  # when the paper was made, not when the write ran
        future = self._writer.submit(self._write, printed, created_at)
        future.add_done_callback(_log_failure)
        return future

    def _write(self, printed: PrintedReference, created_at: datetime) -> int:
        payload = reference_command(printed)
        if self._conn is None:
            self._conn = self._open()
        seq = queue_reference(self._conn, payload, created_at)
        log.info("%s queued (command %d)", KIND, seq)
        if self.wake is not None:
            self.wake()
        return seq

    def flush(self) -> None:
        """Wait until every registration queued so far is written (or failed)."""
        self._writer.submit(lambda: None).result()

    def _close_connection(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def close(self) -> None:
        """Finish the queued writes, then close the writer's connection."""
        self._writer.submit(self._close_connection)
        self._writer.shutdown(wait=True)


def _log_failure(future: Future[int]) -> None:
    error = future.exception()
    if error is not None:  # the type only: values may name the reference or key
        log.warning("%s not queued: %s", KIND, type(error).__name__)
