"""Read-aloud through QtTextToSpeech (speech-dispatcher with espeak-ng in production, ``mock`` in
tests), and what a screen says: the visible texts and button names of the QML tree, in order.

Nothing here may hang or crash the kiosk: a missing engine, a missing voice or a speech-dispatcher
that accepts connections but never answers (it wedges like that when its audio device fails) all
become "unavailable", with a reason the screen can show.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QObject, QTimer, Signal

from kiosk_app.qt.translator import qt_locale_name

if TYPE_CHECKING:
    from PySide6.QtQuick import QQuickItem
    from PySide6.QtTextToSpeech import QTextToSpeech, QVoice

log = logging.getLogger(__name__)

PROBE_TIMEOUT_S = 0.8
# espeak-ng names Mandarin "cmn", which QLocale does not know (its voices come back as locale C).
VOICE_NAME_HINTS = {"zh_Hans": ("Chinese (Mandarin",)}
SENTENCE_ENDS = tuple(".!?:;。！？؟…")


def speechd_socket() -> Path:
    """Where libspeechd connects: ``$SPEECHD_ADDRESS``, else the per-user runtime socket."""
    address = os.environ.get("SPEECHD_ADDRESS", "")
    if address.startswith("unix_socket:"):
        return Path(address.removeprefix("unix_socket:"))
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    base = Path(runtime) if runtime else Path.home() / ".cache"
    return base / "speech-dispatcher" / "speechd.sock"


class _NotRunning(Exception):
    """No speech-dispatcher behind the socket (missing or refused): it can be spawned."""


def _ask(path: Path, timeout_s: float) -> str:
    """Empty when the daemon answers an SSIP request in time, else why not."""
    if not path.exists():
        raise _NotRunning
    import socket  # the probe runs after the first frame: keep it out of start-up

    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(timeout_s)
            connection.connect(str(path))
            connection.sendall(b"SET SELF CLIENT_NAME kiosk:kiosk-app:probe\r\n")
            reply = connection.recv(256)
            connection.sendall(b"QUIT\r\n")
    except (ConnectionRefusedError, FileNotFoundError) as error:
        raise _NotRunning from error
    except OSError as error:  # timeouts included: a wedged daemon accepts but never answers
        return f"speech-dispatcher does not answer ({error})"
    if not reply.startswith(b"2"):
        return f"speech-dispatcher refused the probe: {reply[:40]!r}"
    return ""


def speechd_answers(timeout_s: float = PROBE_TIMEOUT_S, *, spawn: bool = False) -> str:
    """Empty when speech-dispatcher answers an SSIP request in time, else why not.

    A daemon that is not running is fine without ``spawn`` (libspeechd spawns it on connect);
    with ``spawn`` it is started here first (slow: call it off the GUI thread).
    """
    path = speechd_socket()
    try:
        return _ask(path, timeout_s)
    except _NotRunning:
        if not spawn:
            return ""
    import shutil
    import subprocess

    if shutil.which("speech-dispatcher") is None:
        return "speech-dispatcher is not installed"
    try:
        subprocess.run(
            ["speech-dispatcher", "--spawn"],
            timeout=10,
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return _ask(path, timeout_s)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"speech-dispatcher did not start: {error}"
    except _NotRunning:
        return "speech-dispatcher did not start"


def choose_voice(voices: list[QVoice], language: str) -> QVoice | None:
    """The voice for a launch language: same language, the plain (not ``+variant``) voice first,
    the language's usual territory (de_DE, ar_EG …) before others."""
    wanted = QLocale(qt_locale_name(language))
    hints = VOICE_NAME_HINTS.get(language, ())
    matching = [
        voice
        for voice in voices
        if voice.locale().language() == wanted.language()
        or any(voice.name().startswith(hint) for hint in hints)
    ]

    def rank(voice: QVoice) -> tuple[bool, bool]:
        return ("+" in voice.name(), voice.locale().territory() != wanted.territory())

    return min(matching, key=rank) if matching else None


