"""The kiosk's sync engine: its own thread, its own cache connection, no Qt.

One round = push the outbox, then pull change pages until the gateway has no more. Pages are
applied in batches, each with the cursor after it in one transaction. After the gateway was
restored from a backup, the round reloads its dataset and sends it again what it lost
(``sync/replay.py``). Failures retry on a timer with exponential backoff and jitter; state goes
to the UI through the single ``report`` callback (the Qt side turns it into a signal, STYLE.md 2).
"""

from __future__ import annotations

import gc
import logging
import queue
import random
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import httpx
from pydantic import TypeAdapter, ValidationError

from kiosk_app.core.leases import gateway_now
from kiosk_app.store.cases import NO_BOOKINGS, TextRow, bookings_text
from kiosk_app.store.catalog_snapshot import CatalogSnapshotStore
from kiosk_app.store.faq_store import FaqContent
from kiosk_app.store.free_slots import FreeSlotStore
from kiosk_app.store.leases import LeaseStore
from kiosk_app.store.op_retirement import UNSHOWN_BOUND, OpRetirement
from kiosk_app.store.outbox import Outbox, OutboxEntry
from kiosk_app.store.replay import ReplayState
from kiosk_app.store.sync_state import PageBatch, SyncState
from kiosk_app.store.ticket_leases import GrantedLease, TicketLeaseStore
from kiosk_app.store.transactions import Connection
from sync import protocol
from sync.client import (
    BadServerData,
    CommandRefused,
    DeviceUnauthorized,
    GatewayClient,
    GatewayError,
    GatewayUnreachable,
    SequenceGap,
    TlsOptions,
    UnknownCursor,
    parse_page_data,
)
from sync.device_status import StatusReporter
from sync.replay import GatewayRestored, Replay, probe_last_applied
from sync.snippet_protocol import resident_topics
from sync.usage_flush import UsageRounds

log = logging.getLogger(__name__)
_BOOKING_KINDS = frozenset({"book_slot", "move_booking", "cancel_booking"})
_PAYLOAD = TypeAdapter(protocol.CommandPayload)


@dataclass(frozen=True)
class SyncStatus:
    online: bool
    last_success: datetime | None
    pending_commands: int
    parked_commands: int
    reason: str | None = None  # why offline, for the log and staff; never personal data
    epoch: int | None = None
    dataset_changed: bool = False  # a new epoch was swapped in: lookups need the new pepper
    # The stored gateway catalog's version (None: none yet); the GUI reloads when it changes.
    catalog_version: str | None = None
    # The stored knowledge base's version (issue 16): the Questions screens reload when it changes.
    faq_version: str | None = None


@dataclass(frozen=True)
class EngineSettings:
    interval_s: float = 5.0
    backoff_base_s: float = 1.0
    backoff_cap_s: float = 60.0
    page_limit: int = protocol.DEFAULT_PAGE
    timeout_s: float = 10.0  # per request; a slower answer counts as the gateway being down
    # Changes applied per transaction on a long sync. Keys are random, so each commit writes
    # (encrypted) nearly every page of the table its batch touched: fewer, larger batches write
    # far less; 50,000 changes hold the cache's write lock for about half a second.
    batch_rows: int = 50_000
    prefetch_pages: int = 3  # pages fetched ahead while a batch is written
    # A batch is committed early instead of holding the cache's write lock longer than this
    # while the next page has not arrived.
    batch_wait_s: float = 0.25
    # Leases (renewed, released, topped up) and the free-slot snapshot are refreshed at most
    # this often, and in the first round after a booking command reached the gateway.
    slots_interval_s: float = 60.0
    # The gateway's catalog is fetched at most this often (and in the first round).
    catalog_interval_s: float = 300.0
    # An applied booking operation the synced bookings never show (the booking was changed
    # elsewhere meanwhile) is retired this long after the first pull that did not show it.
    unshown_op_bound_s: float = UNSHOWN_BOUND.total_seconds()
    tls: TlsOptions = field(default_factory=TlsOptions)
    # This kiosk's clock (timezone-aware): the gateway's is judged as this plus the measured
    # offset, so any clock works as long as the desk reads the same one.
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC), compare=False)


