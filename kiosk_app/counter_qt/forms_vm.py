"""The counter's forms inbox ("Anträge", issue 17): the forms residents submitted at kiosks,
newest first, one opened in German exactly as the gateway renders it (free text as typed,
flagged, never machine-translated), and its processing state (new / in progress / done) set
by the clerk. Live at the gateway (the answers are never cached at the counter); re-read every
30 s while the panel is open, off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk_app.core.case_number import CaseNumber
from kiosk_app.core.clock import OfficeTime
from kiosk_app.core.errors import CaseNumberIncomplete, NumberLooksMistyped
from kiosk_app.core.formatting import format_datetime, format_time
from kiosk_app.core.forms.definition import load_forms
from kiosk_app.core.i18n import N_, _
from kiosk_app.core.languages import LANGUAGES
from kiosk_app.core.languages import language as language_named
from kiosk_app.counter_qt.desk_port import Desk
from kiosk_app.counter_qt.live_panel import LivePanel
from kiosk_app.counter_qt.words import error_message
from kiosk_app.qt.desk_writes import DeskWrites
from sync.form_protocol import FormInbox, FormRendition, FormStatus, FormSummary

REFRESH_MS = 30_000
NO_VALUE = "–"
STATES: tuple[FormStatus, ...] = ("new", "in_progress", "done")
STATE_NAMES = {"new": N_("new"), "in_progress": N_("in progress"), "done": N_("done")}
FORMS_MESSAGES: dict[str, str] = {
    "offline": N_(
        "The office's server cannot be reached. The forms are kept there only, so the inbox "
        "cannot be shown just now; please try again shortly."
    ),
    "forbidden": N_("Your role may not read or change the residents' forms."),
    "unknown_form": N_("This form is not known at the office's server."),
}


def forms_message(error: BaseException) -> str:
    code = str(getattr(error, "code", "") or "")
    if code in FORMS_MESSAGES:
        return _(FORMS_MESSAGES[code])
    return error_message(error)


def masked_case(case_number: str) -> str:
    """The case number masked as the day's list masks it (``CounterDesk``)."""
    try:
        return CaseNumber.parse(case_number).masked()
    except (CaseNumberIncomplete, NumberLooksMistyped):
        return "••••" + case_number[-4:]


def _language_name(code: str) -> str:
    known = {language.code for language in LANGUAGES}
    return language_named(code).native_name if code in known else code


