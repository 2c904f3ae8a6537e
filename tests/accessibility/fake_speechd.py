"""A fake speech-dispatcher that wedges, run as its own process by the tests.

It listens on a unix socket (the kiosk finds it through ``SPEECHD_ADDRESS=unix_socket:PATH``)
and speaks enough SSIP for libspeechd and QtTextToSpeech (a German and an English voice), until
a line starts with ``WEDGE_AT``: from then on it answers nothing on any connection and keeps
them all open, as the real daemon does when its audio output hangs. ``WEDGE_AT`` empty: it
accepts connections and never answers at all.

    python fake_speechd.py SOCKET_PATH WEDGE_AT

It prints ``listening`` once the socket is bound, ``wedged at <command>`` when it wedges, and
``said: <line>`` for each line of text it is asked to speak. ``FAKE_SPEECHD_VOICES`` (e.g.
``ar fa``) adds espeak-ng voices of those languages to the list.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
import threading

# As espeak-ng names them; QtTextToSpeech wants a voice for the system locale, and under
# LANG=C (the kiosk's unit) that is Mandarin's: QLocale does not know "cmn" either.
VOICES = (
    b"249-German\tde\tnone\r\n249-English (America)\ten-US\tnone\r\n"
    b"249-Chinese (Mandarin, latin as English)\tcmn\tnone\r\n249 OK VOICE LIST SENT\r\n"
)
EXTRA_VOICES = b"".join(
    f"249-{code}\t{code}\tnone\r\n".encode()
    for code in os.environ.get("FAKE_SPEECHD_VOICES", "").split()
)
VOICES = EXTRA_VOICES + VOICES
REPLIES = {
    "SET SELF CLIENT_NAME": b"208 OK CLIENT NAME SET\r\n",
    "LIST OUTPUT_MODULES": b"250-espeak-ng\r\n250 OK MODULE LIST SENT\r\n",
    "GET OUTPUT_MODULE": b"251-espeak-ng\r\n251 OK GET RETURNED\r\n",
    "LIST SYNTHESIS_VOICES": VOICES,
    "GET VOLUME": b"251-100\r\n251 OK GET RETURNED\r\n",
    "SPEAK": b"230 OK RECEIVING DATA\r\n",
    "CANCEL": b"213 OK CANCELED\r\n",
    "QUIT": b"231 HAPPY HACKING\r\n",
}
wedged = threading.Event()
wedge_lock = threading.Lock()


def reply_to(line: str) -> bytes:
    command = line.upper()
    for prefix, reply in REPLIES.items():
        if command.startswith(prefix):
            return reply
    return b"200 OK\r\n"  # every SET (language, voice, volume, priority, notification)


def serve(connection: socket.socket, wedge_at: str) -> None:
    with contextlib.suppress(OSError):  # the client went away (its speech worker was killed)
        answer(connection, wedge_at)


def answer(connection: socket.socket, wedge_at: str) -> None:
    buffer = b""
    receiving_text = False
    with connection:
        while chunk := connection.recv(4096):
            buffer += chunk
            while b"\r\n" in buffer:
                raw, buffer = buffer.split(b"\r\n", 1)
                line = raw.decode(errors="replace")
                with wedge_lock:
                    if not wedged.is_set() and line.upper().startswith(wedge_at):
                        wedged.set()
                        print(f"wedged at {line.split(' ')[0][:20]}", flush=True)
                if wedged.is_set():
                    continue
                if receiving_text:  # the text of a SPEAK ends with a line holding a dot
                    if line == ".":
                        receiving_text = False
                        connection.sendall(b"225-1\r\n225 OK MESSAGE QUEUED\r\n")
                    else:
                        print(f"said: {line}", flush=True)
                    continue
                receiving_text = line.upper().startswith("SPEAK")
                connection.sendall(reply_to(line))


def main(path: str, wedge_at: str) -> None:
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(16)
    print("listening", flush=True)
    while True:
        connection, _ = server.accept()
        threading.Thread(target=serve, args=(connection, wedge_at.upper()), daemon=True).start()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
