"""What the gateway confirmed, kept for ``RETENTION``, and the state of a replay after the
gateway was restored from a backup (``sync/replay.py`` does the sending).

- ``SentCommands``: commands the gateway acknowledged, moved out of the outbox in the very
  transaction that acknowledges them (``Outbox.acknowledge``), so a command is always in one
  of the two tables.
- ``BookingJournal``: online bookings, moves and cancellations the gateway confirmed, written
  with the confirmation (``BookingOps.record_online``); they never were in the outbox.
- ``ReplayState`` (meta): the highest command number the gateway ever answered, where a replay
  stands, and whether the booking journal must be checked against a freshly loaded dataset.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from .transactions import Connection, transaction

# Longer than any backup interval an office would run (docs/gateway.md "Backup and restore").
RETENTION = timedelta(days=14)
ACKNOWLEDGED_THROUGH = "acknowledged_through"
REPLAY_AFTER = "restore_replay_after"
BOOKINGS_DUE = "replay_bookings_due"
_ALL, _BOOKS_AND_CANCELS = "all", "books_and_cancels"


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


@dataclass(frozen=True)
class SentCommand:
    seq: int
    kind: str
    payload: str  # JSON
    created_at: datetime
    acknowledged_at: datetime


class SentCommands:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def keep(self, seqs: Iterable[int], at: datetime | None) -> None:
        """Inside ``Outbox.acknowledge``: copy these pending outbox rows here (``at``: when the
        gateway acknowledged them; ``None``: when they were made) and prune old ones. A form's
        answers are personal data and are not kept (docs/privacy.md): an acknowledged
        ``submit_form`` is deleted, and a replay to a restored gateway sends a void in its
        place (the resident holds the printed receipt)."""
        with transaction(self.connection):
            for seq in seqs:
                self.connection.execute(
                    "INSERT INTO sent_commands (seq, kind, payload, created_at, acknowledged_at)"
                    " SELECT seq, kind, payload, created_at, coalesce(?, created_at) FROM outbox"
                    " WHERE seq = ? AND state = 'pending' AND kind != 'submit_form'"
                    " ON CONFLICT (seq) DO UPDATE SET acknowledged_at = excluded.acknowledged_at",
                    (None if at is None else _utc(at), seq),
                )
            if at is not None:
                self.connection.execute(
                    "DELETE FROM sent_commands WHERE acknowledged_at < ?", (_utc(at - RETENTION),)
                )

    def get(self, seq: int) -> SentCommand | None:
        row = self.connection.execute(
            "SELECT seq, kind, payload, created_at, acknowledged_at FROM sent_commands"
            " WHERE seq = ?",
            (seq,),
        ).fetchone()
        if row is None:
            return None
        return SentCommand(
            int(row[0]),
            row[1],
            row[2],
            datetime.fromisoformat(row[3]),
            datetime.fromisoformat(row[4]),
        )

    def seqs(self) -> list[int]:
        rows = self.connection.execute("SELECT seq FROM sent_commands ORDER BY seq")
        return [int(row[0]) for row in rows]

    def acknowledged_again(self, seq: int, at: datetime) -> None:
        """Replayed and answered: it counts as acknowledged from now on."""
        with transaction(self.connection):
            self.connection.execute(
                "UPDATE sent_commands SET acknowledged_at = ? WHERE seq = ?", (_utc(at), seq)
            )

    def park(self, seq: int, reason: str) -> None:
        """The restored gateway refused it: back into the outbox, parked for staff review."""
        with transaction(self.connection):
            self.connection.execute(
                "INSERT INTO outbox (seq, kind, payload, created_at, state, last_error)"
                " SELECT seq, kind, payload, created_at, 'parked', ? FROM sent_commands"
                " WHERE seq = ?",
                (reason[:200], seq),
            )
            self.connection.execute("DELETE FROM sent_commands WHERE seq = ?", (seq,))

    def record_lost(self, seq: int, payload: str, at: datetime) -> None:
        """A number the restored gateway lacks and this kiosk no longer keeps (pruned): a void
        filled it; a parked entry tells staff something may be missing."""
        with transaction(self.connection):
            self.connection.execute(
                "INSERT OR IGNORE INTO outbox (seq, kind, payload, created_at, state, last_error)"
                " VALUES (?, 'void', ?, ?, 'parked', ?)",
                (seq, payload, _utc(at), "lost: no longer kept when the gateway was restored"),
            )


@dataclass(frozen=True)
class JournalEntry:
    id: int
    booking_id: str
    lookup_key: bytes
    action: str  # book, move, cancel
    slot_id: str | None
    start: datetime | None
    previous_start: datetime | None  # a move's origin
    before_seq: int  # commands numbered below this were made before it
    confirmed_at: datetime


def _moment(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


class BookingJournal:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def record(
        self,
        booking_id: str,
        lookup_key: bytes,
        action: str,
        slot_id: str | None,
        start: datetime | None,
        previous_start: datetime | None,
        confirmed_at: datetime,
    ) -> None:
        """Inside the transaction that records an online confirmation; prunes old entries."""
        with transaction(self.connection):
            found = self.connection.execute(
                "SELECT value FROM meta WHERE key = 'outbox_next_seq'"
            ).fetchone()
            before_seq = int(bytes(found[0]).decode("ascii")) if found else 1
            self.connection.execute(
                "INSERT INTO booking_journal (booking_id, lookup_key, action, slot_id, start,"
                " previous_start, before_seq, confirmed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    booking_id,
                    bytes(lookup_key),
                    action,
                    slot_id,
                    None if start is None else start.isoformat(),
                    None if previous_start is None else previous_start.isoformat(),
                    before_seq,
                    _utc(confirmed_at),
                ),
            )
            self.connection.execute(
                "DELETE FROM booking_journal WHERE confirmed_at < ?",
                (_utc(confirmed_at - RETENTION),),
            )

    def entries(self) -> list[JournalEntry]:
        rows = self.connection.execute(
            "SELECT id, booking_id, lookup_key, action, slot_id, start, previous_start,"
            " before_seq, confirmed_at FROM booking_journal ORDER BY id"
        ).fetchall()
        return [
            JournalEntry(
                int(row[0]),
                row[1],
                bytes(row[2]),
                row[3],
                row[4],
                _moment(row[5]),
                _moment(row[6]),
                int(row[7]),
                datetime.fromisoformat(row[8]),
            )
            for row in rows
        ]

    def drop(self, entry_id: int) -> None:
        with transaction(self.connection):
            self.connection.execute("DELETE FROM booking_journal WHERE id = ?", (entry_id,))


class ReplayState:
    """Small typed accessors over the meta table."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def _get(self, key: str) -> str | None:
        row = self.connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else bytes(row[0]).decode("ascii")

    def _set(self, key: str, value: str) -> None:
        self.connection.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value.encode("ascii")),
        )

    def _drop(self, key: str) -> None:
        self.connection.execute("DELETE FROM meta WHERE key = ?", (key,))

    @property
    def acknowledged_through(self) -> int:
        """The highest command number the gateway answered (acknowledged or refused)."""
        return int(self._get(ACKNOWLEDGED_THROUGH) or 0)

    def answered(self, seqs: Iterable[int]) -> None:
        """The gateway answered these (inside the caller's transaction, or its own)."""
        top = max(seqs, default=0)
        with transaction(self.connection):
            if top > self.acknowledged_through:
                self._set(ACKNOWLEDGED_THROUGH, str(top))

    @property
    def replay_after(self) -> int | None:
        """Set while commands above this number must be sent again to a restored gateway."""
        found = self._get(REPLAY_AFTER)
        return None if found is None else int(found)

    @property
    def bookings_due(self) -> bool:
        """A full dataset was loaded: the booking journal must be checked against it."""
        return self._get(BOOKINGS_DUE) is not None

    @property
    def moves_due(self) -> bool:
        """Moves are redone too: after a restore, not after a pepper rotation (there, a booking
        back where a move took it from was moved back by someone else)."""
        return self._get(BOOKINGS_DUE) == _ALL

    def restored(self, last_applied: int) -> None:
        """The gateway lost the commands after ``last_applied``: replay them (and check the
        booking journal)."""
        with transaction(self.connection):
            current = self.replay_after
            after = last_applied if current is None else min(current, last_applied)
            self._set(REPLAY_AFTER, str(after))
            self._set(BOOKINGS_DUE, _ALL)

    def replayed_through(self, seq: int) -> None:
        with transaction(self.connection):
            if self.replay_after is not None:
                self._set(REPLAY_AFTER, str(seq))

    def dataset_loaded(self, *, new_pepper: bool) -> None:
        """Inside ``finish_resync``: the booking journal is to be checked; with the same
        pepper it was no rotation (a restore, or a cursor the gateway never issued), so moves
        too."""
        if not self.moves_due:
            self._set(BOOKINGS_DUE, _BOOKS_AND_CANCELS if new_pepper else _ALL)

    def finished(self) -> None:
        with transaction(self.connection):
            self._drop(REPLAY_AFTER)
            self._drop(BOOKINGS_DUE)

    def forget(self) -> None:
        """A new enrollment: nothing of the earlier device identity is replayed."""
        with transaction(self.connection):
            for key in (ACKNOWLEDGED_THROUGH, REPLAY_AFTER, BOOKINGS_DUE):
                self._drop(key)
            self.connection.execute("DELETE FROM sent_commands")
            self.connection.execute("DELETE FROM booking_journal")
