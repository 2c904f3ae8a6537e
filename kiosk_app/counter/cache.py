"""CounterCache: the counter's own encrypted cache (SQLCipher), with its own key and migrations.

Built like the kiosk's (``kiosk_app.store``: fail-closed connection, WAL + synchronous=FULL,
numbered migrations, key providers) but a separate file with a separate key (credential
``counter-db-key``): a counter holds case numbers, which a kiosk never stores.

One connection, guarded by a lock: the desk is called from several threads. Staff commands
are queued in the transaction of their local effect (``append``) and numbered per device
without gaps; an answer moves a command to ``results`` and writes its effect into the cached
case in one transaction, and a refusal becomes a conflict in that same transaction.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from pydantic import TypeAdapter

from kiosk_app.core.statuses import CaseStatus
from kiosk_app.core.usage_events import UsageCount
from kiosk_app.store.connection import connect_encrypted
from kiosk_app.store.keys import (
    DemoKeyFile,
    KeyFileKey,
    KeyProvider,
    SystemdCredentialKey,
    resolve_key,
)
from kiosk_app.store.migrate import migrate
from kiosk_app.store.transactions import Connection, transaction
from kiosk_app.store.usage import add_count, flush_usage
from sync.protocol import CommandPayload, CommandResult, ReportUsage, StaffSetStatus
from sync.snippet_protocol import SnippetOut
from sync.staff_protocol import StaffCase, TodayPage

from .effects import StaffPayload, apply_command, merge_received
from .usage import CounterReports, count_answered
from .views import Conflict

log = logging.getLogger(__name__)

PACKAGE = "kiosk_app.counter"
CREDENTIAL_NAME = "counter-db-key"
DEMO_KEY_FILE_NAME = "counter-demo-db-key"
NEXT_SEQ = "next_seq"
OFFICE_DAY = "office_day"
DEVICE_ID, DEVICE_TOKEN, GATEWAY_URL = "device_id", "device_token", "gateway_url"
SNIPPETS_READ_AT = "snippets_read_at"
OFFICE_DATA = "office_data"  # core.office_data wire form (JSON), read with the snippets

_PAYLOAD: TypeAdapter[CommandPayload] = TypeAdapter(CommandPayload)


def counter_key(key_file: Path | None = None, demo_state_dir: Path | None = None) -> bytes:
    """The counter cache's key: systemd credential ``counter-db-key``, else ``key_file``, else
    (demo only) a generated key file in ``demo_state_dir``."""
    providers: list[KeyProvider] = [SystemdCredentialKey(credential=CREDENTIAL_NAME)]
    if key_file is not None:
        providers.append(KeyFileKey(key_file))
    if demo_state_dir is not None:
        providers.append(DemoKeyFile(demo_state_dir, DEMO_KEY_FILE_NAME))
    return resolve_key(providers)


@dataclass(frozen=True)
class CounterEnrollment:
    device_id: str
    device_token: str
    gateway_url: str


@dataclass(frozen=True)
class QueuedCommand:
    seq: int
    payload: StaffPayload
    created_at: datetime


@dataclass(frozen=True)
class CachedCase:
    case: StaffCase
    fetched_at: datetime
    # Something queued may concern it (then ``pending_for`` says what); False: certainly not.
    maybe_pending: bool = True


@dataclass(frozen=True)
class Answer:
    """What became of one pushed command: ``conflict_id`` when it was refused."""

    seq: int
    outcome: str
    reason: str | None
    conflict_id: int | None


class CounterCache:
    """Enrollment, today's appointments, cases, printouts, the outbox of staff commands, their
    results and conflicts. Open with ``CounterCache.open(path, key)``."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self._lock = threading.RLock()

    @classmethod
    def open(cls, path: Path, key: bytes) -> CounterCache:
        """Open (or create) the cache and bring its schema up to date; fails closed like the
        kiosk's (``CacheNotEncrypted``, ``WrongCacheKey``, ``CacheSchemaTooNew``)."""
        conn = connect_encrypted(Path(path), key, check_same_thread=False)
        try:
            migrate(conn, package=PACKAGE)
        except BaseException:
            conn.close()
            raise
        return cls(conn)

    def close(self) -> None:
        with self._lock:
            self.connection.close()

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self._lock, transaction(self.connection) as conn:
            yield conn

    def _meta(self, key: str) -> str | None:
        row = self.connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def _set_meta(self, key: str, value: str) -> None:
        self.connection.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    # -- enrollment ------------------------------------------------------------
    def enrollment(self) -> CounterEnrollment | None:
        with self._lock:
            device_id, token = self._meta(DEVICE_ID), self._meta(DEVICE_TOKEN)
            url = self._meta(GATEWAY_URL)
        if device_id is None or token is None or url is None:
            return None
        return CounterEnrollment(device_id, token, url)

    def save_enrollment(self, gateway_url: str, device_id: str, token: str) -> None:
        """A new identity at the gateway: its sequence numbers start at 1, so whatever an
        earlier enrollment queued or cached goes."""
        with self._write() as conn:
            for table in ("outbox", "results", "conflicts", "appointments", "cases", "printouts"):
                conn.execute(f"DELETE FROM {table}")
            self._set_meta(GATEWAY_URL, gateway_url)
            self._set_meta(DEVICE_ID, device_id)
            self._set_meta(DEVICE_TOKEN, token)
            self._set_meta(NEXT_SEQ, "1")

    # -- the knowledge base (issue 16) -----------------------------------------------------
    def store_snippets(
        self, snippets: list[SnippetOut], read_at: datetime, office: Mapping[str, object]
    ) -> None:
        """The gateway's snippets and the office's data replace the cached ones, in one
        transaction."""
        with self._write() as conn:
            conn.execute("DELETE FROM snippets")
            conn.executemany(
                "INSERT INTO snippets (id, body) VALUES (?, ?)",
                [(snippet.id, snippet.model_dump_json()) for snippet in snippets],
            )
            self._set_meta(SNIPPETS_READ_AT, read_at.isoformat())
            self._set_meta(OFFICE_DATA, json.dumps(dict(office), ensure_ascii=False))

    def cached_snippets(
        self,
    ) -> tuple[list[SnippetOut], datetime | None, dict[str, object]]:
        """The snippets last read from the gateway, when (None: never read here), and the
        office's data read with them."""
        with self._lock:
            rows = self.connection.execute("SELECT body FROM snippets ORDER BY id").fetchall()
            read_at, office = self._meta(SNIPPETS_READ_AT), self._meta(OFFICE_DATA)
        snippets = [SnippetOut.model_validate_json(row[0]) for row in rows]
        when = datetime.fromisoformat(read_at) if read_at else None
        return snippets, when, json.loads(office) if office else {}

    # -- the office day ------------------------------------------------------------
    def prune(self, today: date) -> bool:
        """At the first start or sync of a new office day, keep only today's things and what is
        still unsent or unresolved. Returns whether it pruned."""
        day = today.isoformat()
        with self._write() as conn:
            if self._meta(OFFICE_DAY) == day:
                return False
            conn.execute("DELETE FROM appointments WHERE day < ?", (day,))
            conn.execute(
                "DELETE FROM results WHERE day < ?"
                " AND seq NOT IN (SELECT seq FROM conflicts WHERE resolved_at IS NULL)",
                (day,),
            )
            conn.execute(
                "DELETE FROM conflicts WHERE resolved_at IS NOT NULL AND answered_at < ?", (day,)
            )
            conn.execute(
                "DELETE FROM cases WHERE day < ?"
                " AND case_number NOT IN (SELECT case_number FROM outbox"
                "   WHERE case_number IS NOT NULL)"
                " AND case_number NOT IN (SELECT case_number FROM appointments)"
                " AND case_number NOT IN (SELECT case_number FROM conflicts"
                "   WHERE resolved_at IS NULL AND case_number IS NOT NULL)",
                (day,),
            )
            conn.execute(
                "DELETE FROM printouts WHERE case_number NOT IN (SELECT case_number FROM cases)"
            )
            self._set_meta(OFFICE_DAY, day)
        return True

    # -- cases ------------------------------------------------------------
    def store_case(self, case: StaffCase, fetched_at: datetime, today: date) -> None:
        """The gateway's case, received documents merged with what is cached (never shrinking)."""
        with self._write():
            self._store_case(case, fetched_at, today)

    def _store_case(self, case: StaffCase, fetched_at: datetime, today: date) -> None:
        conn = self.connection
        row = conn.execute(
            "SELECT body FROM cases WHERE case_number = ?", (case.case_number,)
        ).fetchone()
        if row is not None:
            cached = StaffCase.model_validate_json(row[0])
            case = merge_received(case, list(cached.received_documents))
        conn.execute(
            "INSERT INTO cases (case_number, body, fetched_at, day) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (case_number) DO UPDATE SET body = excluded.body,"
            " fetched_at = excluded.fetched_at, day = excluded.day",
            (case.case_number, case.model_dump_json(), fetched_at.isoformat(), today.isoformat()),
        )
        conn.executemany(
            "INSERT INTO printouts (reference, case_number, day) VALUES (?, ?, ?)"
            " ON CONFLICT (reference) DO UPDATE SET case_number = excluded.case_number,"
            " day = excluded.day",
            [(p.reference, case.case_number, today.isoformat()) for p in case.printouts],
        )
        # A status conflict of this case now knows the gateway's current status.
        conn.execute(
            "UPDATE conflicts SET current_status = ?"
            " WHERE case_number = ? AND resolved_at IS NULL AND kind = 'staff_set_status'",
            (case.status.value, case.case_number),
        )

    def store_today(self, page: TodayPage, fetched_at: datetime, today: date) -> None:
        """A day's appointments (replacing that day's) and the cases behind them, together."""
        day = page.day.isoformat()
        with self._write() as conn:
            conn.execute("DELETE FROM appointments WHERE day = ?", (day,))
            conn.executemany(
                "INSERT INTO appointments (booking_id, day, start, service, case_number,"
                " status, checked_in_at, no_show_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (booking_id) DO UPDATE SET day = excluded.day,"
                " start = excluded.start, service = excluded.service,"
                " case_number = excluded.case_number, status = excluded.status,"
                " checked_in_at = excluded.checked_in_at, no_show_at = excluded.no_show_at",
                [
                    (
                        a.booking_id,
                        day,
                        a.start.isoformat(),
                        a.service,
                        a.case_number,
                        a.status.value,
                        a.checked_in_at.isoformat() if a.checked_in_at else None,
                        a.no_show_at.isoformat() if a.no_show_at else None,
                    )
                    for a in page.appointments
                ],
            )
            for case in page.cases:
                self._store_case(case, fetched_at, today)

    def cached_case(self, case_number: str) -> CachedCase | None:
        with self._lock:
            row = self.connection.execute(
                "SELECT body, fetched_at FROM cases WHERE case_number = ?", (case_number,)
            ).fetchone()
        if row is None:
            return None
        return CachedCase(StaffCase.model_validate_json(row[0]), datetime.fromisoformat(row[1]))

    def find(
        self, *, case_number: str | None = None, reference: str | None = None
    ) -> CachedCase | None:
        """The cached case with this number or printed reference, in one read (a clerk scans
        and waits: ``benchmarks/counter_bench.py``)."""
        if reference is not None:
            where = "c.case_number = (SELECT case_number FROM printouts WHERE reference = ?)"
            key = reference
        elif case_number is not None:
            where, key = "c.case_number = ?", case_number
        else:
            raise ValueError("find needs a case number or a reference")
        with self._lock:
            row = self.connection.execute(
                # Anything queued at all (usually not): then ``pending_for`` says what.
                "SELECT c.body, c.fetched_at, EXISTS (SELECT 1 FROM outbox)"
                f" FROM cases c WHERE {where}",
                (key,),
            ).fetchone()
        if row is None:
            return None
        return CachedCase(
            StaffCase.model_validate_json(row[0]), datetime.fromisoformat(row[1]), bool(row[2])
        )

    def case_number_for(self, reference: str) -> str | None:
        """The case a printed reference belongs to, if this counter has seen it."""
        with self._lock:
            row = self.connection.execute(
                "SELECT case_number FROM printouts WHERE reference = ?", (reference,)
            ).fetchone()
        return None if row is None else str(row[0])

    def touch_case(self, case_number: str, today: date) -> None:
        """Opened today: keep it through today's pruning."""
        with self._write() as conn:
            conn.execute(
                "UPDATE cases SET day = ? WHERE case_number = ?", (today.isoformat(), case_number)
            )

    def day_appointments(self, day: date) -> list[tuple[str, datetime, str, str, str, bool, bool]]:
        """(booking id, start, service, case number, status, checked in, no-show), start order."""
        with self._lock:
            rows = self.connection.execute(
                "SELECT booking_id, start, service, case_number, status,"
                " checked_in_at IS NOT NULL, no_show_at IS NOT NULL"
                " FROM appointments WHERE day = ? ORDER BY start, booking_id",
                (day.isoformat(),),
            ).fetchall()
        return [
            (r[0], datetime.fromisoformat(r[1]), r[2], r[3], r[4], bool(r[5]), bool(r[6]))
            for r in rows
        ]

    # -- the outbox ------------------------------------------------------------
    def append(self, payload: StaffPayload, created_at: datetime, today: date) -> int:
        """Queue a staff command (its local effect is the queued command itself, shown as
        pending until answered); the cached case is kept through pruning. Returns its seq."""
        with self._write():
            return self._append(payload, created_at, today)

    def _append(
        self, payload: StaffPayload | ReportUsage, created_at: datetime, today: date
    ) -> int:
        conn = self.connection
        seq = int(self._meta(NEXT_SEQ) or 1)
        case_number = getattr(payload, "case_number", None)
        booking_id = getattr(payload, "booking_id", None)
        if case_number is None and booking_id is not None:
            row = conn.execute(
                "SELECT case_number FROM appointments WHERE booking_id = ?", (booking_id,)
            ).fetchone()
            case_number = None if row is None else row[0]
        conn.execute(
            "INSERT INTO outbox (seq, kind, case_number, booking_id, payload, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                seq,
                payload.kind,
                case_number,
                booking_id,
                payload.model_dump_json(),
                created_at.isoformat(),
            ),
        )
        self._set_meta(NEXT_SEQ, str(seq + 1))
        if case_number is not None:
            conn.execute(
                "UPDATE cases SET day = ? WHERE case_number = ?", (today.isoformat(), case_number)
            )
        return seq

    def to_send(self, limit: int) -> list[QueuedCommand]:
        """Queued commands in sequence order."""
        with self._lock:
            rows = self.connection.execute(
                "SELECT seq, payload, created_at FROM outbox ORDER BY seq LIMIT ?", (limit,)
            ).fetchall()
        return [_queued(row) for row in rows]

    def pending_for(self, case_number: str, booking_ids: list[str]) -> list[QueuedCommand]:
        """Queued commands about this case or these bookings, in sequence order."""
        marks = ",".join("?" * len(booking_ids))
        where = "case_number = ?" + (f" OR booking_id IN ({marks})" if booking_ids else "")
        with self._lock:
            rows = self.connection.execute(
                f"SELECT seq, payload, created_at FROM outbox WHERE {where} ORDER BY seq",
                (case_number, *booking_ids),
            ).fetchall()
        return [_queued(row) for row in rows]

    def pending_bookings(self) -> dict[str, str]:
        """Booking id → the kind of the check-in or no-show queued for it."""
        with self._lock:
            rows = self.connection.execute(
                "SELECT booking_id, kind FROM outbox WHERE booking_id IS NOT NULL ORDER BY seq"
            ).fetchall()
        return {str(booking_id): str(kind) for booking_id, kind in rows}

    def pending_statuses(self) -> dict[str, CaseStatus]:
        """Case number → the status a queued change sets (the latest wins)."""
        with self._lock:
            rows = self.connection.execute(
                "SELECT payload FROM outbox WHERE kind = 'staff_set_status' ORDER BY seq"
            ).fetchall()
        statuses: dict[str, CaseStatus] = {}
        for (payload,) in rows:
            command = StaffSetStatus.model_validate_json(payload)
            statuses[command.case_number] = command.status
        return statuses

    def pending_count(self) -> int:
        """Staff commands waiting (usage reports are not the clerk's)."""
        with self._lock:
            row = self.connection.execute(
                "SELECT count(*) FROM outbox WHERE kind != 'report_usage'"
            ).fetchone()
            return int(row[0])

    def record_attempt(self, seqs: list[int], error: str) -> None:
        with self._write() as conn:
            conn.executemany(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE seq = ?",
                [(error[:200], seq) for seq in seqs],
            )

    def answer(
        self, results: list[CommandResult], answered_at: datetime, today: date
    ) -> list[Answer]:
        """The gateway's answers: each command leaves the outbox for ``results``; an applied one
        writes its effect into the cached case, a refused one becomes a conflict; all in one
        transaction. A duplicate carries the first answer's reason (refused if it has one)."""
        answers: list[Answer] = []
        with self._write() as conn:
            for result in results:
                row = conn.execute(
                    "SELECT seq, payload, created_at, case_number, booking_id FROM outbox"
                    " WHERE seq = ?",
                    (result.seq,),
                ).fetchone()
                if row is None:
                    continue  # answered before (a repeat of an acknowledged batch)
                queued = _queued(row[:3])
                case_number, booking_id = row[3], row[4]
                refused = result.outcome == "rejected" or (
                    result.outcome == "duplicate" and result.reason is not None
                )
                if isinstance(queued.payload, ReportUsage):
                    # Anonymous figures: nothing for the clerk to resolve; refused ones go.
                    conn.execute("DELETE FROM outbox WHERE seq = ?", (queued.seq,))
                    if refused:
                        log.warning("gateway refused usage figures: %s", result.reason)
                    answers.append(Answer(queued.seq, result.outcome, result.reason, None))
                    continue
                conn.execute(
                    "INSERT INTO results (seq, kind, case_number, booking_id, payload, created_at,"
                    " outcome, reason, answered_at, day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        queued.seq,
                        queued.payload.kind,
                        case_number,
                        booking_id,
                        queued.payload.model_dump_json(),
                        queued.created_at.isoformat(),
                        "rejected" if refused else result.outcome,
                        result.reason,
                        answered_at.isoformat(),
                        today.isoformat(),
                    ),
                )
                conn.execute("DELETE FROM outbox WHERE seq = ?", (queued.seq,))
                conflict_id = None
                if refused:
                    cursor = conn.execute(
                        "INSERT INTO conflicts (seq, reason, kind, case_number, booking_id,"
                        " payload, made_at, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            queued.seq,
                            result.reason or "rejected",
                            queued.payload.kind,
                            case_number,
                            booking_id,
                            queued.payload.model_dump_json(),
                            queued.created_at.isoformat(),
                            answered_at.isoformat(),
                        ),
                    )
                    conflict_id = int(cursor.lastrowid or 0)
                    # The kind and reason only: never a case number in the log.
                    log.warning("gateway refused a %s: %s", queued.payload.kind, result.reason)
                else:
                    self._apply_acknowledged(queued, case_number, booking_id, today)
                    count_answered(conn, queued.payload, queued.created_at, booking_id)
                answers.append(Answer(queued.seq, result.outcome, result.reason, conflict_id))
        return answers

    def _apply_acknowledged(
        self, queued: QueuedCommand, case_number: str | None, booking_id: str | None, today: date
    ) -> None:
        conn = self.connection
        if booking_id is not None:
            column = "checked_in_at" if queued.payload.kind == "staff_check_in" else "no_show_at"
            conn.execute(
                f"UPDATE appointments SET {column} = coalesce({column}, ?) WHERE booking_id = ?",
                (queued.created_at.isoformat(), booking_id),
            )
        if case_number is None:
            return
        row = conn.execute(
            "SELECT body FROM cases WHERE case_number = ?", (case_number,)
        ).fetchone()
        if row is None:
            return
        case = StaffCase.model_validate_json(row[0])
        changed = apply_command(case, queued.payload, queued.created_at, today)
        if changed is not case:
            conn.execute(
                "UPDATE cases SET body = ? WHERE case_number = ?",
                (changed.model_dump_json(), case_number),
            )
        if isinstance(queued.payload, StaffSetStatus):
            conn.execute(
                "UPDATE appointments SET status = ? WHERE case_number = ?",
                (queued.payload.status.value, case_number),
            )

    # -- usage figures (kiosk_app.counter.usage) ------------------------------------------
    def add_usage(self, count: UsageCount) -> None:
        """Count a figure (``UsageError`` when it leaves the vocabulary: nothing written)."""
        with self._write() as conn:
            add_count(conn, count)

    def flush_usage(self, now: datetime, today: date) -> list[int]:
        """Queue what was counted as ``report_usage`` commands (``store.usage.flush_usage``)."""
        with self._write() as conn:
            return flush_usage(conn, CounterReports(self._append, today), now)

    # -- conflicts ------------------------------------------------------------
    def conflicts(self) -> list[Conflict]:
        """Unresolved conflicts, oldest first; a status conflict's current status is the
        gateway's from the first read of the case after the refusal, else unknown."""
        with self._lock:
            rows = self.connection.execute(
                "SELECT conflict_id, reason, kind, case_number, booking_id, payload, made_at,"
                " current_status FROM conflicts WHERE resolved_at IS NULL ORDER BY conflict_id"
            ).fetchall()
        found: list[Conflict] = []
        for cid, reason, kind, case_number, booking_id, payload, made_at, current_text in rows:
            expected = wanted = current = None
            command = _PAYLOAD.validate_json(payload)
            if isinstance(command, StaffSetStatus):
                expected, wanted = command.expected_status, command.status
                current = None if current_text is None else CaseStatus(current_text)
            found.append(
                Conflict(
                    conflict_id=int(cid),
                    reason=str(reason),
                    kind=str(kind),
                    case_number=case_number,
                    booking_id=booking_id,
                    made_at=datetime.fromisoformat(made_at),
                    expected_status=expected,
                    wanted_status=wanted,
                    current_status=current,
                )
            )
        return found

    def resolve(
        self,
        conflict_id: int,
        resolved_at: datetime,
        today: date,
        again: StaffPayload | None = None,
    ) -> int | None:
        """Close a conflict; ``again`` is queued in the same transaction (its seq returned)."""
        with self._write() as conn:
            updated = conn.execute(
                "UPDATE conflicts SET resolved_at = ?, resolution = ?"
                " WHERE conflict_id = ? AND resolved_at IS NULL",
                (resolved_at.isoformat(), "apply_again" if again else "dropped", conflict_id),
            ).rowcount
            if not updated:
                raise KeyError(conflict_id)
            return None if again is None else self._append(again, resolved_at, today)

    def conflict_count(self) -> int:
        with self._lock:
            return int(
                self.connection.execute(
                    "SELECT count(*) FROM conflicts WHERE resolved_at IS NULL"
                ).fetchone()[0]
            )

    def integrity_check(self) -> str:
        with self._lock:
            return str(self.connection.execute("PRAGMA integrity_check").fetchone()[0])


def _queued(row: tuple[int, str, str]) -> QueuedCommand:
    seq, payload, created_at = row
    command = _PAYLOAD.validate_json(payload)
    return QueuedCommand(int(seq), command, datetime.fromisoformat(created_at))  # type: ignore[arg-type]
