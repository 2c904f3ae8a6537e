"""What the waiting room's call display shows and says for a call (issue 15), in German and in
the ticket holder's language: "Nummer A 42, bitte zu Schalter 3." Qt-free; each language's text
comes from its own gettext catalog (the display shows two languages at once, so it never uses
the process-wide active catalog)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kiosk_app.core.i18n import N_, load_catalog, placeholders_match

RIGHT_TO_LEFT = frozenset({"ar", "fa"})
SPOKEN_FIRST = "de"

CALL_TO_COUNTER = N_("Number {number}, please go to counter {counter}.")
CALL_TO_PLACE = N_("Number {number}, please go to {counter}.")  # a counter named without number
COUNTER = N_("Counter {counter}")
CONNECTION_LOST = N_("Connection interrupted")
LAST_CALLS = N_("Last calls")
NO_CALLS = N_("No number called yet")
WAITING = N_("{letter}: {count} waiting, about {low}–{high} min")

_NUMBERED = re.compile(r"^\D*?(\d+)\s*$")


@cache
def text(message: str, language: str) -> str:
    """``message`` in ``language`` (the English source where the catalog has none, or where a
    translation lost a placeholder)."""
    translated = load_catalog(language).gettext(message)
    return translated if placeholders_match(message, translated) else message


def spoken_label(label: str) -> str:
    """``A 042`` as it is read out: ``A 42``."""
    letter, _, number = label.partition(" ")
    return f"{letter} {int(number)}" if number.isdigit() else label


def counter_number(counter_name: str) -> str | None:
    """The counter's number in its name (``Schalter 3`` → ``3``), or None."""
    found = _NUMBERED.match(counter_name)
    return found.group(1) if found else None


@dataclass(frozen=True)
class CallWords:
    """One call's words in one language."""

    language: str
    counter: str  # "Schalter 3", "Counter 3", "الشباك 3" (the name itself when it has no number)
    sentence: str  # shown
    spoken: str  # said: the number read as "A 42"
    right_to_left: bool


def call_words(label: str, counter_name: str, language: str) -> CallWords:
    number = counter_number(counter_name)
    if number is None:
        counter = counter_name
        pattern = text(CALL_TO_PLACE, language)
    else:
        counter = text(COUNTER, language).format(counter=number)
        pattern = text(CALL_TO_COUNTER, language)
    filled = number if number is not None else counter_name
    return CallWords(
        language=language,
        counter=counter,
        sentence=pattern.format(number=label, counter=filled),
        spoken=pattern.format(number=spoken_label(label), counter=filled),
        right_to_left=language in RIGHT_TO_LEFT,
    )
