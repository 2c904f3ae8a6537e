"""After the gateway was restored from a backup: send it again what it lost (kiosk side).

A restored gateway has forgotten the commands and online bookings it confirmed after the
backup, and its change feed starts again below the kiosks' cursors. The kiosk keeps what was
confirmed for ``store.replay.RETENTION`` and notices a restore in three ways:

- a push is answered with a sequence gap below a number the gateway had already answered
  (``GatewayRestored``);
- a change page with a new epoch (``gateway restore`` starts one) or a cursor beyond anything
  the gateway issued (410) starts a full resync; after it, and at the engine's first round, a
  probe asks which numbers the gateway has (``probe_last_applied``);
- either way, the dataset is loaded afresh before anything is replayed.

``Replay.run`` then redoes, in the order it happened (commands by number, each online operation
at its place among them):

- every command after the gateway's last applied number, with its own number: the gateway's
  exactly-once logic applies it once. A booking or move is first tried as an online booking
  with its booking id (its lease may be unknown to the restored gateway, the slot still free);
  the command that follows is then answered as a repeat.
- every journaled online booking operation the freshly loaded dataset does not show: a booking
  that is missing is booked again, a move whose booking is still where it was is moved again,
  a cancellation whose booking is active again is cancelled again. Where someone else changed
  the booking since, it is left alone. After a full resync that is no restore (a pepper
  rotation), only bookings and cancellations are checked (both are safe: a confirmed id never
  disappears, a cancelled one never comes back); a booking back where a move took it from was
  moved back by someone then.

A command the restored gateway refuses is parked for staff (the gateway lists it:
``kiosk-app gateway conflicts``); an online operation that cannot be redone is queued as its
command, which the gateway applies (the slot is still leased to this kiosk) or refuses and
lists, and the kiosk parks. Nothing is dropped silently.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from pydantic import TypeAdapter, ValidationError

from kiosk_app.core.booking import Slot
from kiosk_app.store.cases import NO_BOOKINGS, appointments_from_json
from kiosk_app.store.outbox import Outbox
from kiosk_app.store.replay import BookingJournal, JournalEntry, ReplayState, SentCommands
from kiosk_app.store.transactions import Connection, transaction
from sync import protocol
from sync.client import BadServerData, CommandRefused, GatewayClient, SequenceGap

log = logging.getLogger(__name__)
_PAYLOAD = TypeAdapter(protocol.CommandPayload)
PROBE_REASON = "probe: which command numbers does the gateway have"
NOT_KEPT = "not kept on the kiosk when the gateway was restored"
AFTER_RESTORE = " (after a gateway restore)"


class GatewayRestored(Exception):
    """The gateway lacks commands it had answered: it was restored from a backup."""

    def __init__(self, last_applied: int) -> None:
        super().__init__(f"the gateway's last applied command is {last_applied}")
        self.last_applied = last_applied


def probe_last_applied(client: GatewayClient, outbox: Outbox, now: datetime) -> int | None:
    """The gateway's last applied command number of this device, without changing anything: a
    void numbered one past the next number is always refused as a gap, which names it.
    ``None`` if the gateway took it (it holds numbers this kiosk never sent)."""
    probe = protocol.Command(
        seq=outbox.next_seq + 1, created_at=now, payload=protocol.VoidCommand(reason=PROBE_REASON)
    )
    try:
        client.send_commands([probe])
    except SequenceGap as gap:
        return gap.expected_seq - 1
    log.error("the gateway applied command %d, a number this kiosk never used", probe.seq)
    return None


@dataclass(frozen=True)
class _Step:
    """A command number to send again, or a journaled online operation to check."""

    seq: int | None = None
    entry: JournalEntry | None = None


class Replay:
    def __init__(
        self, connection: Connection, client: GatewayClient, clock: Callable[[], datetime]
    ) -> None:
        self.connection = connection
        self.client = client
        self.clock = clock
        self.state = ReplayState(connection)
        self.sent = SentCommands(connection)
        # Where the gateway has each active booking (booking id → start), from the freshly
        # loaded dataset and then from its answers during the replay.
        self.at_gateway: dict[str, datetime] = {}
        self.moves_due = False
        self._batch: list[tuple[protocol.Command, str]] = []  # (command, where it comes from)

    def run(self) -> None:
        """Send again what the gateway lacks, then clear the replay state. Raises a
        ``GatewayError`` (retry next round: every step is idempotent) or ``GatewayRestored``
        (the gateway has even fewer commands: reload and start over)."""
        self.at_gateway = self._bookings_in_cache()
        self.moves_due = self.state.moves_due
        after = self.state.replay_after
        first = 1 if after is None else after + 1
        seqs = range(first, self.state.acknowledged_through + 1) if after is not None else ()
        steps = [((seq, 1, 0), _Step(seq=seq)) for seq in seqs]
        # Commands numbered below ``before_seq`` were made before the online operation.
        steps += [
            ((e.before_seq, 0, e.id), _Step(entry=e))
            for e in BookingJournal(self.connection).entries()
        ]
        if after is not None:
            log.warning(
                "sending commands %d to %d again to the restored gateway",
                first,
                seqs[-1] if seqs else after,
            )
        for _order, step in sorted(steps, key=lambda item: item[0]):
            if step.seq is not None:
                self._command(step.seq)
            elif step.entry is not None:
                self._flush()
                self._redo_online(step.entry)
        self._flush()
        self.state.finished()

    # -- commands ----------------------------------------------------------------------------
    def _command(self, seq: int) -> None:
        kept = self.sent.get(seq)
        if kept is not None:
            try:
                payload: protocol.CommandPayload = _PAYLOAD.validate_json(kept.payload)
            except ValidationError:
                payload = protocol.VoidCommand(reason="unreadable payload on the kiosk")
            command = protocol.Command(seq=seq, created_at=kept.created_at, payload=payload)
            if isinstance(payload, protocol.BookSlot | protocol.MoveBooking):
                self._flush()  # what came before first
                self._online_first(payload)
            self._batch.append((command, "kept"))
        else:
            parked = next((e for e in Outbox(self.connection).all_entries() if e.seq == seq), None)
            reason = NOT_KEPT if parked is None else f"parked on the kiosk: {parked.last_error}"
            void = protocol.VoidCommand(reason=reason[:200])
            command = protocol.Command(seq=seq, created_at=self.clock(), payload=void)
            self._batch.append((command, "lost" if parked is None else "parked"))
        if len(self._batch) >= protocol.MAX_COMMANDS:
            self._flush()

    def _online_first(self, payload: protocol.BookSlot | protocol.MoveBooking) -> None:
        """The restored gateway may not know the lease the booking was made from: book it
        online (same booking id) if the slot is free; the command then is a repeat."""
        action: Literal["book", "move"] = (
            "book" if isinstance(payload, protocol.BookSlot) else "move"
        )
        request = protocol.BookingRequest(
            action=action,
            booking_id=payload.booking_id,
            lookup_key=payload.lookup_key,
            slot_id=payload.slot_id,
        )
        outcome = self.client.book(request)
        if outcome.booking is not None and outcome.outcome in ("booked", "moved"):
            self.at_gateway[payload.booking_id] = outcome.booking.start

    def _flush(self) -> None:
        if not self._batch:
            return
        batch, self._batch = self._batch, []
        commands = [command for command, _ in batch]
        try:
            response = self.client.send_commands(commands)
        except SequenceGap as gap:
            if gap.expected_seq <= commands[0].seq:
                self.state.restored(gap.expected_seq - 1)
                raise GatewayRestored(gap.expected_seq - 1) from None
            raise
        except CommandRefused as error:  # malformed for this gateway: find it, void its number
            if len(batch) > 1:
                for item in batch:
                    self._batch = [item]
                    self._flush()
                return
            command, source = batch[0]
            if isinstance(command.payload, protocol.VoidCommand):
                raise
            log.error("command %d refused by the restored gateway (%s); parked", command.seq, error)
            if source == "kept":
                self.sent.park(command.seq, f"{error}{AFTER_RESTORE}")
            void = protocol.VoidCommand(reason=str(error)[:200])
            replacement = protocol.Command(
                seq=command.seq, created_at=command.created_at, payload=void
            )
            self._batch = [(replacement, "parked")]
            self._flush()
            return
        answers = {result.seq: result for result in response.results}
        now = self.clock()
        with transaction(self.connection):
            for command, source in batch:
                result = answers.get(command.seq)
                if result is None:
                    raise BadServerData(f"no answer for command {command.seq}")
                if source == "lost":
                    self.sent.record_lost(command.seq, command.payload.model_dump_json(), now)
                elif source == "kept" and result.outcome == "rejected":
                    reason = (result.reason or "rejected by the gateway") + AFTER_RESTORE
                    self.sent.park(command.seq, reason)
                    log.warning("command %d refused by the restored gateway; parked", command.seq)
                elif source == "kept":
                    self.sent.acknowledged_again(command.seq, now)
                    if result.outcome == "applied":
                        self._note_effect(command.payload)
            self.state.replayed_through(commands[-1].seq)

    def _note_effect(self, payload: protocol.CommandPayload) -> None:
        if isinstance(payload, protocol.BookSlot | protocol.MoveBooking):
            self.at_gateway[payload.booking_id] = Slot.parse(payload.slot_id).start
        elif isinstance(payload, protocol.CancelBooking):
            self.at_gateway.pop(payload.booking_id, None)

    # -- online operations -------------------------------------------------------------------
    def _redo_online(self, entry: JournalEntry) -> None:
        """Redo a confirmed online operation the gateway's data does not show; leave a booking
        someone else changed since alone."""
        where = self.at_gateway.get(entry.booking_id)
        if entry.action == "book":
            if entry.booking_id in self.at_gateway:
                return
        elif entry.action == "move":
            if where is None or where == entry.start or where != entry.previous_start:
                return
            if not self.moves_due:  # no restore: someone moved it back
                return
        elif where is None:  # cancel: not active at the gateway
            return
        request = protocol.BookingRequest(
            action=entry.action,  # type: ignore[arg-type]
            booking_id=entry.booking_id,
            lookup_key=entry.lookup_key.hex(),
            slot_id=entry.slot_id,
        )
        outcome = self.client.book(request)
        if outcome.outcome == "refused":
            if outcome.reason == "not_found":  # cancelled at the gateway meanwhile: nothing to do
                return
            self._queue_as_command(entry, outcome.reason or "refused")
            return
        if outcome.outcome == "cancelled" or outcome.booking is None:
            self.at_gateway.pop(entry.booking_id, None)
        else:
            self.at_gateway[entry.booking_id] = outcome.booking.start
        log.info("online %s sent again to the restored gateway", entry.action)

    def _queue_as_command(self, entry: JournalEntry, reason: str) -> None:
        """Cannot be redone online: the gateway decides on it as a command (and lists a
        refusal for staff); the kiosk parks it if refused."""
        payload = protocol.booking_command(
            entry.action, entry.booking_id, entry.lookup_key, entry.slot_id
        )
        with transaction(self.connection):
            Outbox(self.connection).append(payload.kind, payload.model_dump_json(), self.clock())
            BookingJournal(self.connection).drop(entry.id)
        log.warning(
            "online %s refused by the restored gateway (%s); queued as a command",
            entry.action,
            reason,
        )

    def _bookings_in_cache(self) -> dict[str, datetime]:
        rows = self.connection.execute(
            "SELECT bookings FROM cases WHERE bookings != ?", (NO_BOOKINGS,)
        )
        return {
            appointment.booking_id: appointment.start
            for (text,) in rows
            for appointment in appointments_from_json(text)
        }
