"""The speech worker: a child process of the kiosk that owns QTextToSpeech.

libspeechd blocks without a timeout when speech-dispatcher stops answering (it wedges like that
when its audio output hangs), and it has crashed when the daemon went away. In this process
either costs read aloud, never the kiosk's screen: the kiosk (``speech.py``) gives every answer
a deadline and kills this process when one is missed.

Started as ``python -m kiosk_app.qt.speech_worker ENGINE``, in the PyInstaller bundle as
``kiosk-app speech-worker ENGINE`` (``cli.py``). One JSON object per line each way. First, once:

- ``{"ready": {"voices": [{"name": …, "locale": "en_US"}, …]}}``, or
- ``{"unavailable": {"kind": "not_responding" | "no_engine", "reason": …}}``, and it exits.

Then commands on stdin, each answered ``{"ack": id}`` once the engine has taken it:
``{"id": 1, "cmd": "say", "text": …, "voice": …, "locale": …}``, ``{"id": 2, "cmd": "stop"}``,
``{"id": 3, "cmd": "volume", "value": 0.6}``. Engine state changes are reported as
``{"state": "speaking" | "ready" | "paused" | "error", "after": id}`` (the last command's id).
End of stdin ends the worker. What it is asked to say is never written anywhere else (it can
be a resident's case status).
"""

from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtTextToSpeech import QTextToSpeech, QVoice


def _send(message: dict[str, Any]) -> None:
    try:
        sys.stdout.buffer.write(json.dumps(message, ensure_ascii=False).encode() + b"\n")
        sys.stdout.buffer.flush()
    except BrokenPipeError:  # the kiosk is gone
        os._exit(0)


def _die_with_the_kiosk() -> None:
    """SIGKILL this process when the kiosk dies, even while it is stuck inside libspeechd
    (then it never sees the end of its stdin)."""
    if not sys.platform.startswith("linux"):
        return
    import contextlib
    import ctypes
    import signal

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def offered_voices(voices: list[QVoice]) -> list[dict[str, str]]:
    """The voices the kiosk can choose from: espeak-ng lists ~13,000 (every language times
    ~100 ``+variant``s); the kiosk prefers a plain voice, so variants are left out for a
    locale that has one."""
    plain_locales = {voice.locale().name() for voice in voices if "+" not in voice.name()}
    return [
        {"name": voice.name(), "locale": voice.locale().name()}
        for voice in voices
        if "+" not in voice.name() or voice.locale().name() not in plain_locales
    ]


class CommandReader:
    """Reads command lines from stdin as they arrive and hands them to the engine."""

    def __init__(self, tts: QTextToSpeech, voices: list[QVoice]) -> None:
        from PySide6.QtCore import QCoreApplication, QSocketNotifier

        self._tts = tts
        self._voices = {(voice.name(), voice.locale().name()): voice for voice in voices}
        self._buffer = b""
        self._current = 0
        self._notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
        self._notifier.activated.connect(self._readable)
        self._quit = QCoreApplication.quit
        tts.stateChanged.connect(self._state_changed)

    def _readable(self) -> None:
        data = os.read(sys.stdin.fileno(), 65536)
        if not data:  # the kiosk closed our stdin or exited
            self._notifier.setEnabled(False)
            self._quit()
            return
        self._buffer += data
        *lines, self._buffer = self._buffer.split(b"\n")
        for line in lines:
            try:
                command = json.loads(line)
                self._run(command)
            except (ValueError, KeyError, TypeError):
                print("speech worker: a malformed command was ignored", file=sys.stderr)

    def _run(self, command: dict[str, Any]) -> None:
        self._current = int(command["id"])
        kind = command["cmd"]
        if kind == "say":
            self._tts.stop()  # a new screen interrupts the last one
            voice = self._voices.get((command["voice"], command["locale"]))
            if voice is not None and self._tts.voice() != voice:
                self._tts.setVoice(voice)
            self._tts.say(str(command["text"]))
        elif kind == "stop":
            self._tts.stop()
        elif kind == "volume":
            self._tts.setVolume(float(command["value"]))
        _send({"ack": self._current})

    def _state_changed(self, state: QTextToSpeech.State) -> None:
        _send({"state": state.name.lower(), "after": self._current})


def main(argv: list[str]) -> int:
    """Run the worker for the engine ``argv[0]`` (``speechd`` or ``mock``) until stdin ends."""
    engine = argv[0] if argv else "speechd"
    _die_with_the_kiosk()
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication([sys.argv[0], *argv])
    if engine == "speechd":
        from kiosk_app.qt.speechd_probe import NOT_ANSWERING, speechd_answers

        problem = speechd_answers(spawn=True)
        if problem:
            kind = "not_responding" if problem.startswith(NOT_ANSWERING) else "no_engine"
            _send({"unavailable": {"kind": kind, "reason": problem}})
            return 0
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech

        tts = QTextToSpeech(engine)
    except Exception as error:  # no QtTextToSpeech module or plugin
        _send({"unavailable": {"kind": "no_engine", "reason": str(error)}})
        return 0
    if tts.state() == QTextToSpeech.State.Error:
        reason = tts.errorString() or "the speech engine did not start"
        _send({"unavailable": {"kind": "no_engine", "reason": reason}})
        return 0
    # None: every locale's voices (the stubs say a locale is required)
    voices = list(tts.allVoices(None))  # type: ignore[arg-type]
    _send({"ready": {"voices": offered_voices(voices)}})
    _reader = CommandReader(tts, voices)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
