"""The call display's chime (issue 15): a short two-note tone before each call is spoken, so
that people look up before the number is said.

``chime_wav`` makes the tone (16-bit mono PCM, generated: no asset to ship or license);
``SoundChime`` plays it through QtMultimedia's ``QSoundEffect``. Without an audio output
device (or without a QtMultimedia backend) the chime is ``available`` False, ``play`` does
nothing and returns False, and the display says once in its log and on stderr that calls are
shown without sound; the announcer then goes straight to the speech."""

from __future__ import annotations

import io
import logging
import math
import struct
import wave
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)

RATE = 22_050  # samples per second
# Two falling notes, a major third apart (E5 then C5), each fading out.
NOTES = ((659.25, 0.32), (523.25, 0.55))
PEAK = 0.55  # of full scale: audible over a waiting room, never clipped
ATTACK_S = 0.01  # a short fade-in, no click


class ChimeSink(Protocol):
    """What the announcer needs of a chime (a recording fake in tests)."""

    @property
    def available(self) -> bool: ...
    @property
    def playing(self) -> bool: ...
    def play(self) -> bool: ...


def chime_samples(rate: int = RATE) -> list[float]:
    """The tone as samples in [-1, 1]."""
    samples: list[float] = []
    for frequency, seconds in NOTES:
        count = int(rate * seconds)
        for index in range(count):
            t = index / rate
            envelope = min(1.0, t / ATTACK_S) * math.exp(-4.0 * t / seconds)
            # a touch of the octave gives it the colour of a bell rather than a beep
            tone = 0.8 * math.sin(2 * math.pi * frequency * t)
            tone += 0.2 * math.sin(4 * math.pi * frequency * t)
            samples.append(PEAK * envelope * tone)
    return samples


def chime_wav(rate: int = RATE) -> bytes:
    """The tone as a WAV file (16-bit mono PCM)."""
    frames = b"".join(struct.pack("<h", round(value * 32767)) for value in chime_samples(rate))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(frames)
    return buffer.getvalue()


class SoundChime:
    """The chime through ``QSoundEffect`` from a WAV written to ``folder``; QtMultimedia is
    loaded on ``prepare`` (after the display's first frame)."""

    def __init__(self, folder: Path) -> None:
        self._path = folder / "call-chime.wav"
        self._effect: object | None = None
        self._prepared = False
        self._available = False

    @property
    def available(self) -> bool:
        return self._available

    @property
    def playing(self) -> bool:
        effect = self._effect
        return bool(effect is not None and effect.isPlaying())  # type: ignore[attr-defined]

    def prepare(self) -> bool:
        """Load the tone; False (said once) when there is no audio output to play it on."""
        if self._prepared:
            return self._available
        self._prepared = True
        try:
            from PySide6.QtCore import QUrl
            from PySide6.QtMultimedia import QMediaDevices, QSoundEffect

            if QMediaDevices.defaultAudioOutput().isNull():
                raise RuntimeError("no audio output device")
            self._path.parent.mkdir(parents=True, exist_ok=True)
            self._path.write_bytes(chime_wav())
            effect = QSoundEffect()
            effect.setSource(QUrl.fromLocalFile(str(self._path)))
            effect.setVolume(0.9)
            self._effect = effect
            self._available = True
        except Exception as error:  # no backend, no device: calls are shown and spoken only
            log.warning("the call chime is silent: %s", error)
        return self._available

    def play(self) -> bool:
        if not self.prepare() or self._effect is None:
            return False
        effect = self._effect
        if effect.status() == effect.Status.Error:  # type: ignore[attr-defined]
            log.warning("the call chime is silent: the sound could not be played")
            self._available, self._effect = False, None
            return False
        effect.play()  # type: ignore[attr-defined]
        return True
