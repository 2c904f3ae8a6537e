"""Tell a barcode scanner from a person typing (pure logic, no Qt).

A USB scanner in HID-keyboard ("wedge") mode types the code it read as key presses a few
milliseconds apart and ends with Enter; nobody types that fast. Every printable key is held
back briefly: if the next one follows within ``max_gap_s`` it may be a scan, and an Enter that
ends a fast run of at least ``min_length`` keys completes it. Anything else hands the held keys
back as ordinary typing, late by at most ``max_gap_s`` (30 ms, not noticeable).
"""

from __future__ import annotations

from dataclasses import dataclass, field

ENTER = frozenset({"\r", "\n"})


@dataclass(frozen=True)
class ScanPolicy:
    max_gap_s: float = 0.03  # scanners send keys 1-15 ms apart; fast typists 60 ms and more
    min_length: int = 4  # shorter bursts are key rollover of a person, not a barcode
    max_length: int = 256  # a runaway burst is typing (or a stuck key), not a code


@dataclass(frozen=True)
class KeyVerdict:
    """What to do with one key press.

    ``replay``: how many held key presses to hand back as typing (oldest first) before this one;
    ``hold``: keep this key press back; ``scan``: a complete scan, whose held key presses and
    this Enter are dropped.
    """

    replay: int = 0
    hold: bool = False
    scan: str | None = None


@dataclass
class BurstDetector:
    """Feeds on key presses with their times; recognises scanner bursts."""

    policy: ScanPolicy = field(default_factory=ScanPolicy)
    _held: list[str] = field(default_factory=list)
    _last_at: float = 0.0

    @property
    def held(self) -> int:
        """How many key presses are currently held back."""
        return len(self._held)

    def press(self, text: str, at: float) -> KeyVerdict:
        """Judge a key press: ``text`` is what it types ("" for keys that type nothing)."""
        replay = 0
        if self._held and at - self._last_at > self.policy.max_gap_s:
            # A pause before this key: the held ones were typed by a person.
            replay = len(self._held)
            self._held.clear()
        if text in ENTER and len(self._held) >= self.policy.min_length:
            scan = "".join(self._held)
            self._held.clear()
            return KeyVerdict(replay=replay, scan=scan)
        if len(text) == 1 and text.isprintable() and len(self._held) < self.policy.max_length:
            self._held.append(text)
            self._last_at = at
            return KeyVerdict(replay=replay, hold=True)
        # Enter after a slow or short run, Backspace, arrows: all of it is typing.
        replay += len(self._held)
        self._held.clear()
        return KeyVerdict(replay=replay)

    def quiet(self, at: float) -> int:
        """No key for a while: how many held key presses to hand back as typing (maybe 0)."""
        if self._held and at - self._last_at > self.policy.max_gap_s:
            count = len(self._held)
            self._held.clear()
            return count
        return 0
