"""Read aloud, on the kiosk's side: the speech worker process that owns QTextToSpeech
(``speech_worker.py``: speech-dispatcher with espeak-ng in production, ``mock`` in tests), and
what a screen says: the visible texts and button names of the QML tree, in order.

Nothing here may hang or crash the kiosk. The GUI thread only writes to the worker's stdin and
reads its stdout when Qt says there is something to read (QProcess); every answer has a
deadline. A missing engine or voice, a speech-dispatcher that accepts connections but never
answers (it wedges like that when its audio device fails), a worker that misses a deadline,
crashes or exits: all become "unavailable", with a reason the screen can show, and the kiosk
goes on.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLocale, QObject, QProcess, QTimer, Signal

from kiosk_app.qt.translator import qt_locale_name

if TYPE_CHECKING:
    from PySide6.QtQuick import QQuickItem

log = logging.getLogger(__name__)

READY_TIMEOUT_MS = 8000  # start-up: the interpreter, QtTextToSpeech, espeak-ng's voice list
ACK_TIMEOUT_MS = 2000  # each command, from when the worker is free to take it
RETRY_AFTER_S = 120.0  # a failed read aloud gets a new worker at a session end after this
DEFAULT_VOLUME = 0.8
# espeak-ng names Mandarin "cmn", which QLocale does not know (its voices come back as locale C).
VOICE_NAME_HINTS = {"zh_Hans": ("Chinese (Mandarin",)}
SENTENCE_ENDS = tuple(".!?:;。！？؟…")


class SpeechFailure(Enum):
    """Why read aloud is unavailable (the screen's note depends on it)."""

    NO_ENGINE = "no_engine"  # no engine, plugin or daemon
    NOT_RESPONDING = "not_responding"  # the daemon or the worker missed a deadline
    STOPPED = "stopped"  # the worker crashed or exited


@dataclass(frozen=True)
class Voice:
    """A voice the worker offers: the engine's name for it and its locale (``en_US``; ``C``
    where QLocale does not know the language, as for espeak-ng's Mandarin)."""

    name: str
    locale: str


def worker_command(engine: str) -> list[str]:
    """The speech worker's command line: this interpreter, or in the PyInstaller bundle the
    bundle's own executable with its hidden ``speech-worker`` command (cli.py)."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "speech-worker", engine]
    return [sys.executable, "-m", "kiosk_app.qt.speech_worker", engine]


def choose_voice(voices: list[Voice], language: str) -> Voice | None:
    """The voice for a launch language: same language, the plain (not ``+variant``) voice first,
    the language's usual territory (de_DE, ar_EG …) before others."""
    wanted = QLocale(qt_locale_name(language))
    hints = VOICE_NAME_HINTS.get(language, ())
    matching = [
        (voice, QLocale(voice.locale))
        for voice in voices
        if QLocale(voice.locale).language() == wanted.language()
        or any(voice.name.startswith(hint) for hint in hints)
    ]

    def rank(pair: tuple[Voice, QLocale]) -> tuple[bool, bool]:
        voice, locale = pair
        return ("+" in voice.name, locale.territory() != wanted.territory())

    return min(matching, key=rank)[0] if matching else None


class SpeechOutput(QObject):
    """The kiosk's read aloud: one speech worker process, started after the first frame
    (``start``) or on the first tap, and talked to without ever waiting for it.

    ``readyChanged`` is emitted when the voices are known and when read aloud becomes
    unavailable (``failure``, ``problem``) or available again (``retry_after_failure``).
    """

    readyChanged = Signal()

    def __init__(
        self,
        engine: str,
        parent: QObject | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self._engine_name = engine
        self._clock = clock  # for the retry pause only; deadlines are QTimers
        self._process: QProcess | None = None
        self._ending: set[QProcess] = set()  # killed, not yet reaped
        self._output = bytearray()
        self._ready = False
        self._voices: list[Voice] = []
        self._chosen: dict[str, Voice | None] = {}
        self._failure: SpeechFailure | None = None
        self._problem = ""
        self._failed_at = 0.0
        self._closed = False
        self._volume = DEFAULT_VOLUME
        self._last_id = 0
        self._unanswered: set[int] = set()
        self._queued: tuple[str, str] | None = None  # said before the voices were known
        self._speaking = False
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.timeout.connect(self._deadline_passed)

    # --- availability ------------------------------------------------------------------------

    @property
    def prepared(self) -> bool:
        """True once the voices are known or read aloud is unavailable."""
        return self._ready or self._failure is not None

    @property
    def failure(self) -> SpeechFailure | None:
        return self._failure

    @property
    def problem(self) -> str:
        """Why there is no speech at all, for the log and the self-test (empty: none known)."""
        return self._problem

    @property
    def worker_pid(self) -> int:
        """The speech worker's process id (0: none running)."""
        return int(self._process.processId()) if self._process is not None else 0

    def start(self) -> None:
        """Start the worker, unless it runs, read aloud failed or the kiosk closes."""
        if self._process is not None or self._failure is not None or self._closed:
            return
        program, *arguments = worker_command(self._engine_name)
        process = QProcess(self)
        process.setProgram(program)
        process.setArguments(arguments)
        # Its warnings reach the journal as ours do; it never writes what it says.
        process.setProcessChannelMode(QProcess.ProcessChannelMode.ForwardedErrorChannel)
        process.readyReadStandardOutput.connect(lambda: self._read(process))
        process.errorOccurred.connect(lambda error: self._process_error(process, error))
        process.finished.connect(lambda code, status: self._process_finished(process, code, status))
        process.finished.connect(process.deleteLater)
        self._process = process
        self._output.clear()
        self._deadline.start(READY_TIMEOUT_MS)
        process.start()

    def retry_after_failure(self) -> None:
        """A new worker once ``RETRY_AFTER_S`` have passed since read aloud failed (a daemon
        restarted, an audio device back); called at the end of a session."""
        if self._failure is None or self._closed:
            return
        if self._clock() - self._failed_at < RETRY_AFTER_S:
            return
        log.info("read aloud: trying again")
        self._failure = None
        self._problem = ""
        self.readyChanged.emit()
        self.start()

    def shutdown(self) -> None:
        """End the worker for good (the kiosk closes)."""
        self._closed = True
        self._deadline.stop()
        self._ready = False
        self._queued = None
        processes = [*self._ending, *([self._process] if self._process is not None else [])]
        self._process = None
        self._ending.clear()
        for process in processes:
            # Nothing of it may call back into this object, which may be torn down next.
            process.readyReadStandardOutput.disconnect()
            process.errorOccurred.disconnect()
            process.finished.disconnect()
            if process.state() != QProcess.ProcessState.NotRunning:
                process.kill()
                process.waitForFinished(1000)  # SIGKILL: reaped at once, never a wait on speech
            process.deleteLater()

    def voice_for(self, language: str) -> Voice | None:
        if not self._ready:
            return None
        if language not in self._chosen:
            self._chosen[language] = choose_voice(self._voices, language)
        return self._chosen[language]

    def languages_with_voice(self, languages: list[str]) -> list[str]:
        return [code for code in languages if self.voice_for(code) is not None]

    # --- speaking ----------------------------------------------------------------------------

    def set_volume(self, volume: float) -> None:
        self._volume = volume
        self._send({"cmd": "volume", "value": volume})

    def say(self, text: str, language: str) -> bool:
        """Speak ``text`` with the language's voice, interrupting what was being said. Before
        the voices are known it waits for them (and starts the worker if need be)."""
        if self._failure is not None or self._closed or not text.strip():
            return False
        if not self._ready:
            self._queued = (text, language)
            self.start()
            return True
        voice = self.voice_for(language)
        if voice is None:
            return False
        self._send({"cmd": "say", "text": text, "voice": voice.name, "locale": voice.locale})
        self._speaking = True
        return True

    def stop(self) -> None:
        self._queued = None
        if self._speaking:
            self._send({"cmd": "stop"})
        self._speaking = False

    @property
    def speaking(self) -> bool:
        """Speaking as far as the kiosk knows (the worker's last report after the last
        command)."""
        return self._speaking

    # --- the worker --------------------------------------------------------------------------

    def _send(self, command: dict[str, Any]) -> None:
        if self._process is None or not self._ready:
            return
        self._last_id += 1
        command["id"] = self._last_id
        self._unanswered.add(self._last_id)
        # Queued by Qt and written when the pipe takes it: never blocks, even on a stuck worker.
        self._process.write((json.dumps(command, ensure_ascii=False) + "\n").encode())
        if not self._deadline.isActive():
            self._deadline.start(ACK_TIMEOUT_MS)

    def _read(self, process: QProcess) -> None:
        if process is not self._process:
            return
        self._output += process.readAllStandardOutput().data()
        while self._process is process and (end := self._output.find(b"\n")) >= 0:
            line = bytes(self._output[:end])
            del self._output[: end + 1]
            try:
                message = json.loads(line)
                self._handle(message)
            except (ValueError, KeyError, TypeError):
                self._fail(SpeechFailure.STOPPED, "the speech worker wrote something unreadable")

    def _handle(self, message: dict[str, Any]) -> None:
        if "ack" in message:
            answered = int(message["ack"])
            self._unanswered = {number for number in self._unanswered if number > answered}
            if self._unanswered:  # the next command's time starts now
                self._deadline.start(ACK_TIMEOUT_MS)
            else:
                self._deadline.stop()
        elif "state" in message:
            if message.get("after") == self._last_id:
                self._speaking = message["state"] == "speaking"
        elif "ready" in message:
            self._deadline.stop()
            voices = message["ready"]["voices"]
            self._voices = [Voice(str(v["name"]), str(v["locale"])) for v in voices]
            self._chosen.clear()
            self._ready = True
            log.info("read aloud: %d voices", len(self._voices))
            self._send({"cmd": "volume", "value": self._volume})
            self.readyChanged.emit()  # may switch read aloud off (no voice) and drop the queue
            queued, self._queued = self._queued, None
            if queued is not None:
                self.say(*queued)
        elif "unavailable" in message:
            details = message["unavailable"]
            self._fail(SpeechFailure(details["kind"]), str(details["reason"]))

    def _deadline_passed(self) -> None:
        if not self._ready:
            seconds = READY_TIMEOUT_MS // 1000
            self._fail(SpeechFailure.NOT_RESPONDING, f"no voices from the engine in {seconds} s")
        elif self._unanswered:
            seconds = ACK_TIMEOUT_MS // 1000
            self._fail(SpeechFailure.NOT_RESPONDING, f"the engine did not answer in {seconds} s")

    def _process_error(self, process: QProcess, error: QProcess.ProcessError) -> None:
        if error != QProcess.ProcessError.FailedToStart:
            return  # a crash is reported by ``finished``
        process.deleteLater()  # no ``finished`` follows
        if process is self._process:
            self._fail(SpeechFailure.NO_ENGINE, f"the speech worker did not start: {error.name}")

    def _process_finished(self, process: QProcess, code: int, status: QProcess.ExitStatus) -> None:
        self._ending.discard(process)
        if process is not self._process:
            return  # ended by us, or after it said why
        how = "crashed" if status == QProcess.ExitStatus.CrashExit else f"exited with {code}"
        self._fail(SpeechFailure.STOPPED, f"the speech worker {how}")

    def _fail(self, failure: SpeechFailure, reason: str) -> None:
        """Read aloud is unavailable: the worker is killed and the screen is told."""
        if self._failure is not None:
            return
        log.warning("read aloud is unavailable: %s", reason)
        self._failure = failure
        self._problem = reason
        self._failed_at = self._clock()
        self._ready = False
        self._speaking = False
        self._queued = None
        self._unanswered.clear()
        self._deadline.stop()
        process, self._process = self._process, None
        if process is not None and process.state() != QProcess.ProcessState.NotRunning:
            process.kill()  # SIGKILL: it may be stuck inside libspeechd; reaped when it ends
            self._ending.add(process)
        self.readyChanged.emit()


# --- what a screen says ----------------------------------------------------------------------


def _accessible(item: QQuickItem) -> QObject | None:
    for child in item.children():
        if child.inherits("QQuickAccessibleAttached"):
            return child
    return None


def is_button(item: QQuickItem) -> bool:
    """True for an item whose ``Accessible.role`` is Button (read through QML: PySide6 cannot
    convert the QAccessible::Role enum)."""
    if _accessible(item) is None:
        return False
    from PySide6.QtQml import QQmlExpression, qmlContext

    context = qmlContext(item)
    if context is None:
        return False
    value, failed = QQmlExpression(
        context, item, "Accessible.role === Accessible.Button"
    ).evaluate()
    return bool(value) and not failed


def accessible_name(item: QQuickItem) -> str:
    attached = _accessible(item)
    return str(attached.property("name") or "") if attached is not None else ""


# Not read out: the bar's own buttons, the top bar's Back/Start over, the keypad's keys, a
# form's keyboard and the Questions search's letter keys.
NOT_SPOKEN = frozenset({"a11y_bar", "top_bar", "keypad", "keyboard", "search_keyboard"})
_MASK = re.compile(r"[_•]+")  # the empty places of a case number or date mask


def _speakable(text: str) -> str:
    text = _MASK.sub("", text).strip(" -.")
    return text if any(char.isalnum() for char in text) else ""


def spoken_text(root: QQuickItem, skip: frozenset[str] = NOT_SPOKEN) -> str:
    """The visible texts and button names under ``root``, in tree (reading) order."""
    parts: list[str] = []

    def visit(item: QQuickItem) -> None:
        if not item.isVisible() or item.opacity() == 0 or item.objectName() in skip:
            return
        if is_button(item):
            name = accessible_name(item)
            if name:
                parts.append(name)
            return
        if item.inherits("QQuickText"):
            text = _speakable(str(item.property("text") or ""))
            if text:
                parts.append(text)
        for child in item.childItems():
            visit(child)

    visit(root)
    return "\n".join(p if p.endswith(SENTENCE_ENDS) else p + "." for p in parts)