class FormsViewModel(LivePanel):
    changed = Signal()
    rowsChanged = Signal()  # only when the rows' content changed: the list keeps its focus
    openCaseRequested = Signal(str)  # the linked case's number, for the case view

    def __init__(
        self,
        desk: Desk,
        calls: DeskWrites,
        time: OfficeTime,
        refresh_ms: int = REFRESH_MS,
        parent: QObject | None = None,
        *,
        print_form: Callable[[FormRendition], Path | None] | None = None,
    ) -> None:
        super().__init__(desk, calls, time, refresh_ms, parent)
        self._print_form = print_form  # the German PDF for the case file, in a worker
        self._page: FormInbox | None = None
        self._form: FormRendition | None = None
        self._form_filter = ""  # a form's id, or "" for every form
        self._state_filter = ""  # new, in_progress, done, or "" for every state
        self._form_titles = {form.id: form.title for form in load_forms().values()}  # German

    # -- reading (LivePanel) -----------------------------------------------------------------
    def _read_work(self) -> Callable[[], object]:
        form_id, state = self._form_filter or None, self._state_filter or None
        return lambda: self._desk.forms(form_id, state)

    def _take(self, result: object) -> bool:
        if not isinstance(result, FormInbox):
            return False
        self._page = result
        self._follow_open_form()
        return True

    def _forget(self) -> None:
        self._page, self._form = None, None

    def _failure_message(self, failure: BaseException) -> str:
        return forms_message(failure)

    def _build_rows(self) -> list[dict[str, object]]:
        return [self._row(form) for form in self._page.forms] if self._page else []

    @Slot(str)
    def setFormFilter(self, form_id: str) -> None:
        """Only this form's requests ("" for all), read again at the gateway (the inbox shows
        the newest 200, so a filter on the list here could miss older ones)."""
        self._set_filters(form_id if form_id in self._form_titles else "", self._state_filter)

    @Slot(str)
    def setStateFilter(self, state: str) -> None:
        self._set_filters(self._form_filter, state if state in STATE_NAMES else "")

    def _set_filters(self, form_id: str, state: str) -> None:
        if (form_id, state) == (self._form_filter, self._state_filter):
            return
        self._form_filter, self._state_filter = form_id, state
        self._page = None  # the list under the old filter is not this one
        self._update_rows()
        self.changed.emit()
        self._read_again()

    def _follow_open_form(self) -> None:
        """The open form's state as the list now says (another clerk may have changed it)."""
        if self._form is None or self._page is None:
            return
        for summary in self._page.forms:
            if summary.receipt == self._form.summary.receipt:
                self._form = self._form.model_copy(update={"summary": summary})

    @Slot(str)
    def openForm(self, receipt: str) -> None:
        if not receipt:
            return
        self._message = self._notice = ""
        self.changed.emit()
        self._calls.run(lambda: self._desk.form(receipt), self._opened)

    def _opened(self, form: object, failure: BaseException | None) -> None:
        if failure is None and isinstance(form, FormRendition):
            self._form = form
        elif failure is not None:
            self._message = forms_message(failure)
        self.changed.emit()

    @Slot()
    def closeForm(self) -> None:
        self._form = None
        self._notice = ""
        self.changed.emit()

    # -- acting ------------------------------------------------------------------------------
    @Slot(str)
    def setState(self, status: str) -> None:
        if self._form is None or status not in STATES or self._acting:
            return
        receipt = self._form.summary.receipt
        state: FormStatus = status  # type: ignore[assignment]
        self._act(lambda: self._desk.set_form_status(receipt, state))

    @Slot()
    def printForm(self) -> None:
        """The opened form in German on A4 (or as a PDF file) for the case file."""
        if self._form is None or self._print_form is None or self._acting:
            return
        form, print_form = self._form, self._print_form
        self._acting = True
        self._message = self._notice = ""
        self.changed.emit()
        self._calls.run(lambda: print_form(form), self._form_printed)

    def _form_printed(self, saved_to: object, failure: BaseException | None) -> None:
        self._acting = False
        if failure is not None:
            from kiosk_app.core.print_errors import PrintFailed, print_failure_message

            error = failure if isinstance(failure, PrintFailed) else PrintFailed()
            self._message = print_failure_message(error)
        elif isinstance(saved_to, Path):
            self._notice = _("Saved for the case file: {path}").format(path=saved_to)
        else:
            self._notice = _("Printed for the case file.")
        self.changed.emit()

    @Slot()
    def openCase(self) -> None:
        if self._form is not None and self._form.summary.case_number:
            self.openCaseRequested.emit(self._form.summary.case_number)

    def _action_done(self, summary: object) -> None:
        if not isinstance(summary, FormSummary):
            return
        if self._form is not None and self._form.summary.receipt == summary.receipt:
            self._form = self._form.model_copy(update={"summary": summary})
        self._notice = _("Form {receipt} is now: {state}.").format(
            receipt=summary.receipt, state=_(STATE_NAMES[summary.status])
        )

    # -- what QML shows ----------------------------------------------------------------------
    def _row(self, form: FormSummary) -> dict[str, object]:
        return {
            "receipt": form.receipt,
            "title": form.title,  # German: the office's language (§ 23 VwVfG)
            "receivedAt": format_datetime(self._local(form.submitted_at)),
            "caseNumber": masked_case(form.case_number) if form.case_number else NO_VALUE,
            "language": _language_name(form.language),
            "state": form.status,
            "stateName": _(STATE_NAMES[form.status]),
            "foreignText": form.foreign_text,
            "foreignTextWords": _("translation may be needed") if form.foreign_text else "",
        }

    def _get_count(self) -> int:
        return len(self._page.forms) if self._page else 0

    def _get_summary(self) -> str:
        if self._page is None:
            return _("Reading the forms…") if self._loading else ""
        new = sum(form.status == "new" for form in self._page.forms)
        return _("As of {time}: {count} forms, {new} new.").format(
            time=format_time(self._local(self._page.server_time)),
            count=len(self._page.forms),
            new=new,
        )

    def _get_form_filters(self) -> list[dict[str, str]]:
        return [{"code": "", "label": _("All forms")}] + [
            {"code": code, "label": title} for code, title in sorted(self._form_titles.items())
        ]

    def _get_state_filters(self) -> list[dict[str, str]]:
        return [{"code": "", "label": _("All states")}] + [
            {"code": code, "label": _(name)} for code, name in STATE_NAMES.items()
        ]

    def _get_form_filter(self) -> str:
        return self._form_filter

    def _get_state_filter(self) -> str:
        return self._state_filter

    def _get_form_open(self) -> bool:
        return self._form is not None

    def _get_form_title(self) -> str:
        return self._form.summary.title if self._form else ""

    def _get_form_facts(self) -> list[dict[str, str]]:
        form = self._form
        if form is None:
            return []
        summary = form.summary
        facts = [
            {"label": _("Receipt"), "value": summary.receipt},
            {"label": _("Received"), "value": format_datetime(self._local(summary.submitted_at))},
            {
                "label": _("Case"),
                "value": masked_case(summary.case_number)
                if summary.case_number
                else _("none (a question without a case)"),
            },
            {"label": _("Language at the kiosk"), "value": form.language_name},
            {"label": _("State"), "value": self._state_words(summary)},
        ]
        if form.version_note:
            facts.append({"label": _("Note"), "value": form.version_note})
        return facts

    def _state_words(self, summary: FormSummary) -> str:
        state = _(STATE_NAMES[summary.status])
        if summary.status_changed_by is None or summary.status_changed_at is None:
            return state
        return _("{state} (set by {name}, {time})").format(
            state=state,
            name=summary.status_changed_by,
            time=format_datetime(self._local(summary.status_changed_at)),
        )

    def _get_sections(self) -> list[dict[str, object]]:
        """The German rendition as the gateway sent it: labels and answers untouched."""
        if self._form is None:
            return []
        return [
            {
                "title": section.title,
                "answers": [
                    {"label": a.label, "text": a.text, "note": a.note or ""}
                    for a in section.answers
                ],
            }
            for section in self._form.sections
        ]

    def _get_form_state(self) -> str:
        return self._form.summary.status if self._form else ""

    def _get_has_case(self) -> bool:
        return bool(self._form and self._form.summary.case_number)

    rows = Property("QVariantList", LivePanel._get_rows, notify=rowsChanged)
    count = Property(int, _get_count, notify=changed)
    summary = Property(str, _get_summary, notify=changed)
    formFilters = Property("QVariantList", _get_form_filters, notify=changed)
    stateFilters = Property("QVariantList", _get_state_filters, notify=changed)
    formFilter = Property(str, _get_form_filter, notify=changed)
    stateFilter = Property(str, _get_state_filter, notify=changed)
    formOpen = Property(bool, _get_form_open, notify=changed)
    formTitle = Property(str, _get_form_title, notify=changed)
    formFacts = Property("QVariantList", _get_form_facts, notify=changed)
    sections = Property("QVariantList", _get_sections, notify=changed)
    formState = Property(str, _get_form_state, notify=changed)
    hasCase = Property(bool, _get_has_case, notify=changed)
    message = Property(str, LivePanel._get_message, notify=changed)
    notice = Property(str, LivePanel._get_notice, notify=changed)
    loading = Property(bool, LivePanel._get_loading, notify=changed)
    acting = Property(bool, LivePanel._get_acting, notify=changed)
