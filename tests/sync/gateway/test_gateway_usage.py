"""Anonymous usage figures (issue 18): added up per hour, device and dimensions, exactly once,
and refused whole when a figure leaves the closed vocabulary."""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, select

from sync.gateway.tables import usage_hourly
from sync.protocol import CommandsResponse


def _report(seq: int, *counts: dict[str, Any]) -> dict[str, Any]:
    return {
        "seq": seq,
        "created_at": "2026-03-03T10:20:00+01:00",
        "payload": {"kind": "report_usage", "counts": list(counts)},
    }


def _lookup(count: int, outcome: str, language: str, hour: str = "2026-03-03T09:00:00Z") -> dict:
    return {
        "hour": hour,
        "kind": "lookup",
        "language": language,
        "outcome": outcome,
        "count": count,
    }


def _rows(db_url: str) -> dict[tuple[str, str, str], int]:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                select(
                    usage_hourly.c.kind,
                    usage_hourly.c.language,
                    usage_hourly.c.outcome,
                    usage_hourly.c.count,
                )
            ).all()
    finally:
        engine.dispose()
    return {(kind, language, outcome): count for kind, language, outcome, count in rows}


def _outcomes(response) -> list[tuple[int, str, str | None]]:
    assert response.status_code == 200, response.text
    answer = CommandsResponse.model_validate_json(response.content)
    return [(r.seq, r.outcome, r.reason) for r in answer.results]


def test_counts_add_up_once_however_often_they_are_sent(gateway, device, gateway_db_url) -> None:
    first = _report(1, _lookup(3, "found", "ar"), _lookup(2, "not_found", "ar"))
    assert _outcomes(device.push([first])) == [(1, "applied", None)]
    assert _outcomes(device.push([first])) == [(1, "duplicate", None)]  # the answer was lost
    second = _report(2, _lookup(4, "found", "ar"), _lookup(1, "found", "tr"))
    assert _outcomes(device.push([second])) == [(2, "applied", None)]

    assert _rows(gateway_db_url) == {
        ("lookup", "ar", "found"): 7,
        ("lookup", "ar", "not_found"): 2,
        ("lookup", "tr", "found"): 1,
    }


def test_a_figure_outside_the_vocabulary_is_refused_whole(gateway, device, gateway_db_url) -> None:
    # A case number where an outcome belongs: the command is refused, nothing of it is stored.
    smuggled = _report(1, _lookup(1, "found", "de"), _lookup(1, "da_2025_000123_4", "de"))
    assert _outcomes(device.push([smuggled])) == [(1, "rejected", "bad_usage")]
    not_whole_hour = _report(2, _lookup(1, "found", "de", hour="2026-03-03T09:30:00Z"))
    assert _outcomes(device.push([not_whole_hour])) == [(2, "rejected", "bad_usage")]
    assert _rows(gateway_db_url) == {}
