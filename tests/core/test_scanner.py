"""Scanner bursts versus typing, decided from key times alone."""

from __future__ import annotations

from kiosk_app.core.scanner import BurstDetector, KeyVerdict


def feed(detector: BurstDetector, keys: str, start: float, gap: float) -> list[KeyVerdict]:
    return [detector.press(key, start + i * gap) for i, key in enumerate(keys)]


def test_a_fast_burst_ending_with_enter_is_a_scan() -> None:
    detector = BurstDetector()
    verdicts = feed(detector, "DA2025001234\r", start=10.0, gap=0.004)
    assert all(v.hold and v.replay == 0 for v in verdicts[:-1])
    assert verdicts[-1] == KeyVerdict(scan="DA2025001234")
    assert detector.held == 0


def test_typing_is_handed_back_after_a_pause() -> None:
    detector = BurstDetector()
    first = detector.press("4", 10.0)
    assert first.hold  # held for a moment: it might start a scan
    assert detector.quiet(10.01) == 0  # too early to tell
    assert detector.quiet(10.2) == 1  # nothing followed: a person typed it
    second = detector.press("2", 10.3)
    assert second.replay == 0 and second.hold


def test_a_slow_key_releases_the_one_before() -> None:
    detector = BurstDetector()
    detector.press("1", 10.0)
    verdict = detector.press("2", 10.2)
    assert verdict.replay == 1 and verdict.hold


def test_enter_after_a_short_or_slow_run_is_typing() -> None:
    short = BurstDetector()
    feed(short, "12", start=1.0, gap=0.002)
    assert short.press("\r", 1.005) == KeyVerdict(replay=2)

    slow = BurstDetector()
    feed(slow, "1234", start=1.0, gap=0.002)
    assert slow.press("\r", 1.5) == KeyVerdict(replay=4)


def test_keys_that_type_nothing_release_what_is_held() -> None:
    detector = BurstDetector()
    feed(detector, "12", start=1.0, gap=0.002)
    assert detector.press("", 1.005) == KeyVerdict(replay=2)  # e.g. Backspace
