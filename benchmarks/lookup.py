"""``lookup_ratio``: the kiosk's whole lookup path against a bare primary-key read."""

from __future__ import annotations

import random
import sqlite3
import statistics
import time
from datetime import date
from pathlib import Path

from kiosk_app.backend import open_backend
from kiosk_app.config import KioskConfig
from kiosk_app.core import demo_cases
from kiosk_app.demo_seed import seed_demo_cache

SEED = 5


def _median_us(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1e6, 2)


def measure_lookup(state_dir: Path, cases: int, samples: int) -> dict[str, float | int]:
    today = date.today()
    config = KioskConfig(state_dir=state_dir, demo=True)
    seed_demo_cache(config, cases, SEED, today)
    rng = random.Random(SEED)
    chosen = set(rng.sample(range(cases), k=min(samples, cases)))
    probes = [
        (case.case_number.canonical, case.birth_date.strftime("%d.%m.%Y"))
        for index, case in enumerate(demo_cases.generate(cases, SEED, today))
        if index in chosen
    ]
    backend = open_backend(config)
    try:
        pepper = backend.meta.pepper
        assert pepper is not None
        plain = _plain_copy(backend.cache.connection, state_dir / "plain.db")
        keys = [
            row[0]
            for row in backend.cache.connection.execute(
                "SELECT lookup_key FROM cases ORDER BY random() LIMIT ?", (len(probes),)
            )
        ]
        find_times, plain_times = [], []
        lookup = backend.lookup
        for (number, born), key in zip(probes, keys, strict=True):  # warm both page caches
            lookup.find(number, born)
            plain.execute("SELECT * FROM cases WHERE lookup_key = ?", (key,)).fetchone()
        for (number, born), key in zip(probes, keys, strict=True):
            started = time.perf_counter()
            lookup.find(number, born)
            find_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            plain.execute("SELECT * FROM cases WHERE lookup_key = ?", (key,)).fetchone()
            plain_times.append(time.perf_counter() - started)
        plain.close()
    finally:
        backend.close()
    find_us, plain_us = _median_us(find_times), _median_us(plain_times)
    return {
        "lookup_find_us": find_us,
        "lookup_sqlite_us": plain_us,
        "lookup_ratio": round(find_us / plain_us, 3),
        "lookup_cases": cases,
    }


def _plain_copy(encrypted: object, path: Path) -> sqlite3.Connection:
    """The same rows in an unencrypted sqlite3 file, read with the standard library."""
    path.unlink(missing_ok=True)
    rows = encrypted.execute("SELECT * FROM cases").fetchall()  # type: ignore[attr-defined]
    # Every column the cache has (the schema grows with migrations), same key and layout.
    columns = [
        f"{name} {kind}"
        for _cid, name, kind, *_rest in encrypted.execute("PRAGMA table_info(cases)")  # type: ignore[attr-defined]
    ]
    columns[0] += " PRIMARY KEY"
    plain = sqlite3.connect(path)
    plain.execute(f"CREATE TABLE cases({', '.join(columns)}) WITHOUT ROWID")
    marks = ", ".join("?" for _ in columns)
    plain.executemany(f"INSERT INTO cases VALUES ({marks})", rows)
    plain.commit()
    return plain
