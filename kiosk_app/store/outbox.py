"""The outbox: commands waiting for the gateway, numbered per device without gaps.

An acknowledged command leaves the outbox for ``sent_commands`` in the same transaction
(``store/replay.py``): kept for ``RETENTION``, so a gateway restored from a backup can be sent
what it lost. A refused one stays here, parked for staff.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .replay import ReplayState, SentCommands
from .transactions import Connection, transaction

NEXT_SEQ = "outbox_next_seq"


@dataclass(frozen=True)
class OutboxEntry:
    seq: int
    kind: str
    payload: str  # JSON
    created_at: datetime
    state: str
    attempts: int
    last_error: str | None


class Outbox:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    @property
    def next_seq(self) -> int:
        """The number the next command will get (the gateway has seen none from it on)."""
        row = self.connection.execute("SELECT value FROM meta WHERE key = ?", (NEXT_SEQ,))
        found = row.fetchone()
        return int(bytes(found[0]).decode("ascii")) if found else 1

    def append(self, kind: str, payload: str, created_at: datetime) -> int:
        """Queue a command; call inside the transaction of its local effect. Returns its seq."""
        with transaction(self.connection):
            row = self.connection.execute("SELECT value FROM meta WHERE key = ?", (NEXT_SEQ,))
            found = row.fetchone()
            seq = int(bytes(found[0]).decode("ascii")) if found else 1
            self.connection.execute(
                "INSERT INTO outbox (seq, kind, payload, created_at) VALUES (?, ?, ?, ?)",
                (seq, kind, payload, created_at.isoformat()),
            )
            self.connection.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (NEXT_SEQ, str(seq + 1).encode("ascii")),
            )
        return seq

    def to_send(self, limit: int) -> list[OutboxEntry]:
        """Pending commands and voids in sequence order (parked ones are never sent again)."""
        rows = self.connection.execute(
            "SELECT seq, kind, payload, created_at, state, attempts, last_error FROM outbox"
            " WHERE state IN ('pending', 'void') ORDER BY seq LIMIT ?",
            (limit,),
        ).fetchall()
        return [_entry(row) for row in rows]

    def acknowledge(self, seqs: list[int], at: datetime | None = None) -> None:
        """The gateway applied (or voided) these: move them to ``sent_commands`` (kept for
        ``RETENTION`` after ``at``, the kiosk's clock; default: when they were made), keeping
        parked originals here."""
        with transaction(self.connection):
            SentCommands(self.connection).keep(seqs, at)
            ReplayState(self.connection).answered(seqs)
            for seq in seqs:
                self.connection.execute(
                    "UPDATE outbox SET state = 'parked' WHERE seq = ? AND state = 'void'", (seq,)
                )
                self.connection.execute(
                    "DELETE FROM outbox WHERE seq = ? AND state = 'pending'", (seq,)
                )
                # A booking operation carried by this command is now at the gateway.
                self.connection.execute(
                    "UPDATE booking_ops SET state = 'applied'"
                    " WHERE outbox_seq = ? AND state = 'pending'",
                    (seq,),
                )

    def mark_void(self, seq: int, reason: str) -> None:
        """The gateway refused this command as malformed: send a void in its place."""
        with transaction(self.connection):
            self.connection.execute(
                "UPDATE outbox SET state = 'void', last_error = ? WHERE seq = ?", (reason, seq)
            )
            _booking_refused(self.connection, seq, "malformed")

    def park(self, seq: int, reason: str) -> None:
        """The gateway refused this command on its merits: keep it for staff review."""
        with transaction(self.connection):
            self.connection.execute(
                "UPDATE outbox SET state = 'parked', last_error = ? WHERE seq = ?", (reason, seq)
            )
            ReplayState(self.connection).answered([seq])  # its number is used at the gateway
            _booking_refused(self.connection, seq, reason)

    def record_attempt(self, seqs: list[int], error: str) -> None:
        with transaction(self.connection):
            for seq in seqs:
                self.connection.execute(
                    "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE seq = ?",
                    (error, seq),
                )

    def counts(self) -> dict[str, int]:
        """How many commands wait (``pending``, ``void``) or need staff review (``parked``)."""
        counts = {"pending": 0, "void": 0, "parked": 0}
        for state, number in self.connection.execute(
            "SELECT state, count(*) FROM outbox GROUP BY state"
        ):
            counts[state] = int(number)
        return counts

    def oldest_waiting(self) -> datetime | None:
        """When the oldest command still waiting to be sent was queued (None: none waits)."""
        row = self.connection.execute(
            "SELECT created_at FROM outbox WHERE state IN ('pending', 'void') ORDER BY seq LIMIT 1"
        ).fetchone()
        return None if row is None else datetime.fromisoformat(row[0])

    def all_entries(self) -> list[OutboxEntry]:
        rows = self.connection.execute(
            "SELECT seq, kind, payload, created_at, state, attempts, last_error FROM outbox"
            " ORDER BY seq"
        ).fetchall()
        return [_entry(row) for row in rows]


def _booking_refused(connection: Connection, seq: int, reason: str) -> None:
    """A booking operation carried by this command will not happen at the gateway."""
    connection.execute(
        "UPDATE booking_ops SET state = 'rejected', reason = ?"
        " WHERE outbox_seq = ? AND state = 'pending'",
        (reason[:200], seq),
    )


def _entry(row: tuple[int, str, str, str, str, int, str | None]) -> OutboxEntry:
    seq, kind, payload, created_at, state, attempts, last_error = row
    return OutboxEntry(
        seq, kind, payload, datetime.fromisoformat(created_at), state, attempts, last_error
    )
