"""What the gateway confirmed stays in the cache for ``RETENTION``: acknowledged commands move
from the outbox to ``sent_commands`` in the acknowledging transaction, online booking
operations go to the journal with their confirmation, both are pruned, and the replay state
survives in meta (a restored gateway is sent what it lost, ``sync/replay.py``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kiosk_app.core.booking import slots_for_day
from kiosk_app.store import appointments as appointments_module
from kiosk_app.store.appointments import BookingOps, NewOp
from kiosk_app.store.connection import Connection
from kiosk_app.store.outbox import Outbox
from kiosk_app.store.replay import RETENTION, BookingJournal, ReplayState, SentCommands
from kiosk_app.store.sync_state import SyncState

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
KEY = bytes(range(32))
SLOTS = slots_for_day("biometrics", datetime(2026, 11, 25).date())


def _queue(conn: Connection, count: int) -> list[int]:
    outbox = Outbox(conn)
    return [outbox.append("void", f'{{"kind":"void","reason":"{n}"}}', NOW) for n in range(count)]


def test_acknowledged_commands_leave_the_outbox_for_sent_commands(conn: Connection) -> None:
    seqs = _queue(conn, 3)
    outbox, sent, state = Outbox(conn), SentCommands(conn), ReplayState(conn)
    outbox.acknowledge(seqs[:2], NOW)
    assert [e.seq for e in outbox.all_entries()] == [3]  # the outbox holds what waits
    assert sent.seqs() == [1, 2]
    kept = sent.get(2)
    assert kept is not None and kept.payload == '{"kind":"void","reason":"1"}'
    assert kept.acknowledged_at == NOW and kept.created_at == NOW
    assert state.acknowledged_through == 2
    outbox.acknowledge([1], NOW)  # a repeated answer changes nothing
    assert sent.seqs() == [1, 2] and state.acknowledged_through == 2

    outbox.park(3, "slot_taken")  # refused: its number is used at the gateway too
    assert state.acknowledged_through == 3
    assert [(e.seq, e.state) for e in outbox.all_entries()] == [(3, "parked")]
    assert sent.seqs() == [1, 2]


def test_sent_commands_are_pruned_after_the_retention(conn: Connection) -> None:
    first, second, third = _queue(conn, 3)
    outbox, sent = Outbox(conn), SentCommands(conn)
    outbox.acknowledge([first], NOW)
    outbox.acknowledge([second], NOW + RETENTION - timedelta(minutes=1))
    assert sent.seqs() == [first, second]
    outbox.acknowledge([third], NOW + RETENTION + timedelta(minutes=1))
    assert sent.seqs() == [second, third]
    assert ReplayState(conn).acknowledged_through == third  # the number is remembered


def test_a_failed_acknowledgement_leaves_the_command_in_the_outbox(conn: Connection) -> None:
    [seq] = _queue(conn, 1)
    conn.execute(
        "CREATE TRIGGER fail AFTER INSERT ON sent_commands BEGIN SELECT raise(ABORT, 'disk'); END"
    )
    with pytest.raises(Exception, match="disk"):
        Outbox(conn).acknowledge([seq], NOW)
    assert [e.seq for e in Outbox(conn).all_entries()] == [seq]
    assert SentCommands(conn).seqs() == [] and ReplayState(conn).acknowledged_through == 0


def test_a_replayed_command_the_gateway_refuses_is_parked(conn: Connection) -> None:
    [seq] = _queue(conn, 1)
    Outbox(conn).acknowledge([seq], NOW)
    SentCommands(conn).park(seq, "slot_taken")
    [entry] = Outbox(conn).all_entries()
    assert (entry.seq, entry.state, entry.last_error) == (seq, "parked", "slot_taken")
    assert entry.payload == '{"kind":"void","reason":"0"}'
    assert SentCommands(conn).seqs() == []
    assert Outbox(conn).counts() == {"pending": 0, "void": 0, "parked": 1}


def test_online_operations_are_journaled_with_their_place_among_the_commands(
    conn: Connection,
) -> None:
    ops, journal = BookingOps(conn), BookingJournal(conn)
    _queue(conn, 2)  # commands 1 and 2 were made before the booking
    op = NewOp("book", "1" * 32, KEY, SLOTS[0].slot_id)
    ops.record_online(op, "biometrics", SLOTS[0].start, NOW, ops.begin_sending(op, NOW))
    move = NewOp("move", "1" * 32, KEY, SLOTS[1].slot_id)
    later = NOW + timedelta(minutes=5)
    ops.record_online(move, "biometrics", SLOTS[1].start, later, None, SLOTS[0].start)
    booked, moved = journal.entries()
    assert (booked.action, booked.slot_id, booked.start, booked.before_seq) == (
        "book",
        SLOTS[0].slot_id,
        SLOTS[0].start,
        3,
    )
    assert (moved.action, moved.start, moved.previous_start) == (
        "move",
        SLOTS[1].start,
        SLOTS[0].start,
    )
    assert moved.confirmed_at == later and moved.lookup_key == KEY

    # Not confirmed after all (the note was cancelled by a restarted desk): nothing journaled.
    other = NewOp("book", "2" * 32, KEY, SLOTS[2].slot_id)
    sending = ops.begin_sending(other, NOW)
    ops.abandon_sending(lambda o: "{}", NOW)
    with pytest.raises(appointments_module.OperationAbandoned):
        ops.record_online(other, "biometrics", SLOTS[2].start, NOW, sending)
    assert len(journal.entries()) == 2

    # Confirmed by the feed (retired from booking_ops) yet still journaled, until pruned.
    ops.retire(op.id for op in ops.in_state("applied"))
    assert len(journal.entries()) == 2
    cancel = NewOp("cancel", "3" * 32, KEY)
    ops.record_online(cancel, "biometrics", None, NOW + RETENTION + timedelta(minutes=6))
    assert [e.action for e in journal.entries()] == ["cancel"]


def test_replay_state_survives_and_a_new_enrollment_forgets_it(conn: Connection) -> None:
    _queue(conn, 2)
    Outbox(conn).acknowledge([1, 2], NOW)
    state = ReplayState(conn)
    assert (state.replay_after, state.bookings_due) == (None, False)
    state.restored(1)
    state.restored(0)  # a lower number found later wins
    state.restored(2)
    assert (ReplayState(conn).replay_after, ReplayState(conn).moves_due) == (0, True)
    state.replayed_through(1)
    assert state.replay_after == 1
    state.finished()
    assert (state.replay_after, state.bookings_due) == (None, False)

    sync = SyncState(conn)
    sync.begin_resync(2, b"p" * 32)
    sync.finish_resync()  # a full dataset arrived: the journal is to be checked against it
    assert state.bookings_due and not state.moves_due  # a new pepper: a rotation, no restore
    state.finished()
    sync.begin_resync(3, b"p" * 32)
    sync.finish_resync()  # the same pepper: a restore (or a cursor the gateway never issued)
    assert state.bookings_due and state.moves_due

    sync.enroll("https://gateway.example", "new-device", "token", b"p" * 32, 1)
    assert (state.acknowledged_through, state.replay_after, state.bookings_due) == (0, None, False)
    assert SentCommands(conn).seqs() == []
