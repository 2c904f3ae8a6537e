"""One resident filling in one form at the kiosk, step by step (issue 17), without Qt.

A step is one shown field (``engine.visible_fields``): the steps change as answers show or hide
fields. ``submit_step`` checks the step's answer alone (the resident's language message comes
from ``messages.error_message``) and moves on; after the last step comes the review, where
``change`` jumps back to one answer and the next ``submit_step`` returns to the review (or to
a question the new answer opened). Answers of fields that became hidden are dropped, so the
review and the submission hold only what the resident saw. Memory only: nothing is stored
before ``ready`` and the outbox (docs/forms.md "At the kiosk").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .definition import FieldDef, FormDef
from .engine import Answer, check_value, shown, validate, visible_fields

_DIGITS = re.compile(r"^\d{8}$")


def day_from_digits(digits: str) -> str | None:
    """A date typed on the keypad as DDMMYYYY, as an ISO day; None when no such day exists."""
    if not _DIGITS.match(digits):
        return None
    try:
        return date(int(digits[4:]), int(digits[2:4]), int(digits[:2])).isoformat()
    except ValueError:
        return None


@dataclass
class FormSession:
    form: FormDef
    language: str  # the session's language: free text is tagged with it
    today: date  # the office's day: date ranges count from it
    answers: dict[str, Answer] = field(default_factory=dict)
    position: int = 0  # index into ``steps()``; ``reviewing`` once all are answered
    reviewing: bool = False
    _changing: bool = False  # came from the review: the next step goes back there

    def steps(self) -> list[FieldDef]:
        return visible_fields(self.form, self.answers)

    def current(self) -> FieldDef | None:
        steps = self.steps()
        if self.reviewing or not steps:
            return None
        return steps[min(self.position, len(steps) - 1)]

    def step_number(self) -> tuple[int, int]:
        """(this step, of how many) as the resident counts them, from 1."""
        steps = self.steps()
        return min(self.position, len(steps) - 1) + 1, len(steps)

    def check(self, value: object) -> str | None:
        """The error code of ``value`` as the current step's answer, or None."""
        f = self.current()
        if f is None:
            return None
        if _blank(value):
            return "required" if f.required or f.must_be_yes else None
        if f.type == "date" and value is None:
            return "bad_date"
        answer = self._answer(f, value)
        return check_value(self.form, f, answer, self.today)

    def submit_step(self, value: object) -> str | None:
        """Answer the current step and move on; the error code (nothing moves) or None.
        A date comes as its ISO day, or None when the typed day does not exist."""
        f = self.current()
        if f is None:
            return None
        problem = self.check(value)
        if problem is not None:
            return problem
        if _blank(value):
            self.answers.pop(f.id, None)
        else:
            self.answers[f.id] = self._answer(f, value)
        self._drop_hidden()
        steps = self.steps()
        index = next((i for i, s in enumerate(steps) if s.id == f.id), self.position)
        if self._changing:
            # Back to the review, unless the new answer opened a question not yet answered.
            opened = next(
                (i for i, s in enumerate(steps) if i > index and not self._answered(s)), None
            )
            if opened is None:
                self._changing = False
                self.reviewing = True
                return None
            self.position = opened
            return None
        self.position = index + 1
        if self.position >= len(steps):
            self.reviewing = True
        return None

    def back(self) -> bool:
        """One step back (from the review: the last step); False at the first step."""
        if self.reviewing:
            self.reviewing = False
            self._changing = False
            self.position = len(self.steps()) - 1
            return True
        if self.position == 0:
            return False
        self.position -= 1
        return True

    def change(self, field_id: str) -> None:
        """From the review: answer ``field_id`` again, then return to the review."""
        steps = self.steps()
        index = next((i for i, s in enumerate(steps) if s.id == field_id), None)
        if index is None:
            return
        self.position, self.reviewing, self._changing = index, False, True

    def value(self, field_id: str) -> object:
        answer = self.answers.get(field_id)
        return None if answer is None else answer.value

    def errors(self) -> dict[str, str]:
        """The whole answer set checked again (the review's submit)."""
        return validate(self.form, self.answers, self.today)

    def _answer(self, f: FieldDef, value: object) -> Answer:
        if isinstance(value, str):
            value = value.strip()
        if isinstance(value, list | tuple):
            value = [str(code) for code in value]
        assert isinstance(value, str | bool | int | list)
        return Answer(value, self.language if f.free_text else None)

    def _answered(self, f: FieldDef) -> bool:
        optional_text = f.type in ("text", "latin_text") and not f.required
        return f.id in self.answers or optional_text

    def _drop_hidden(self) -> None:
        for field_id in list(self.answers):
            f = self.form.field(field_id)
            if f is None or not shown(self.form, f, self.answers):
                del self.answers[field_id]


def _blank(value: object) -> bool:
    return (isinstance(value, str) and not value.strip()) or (
        isinstance(value, list | tuple) and not value
    )
