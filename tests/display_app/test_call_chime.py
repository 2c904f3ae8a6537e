"""The call display's chime (``kiosk_app.display_qt.chime``): a generated two-note tone, sounded
before each call is spoken (speech waits until it has faded), skipped without an audio device.
No sound card needed: the tone is read back as a WAV file, the chime's player and the speech are
recorded at their boundaries, and "no audio device" is QtMultimedia's null device."""

from __future__ import annotations

import io
import itertools
import struct
import wave
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtMultimedia import QAudioDevice

from kiosk_app.display_qt import chime as chime_module
from kiosk_app.display_qt.announcer import CHIME_S, Announcer
from kiosk_app.display_qt.chime import NOTES, RATE, SoundChime, chime_wav


class Recorder:
    """Speech and chime at their boundaries, in one log."""

    def __init__(self, *, audio: bool = True) -> None:
        self.log: list[str] = []
        self.prepared = True
        self.speaking = False
        self.failure: object | None = None
        self.available = audio
        self.playing = False

    # the speech worker's side
    def start(self) -> None:
        pass

    def say(self, text: str, language: str) -> bool:
        self.log.append(f"say {language}: {text}")
        return True

    def retry_after_failure(self) -> None:
        pass

    def shutdown(self) -> None:
        pass

    # the chime's side
    def play(self) -> bool:
        self.log.append("chime")
        return self.available


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


CALL = [("Nummer A 42, bitte zu Schalter 3", "de"), ("رقم A 42، إلى الشباك 3", "ar")]


def samples(wav: bytes) -> tuple[int, list[int]]:
    with wave.open(io.BytesIO(wav)) as read:
        assert (read.getnchannels(), read.getsampwidth()) == (1, 2)
        frames = read.readframes(read.getnframes())
        return read.getframerate(), list(struct.unpack(f"<{len(frames) // 2}h", frames))


def crossings(values: list[int]) -> int:
    return sum(1 for a, b in itertools.pairwise(values) if a < 0 <= b)


def test_the_tone_is_two_falling_notes_under_a_second_never_clipped() -> None:
    rate, values = samples(chime_wav())
    assert rate == RATE
    seconds = len(values) / rate
    assert 0.6 < seconds < 1.0  # short: a chime, not a tune
    peak = max(abs(v) for v in values)
    assert 0.3 * 32767 < peak < 0.7 * 32767  # loud enough, headroom left
    assert abs(values[0]) < 200  # fades in: no click
    first = int(NOTES[0][1] * rate)
    # upward zero crossings per second ~ the note's pitch: E5 first, then the lower C5
    high = crossings(values[:first]) / NOTES[0][1]
    low = crossings(values[first:]) / NOTES[1][1]
    assert abs(high - NOTES[0][0]) < 30 and abs(low - NOTES[1][0]) < 30


def test_the_chime_sounds_before_each_call_and_speech_waits_for_it(
    qapp: QGuiApplication,
) -> None:
    recorder, clock = Recorder(), Clock()
    announcer = Announcer(recorder, chime=recorder, clock=clock)
    announcer.announce(CALL)
    assert recorder.log == ["chime"]  # nothing said over the chime
    clock.now += CHIME_S / 2
    announcer._tick()
    assert recorder.log == ["chime"]
    clock.now += CHIME_S
    announcer._tick()
    announcer._tick()
    assert recorder.log == ["chime", f"say de: {CALL[0][0]}", f"say ar: {CALL[1][0]}"]
    announcer.announce(CALL[:1])  # the next call chimes again
    announcer._tick()
    assert recorder.log[3:] == ["chime"]


def test_without_an_audio_device_the_call_is_spoken_at_once(qapp: QGuiApplication) -> None:
    recorder = Recorder(audio=False)
    announcer = Announcer(recorder, chime=recorder, clock=Clock())
    announcer.announce(CALL[:1])
    assert recorder.log == [f"say de: {CALL[0][0]}"]


def test_without_speech_the_chime_still_sounds(qapp: QGuiApplication) -> None:
    recorder = Recorder()
    recorder.failure = RuntimeError("speech-dispatcher gone")
    announcer = Announcer(recorder, chime=recorder, clock=Clock())
    announcer.announce(CALL)
    assert recorder.log == ["chime"] and not announcer.available


def test_the_player_says_plainly_when_there_is_no_audio_device(
    qapp: QGuiApplication,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from PySide6 import QtMultimedia

    monkeypatch.setattr(
        QtMultimedia.QMediaDevices, "defaultAudioOutput", staticmethod(lambda: QAudioDevice())
    )
    player = SoundChime(tmp_path)
    with caplog.at_level("WARNING", logger=chime_module.__name__):
        assert player.play() is False
    assert not player.available and not player.playing
    assert "no audio output device" in caplog.text
    assert player.play() is False and caplog.text.count("silent") == 1  # said once