class SpeechOutput(QObject):
    """One QTextToSpeech for the kiosk, created on first use (loading it costs a second).

    ``prepare_in_background`` checks speech-dispatcher in a plain thread (no Qt object there)
    and creates the engine in the GUI thread once it is known to answer.
    """

    readyChanged = Signal()

    def __init__(self, engine: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engine_name = engine
        self._tts: QTextToSpeech | None = None
        self._voices: list[QVoice] = []
        self._problem = ""
        self._prepared = False
        self._volume = 0.8
        self._probe_result: list[str] = []
        self._poll = QTimer(self)
        self._poll.setInterval(100)
        self._poll.timeout.connect(self._probe_done)

    # --- availability ------------------------------------------------------------------------

    @property
    def prepared(self) -> bool:
        return self._prepared

    @property
    def problem(self) -> str:
        """Why there is no speech at all (empty: an engine is there, or not checked yet)."""
        return self._problem

    def prepare(self, *, spawn: bool = False) -> None:
        """Create the engine now, in the GUI thread (a wedged daemon is caught by the probe);
        ``spawn`` starts speech-dispatcher first if it is not running (self-test)."""
        if self._prepared:
            return
        problem = speechd_answers(spawn=spawn) if self._engine_name == "speechd" else ""
        self._create(problem)

    def prepare_in_background(self) -> None:
        if self._prepared or self._poll.isActive():
            return
        if self._engine_name != "speechd":
            self.prepare()
            return
        result = self._probe_result

        def probe() -> None:
            result.append(speechd_answers(spawn=True))

        threading.Thread(target=probe, name="speechd-probe", daemon=True).start()
        self._poll.start()

    def _probe_done(self) -> None:
        if self._prepared:  # a tap prepared it meanwhile
            self._poll.stop()
            return
        if self._probe_result:
            self._poll.stop()
            self._create(self._probe_result[0])

    def _create(self, problem: str) -> None:
        self._prepared = True
        if not problem:
            try:
                from PySide6.QtTextToSpeech import QTextToSpeech

                tts = QTextToSpeech(self._engine_name, self)
                if tts.state() == QTextToSpeech.State.Error:
                    problem = tts.errorString() or "the speech engine did not start"
                else:
                    self._tts = tts
                    # None: every locale's voices (the stubs say a locale is required)
                    self._voices = list(tts.allVoices(None))  # type: ignore[arg-type]
                    tts.setVolume(self._volume)
            except Exception as error:  # no QtTextToSpeech module or plugin: stay silent
                problem = str(error)
        if problem:
            log.warning("read-aloud is unavailable: %s", problem)
        self._problem = problem
        self.readyChanged.emit()

    def voice_for(self, language: str) -> QVoice | None:
        return choose_voice(self._voices, language) if self._tts is not None else None

    def languages_with_voice(self, languages: list[str]) -> list[str]:
        return [code for code in languages if self.voice_for(code) is not None]

    # --- speaking ----------------------------------------------------------------------------

    def set_volume(self, volume: float) -> None:
        self._volume = volume
        if self._tts is not None:
            self._tts.setVolume(volume)

    def say(self, text: str, language: str) -> bool:
        """Speak ``text`` with the language's voice, interrupting what was being said."""
        voice = self.voice_for(language)
        if self._tts is None or voice is None or not text.strip():
            return False
        self._tts.stop()
        if self._tts.voice() != voice:
            self._tts.setVoice(voice)
        self._tts.say(text)
        return True

    def stop(self) -> None:
        if self._tts is not None:
            self._tts.stop()

    @property
    def speaking(self) -> bool:
        from PySide6.QtTextToSpeech import QTextToSpeech

        return self._tts is not None and self._tts.state() == QTextToSpeech.State.Speaking


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


# Not read out: the bar's own buttons, the top bar's Back/Start over, the keypad's keys.
NOT_SPOKEN = frozenset({"a11y_bar", "top_bar", "keypad"})
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
