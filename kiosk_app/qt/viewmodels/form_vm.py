"""The form screens (issue 17): choose a request for the found case (or "I have a question"
without one), answer one question per step on the keyboard, keypad or buttons the question
needs, review the answers with "change" for each, submit through the outbox, print the dated
receipt.

States: ``choose`` (the case's forms), ``step``, ``review``, ``submitting`` (the command is
written to the outbox off the GUI thread), ``printing``, ``done`` (printed, saved as a file, or
the print failed: the reference stays on screen), ``failed`` (the outbox could not be written:
nothing was submitted, the answers are still there to try again). Everything the resident
typed is in memory only until the outbox has it, and is forgotten at the session's end (home,
idle timeout: the idle warning comes first).

Chinese free text is typed in Pinyin (``core.pinyin_input``): letters compose, a candidate
row offers the characters, Space takes the first, Erase takes a letter back while composing.
Only what was chosen is the answer; "Next" keeps letters not yet chosen as typed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk_app.core.flow import KioskFlow
from kiosk_app.core.forms.definition import FieldDef, FormDef, load_forms
from kiosk_app.core.forms.keyboards import layout_for
from kiosk_app.core.forms.messages import error_message
from kiosk_app.core.forms.session import FormSession, day_from_digits
from kiosk_app.core.i18n import N_, _
from kiosk_app.core.languages import is_right_to_left
from kiosk_app.core.pinyin_input import PinyinComposition
from kiosk_app.core.print_errors import PrintFailed
from kiosk_app.core.reference import new_reference
from kiosk_app.qt.desk_writes import DeskWrites

if TYPE_CHECKING:
    from kiosk_app.core.clock import OfficeTime
    from kiosk_app.core.forms.receipt import FormReceiptText
    from kiosk_app.core.status_lookup import StatusAnswer
    from kiosk_app.form_desk import CaseRequestState, KioskFormDesk, SubmittedForm
    from kiosk_app.qt.printing.jobs import PrintJobs

log = logging.getLogger(__name__)

FormDeskSource = Callable[[], "KioskFormDesk | None"]
QUESTION_FORM = "question"
YES, NO = N_("Yes"), N_("No")
NOT_ANSWERED = N_("Not answered")
STEP_OF = N_("Question {step} of {count}")
SUBMIT_FAILED = N_(
    "Your request could not be saved on this kiosk. Nothing was sent. Please try again or "
    "ask at the counter."
)
PRINTED = N_("Please take your receipt from the printer.")
SAVED = N_("Your receipt was saved as a file: {path}")
PRINT_FAILED = N_(
    "The receipt could not be printed. Your request was received: please note the reference."
)
# What a resident looking up the case sees of its requests (issue 17).
REQUEST_STATES = {
    "waiting": N_("Received here, being passed on to the office"),
    "new": N_("Received by the office"),
    "in_progress": N_("Being processed"),
    "done": N_("Dealt with by the office"),
}
REQUEST_LINE = N_("{title}, received on {date}")
NO_DESK = N_("Requests cannot be made at this kiosk right now. Please ask at the counter.")


class FormViewModel(QObject):
    changed = Signal()
    stepChanged = Signal()  # a new question shows: read aloud again

    def __init__(
        self,
        desk: FormDeskSource,
        flow: KioskFlow,
        jobs: PrintJobs,
        *,
        office_name: str,
        time: OfficeTime,
        forms: Callable[[], dict[str, FormDef]] = load_forms,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._desk = desk
        self._flow = flow
        self._jobs = jobs
        self._office_name = office_name
        self._time = time
        self._load_forms = forms
        self._forms: dict[str, FormDef] | None = None
        self._writes = DeskWrites(self)
        self._case: StatusAnswer | None = None
        self._session: FormSession | None = None
        self._state = "choose"
        self._draft: dict[str, str] = {}
        self._error = ""
        self._shift = False
        self._pinyin = PinyinComposition()  # the table is read when the first letter is typed
        self._receipt = ""
        self._submitted: SubmittedForm | None = None
        self._print_failed = False
        self._saved_to: Path | None = None
        self._message = ""
        self.paper: FormReceiptText | None = None  # the last receipt sent to the printer
        self._requests: list[CaseRequestState] = []  # of the case on the result screen
        self._reads = DeskWrites(self)

    # --- session ----------------------------------------------------------------------------

    def remember_case(self, answer: StatusAnswer) -> None:
        """The lookup found a case: its requests are tied to it (its lookup key); what it
        requested before, and the state, is read (off the GUI thread) for the result screen."""
        self._case = answer
        self._requests = []
        self._reads.forget_all()
        desk = self._desk()
        if desk is not None and answer.lookup_key:
            key = answer.lookup_key
            self._reads.run(lambda: desk.case_requests(key), self._requests_read)
        self.changed.emit()

    def _requests_read(self, found: object, failure: BaseException | None) -> None:
        if failure is not None or not isinstance(found, list):
            log.warning("case requests failed: %s", type(failure).__name__)
            return
        self._requests = found
        self.changed.emit()

    def reset(self) -> None:
        """Session end: forget the case, the answers and anything typed."""
        self._writes.forget_all()
        self._reads.forget_all()
        self._requests = []
        self._case, self._session, self._draft = None, None, {}
        self._state, self._error, self._shift, self._receipt = "choose", "", False, ""
        self._submitted, self._print_failed, self._saved_to, self._message = None, False, None, ""
        self._pinyin.clear()
        self.paper = None
        self.changed.emit()

    def retranslate(self) -> None:
        if self._session is not None:
            self._session.language = self._flow.language
        self._pinyin.clear()  # another language's keyboard
        self.changed.emit()

    def forms(self) -> dict[str, FormDef]:
        if self._forms is None:
            self._forms = self._load_forms()
        return self._forms

    @Slot()
    def startForCase(self) -> None:
        """The result screen's "make a request": the forms for this case."""
        self._clear()
        self._state = "choose"
        self._flow.start_form()
        self.changed.emit()

    @Slot()
    def startQuestion(self) -> None:
        """The welcome screen's "I have a question": without a case."""
        self._case = None
        self._clear()
        self._flow.start_form()
        self.chooseForm(QUESTION_FORM)

    def _clear(self) -> None:
        self._pinyin.clear()
        self._session, self._draft, self._error, self._receipt = None, {}, "", ""
        self._submitted, self._print_failed, self._saved_to, self._message = None, False, None, ""

    @Slot(str)
    def chooseForm(self, form_id: str) -> None:
        form = self.forms().get(form_id)
        if form is None or (form.case == "required" and self._case is None):
            return
        self._session = FormSession(form, self._flow.language, self._time.today())
        self._receipt = new_reference()  # one per submission: a retry sends the same form
        self._state = "step"
        self._step_changed()

    def _step_changed(self) -> None:
        self._error, self._shift = "", False
        self._pinyin.clear()
        session = self._session
        if session is not None and session.reviewing:
            self._state = "review"
        elif session is not None:
            self._state = "step"
            f = session.current()
            if f is not None and f.id not in self._draft:
                self._draft[f.id] = _draft_of(f, session.value(f.id))
        self.changed.emit()
        self.stepChanged.emit()

    # --- answering --------------------------------------------------------------------------

    def _field(self) -> FieldDef | None:
        return self._session.current() if self._session is not None else None

    @Slot(str)
    def typeKey(self, key: str) -> None:
        f = self._field()
        if f is None:
            return
        text = self._draft.get(f.id, "")
        if f.type in ("date", "number"):
            if key.isdigit() and len(text) < (8 if f.type == "date" else 9):
                self._draft[f.id] = text + key
        elif self._typing_pinyin(f):
            self._type_pinyin(f, key)
        else:
            self._draft[f.id] = text + (key.upper() if self._shift else key)
            self._shift = False
        self._error = ""
        self.changed.emit()

    def _typing_pinyin(self, f: FieldDef) -> bool:
        return layout_for(f.type, self._flow.language).pinyin

    def _type_pinyin(self, f: FieldDef, key: str) -> None:
        """A letter composes; Space takes the first candidate while composing; any other key
        first turns the whole composition into its best candidates."""
        composition = self._pinyin
        if composition.type(key):
            return
        if key == " " and composition.composing:
            self._commit(f, composition.choose_first())
            return
        self._commit(f, composition.convert_all() + key)

    def _commit(self, f: FieldDef, text: str) -> None:
        """Chosen text joins the answer; its length and form are checked at "Next"."""
        self._draft[f.id] = self._draft.get(f.id, "") + text

    @Slot(int)
    def chooseCandidate(self, index: int) -> None:
        """A candidate of the row (its index among all candidates): it joins the answer."""
        f = self._field()
        if f is not None and self._pinyin.composing:
            self._commit(f, self._pinyin.choose_index(index))
            self._error = ""
            self.changed.emit()

    @Slot()
    def moreCandidates(self) -> None:
        self._pinyin.next_page()
        self.changed.emit()

    @Slot()
    def keepLetters(self) -> None:
        """The composition's letters as typed (a Latin word in Chinese text)."""
        f = self._field()
        if f is not None and self._pinyin.composing:
            self._commit(f, self._pinyin.take_letters())
            self.changed.emit()

    @Slot()
    def erase(self) -> None:
        f = self._field()
        if f is not None:
            if not self._pinyin.erase():  # while composing: the last letter typed
                self._draft[f.id] = self._draft.get(f.id, "")[:-1]
            self.changed.emit()

    @Slot()
    def clearAnswer(self) -> None:
        f = self._field()
        if f is not None:
            self._draft[f.id] = ""
            self._pinyin.clear()
            self.changed.emit()

    @Slot()
    def toggleShift(self) -> None:
        self._shift = not self._shift
        self.changed.emit()

    @Slot(bool)
    def answerYesNo(self, value: bool) -> None:
        self._submit_step(value)

    @Slot(str)
    def chooseCode(self, code: str) -> None:
        f = self._field()
        if f is None or self._session is None:
            return
        if f.type == "choice":
            self._submit_step(code)
            return
        chosen = list(self._chosen(f))
        if code in chosen:
            chosen.remove(code)
        else:
            chosen.append(code)
        self._draft[f.id] = "\n".join(chosen)
        self._error = ""
        self.changed.emit()

    def _chosen(self, f: FieldDef) -> list[str]:
        return [code for code in self._draft.get(f.id, "").split("\n") if code]

    @Slot()
    def next(self) -> None:
        """The step's "next" (typed answers, dates, multiple choice)."""
        f = self._field()
        if f is None:
            return
        if self._pinyin.composing:  # letters not yet chosen stay as typed
            self._commit(f, self._pinyin.take_letters())
        draft = self._draft.get(f.id, "")
        value: object
        if f.type == "multi_choice":
            value = self._chosen(f)
        elif f.type == "date":
            value = "" if not draft else day_from_digits(draft)
        elif f.type == "number":
            value = int(draft) if draft else ""
        elif f.type == "yes_no":
            return
        else:
            value = draft
        self._submit_step(value)

    def _submit_step(self, value: object) -> None:
        if self._session is None or self._state != "step":
            return
        problem = self._session.submit_step(value)
        if problem is not None:
            self._error = error_message(problem)
            self.changed.emit()
            self.stepChanged.emit()  # the message is read aloud too
            return
        self._step_changed()

    @Slot()
    def back(self) -> None:
        if self._state in ("submitting", "printing"):
            return
        if self._state in ("step", "review") and self._session is not None:
            if self._session.back():
                self._step_changed()
                return
            if self._case is not None:  # from the first question to the case's forms
                self._session, self._draft, self._state = None, {}, "choose"
                self.changed.emit()
                return
        self._flow.back()

    @Slot(str)
    def change(self, field_id: str) -> None:
        if self._session is not None and self._state == "review":
            self._session.change(field_id)
            self._draft.pop(field_id, None)
            self._step_changed()

    # --- submitting -------------------------------------------------------------------------

    @Slot()
    def submit(self) -> None:
        session, desk = self._session, self._desk()
        if session is None or self._state != "review":
            return
        if desk is None:
            self._message = _(NO_DESK)
            self._state = "failed"
            self.changed.emit()
            return
        errors = session.errors()
        if errors:  # not expected after the steps; go to the first one
            first = next(iter(errors))
            session.change(first)
            self._step_changed()
            self._error = error_message(errors[first])
            self.changed.emit()
            return
        form, answers = session.form, dict(session.answers)
        receipt, language = self._receipt, session.language
        key = self._case.lookup_key if self._case is not None else None
        self._state = "submitting"
        self.changed.emit()
        self._writes.run(
            lambda: desk.submit(
                form, answers, receipt=receipt, language=language, lookup_key=key or None
            ),
            self._submitted_done,
        )

    def _submitted_done(
        self, submitted: SubmittedForm | None, failure: BaseException | None
    ) -> None:
        if failure is not None or submitted is None:
            log.warning("form not queued: %s", type(failure).__name__)
            self._message = _(SUBMIT_FAILED)
            self._state = "failed"
            self.changed.emit()
            return
        self._submitted = submitted
        self._session_answers_forget()
        self._state = "printing"
        self.changed.emit()
        self._print(submitted)

    def _session_answers_forget(self) -> None:
        """Submitted: the outbox has the answers; the screen keeps only the form's title."""
        if self._session is not None:
            self._session.answers.clear()
        self._draft = {}

    def _print(self, submitted: SubmittedForm) -> None:
        from kiosk_app.core.forms.receipt import compose_form_receipt
        from kiosk_app.qt.printing.form_receipt import print_form_receipt

        assert self._session is not None
        received_local = self._office_time(submitted.received_at)
        permit_ends = self._case.record.permit_valid_until if self._case is not None else None
        text = compose_form_receipt(
            self._session.form,
            receipt=submitted.receipt,
            language=self._session.language,
            office_name=self._office_name,
            kiosk=submitted.kiosk or "-",
            received_at=received_local,
            permit_ends=permit_ends,
        )
        self.paper = text
        printer = self._jobs.printer
        self._jobs.submit_work(lambda: print_form_receipt(printer, text), self._printed)

    def _office_time(self, moment: datetime) -> datetime:
        """The gateway-judged instant on the office's wall clock (naive, as printouts say)."""
        return moment.astimezone(self._time.zone).replace(tzinfo=None)

    def _printed(self, failure: PrintFailed | None, saved_to: Path | None) -> None:
        if self._state != "printing":
            return  # the session ended meanwhile
        self._print_failed = failure is not None
        self._saved_to = saved_to
        if failure is not None:
            self._message = _(PRINT_FAILED)
        elif saved_to is not None:
            self._message = _(SAVED).format(path=f"\u2066{saved_to}\u2069")
        else:
            self._message = _(PRINTED)
        self._state = "done"
        self.changed.emit()
        self.stepChanged.emit()

    @Slot()
    def finish(self) -> None:
        self._flow.home()

    @Slot()
    def retry(self) -> None:
        if self._state == "failed" and self._session is not None and self._session.answers:
            self._state = "review"
            self.changed.emit()

    # --- what the screen shows --------------------------------------------------------------

    @Property(str, notify=changed)
    def state(self) -> str:
        return self._state

    @Property("QVariantList", notify=changed)
    def formChoices(self) -> list[dict[str, str]]:
        with_case = self._case is not None
        # The extension application first: a permit that lapses costs the most (§ 81 (4)).
        ordered = sorted(self.forms().values(), key=lambda form: form.id != "extend_permit")
        return [
            {"id": form.id, "title": _(form.title)}
            for form in ordered
            if with_case or form.case == "optional"
        ]

    @Property("QVariantList", notify=changed)
    def caseRequests(self) -> list[dict[str, str]]:
        """The found case's requests, newest first: what, when received, and the state."""
        from kiosk_app.core.printout import Translation

        tr = Translation(self._flow.language)
        out = []
        for request in self._requests:
            form = self.forms().get(request.form_id)
            title = _(form.title) if form is not None else request.form_id
            day = tr.long_date(self._office_time(request.submitted_at).date())
            out.append(
                {
                    "text": _(REQUEST_LINE).format(title=title, date=day),
                    "state": _(REQUEST_STATES.get(request.status, "Received by the office")),
                    "status": request.status,
                }
            )
        return out

    @Property(str, notify=changed)
    def formTitle(self) -> str:
        return _(self._session.form.title) if self._session is not None else ""

    @Property(str, notify=changed)
    def stepText(self) -> str:
        if self._session is None or self._state != "step":
            return ""
        step, count = self._session.step_number()
        return _(STEP_OF).format(step=step, count=count)

    @Property(str, notify=changed)
    def sectionTitle(self) -> str:
        f, session = self._field(), self._session
        if f is None or session is None:
            return ""
        section = next(s for s in session.form.sections if f in s.fields)
        return _(section.title)

    @Property(str, notify=changed)
    def fieldId(self) -> str:
        f = self._field()
        return f.id if f is not None else ""

    @Property(str, notify=changed)
    def fieldType(self) -> str:
        f = self._field()
        return f.type if f is not None else ""

    @Property(str, notify=changed)
    def label(self) -> str:
        f = self._field()
        return _(f.label) if f is not None else ""

    @Property(str, notify=changed)
    def help(self) -> str:
        f = self._field()
        return _(f.help) if f is not None and f.help else ""

    @Property(bool, notify=changed)
    def optional(self) -> bool:
        f = self._field()
        return f is not None and not (f.required or f.must_be_yes)

    @Property("QVariantList", notify=changed)
    def choices(self) -> list[dict[str, Any]]:
        f, session = self._field(), self._session
        if f is None or session is None or f.codes is None:
            return []
        chosen = [str(session.value(f.id) or "")] if f.type == "choice" else self._chosen(f)
        return [
            {"code": code, "label": _(label), "selected": code in chosen}
            for code, label in session.form.code_lists[f.codes].items()
        ]

    @Property(str, notify=changed)
    def draft(self) -> str:
        """What is typed so far; a date as DD.MM.YYYY with the places still to type."""
        f = self._field()
        if f is None:
            return ""
        text = self._draft.get(f.id, "")
        if f.type == "date":
            mask = (text + "_" * 8)[:8]
            return f"{mask[:2]}.{mask[2:4]}.{mask[4:]}"
        return text

    @Property(str, notify=changed)
    def yesNoValue(self) -> str:
        f, session = self._field(), self._session
        if f is None or session is None or f.type != "yes_no":
            return ""
        value = session.value(f.id)
        return "" if value is None else ("yes" if value else "no")

    @Property("QVariantList", notify=changed)
    def keyboardRows(self) -> list[list[str]]:
        f = self._field()
        if f is None or f.type not in ("text", "latin_text"):
            return []
        layout = layout_for(f.type, self._flow.language)
        if self._shift and layout.shift:
            return [[key.upper() for key in row] for row in layout.rows]
        return [list(row) for row in layout.rows]

    @Property(bool, notify=changed)
    def keyboardShift(self) -> bool:
        f = self._field()
        return f is not None and layout_for(f.type, self._flow.language).shift

    @Property(bool, notify=changed)
    def keyboardRightToLeft(self) -> bool:
        f = self._field()
        return f is not None and layout_for(f.type, self._flow.language).right_to_left

    @Property(str, notify=changed)
    def keyboardLayout(self) -> str:
        f = self._field()
        return layout_for(f.type, self._flow.language).id if f is not None else ""

    @Property(bool, notify=changed)
    def shiftOn(self) -> bool:
        return self._shift

    @Property(bool, notify=changed)
    def keyboardPinyin(self) -> bool:
        """The keyboard composes Pinyin (Chinese free text) and shows the candidate row."""
        f = self._field()
        return f is not None and self._typing_pinyin(f)

    @Property(str, notify=changed)
    def composition(self) -> str:
        """The Pinyin letters typed and not yet chosen."""
        return self._pinyin.text

    @Property("QVariantList", notify=changed)
    def candidates(self) -> list[dict[str, Any]]:
        """The candidate row's page: each with its index among all candidates."""
        return self._pinyin.row()

    @Property(bool, notify=changed)
    def hasMoreCandidates(self) -> bool:
        return self._pinyin.offers_more()

    @Property(str, notify=changed)
    def error(self) -> str:
        return self._error

    @Property("QVariantList", notify=changed)
    def reviewItems(self) -> list[dict[str, str]]:
        session = self._session
        if session is None or self._state != "review":
            return []
        out = []
        for f in session.steps():
            value = session.value(f.id)
            out.append({"fieldId": f.id, "label": _(f.label), "value": self._shown(f, value)})
        return out

    def _shown(self, f: FieldDef, value: object) -> str:
        assert self._session is not None
        form = self._session.form
        if value is None or value == "":
            return _(NOT_ANSWERED)
        if f.type == "yes_no":
            return _(YES) if value else _(NO)
        if f.type == "choice":
            return _(form.code_label(f, str(value)) or str(value))
        if f.type == "multi_choice" and isinstance(value, list):
            return ", ".join(_(form.code_label(f, code) or code) for code in value)
        if f.type == "date":
            from datetime import date

            from kiosk_app.core.printout import Translation

            return Translation(self._flow.language).long_date(date.fromisoformat(str(value)))
        text = str(value)
        return f"\u2068{text}\u2069"  # typed text keeps its own direction

    @Property(str, notify=changed)
    def reference(self) -> str:
        return self._submitted.receipt if self._submitted is not None else ""

    @Property(bool, notify=changed)
    def inTime(self) -> bool:
        return self.paper is not None and self.paper.in_time is not None

    @Property(str, notify=changed)
    def inTimeText(self) -> str:
        return self.paper.in_time.resident if self.paper and self.paper.in_time else ""

    @Property(str, notify=changed)
    def receivedText(self) -> str:
        return self.paper.received.resident if self.paper is not None else ""

    @Property(str, notify=changed)
    def message(self) -> str:
        return self._message

    @Property(bool, notify=changed)
    def printFailed(self) -> bool:
        return self._print_failed

    @Property(bool, notify=changed)
    def rightToLeft(self) -> bool:
        return is_right_to_left(self._flow.language)


def _draft_of(f: FieldDef, value: object) -> str:
    if value is None:
        return ""
    if f.type == "date":
        day = str(value)
        return f"{day[8:10]}{day[5:7]}{day[:4]}"
    if f.type == "multi_choice" and isinstance(value, list):
        return "\n".join(value)
    if f.type in ("yes_no", "choice"):
        return ""
    return str(value)
