"""A kiosk process for the forms kill -9 test: submits questions through the forms desk and
syncs, again and again, until it is killed. Prints ``submitted <receipt>`` only after
``submit`` returned (the resident saw the reference on the screen)."""

from __future__ import annotations

import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from kiosk_app.core.forms.definition import load_forms
from kiosk_app.core.forms.engine import Answer
from kiosk_app.core.reference import new_reference
from kiosk_app.form_desk import KioskFormDesk
from kiosk_app.store.connection import open_cache
from sync.engine import EngineSettings, SyncEngine

ANSWERS = {
    "topic": Answer("fees"),
    "question_text": Answer("سؤال تجريبي عن الرسوم", "ar"),
    "reply_by": Answer("at_visit"),
}


def main() -> None:
    path, key = Path(sys.argv[1]), bytes.fromhex(sys.argv[2])
    start, anchor = datetime.fromisoformat(sys.argv[3]), float(sys.argv[4])

    def clock() -> datetime:
        return start + timedelta(seconds=time.time() - anchor)

    settings = EngineSettings(timeout_s=2, clock=clock)
    engine = SyncEngine(lambda: open_cache(path, key), lambda _status: None, settings)
    desk = KioskFormDesk(lambda: open_cache(path, key), clock=clock)
    form = load_forms()["question"]
    while True:
        for _ in range(3):
            receipt = new_reference()
            desk.submit(form, ANSWERS, receipt=receipt, language="ar", lookup_key=None)
            print(f"submitted {receipt}", flush=True)
        engine.sync_once()


if __name__ == "__main__":
    main()
