"""The counter's text snippets ("Textbausteine", issue 16): search the approved answers in
German, see the resident-language version beside it, hand it to the resident on A4 (German +
their language) or copy it as text for an e-mail. Placeholders are filled from the office's
data (the gateway's --office-data, read with the snippets) and the open case; a value nobody
set stays visible as ``[name]``.

The snippets are read at the gateway when the panel opens (off the GUI thread) and kept in the
counter's cache, so they still work while the gateway is out of reach (the panel says so)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtGui import QGuiApplication

from kiosk_app.core.catalog import CatalogHolder
from kiosk_app.core.clock import OfficeTime
from kiosk_app.core.formatting import format_datetime
from kiosk_app.core.i18n import N_, _
from kiosk_app.core.languages import LANGUAGES, is_right_to_left
from kiosk_app.core.languages import language as language_named
from kiosk_app.core.office_data import OfficeDataError, office_values
from kiosk_app.core.printout import Translation
from kiosk_app.core.snippet_fill import Value
from kiosk_app.core.snippets import GERMAN
from kiosk_app.core.statuses import STATUS_TEXTS, CaseStatus
from kiosk_app.counter.snippet_shelf import (
    SnippetShelf,
    fill_answer,
    resident_languages,
    search,
    text_in,
)
from kiosk_app.counter.views import OpenedCase
from kiosk_app.counter_qt.desk_port import Desk
from kiosk_app.counter_qt.live_panel import LivePanel
from kiosk_app.counter_qt.snippet_paper import AnswerColumn, SnippetPaper
from kiosk_app.counter_qt.words import error_message
from kiosk_app.qt.desk_writes import DeskWrites
from kiosk_app.qt.printing.backends import PaperPrinter
from sync.snippet_protocol import SnippetOut

HEADING = N_("Information from the office")
VERSION_LINE = N_("Text {id}, version {version}")
LEGAL_BASIS = N_("Legal basis: {basis}")
STATE_NAMES = {
    "approved": N_("approved"),
    "unapproved": N_("not approved yet"),
    "out_of_date": N_("out of date (the German text changed)"),
}


def _language_name(code: str) -> str:
    return language_named(code).native_name


class SnippetsViewModel(LivePanel):
    changed = Signal()
    rowsChanged = Signal()  # only when the list changed: it keeps its focus

    def __init__(
        self,
        desk: Desk,
        calls: DeskWrites,
        catalog: CatalogHolder,
        time: OfficeTime,
        office_name: str,
        open_case: Callable[[], OpenedCase | None],
        printer: Callable[[], PaperPrinter],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(desk, calls, time, None, parent)  # read when opened, not on a timer
        self._catalog = catalog
        self._office_name = office_name
        self._open_case = open_case
        self._printer = printer
        self._shelf: SnippetShelf | None = None
        self._query = ""
        self._selected: SnippetOut | None = None
        self._language = GERMAN
        self._printing = False

    # -- open and close ----------------------------------------------------------------------
    @Slot()
    def start(self) -> None:
        """The panel opened: the resident's language from the open case, then read."""
        case = self._open_case()
        if case is not None and case.language:
            self._language = case.language
        super().start()

    @Slot()
    def stop(self) -> None:
        self._notice = ""

    # -- reading (LivePanel) -----------------------------------------------------------------
    def _read_work(self) -> Callable[[], object]:
        return self._desk.snippets

    def _take(self, result: object) -> bool:
        if not isinstance(result, SnippetShelf):
            return False
        self._shelf = result
        if self._selected is not None:
            self._selected = result.get(self._selected.id)
        return True

    def _forget(self) -> None:
        self._shelf, self._selected = None, None
        self._query, self._language, self._printing = "", GERMAN, False

    def _build_rows(self) -> list[dict[str, object]]:
        found = search(self._shelf, self._query, limit=40) if self._shelf else []
        return [self._row(snippet) for snippet in found]

    # -- searching and choosing ----------------------------------------------------------------
    @Slot(str)
    def search(self, text: str) -> None:
        self._query = text
        self._update_rows()
        self.changed.emit()

    @Slot(str)
    def select(self, snippet_id: str) -> None:
        if self._shelf is None:
            return
        self._selected = self._shelf.get(snippet_id)
        self._notice = ""
        self.changed.emit()

    @Slot(str)
    def setLanguage(self, code: str) -> None:
        if code in {language.code for language in LANGUAGES}:
            self._language = code
            self._notice = ""
            self.changed.emit()

    # -- the texts ----------------------------------------------------------------------------
    def _values(self) -> dict[str, Value]:
        values: dict[str, Value] = {"office.name": self._office_name, **self._office()}
        case = self._open_case()
        if case is not None:
            catalog = self._catalog.current
            values["case.missing_documents"] = [
                catalog.document_name(code) for code in case.case.missing_documents
            ]
            values["case.status"] = STATUS_TEXTS[CaseStatus(case.case.status)].title
            now = self._time.now()
            upcoming = [b.start for b in case.case.bookings if b.active and b.start >= now]
            if upcoming:
                # Office wall time; aware, or Babel would read it as UTC.
                values["case.next_appointment"] = min(upcoming).replace(tzinfo=self._time.zone)
        return values

    def _office(self) -> dict[str, Value]:
        """The office's data read with the snippets (the gateway's --office-data)."""
        if self._shelf is None:
            return {}
        try:
            return office_values(self._shelf.office)
        except OfficeDataError:
            return {}  # the gateway checks its file at start: not expected

    def _column(self, snippet: SnippetOut, language: str) -> AnswerColumn | None:
        text = text_in(snippet, language)
        if text is None:
            return None
        words = Translation(language)
        values = self._values()
        # Names from the catalog and status titles are untranslated msgids: in the language.
        for name in ("case.missing_documents",):
            listed = values.get(name)
            if isinstance(listed, list):
                values[name] = [words(item) for item in listed]
        if isinstance(values.get("case.status"), str):
            values["case.status"] = words(str(values["case.status"]))
        filled = fill_answer(text.answer, values, language, self._time.timezone_name)
        # Latin runs isolated inside right-to-left text, or bidi reorders "§ 81 Abs. 4".
        isolate = (lambda run: f"\u2066{run}\u2069") if is_right_to_left(language) else str
        version = words(VERSION_LINE).format(id=isolate(snippet.id), version=text.version)
        if snippet.legal_basis:
            basis = words(LEGAL_BASIS).format(basis=isolate("; ".join(snippet.legal_basis)))
            version = f"{version} · {basis}"
        return AnswerColumn(language, words(HEADING), text.question, filled.text, version)

    def _missing(self) -> tuple[str, ...]:
        if self._selected is None:
            return ()
        text = text_in(self._selected, GERMAN)
        if text is None:
            return ()
        return fill_answer(text.answer, self._values(), GERMAN).missing

    # -- handing it over ----------------------------------------------------------------------
    def _paper(self) -> SnippetPaper | None:
        snippet = self._selected
        if snippet is None:
            return None
        plan = resident_languages(snippet, self._language)
        german = self._column(snippet, GERMAN)
        if german is None or not plan.printable:
            return None
        other = self._column(snippet, plan.other) if plan.other else None
        stamp = self._time.now().strftime("%Y%m%d-%H%M%S")
        return SnippetPaper(self._office_name, snippet.id, german, other, stamp)

    @Slot()
    def printForResident(self) -> None:
        paper = self._paper()
        if paper is None or self._printing:
            return
        self._printing = True
        self._message = self._notice = ""
        self.changed.emit()
        printer = self._printer()
        self._calls.run(lambda: printer.print_paper(paper), self._printed)

    def _printed(self, saved_to: object, failure: BaseException | None) -> None:
        self._printing = False
        if failure is None:
            self._notice = (
                _("Saved as {file}.").format(file=saved_to.name)
                if isinstance(saved_to, Path)
                else _("Printed.")
            )
        else:
            self._message = error_message(failure)
        self.changed.emit()

    def plain_text(self) -> str:
        """The filled snippet as plain text, German first (for an e-mail)."""
        paper = self._paper()
        if paper is None:
            return ""
        parts = []
        for column in (paper.german, paper.resident):
            if column is not None:
                parts.append(f"{column.question}\n\n{column.answer}\n\n{column.version_line}")
        return "\n\n———\n\n".join(parts)

    @Slot()
    def copyText(self) -> None:
        text = self.plain_text()
        if not text:
            return
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(text)
        self._notice = _("Copied: paste it into the e-mail.")
        self.changed.emit()

    # -- what QML shows -----------------------------------------------------------------------
    def _row(self, snippet: SnippetOut) -> dict[str, object]:
        german = text_in(snippet, GERMAN)
        state = german.state if german else "unapproved"
        return {
            "id": snippet.id,
            "question": german.question if german else snippet.id,
            "stateName": "" if state == "approved" else _(STATE_NAMES[state]),
            "demo": snippet.demo,
        }

    def _get_summary(self) -> str:
        shelf = self._shelf
        if shelf is None:
            return _("Reading the snippets…") if self._loading else ""
        when = format_datetime(self._local(shelf.read_at)) if shelf.read_at else "–"
        if shelf.source == "cache":
            return _(
                "The office's server cannot be reached: the snippets as read at {time}."
            ).format(time=when)
        return _("{count} snippets, as of {time}.").format(count=len(shelf.snippets), time=when)

    def _get_selected(self) -> bool:
        return self._selected is not None

    def _get_german(self) -> dict[str, str]:
        return self._shown(GERMAN)

    def _get_resident(self) -> dict[str, str]:
        if self._selected is None or self._language == GERMAN:
            return {}
        plan = resident_languages(self._selected, self._language)
        return self._shown(plan.other) if plan.other else {}

    def _shown(self, language: str | None) -> dict[str, str]:
        if self._selected is None or language is None:
            return {}
        column = self._column(self._selected, language)
        if column is None:
            return {}
        text = text_in(self._selected, language)
        state = text.state if text else "unapproved"
        return {
            "language": language,
            "languageName": _language_name(language),
            "rtl": "1" if is_right_to_left(language) else "",
            "question": column.question,
            "answer": column.answer,
            "version": column.version_line,
            "state": "" if state == "approved" else _(STATE_NAMES[state]),
        }

    def _get_notes(self) -> list[str]:
        snippet = self._selected
        if snippet is None:
            return []
        notes = []
        plan = resident_languages(snippet, self._language)
        if not plan.printable:
            notes.append(
                _("Not approved yet: this text may not be handed to residents or sent to them.")
            )
        if snippet.demo:
            notes.append(_("Demo content: no office has checked this text."))
        if plan.substituted and self._language != GERMAN:
            wanted = _language_name(self._language)
            notes.append(
                _("No approved text in {language}: English is given instead.").format(
                    language=wanted
                )
                if plan.other == "en"
                else _("No approved text in {language}: German only.").format(language=wanted)
            )
        missing = self._missing()
        if missing:
            notes.append(
                _("No value for {names}: shown in square brackets.").format(
                    names=", ".join(missing)
                )
            )
        return notes

    def _get_languages(self) -> list[dict[str, str]]:
        return [{"code": lang.code, "name": lang.native_name} for lang in LANGUAGES]

    def _get_language(self) -> str:
        return self._language

    def _get_printable(self) -> bool:
        return self._paper() is not None and not self._printing

    def _get_query(self) -> str:
        return self._query

    rows = Property("QVariantList", LivePanel._get_rows, notify=rowsChanged)
    summary = Property(str, _get_summary, notify=changed)
    selected = Property(bool, _get_selected, notify=changed)
    german = Property("QVariantMap", _get_german, notify=changed)
    resident = Property("QVariantMap", _get_resident, notify=changed)
    notes = Property("QVariantList", _get_notes, notify=changed)
    languages = Property("QVariantList", _get_languages, constant=True)
    language = Property(str, _get_language, notify=changed)
    printable = Property(bool, _get_printable, notify=changed)
    query = Property(str, _get_query, notify=changed)
    message = Property(str, LivePanel._get_message, notify=changed)
    notice = Property(str, LivePanel._get_notice, notify=changed)
    loading = Property(bool, LivePanel._get_loading, notify=changed)
