"""The sync engine's part in usage figures (issue 18), kept out of ``engine.py``.

Each round, before the push, the figures counted so far go into the outbox
(``kiosk_app.store.usage.flush_usage``), so they travel with the round's commands, exactly
once. When the round ends, the engine's own health is counted:

- ``offline_minutes``: from the first failed round to the next successful one (kept in the
  cache, so a restart while offline keeps counting; a kiosk that was switched off meanwhile
  was not available either). The minutes are split over the UTC hours they fell in: each hour
  touched counts one outage and adds its minutes to ``value_sum``.
- ``sync_lag``: for a command that had to wait for a later round (it was queued before the
  previous round ended and was not delivered by it: the gateway was away, or busy), the seconds
  from its creation to the end of the round that got the gateway's answer for it; measured on
  the oldest such command, once per round. A command delivered by the first round after it
  was queued (the usual case: a write wakes the engine) did not lag, and reports the round
  queues itself never wait: so a quiet kiosk records no lag, and the engine does not measure
  its own reporting.

Nothing here may stop syncing: a failure is logged (without values) and the round goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from kiosk_app.core.usage_events import UsageCount, hour_of
from kiosk_app.store.outbox import Outbox
from kiosk_app.store.sync_state import SyncState
from kiosk_app.store.transactions import Connection, transaction
from kiosk_app.store.usage import add_counts, flush_usage, get_state, set_state

log = logging.getLogger(__name__)

OFFLINE_SINCE = "offline_since"
_HOUR = timedelta(hours=1)


def offline_counts(since: datetime, until: datetime) -> list[UsageCount]:
    """The minutes from ``since`` to ``until``, one figure per UTC hour they touch."""
    counts: list[UsageCount] = []
    start = since
    while start < until:
        hour = hour_of(start)
        end = min(hour + _HOUR, until)
        minutes = (end - start).total_seconds() / 60
        counts.append(UsageCount(hour, "offline_minutes", value_sum=minutes))
        start = end
    return counts


class UsageRounds:
    """Called by ``SyncEngine`` at the start of each push (``before_push``) and whenever a round
    ends (``round_ended``), with the engine's own connection."""

    def __init__(self, clock: Callable[[], datetime]) -> None:
        self._clock = clock
        self._waiting: tuple[int, datetime] | None = None  # oldest command that missed a round
        self._noted = False
        self._next_seq: int | None = None  # the outbox's next number when the last round ended

    def before_push(self, conn: Connection) -> None:
        """Note the oldest waiting command (once per round), then queue the figures."""
        try:
            if not self._noted:
                oldest = Outbox(conn).to_send(1)
                missed = oldest and self._next_seq is not None and oldest[0].seq < self._next_seq
                self._waiting = (oldest[0].seq, oldest[0].created_at) if missed else None
                self._noted = True
            flush_usage(conn, Outbox(conn), self._clock())
        except Exception as error:  # figures wait for the next round; syncing goes on
            log.warning("usage figures not queued: %s", type(error).__name__)

    def round_ended(self, conn: Connection, *, online: bool) -> None:
        """Count offline minutes and sync lag for a round of an enrolled kiosk."""
        waiting, self._waiting, self._noted = self._waiting, None, False
        try:
            self._next_seq = Outbox(conn).next_seq
            if SyncState(conn).device_token is None:
                return  # not enrolled: there is nobody to be offline from
            now = self._clock()
            with transaction(conn):
                since = get_state(conn, OFFLINE_SINCE)
                if not online:
                    if since is None:
                        set_state(conn, OFFLINE_SINCE, now.isoformat())
                    return
                counts: list[UsageCount] = []
                if since is not None:
                    counts += offline_counts(datetime.fromisoformat(since), now)
                    set_state(conn, OFFLINE_SINCE, None)
                if waiting is not None and _answered(conn, waiting[0]):
                    lag = max(0.0, (now - waiting[1]).total_seconds())
                    counts.append(UsageCount(hour_of(now), "sync_lag", value_sum=lag))
                add_counts(conn, counts)
        except Exception as error:
            log.warning("sync health not counted: %s", type(error).__name__)


def _answered(conn: Connection, seq: int) -> bool:
    """The gateway answered command ``seq`` (it left the outbox, or was parked)."""
    row = conn.execute(
        "SELECT 1 FROM outbox WHERE seq = ? AND state IN ('pending', 'void')", (seq,)
    ).fetchone()
    return row is None
