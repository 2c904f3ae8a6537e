"""From a kiosk's lookup key to the case it names, across a pepper rotation.

After ``rotate_pepper`` kiosks resync with the new pepper, but commands they queued before it
(a booking made offline, documents ticked off) carry keys of the old epoch. Those keys are kept
in ``previous_keys`` for ``PREVIOUS_KEYS_KEPT`` (longer than any outage the leases allow for),
so such a command is still applied to its case instead of being refused as unknown.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Connection, DateTime, Integer, delete, insert, literal, select

from .tables import cases, previous_keys

PREVIOUS_KEYS_KEPT = timedelta(days=30)


def resolve_case(conn: Connection, lookup_key: str) -> str | None:
    """The case number of the live case ``lookup_key`` names, now or in an earlier epoch."""
    current = conn.execute(
        select(cases.c.case_number).where(
            cases.c.lookup_key == lookup_key, cases.c.removed.is_(False)
        )
    ).scalar_one_or_none()
    if current is not None:
        return str(current)
    earlier = conn.execute(
        select(cases.c.case_number)
        .join(previous_keys, previous_keys.c.case_number == cases.c.case_number)
        .where(previous_keys.c.lookup_key == lookup_key, cases.c.removed.is_(False))
    ).scalar_one_or_none()
    return None if earlier is None else str(earlier)


def keep_previous_keys(conn: Connection, epoch: int, now: datetime) -> None:
    """Before a rotation re-keys the cases: remember every live key of ``epoch``, and forget
    keys older than ``PREVIOUS_KEYS_KEPT``."""
    conn.execute(delete(previous_keys).where(previous_keys.c.retired_at < now - PREVIOUS_KEYS_KEPT))
    conn.execute(
        insert(previous_keys).from_select(
            ["lookup_key", "case_number", "epoch", "retired_at"],
            select(
                cases.c.lookup_key,
                cases.c.case_number,
                literal(epoch, Integer),
                literal(now, DateTime(timezone=True)),
            ).where(cases.c.removed.is_(False)),
        )
    )
