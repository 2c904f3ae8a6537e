"""The current dataset: its epoch and the pepper lookup keys are derived with."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, bindparam, delete, select, update

from kiosk_app.core.case_number import CaseNumber
from kiosk_app.core.lookup_key import PEPPER_BYTES, derive_lookup_key

from .case_keys import keep_previous_keys
from .change_feed import allocate_seqs, lock_feed
from .tables import cases, dataset, retired_keys


@dataclass(frozen=True)
class Dataset:
    epoch: int
    pepper: bytes

    def lookup_key(self, case_number: str, birth_date: object) -> str:
        """Hex lookup key of a canonical case number and a birth date, with this pepper."""
        return derive_lookup_key(
            self.pepper,
            CaseNumber.parse(case_number),
            birth_date,  # type: ignore[arg-type]
        ).hex()


def ensure_dataset(conn: Connection, now: datetime) -> Dataset:
    """The current dataset, created with epoch 1 and a fresh random pepper on first start."""
    row = conn.execute(select(dataset.c.epoch, dataset.c.pepper).where(dataset.c.id == 1)).first()
    if row is not None:
        return Dataset(row.epoch, bytes(row.pepper))
    pepper = secrets.token_bytes(PEPPER_BYTES)
    conn.execute(dataset.insert().values(id=1, epoch=1, pepper=pepper, rotated_at=now))
    return Dataset(1, pepper)


def current_dataset(conn: Connection) -> Dataset:
    row = conn.execute(select(dataset.c.epoch, dataset.c.pepper).where(dataset.c.id == 1)).one()
    return Dataset(row.epoch, bytes(row.pepper))


def rotate_pepper(conn: Connection, now: datetime) -> Dataset:
    """New random pepper, epoch + 1, every lookup key recomputed and every case re-sequenced.

    Kiosks see the new epoch on their next page and resync from cursor 0 into an empty cache, so
    tombstones of the old epoch are useless: removed cases and retired keys are purged here.
    """
    lock_feed(conn)
    old = current_dataset(conn)
    new = Dataset(old.epoch + 1, secrets.token_bytes(PEPPER_BYTES))
    conn.execute(delete(retired_keys))
    conn.execute(delete(cases).where(cases.c.removed.is_(True)))
    keep_previous_keys(conn, old.epoch, now)
    rows = conn.execute(
        select(cases.c.case_number, cases.c.birth_date).order_by(cases.c.change_seq)
    ).all()
    # Unique columns are updated in two passes so no intermediate row collides with another.
    conn.execute(update(cases).values(change_seq=-cases.c.change_seq))
    params = [
        {
            "number": row.case_number,
            "key": new.lookup_key(row.case_number, row.birth_date),
            "seq": seq,
        }
        for row, seq in zip(rows, allocate_seqs(conn, len(rows)), strict=True)
    ]
    if params:
        conn.execute(
            update(cases)
            .where(cases.c.case_number == bindparam("number"))
            .values(lookup_key=bindparam("key"), change_seq=bindparam("seq")),
            params,
        )
    conn.execute(
        update(dataset)
        .where(dataset.c.id == 1)
        .values(epoch=new.epoch, pepper=new.pepper, rotated_at=now)
    )
    return new
