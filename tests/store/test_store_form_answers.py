"""A resident's form answers on the kiosk (issue 17, docs/privacy.md): only in the encrypted
outbox, queued once, and gone from the whole cache once the gateway acknowledged them; a
replay to a restored gateway sends a void in their place."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from kiosk_app.core.forms.definition import load_forms
from kiosk_app.core.forms.engine import Answer
from kiosk_app.form_desk import KioskFormDesk
from kiosk_app.store.connection import Connection, open_cache
from kiosk_app.store.outbox import Outbox
from kiosk_app.store.replay import SentCommands

NOW = datetime(2026, 3, 10, 8, 41, tzinfo=UTC)
SECRET = "Mein Arbeitgeber heißt Synthetisch GmbH"


def answers() -> dict[str, Answer]:
    return {
        "topic": Answer("work"),
        "question_text": Answer(SECRET, "de"),
        "reply_by": Answer("at_visit"),
    }


def every_text(conn: Connection) -> str:
    tables = [
        row[0]
        for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not row[0].startswith("sqlite_")
    ]
    out = []
    for table in tables:
        for row in conn.execute(f"SELECT * FROM {table}"):
            out.extend(
                bytes(v).decode("utf-8", "replace") if isinstance(v, bytes | memoryview) else str(v)
                for v in row
            )
    return "\n".join(out)


def test_answers_are_queued_once_and_deleted_when_acknowledged(
    cache_path: Path, key: bytes
) -> None:
    conn = open_cache(cache_path, key)
    desk = KioskFormDesk(lambda: open_cache(cache_path, key), clock=lambda: NOW)
    form = load_forms()["question"]
    first = desk.submit(form, answers(), receipt="K7QW2M4XPA", language="de", lookup_key=None)
    again = desk.submit(form, answers(), receipt="K7QW2M4XPA", language="de", lookup_key=None)
    assert again.seq == first.seq  # a retry of the same submission queues nothing new
    assert [e.kind for e in Outbox(conn).all_entries()] == ["submit_form"]
    assert SECRET in every_text(conn)  # in the encrypted outbox, and only there

    Outbox(conn).acknowledge([first.seq], NOW)
    assert Outbox(conn).all_entries() == []
    assert SentCommands(conn).get(first.seq) is None  # not kept for a replay
    assert SECRET not in every_text(conn) and "K7QW2M4XPA" not in every_text(conn)
    conn.close()
    assert SECRET.encode() not in cache_path.read_bytes()  # and not readable on the disk


def test_the_receipt_time_is_the_kiosks_corrected_by_the_last_measured_offset(
    cache_path: Path, key: bytes
) -> None:
    conn = open_cache(cache_path, key)
    from kiosk_app.store.sync_state import SyncState

    SyncState(conn).record_offset(-125.0)  # the kiosk's clock runs 2 min 5 s fast
    desk = KioskFormDesk(lambda: open_cache(cache_path, key), clock=lambda: NOW)
    submitted = desk.submit(
        load_forms()["question"], answers(), receipt="AAAAAAAAAA", language="de", lookup_key=None
    )
    assert submitted.received_at == datetime(2026, 3, 10, 8, 38, 55, tzinfo=UTC)
    assert submitted.received_at.date() == date(2026, 3, 10)
    conn.close()