def backoff_delay(failures: int, settings: EngineSettings, rng: random.Random) -> float:
    """Exponential backoff with jitter, so kiosks coming back together do not stampede."""
    ceiling = min(settings.backoff_cap_s, settings.backoff_base_s * 2.0 ** max(0, failures - 1))
    return float(ceiling * rng.uniform(0.5, 1.0))


class SyncEngine:
    def __init__(
        self,
        open_connection: Callable[[], Connection],
        report: Callable[[SyncStatus], None],
        settings: EngineSettings | None = None,
        client_factory: Callable[[str, str], GatewayClient] | None = None,
    ) -> None:
        self._open_connection = open_connection
        self._report = report
        self.settings = settings or EngineSettings()
        self._client_factory = client_factory or (
            lambda url, token: GatewayClient(
                url,
                token,
                tls=self.settings.tls,
                timeout=httpx.Timeout(
                    self.settings.timeout_s, connect=min(5.0, self.settings.timeout_s)
                ),
            )
        )
        self._conn: Connection | None = None
        self._client: GatewayClient | None = None
        self._client_key: tuple[str, str] | None = None
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._failures = 0
        self._logged_trouble: str | None = None  # the last trouble logged (None: none since)
        self._rng = random.Random()
        self._last_success: datetime | None = None
        self._slots_refreshed: float | None = None  # time.monotonic() of the last refresh
        self._slots_due = True
        self._catalog_fetched: float | None = None  # time.monotonic() of the last fetch
        self._snippets_fetched: float | None = None  # the same for the knowledge base
        self._probe_due = True  # ask once per start which commands the gateway has
        self._retirement = OpRetirement()  # applied booking operations, until the feed shows them
        self._status = StatusReporter("kiosk", self.settings.clock)  # for the fleet view
        # Usage figures into the outbox before each push; offline minutes and sync lag.
        self._usage = UsageRounds(lambda: self.settings.clock())

    # -- thread control ----------------------------------------------------------------------
    def start(self) -> None:
        if self._conn is not None:
            # Opened by sync_once in the caller's thread (which is this one): the engine's
            # thread opens its own (a connection belongs to the thread that opened it).
            self._conn.close()
            self._conn = None
        self._thread = threading.Thread(target=self._run, name="sync-engine", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
        elif self._conn is not None:  # only sync_once was used, from the caller's thread
            self._conn.close()
            self._conn = None
        self._close_client()

    def wake(self, *, refresh_slots: bool = False) -> None:
        """Sync now (e.g. right after a local write queued a command); ``refresh_slots`` also
        renews leases and the free-slot snapshot in that round."""
        if refresh_slots:
            self._slots_due = True
        self._wake.set()

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                try:
                    online = self.sync_once().online
                except Exception:  # a bug must not end syncing for good: log, back off, retry
                    log.exception("sync round failed unexpectedly")
                    self._failures += 1
                    online = False
                delay = (
                    self.settings.interval_s
                    if online
                    else backoff_delay(self._failures, self.settings, self._rng)
                )
                self._wake.wait(delay)
                self._wake.clear()
        finally:
            if self._conn is not None:
                self._conn.close()

    # -- one round ---------------------------------------------------------------------------
    def _connection(self) -> Connection:
        if self._conn is None:
            self._conn = self._open_connection()
        return self._conn

    def _client_for(self, url: str, token: str) -> GatewayClient:
        """One client across rounds: its TLS context (tens of ms to build) and its keep-alive
        connection are reused; a new one only when the address or the token changed."""
        if self._client is None or self._client_key != (url, token):
            self._close_client()
            self._client = self._client_factory(url, token)
            self._client_key = (url, token)
        return self._client

    def _close_client(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def sync_once(self) -> SyncStatus:
        """Push, then pull until up to date. Never raises for gateway trouble: reports it."""
        conn = self._connection()
        state = SyncState(conn)
        url, token = state.gateway_url, state.device_token
        if url is None or token is None:
            return self._publish(conn, online=False, reason="not enrolled")
        dataset_changed = False
        try:
            client = self._client_for(url, token)
            # The fleet view's status report, when due; it never raises into the round.
            online = self._failures == 0 and self._last_success is not None
            self._status.report_kiosk(lambda r: client.report_status(r), conn, online=online)
            for _attempt in range(3):
                try:
                    dataset_changed = self._round(client, conn, state)
                    break
                except GatewayRestored as restored:
                    self._reload_after_restore(client, conn, state, restored.last_applied)
            else:
                raise BadServerData("the gateway keeps losing commands during a replay")
            self._refresh_slots(client, conn)
            self._refresh_catalog(client, conn)
            self._refresh_snippets(client, conn)
        except DeviceUnauthorized as error:
            self._failures += 1
            self._log_trouble(f"gateway refused this device ({error.reason}); serving the cache")
            return self._publish(conn, online=False, reason=f"unauthorized: {error.reason}")
        except (GatewayUnreachable, BadServerData, CommandRefused, SequenceGap) as error:
            self._close_client()  # start the next round on fresh connections
            self._failures += 1
            self._log_trouble(f"sync failed: {type(error).__name__}: {error}")
            return self._publish(conn, online=False, reason=f"{type(error).__name__}: {error}")
        if self._logged_trouble is not None:
            log.info("sync works again after %d failed attempts", self._failures)
            self._logged_trouble = None
        self._failures = 0
        self._last_success = self.settings.clock()
        return self._publish(conn, online=True, dataset_changed=dataset_changed)

    def _round(self, client: GatewayClient, conn: Connection, state: SyncState) -> bool:
        """Push, pull, and after a restore of the gateway replay what it lost (sync/replay.py).
        True when a full dataset was swapped in. Raises ``GatewayRestored`` when the gateway
        lacks commands it had answered and its dataset must be reloaded first."""
        outbox, replay = Outbox(conn), ReplayState(conn)
        self._usage.before_push(conn)
        if replay.replay_after is None:  # while a replay is due, it sends in its own order
            self._push(client, outbox)
        changed = self._pull_and_retire(client, conn, state)
        if replay.replay_after is None and (changed or self._probe_due):
            # A full resync (a restore starts a new epoch) or a fresh start: ask which
            # commands the gateway has. Only with something answered to lose.
            if replay.acknowledged_through > 0:
                last = probe_last_applied(client, outbox, self.settings.clock())
                if last is not None and last < replay.acknowledged_through:
                    if not changed:
                        raise GatewayRestored(last)  # reload its dataset first
                    log.warning("the gateway lacks commands after %d: restored?", last)
                    replay.restored(last)
            self._probe_due = False
        if replay.replay_after is not None or replay.bookings_due:
            Replay(conn, client, self.settings.clock).run()
            self._push(client, outbox)  # what could not be redone online, and new commands
            changed = self._pull_and_retire(client, conn, state) or changed
        return changed

    def _pull_and_retire(self, client: GatewayClient, conn: Connection, state: SyncState) -> bool:
        with _cyclic_gc_paused():
            changed = self._pull(client, state)
        # Applied booking operations leave once the pulled bookings show them (or after a bound).
        bound = timedelta(seconds=self.settings.unshown_op_bound_s)
        self._retirement.after_pull(conn, self.settings.clock(), bound)
        return changed

    def _reload_after_restore(
        self, client: GatewayClient, conn: Connection, state: SyncState, last_applied: int
    ) -> None:
        """The gateway lost what it confirmed after ``last_applied`` (restored from a backup):
        reload its dataset in full, then replay (the next ``_round``)."""
        log.warning(
            "the gateway lacks commands after %d it had acknowledged (restored from a backup?):"
            " reloading its data and sending them again",
            last_applied,
        )
        ReplayState(conn).restored(last_applied)
        if state.resync is None:
            self._begin_resync(client, state)

    def _log_trouble(self, trouble: str) -> None:
        """A warning when the trouble starts or changes, not at every retry of an outage."""
        if trouble != self._logged_trouble:
            log.warning("%s (retrying quietly until this changes)", trouble)
            self._logged_trouble = trouble

    def _publish(
        self,
        conn: Connection,
        *,
        online: bool,
        reason: str | None = None,
        dataset_changed: bool = False,
    ) -> SyncStatus:
        self._usage.round_ended(conn, online=online)
        counts = Outbox(conn).counts()
        state = SyncState(conn)
        status = SyncStatus(
            online=online,
            last_success=state.last_sync_at,
            pending_commands=counts["pending"] + counts["void"],
            parked_commands=counts["parked"],
            reason=reason,
            epoch=state.epoch,
            dataset_changed=dataset_changed,
            catalog_version=CatalogSnapshotStore(conn).version,
            faq_version=FaqContent(conn).version,
        )
        self._report(status)
        return status

    # -- push --------------------------------------------------------------------------------
    def _push(self, client: GatewayClient, outbox: Outbox) -> None:
        while batch := outbox.to_send(protocol.MAX_COMMANDS):
            try:
                self._send(client, outbox, batch)
            except CommandRefused as error:
                if len(batch) == 1:
                    # Malformed for this gateway: a void keeps its number, the rest flows on.
                    log.error("command %d refused (%s); parked for staff", batch[0].seq, error)
                    outbox.mark_void(batch[0].seq, str(error))
                    continue
                for entry in batch:  # find the one the gateway refuses
                    try:
                        self._send(client, outbox, [entry])
                    except CommandRefused as single:
                        log.error("command %d refused (%s); parked", entry.seq, single)
                        outbox.mark_void(entry.seq, str(single))
                        break

    def _send(self, client: GatewayClient, outbox: Outbox, batch: list[OutboxEntry]) -> None:
        commands = [_command(entry) for entry in batch]
        try:
            response = client.send_commands(commands)
        except SequenceGap as gap:
            if gap.expected_seq <= ReplayState(outbox.connection).acknowledged_through:
                # It lacks numbers it had answered: restored from a backup (sync/replay.py).
                raise GatewayRestored(gap.expected_seq - 1) from None
            # The gateway already has everything before expected_seq (an earlier answer was
            # lost on the way back): those are done. Anything else is a real gap: stop.
            done = [entry.seq for entry in batch if entry.seq < gap.expected_seq]
            if not done or gap.expected_seq > batch[-1].seq + 1:
                raise
            outbox.acknowledge(done, self.settings.clock())
            return
        except GatewayError:
            outbox.record_attempt([entry.seq for entry in batch], "not delivered")
            raise
        if any(entry.kind in _BOOKING_KINDS for entry in batch):
            self._slots_due = True  # leases became bookings: top up, and show fewer free slots
        if any(entry.kind == "issue_walk_in_ticket" for entry in batch):
            self._slots_due = True  # top up the ticket leases, with a fresh estimate
        acknowledged: list[int] = []
        for result in response.results:
            if result.outcome == "rejected":
                outbox.park(result.seq, result.reason or "rejected by the gateway")
            else:
                acknowledged.append(result.seq)
        outbox.acknowledge(acknowledged, self.settings.clock())
        if response.last_applied_seq < ReplayState(outbox.connection).acknowledged_through:
            raise GatewayRestored(response.last_applied_seq)

    # -- leases and free slots ----------------------------------------------------------------
    def _refresh_slots(self, client: GatewayClient, conn: Connection) -> None:
        """Renew leases (only with the outbox drained: the gateway must already know every slot
        this kiosk took) and replace the free-slot snapshot; measure the gateway's clock."""
        started = time.monotonic()
        recent = self._slots_refreshed is not None and (
            started - self._slots_refreshed < self.settings.slots_interval_s
        )
        if recent and not self._slots_due:
            return
        state, leases = SyncState(conn), LeaseStore(conn)
        try:
            counts = Outbox(conn).counts()
            if counts["pending"] + counts["void"] == 0:
                sent = self.settings.clock()
                keep = leases.keep(gateway_now(sent, state.server_offset_s))
                grant = client.leases(keep)
                received = self.settings.clock()
                midpoint = sent + (received - sent) / 2
                state.record_offset((grant.server_time - midpoint).total_seconds())
                leases.apply_grant((lease.slot_id, lease.expires_at) for lease in grant.leases)
                self._refresh_ticket_leases(client, conn)
            free = client.free_slots()
            FreeSlotStore(conn).replace(free.slots, free.server_time)
        except CommandRefused as error:  # an older gateway without bookings: not an outage
            log.warning("leases or free slots refused: %s", error)
        self._slots_due = False
        self._slots_refreshed = started

    def _refresh_ticket_leases(self, client: GatewayClient, conn: Connection) -> None:
        """Walk-in ticket leases (issue 15), with the outbox drained like the slot leases; a
        gateway without walk-in tickets refuses, which is not an outage."""
        try:
            granted = client.walk_in_leases().leases
            TicketLeaseStore(conn).apply(
                GrantedLease(
                    lease.lease_id,
                    lease.service,
                    lease.letter,
                    lease.day,
                    lease.first_number,
                    lease.last_number,
                    lease.used,
                    lease.expires_at,
                    lease.estimate.low,
                    lease.estimate.high,
                )
                for lease in granted
            )
        except CommandRefused as error:
            log.warning("walk-in ticket leases refused: %s", error)

    # -- catalog -----------------------------------------------------------------------------
    def _refresh_catalog(self, client: GatewayClient, conn: Connection) -> None:
        """Fetch the gateway's catalog at most every ``catalog_interval_s``; store it when its
        version changed. An invalid one is refused whole (the stored one stays) and, like an
        older gateway without the endpoint, does not make the kiosk offline."""
        started = time.monotonic()
        if self._catalog_fetched is not None and (
            started - self._catalog_fetched < self.settings.catalog_interval_s
        ):
            return
        store = CatalogSnapshotStore(conn)
        try:
            snapshot = client.catalog()
        except (BadServerData, CommandRefused) as error:
            log.warning("catalog not taken: %s", error)
        else:
            if snapshot.version != store.version:
                store.save(
                    snapshot.version, snapshot.model_dump_json().encode(), snapshot.closed_days
                )
                log.info("catalog version %s stored", snapshot.version[:12])
        self._catalog_fetched = started

    def _refresh_snippets(self, client: GatewayClient, conn: Connection) -> None:
        """The knowledge base's approved texts for residents, like the catalog: fetched at most
        every ``catalog_interval_s``, stored (and its search index rebuilt) only when its
        version changed; invalid data is refused whole and the stored texts stay."""
        started = time.monotonic()
        if self._snippets_fetched is not None and (
            started - self._snippets_fetched < self.settings.catalog_interval_s
        ):
            return
        store = FaqContent(conn)
        try:
            received = client.snippets()
        except (BadServerData, CommandRefused) as error:
            log.warning("knowledge base not taken: %s", error)
        else:
            if received.version != store.version:
                office = received.model_dump(mode="json")["office"]
                store.replace(received.version, resident_topics(received), office)
                log.info("knowledge base version %s stored", received.version[:12])
        self._snippets_fetched = started

    # -- pull --------------------------------------------------------------------------------
    def _pull(self, client: GatewayClient, state: SyncState) -> bool:
        """Pull pages until up to date; True when a new dataset epoch was swapped in.

        A second thread fetches the next pages while this one parses and writes (the gateway
        works on another machine), which hides the gateway's time on a long initial sync. That
        thread only waits on the network; pages are parsed here, so it never holds the GIL
        against the inserts. A prefetched page is used only if it continues exactly from the
        cursor this thread has reached.

        Each page is written as it arrives, into a transaction that spans a batch of about
        ``batch_rows`` changes and commits with the cursor after its last page: fewer commits
        on a long sync, and the cursor still matches the data. A batch is committed early
        rather than holding the write lock while the next page is slow to come (other writers,
        e.g. the GUI's failed-lookup log, wait for that lock). On any error the open batch is
        rolled back: the cache stays as it was after the last commit.
        """
        swapped = False
        restarts = 0
        cursor, expected_epoch = self._position(state)
        batch = PageBatch(state)
        limit, depth = self.settings.page_limit, self.settings.prefetch_pages
        try:
            with _PageFetcher(client, limit, depth) as pages:
                while True:
                    if restarts > 3:
                        raise BadServerData("dataset epoch keeps changing under the resync")
                    if batch.open and not pages.ready(cursor, self.settings.batch_wait_s):
                        batch.commit(cursor)
                    try:
                        page: protocol.ChangesPageData | None = parse_page_data(pages.fetch(cursor))
                    except UnknownCursor:
                        page = None
                    if page is None or page["epoch"] != expected_epoch:
                        pages.close()  # the client is used from this thread alone again
                        batch.commit(cursor)
                        self._begin_resync(client, state)
                        cursor, expected_epoch = self._position(state)
                        restarts += 1
                        continue
                    if page["cursor"] != cursor:
                        raise BadServerData("page does not continue from our cursor")
                    # By the lookup key's hex; within a page the latest change of a key wins.
                    changes: dict[str, TextRow | None] = {}
                    for change in page["changes"]:
                        if change["seq"] <= cursor:
                            raise BadServerData("page does not continue from our cursor")
                        key, case = change["lookup_key"], change["case"]
                        changes[key] = None if case is None else _case_row(key, case)
                    batch.add(changes)
                    cursor = page["next_cursor"]
                    if page["has_more"] and batch.changes < self.settings.batch_rows:
                        continue
                    batch.commit(cursor)
                    if page["has_more"]:
                        continue
                    if state.resync is not None:
                        state.finish_resync()
                        swapped = True
                        log.info("dataset epoch %s loaded and swapped in", page["epoch"])
                    offset = (page["server_time"] - self.settings.clock()).total_seconds()
                    state.record_sync(self.settings.clock(), offset)
                    return swapped
        finally:
            batch.rollback()

    @staticmethod
    def _position(state: SyncState) -> tuple[int, int | None]:
        """Where pulling continues: the resync's cursor and epoch while one runs."""
        resync = state.resync
        if resync is not None:
            return resync.cursor, resync.epoch
        return state.cursor, state.epoch

    def _begin_resync(self, client: GatewayClient, state: SyncState) -> None:
        info = client.dataset()
        log.info("full resync to dataset epoch %d (outbox kept)", info.epoch)
        state.begin_resync(info.epoch, bytes.fromhex(info.pepper))


def _case_row(key: str, case: protocol.CaseStateData) -> TextRow:
    """``text_row(to_row(…))`` for a validated wire case (a dict) and its hex key: its document
    codes cannot hold a comma (``protocol.Code``), so there is nothing left to check."""
    appointment = case.get("next_appointment")
    fiktion = case.get("fiktion_valid_until")
    ends = case.get("permit_valid_until")
    bookings = case.get("bookings")
    return (
        key,
        case["status"]._value_,
        case["status_changed_on"].isoformat(),
        case["permit_type"],
        ",".join(case.get("missing_documents", ())),
        "" if appointment is None else appointment.isoformat(),
        "" if fiktion is None else fiktion.isoformat(),
        bookings_text([(b["booking_id"], b["service"], b["start"]) for b in bookings])
        if bookings
        else NO_BOOKINGS,
        "" if ends is None else ends.isoformat(),
    )


_NEXT_CURSOR = re.compile(rb'"next_cursor"\s*:\s*(\d+)')
_HAS_MORE = re.compile(rb'"has_more"\s*:\s*true')


def _continuation(raw: bytes) -> int | None:
    """Where the page in ``raw`` says the next one starts, read from its head (the fields
    before ``"changes"``) without parsing it; ``None`` when it has no more or says nothing
    there. Only a guess for prefetching: pages are validated whole before any use."""
    end = raw.find(b'"changes"', 0, 1024)
    head = raw[:end] if end >= 0 else b""
    found = _NEXT_CURSOR.search(head)
    if found is None or _HAS_MORE.search(head) is None:
        return None
    return int(found.group(1))


class _PageFetcher:
    """Raw change pages, fetched ahead in a thread of their own.

    The thread fetches from the cursor it is started at, then from where each page's head says
    the next one starts, keeping up to ``depth`` pages ready while the caller writes a batch.
    ``fetch(cursor)`` hands over the page that starts at ``cursor``: the prefetched one when
    the thread is there, else it restarts the thread at ``cursor``. A fetch's error (network,
    timeout, unknown cursor, 401) is raised by ``fetch`` for the page it belongs to.
    """

    def __init__(self, client: GatewayClient, limit: int, depth: int) -> None:
        self._client, self._limit, self._depth = client, limit, max(1, depth)
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._ready: queue.Queue[tuple[int, bytes | Exception]] = queue.Queue()
        self._next: int | None = None  # the cursor of the next page the thread delivers
        self._held: tuple[int, bytes | Exception] | None = None  # taken early by ``ready``

    def __enter__(self) -> _PageFetcher:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def ready(self, cursor: int, timeout: float) -> bool:
        """Whether the page at ``cursor`` has arrived, waiting up to ``timeout`` for it."""
        if self._held is None and self._thread is not None and self._next == cursor:
            try:
                self._held = self._ready.get(timeout=timeout)
            except queue.Empty:
                return False
        return self._held is not None and self._held[0] == cursor

    def fetch(self, cursor: int) -> bytes:
        if self._held is not None and self._held[0] == cursor:
            (start, got), self._held = self._held, None
        else:
            if self._thread is None or self._next != cursor:
                self.close()
                self._start(cursor)
            assert self._thread is not None
            while True:
                try:
                    start, got = self._ready.get(timeout=0.5)
                    break
                except queue.Empty:
                    if not self._thread.is_alive() and self._ready.empty():
                        self._thread = None
                        raise GatewayUnreachable("page fetcher ended") from None
        assert start == cursor
        if isinstance(got, Exception):
            self.close()
            raise got
        self._next = _continuation(got)
        if self._next is None:
            self.close()  # the thread has stopped there too
        return got

    def _start(self, cursor: int) -> None:
        self._stop = threading.Event()
        self._ready = queue.Queue(maxsize=self._depth)
        self._next = cursor
        self._thread = threading.Thread(
            target=self._run, args=(cursor, self._stop, self._ready), name="sync-fetch", daemon=True
        )
        self._thread.start()

    def _run(
        self, cursor: int, stop: threading.Event, ready: queue.Queue[tuple[int, bytes | Exception]]
    ) -> None:
        next_cursor: int | None = cursor
        while next_cursor is not None and not stop.is_set():
            cursor = next_cursor
            got: bytes | Exception
            try:
                got = self._client.changes_raw(cursor, self._limit)
                next_cursor = _continuation(got)
            except Exception as error:  # handed to the caller with the page it belongs to
                got, next_cursor = error, None
            while not stop.is_set():
                try:
                    ready.put((cursor, got), timeout=0.1)
                    break
                except queue.Full:
                    continue

    def close(self) -> None:
        """Stop the thread (it finishes a request in flight) and drop what it fetched."""
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
            self._thread = None
        self._next = self._held = None


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """A long pull creates hundreds of thousands of short-lived, acyclic objects (parsed
    changes, rows); with the cyclic collector running, its passes over them cost more than the
    parsing (~1 s of a 100,000-case sync) and stall the GUI thread too. Reference counting still
    frees them; the collector resumes afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _command(entry: OutboxEntry) -> protocol.Command:
    payload: protocol.CommandPayload
    if entry.state == "void":
        payload = protocol.VoidCommand(reason=(entry.last_error or "refused")[:200])
    else:
        try:
            payload = _PAYLOAD.validate_json(entry.payload)
        except ValidationError:
            payload = protocol.VoidCommand(reason="unreadable payload on the kiosk")
    return protocol.Command(seq=entry.seq, created_at=entry.created_at, payload=payload)
