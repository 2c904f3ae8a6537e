"""Commands: exactly once across repeats, gaps refused, rejections advance the sequence."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sync.protocol import CommandsResponse, SequenceGap


def _mark(seq: int, lookup_key: str, *documents: str) -> dict[str, Any]:
    return {
        "seq": seq,
        "created_at": "2026-01-05T10:00:00+01:00",
        "payload": {
            "kind": "mark_documents_received",
            "lookup_key": lookup_key,
            "documents": list(documents),
        },
    }


def _case_with_missing(device, demo_cases):
    case = next(case for case in demo_cases if len(case.record.missing_documents) >= 2)
    return case, device.lookup_key(case.case_number.canonical, case.birth_date)


def test_a_command_is_applied_once_however_often_it_is_sent(gateway, device, demo_cases) -> None:
    case, key = _case_with_missing(device, demo_cases)
    first_missing, *rest = case.record.missing_documents
    _, cursor, _ = device.pull_all()

    first = device.push([_mark(1, key, first_missing)])
    assert first.status_code == 200
    answer = CommandsResponse.model_validate_json(first.content)
    assert answer.last_applied_seq == 1
    assert [(r.seq, r.outcome) for r in answer.results] == [(1, "applied")]

    page = device.changes_arrived(cursor)
    assert len(page.changes) == 1
    assert page.changes[0].case is not None
    assert page.changes[0].case.missing_documents == rest
    cursor = page.next_cursor

    for _ in range(3):  # the kiosk lost the answer and retries
        again = CommandsResponse.model_validate_json(
            device.push([_mark(1, key, first_missing)]).content
        )
        assert [(r.seq, r.outcome) for r in again.results] == [(1, "duplicate")]
        assert again.last_applied_seq == 1
    assert device.changes(cursor).changes == []  # no second effect, no new change


def test_concurrent_duplicate_sends_apply_once(gateway, device, demo_cases) -> None:
    _, key = _case_with_missing(device, demo_cases)
    batch = [_mark(seq, key, "passport") for seq in range(1, 6)]
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda _: device.push(batch), range(4)))
    outcomes = [
        result.outcome
        for response in answers
        for result in CommandsResponse.model_validate_json(response.content).results
    ]
    assert outcomes.count("applied") == 5
    assert outcomes.count("duplicate") == 15


def test_a_gap_is_refused_and_nothing_after_it_applied(gateway, device, demo_cases) -> None:
    case, key = _case_with_missing(device, demo_cases)
    missing = list(case.record.missing_documents)
    _, cursor, _ = device.pull_all()

    response = device.push([_mark(2, key, missing[0])])
    assert response.status_code == 409
    assert SequenceGap.model_validate_json(response.content).expected_seq == 1
    assert device.changes(cursor).changes == []

    # A batch with a hole: the part before the hole is applied, the rest refused.
    response = device.push([_mark(1, key, missing[0]), _mark(3, key, missing[1])])
    assert response.status_code == 409
    assert response.json() == {"error": "sequence_gap", "expected_seq": 2}
    page = device.changes_arrived(cursor)
    assert len(page.changes) == 1 and page.changes[0].case is not None
    assert page.changes[0].case.missing_documents == missing[1:]


def test_a_rejected_command_still_advances_the_sequence(gateway, device, demo_cases) -> None:
    _, key = _case_with_missing(device, demo_cases)
    response = device.push([_mark(1, "0" * 64, "passport"), _mark(2, key, "passport")])
    answer = CommandsResponse.model_validate_json(response.content)
    assert [(r.seq, r.outcome) for r in answer.results] == [(1, "rejected"), (2, "applied")]
    assert answer.results[0].reason == "unknown_lookup_key"
    assert answer.last_applied_seq == 2

    repeat = CommandsResponse.model_validate_json(
        device.push([_mark(1, "0" * 64, "passport")]).content
    )
    assert repeat.results[0].outcome == "duplicate"
    assert repeat.results[0].reason == "unknown_lookup_key"  # answered as before


def test_sequences_are_per_device(gateway, device, demo_cases) -> None:
    _, key = _case_with_missing(device, demo_cases)
    other = gateway.enroll("counter-2")
    assert device.push([_mark(1, key, "passport")]).status_code == 200
    answer = CommandsResponse.model_validate_json(other.push([_mark(1, key, "photo")]).content)
    assert answer.results[0].outcome == "applied"


def test_malformed_commands_are_422_without_effects(gateway, device) -> None:
    bad = device.client.post("/v1/commands", json={"commands": [{"seq": "one"}]})
    assert bad.status_code == 422 and bad.json()["error"] == "invalid_request"
    extra = _mark(1, "a" * 64, "passport") | {"surprise": True}
    assert device.push([extra]).status_code == 422
    ok = CommandsResponse.model_validate_json(device.push([_mark(1, "a" * 64, "passport")]).content)
    assert ok.results[0].seq == 1  # nothing was consumed by the bad requests


def test_a_void_command_uses_up_its_number_without_effects(gateway, device, demo_cases) -> None:
    _, key = _case_with_missing(device, demo_cases)
    _, cursor, _ = device.pull_all()
    void = {
        "seq": 1,
        "created_at": "2026-01-05T10:00:00Z",
        "payload": {"kind": "void", "reason": "HTTP 422: invalid_request"},
    }
    answer = CommandsResponse.model_validate_json(device.push([void, _mark(2, key, "zzz")]).content)
    assert [(r.seq, r.outcome) for r in answer.results] == [(1, "applied"), (2, "applied")]
    assert answer.last_applied_seq == 2
    assert device.changes(cursor).changes == []  # neither changed a case
