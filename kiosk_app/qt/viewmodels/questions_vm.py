"""The Questions screens (issue 16): the topic list first, a search on the on-screen letter
keyboard second, then one approved answer, shown verbatim, printed or read aloud.

A search offers at most three approved questions as buttons and "none of these"; the resident
picks, the kiosk never answers on its own guess. "None of these" and an empty search lead to
the topic list, booking or a walk-in ticket. What was typed lives in this view model only until
the search ends (never stored, never logged); the store counts only which topic was chosen.

Chinese is typed in Pinyin (``core.pinyin_input``: a candidate row above the letters, Space
takes the first candidate, Search and a word key take the best candidates for what is still
composing); its word keys stay, and its "ABC" keys type Latin words straight, which are
searched in the English and German texts too, the hits named by their Chinese questions.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk_app.core.flow import KioskFlow, Screen
from kiosk_app.core.i18n import N_, _
from kiosk_app.core.languages import LANGUAGES, is_right_to_left
from kiosk_app.core.pinyin_input import PinyinComposition
from kiosk_app.core.print_errors import PrintFailed
from kiosk_app.core.question_source import NoQuestions, QuestionSource, ShownAnswer
from kiosk_app.core.search_keyboard import LATIN, layout_for
from kiosk_app.qt.translator import LanguageSwitcher

if TYPE_CHECKING:
    from kiosk_app.core.answer_receipt import AnswerReceiptText
    from kiosk_app.core.status_lookup import StatusAnswer
    from kiosk_app.qt.printing.jobs import PrintJobs

log = logging.getLogger(__name__)

MAX_TYPED = 80
HITS = 3
# Latin words typed in a Chinese session are looked up in these languages' texts too.
LATIN_FALLBACK = ("en", "de")
NO_MATCH = N_(
    "We have no approved answer that fits. Choose a topic from the list, book an "
    "appointment or take a walk-in ticket."
)
NONE_OF_THESE = N_("Choose a topic from the list, book an appointment or take a walk-in ticket.")
NO_CONTENT = N_("No answers are available on this kiosk yet. Please ask at the counter.")
FALLBACK_NOTE = N_(
    "The translation into your language is being updated. Here is the approved German text "
    "with the English one."
)
VERSION = N_("Approved text, version {version}")
LEGAL_BASIS = N_("Legal basis: {basis}")
DEMO_NOTE = N_("Demo content: not checked by an office.")
CHINESE_KEYS = N_(
    "Type Pinyin and tap the characters above the letters, tap one of the words, type "
    "English or German words with ABC, or choose a topic from the list."
)
PRINTED = N_("Please take your printout from the printer.")
SAVED = N_("Your printout was saved as a file: {path}")
PRINT_FAILED = N_("The answer could not be printed. Please ask at the counter.")
PRINTING = N_("Printing…")
SPEECH_UNAVAILABLE = N_("Reading aloud is not available in this language.")

# ``speak(parts)`` reads the first (text, language) a voice exists for; False: none.
Speak = Callable[[Sequence[tuple[str, str]]], bool]


@dataclass(frozen=True)
class _Hit:
    topic_id: str
    question: str
    score: float


class QuestionsViewModel(QObject):
    changed = Signal()
    answerChanged = Signal()

    def __init__(
        self,
        source: Callable[[], QuestionSource | None],
        flow: KioskFlow,
        switcher: LanguageSwitcher,
        jobs: PrintJobs,
        *,
        office_name: str,
        now: Callable[[], datetime],
        book: Callable[[], None],
        walk_in: Callable[[], None],
        speak: Speak = lambda _parts: False,
        write: Callable[[], None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._source = source
        self._flow = flow
        self._switcher = switcher
        self._jobs = jobs
        self._office_name = office_name
        self._now = now
        self._book = book
        self._walk_in = walk_in
        self._speak = speak
        self._write = write  # "I have a question" as a written request (issue 17)
        self._typed = ""
        self._keyboard_open = False
        self._latin_keys = False  # a non-Latin layout switched to its Latin letters
        self._pinyin = PinyinComposition()  # Chinese: the table is read at the first letter
        self._state = "topics"  # topics | results | no_match | none_of_these
        self._hits: list[_Hit] = []
        self._answer: ShownAnswer | None = None
        self._print_state = ""  # "" | printing | printed | saved | failed
        self._saved_to: Path | None = None
        self._speech_note = ""
        self._case: StatusAnswer | None = None  # the case on the result screen, if any
        self.paper: AnswerReceiptText | None = None  # the last answer sent to the printer

    def _questions(self) -> QuestionSource:
        return self._source() or NoQuestions()

    @property
    def _language(self) -> str:
        return self._flow.language

    # --- steps ----------------------------------------------------------------------------

    @Slot()
    def start(self) -> None:
        """From the welcome screen (in the language it shows) or the result screen (the case
        stays remembered until the session ends)."""
        case = self._case
        self.reset()
        self._case = case
        self._flow.questions()

    def remember_case(self, case: StatusAnswer) -> None:
        """The lookup found a case: answers opened beside its result name its status and
        missing documents."""
        self._case = case

    def _answer_for(self, topic_id: str, language: str) -> ShownAnswer | None:
        source = self._questions()
        answer = source.answer(topic_id, language)
        if answer is None or self._case is None or not self._flow.questions_from_result:
            return answer
        from kiosk_app.core.case_values import case_values

        # In the language of the text they go into (German when the translation is not shown).
        values = case_values(self._case, answer.parts[0].language)
        return source.answer(topic_id, language, values)

    def reset(self) -> None:
        self._typed, self._keyboard_open, self._state, self._hits = "", False, "topics", []
        self._latin_keys = False
        self._pinyin.clear()
        self._case = None
        self._clear_answer()
        self.changed.emit()

    def _clear_answer(self) -> None:
        self._answer, self._print_state, self._saved_to, self._speech_note = None, "", None, ""
        self.paper = None
        self.answerChanged.emit()

    def reload_content(self) -> None:
        """The sync engine stored a new knowledge base: the topic list and offers read it; an
        answer on screen stays as the resident is reading it."""
        self._questions().reload()
        if self._state == "results":
            self._search_now(count=False)
        self.changed.emit()

    def retranslate(self) -> None:
        """Another language (the top bar's menu): the keys of its script, the same answer or
        search in it."""
        self._latin_keys = False
        self._pinyin.clear()
        if self._answer is not None:
            self._answer = self._answer_for(self._answer.topic_id, self._language)
        if self._state == "results":
            self._search_now(count=False)  # the same search in the new language
        self.changed.emit()
        self.answerChanged.emit()

    @Slot(str)
    def switchLanguage(self, code: str) -> None:
        self._switcher.switch(code)
        self._flow.set_language(code)
        self._typed, self._hits, self._state = "", [], "topics"
        self.retranslate()

    @Slot()
    def openKeyboard(self) -> None:
        self._keyboard_open = True
        self.changed.emit()

    @Slot()
    def closeKeyboard(self) -> None:
        self._keyboard_open = False
        self.changed.emit()

    @Slot()
    def switchKeys(self) -> None:
        """Between the session's letters and the Latin ones (non-Latin layouts only)."""
        if layout_for(self._language).own_label:
            self._finish_pinyin()
            self._latin_keys = not self._latin_keys
            self.changed.emit()

    def _typing_pinyin(self) -> bool:
        return layout_for(self._language).pinyin and not self._latin_keys

    def _finish_pinyin(self) -> None:
        """Letters still composing become their best candidates (before a search, a word)."""
        if self._pinyin.composing:
            self._append(self._pinyin.convert_all())

    def _append(self, text: str) -> None:
        self._typed = (self._typed + text)[:MAX_TYPED]
        self.changed.emit()

    @Slot(str)
    def typeWord(self, word: str) -> None:
        """A whole-word key (Chinese): the word, after a space when Latin letters precede it."""
        self._finish_pinyin()
        if self._typed and self._typed[-1].isascii() and self._typed[-1] != " ":
            self.typeKey(" ")
        self.typeKey(word)

    @Slot(str)
    def typeKey(self, key: str) -> None:
        if self._typing_pinyin() and self._pinyin.type(key):
            self.changed.emit()
            return
        if len(self._typed) < MAX_TYPED:
            self._typed += key
            self.changed.emit()

    @Slot()
    def typeSpace(self) -> None:
        if self._pinyin.composing:  # Space takes the first candidate
            self._append(self._pinyin.choose_first())
        elif self._typed and not self._typed.endswith(" "):
            self.typeKey(" ")

    @Slot(int)
    def chooseCandidate(self, index: int) -> None:
        """A candidate of the row (its index among all candidates) joins the search."""
        if self._pinyin.composing:
            self._append(self._pinyin.choose_index(index))

    @Slot()
    def moreCandidates(self) -> None:
        self._pinyin.next_page()
        self.changed.emit()

    @Slot()
    def keepLetters(self) -> None:
        """The composition's letters as typed (a Latin word)."""
        if self._pinyin.composing:
            self._append(self._pinyin.take_letters())

    @Slot()
    def erase(self) -> None:
        if not self._pinyin.erase():  # while composing: the last letter typed
            self._typed = self._typed[:-1]
        self.changed.emit()

    @Slot()
    def clearText(self) -> None:
        self._typed, self._hits, self._state = "", [], "topics"
        self._pinyin.clear()
        self.changed.emit()

    @Slot()
    def search(self) -> None:
        """The three best approved questions for what was typed, or the ways on."""
        self._finish_pinyin()
        if not self._typed.strip():
            return
        self._keyboard_open = False
        self._search_now()
        self.changed.emit()

    def _search_now(self, *, count: bool = True) -> None:
        source, language = self._questions(), self._language
        found = {
            hit.topic_id: _Hit(hit.topic_id, hit.question, hit.score)
            for hit in source.search(self._typed, language, limit=HITS)
        }
        if layout_for(language).pinyin and self._typed.isascii():
            names = {line.topic_id: line.question for line in source.topics(language)}
            for other in LATIN_FALLBACK:
                for hit in source.search(self._typed, other, limit=HITS):
                    known = found.get(hit.topic_id)
                    if hit.topic_id in names and (known is None or known.score < hit.score):
                        found[hit.topic_id] = _Hit(hit.topic_id, names[hit.topic_id], hit.score)
        self._hits = sorted(found.values(), key=lambda hit: -hit.score)[:HITS]
        self._state = "results" if self._hits else "no_match"
        if not self._hits and count:
            source.record_no_result(language)

    @Slot()
    def noneOfThese(self) -> None:
        self._pinyin.clear()
        self._questions().record_choice(self._language, None)
        self._typed, self._hits, self._state = "", [], "none_of_these"
        self.changed.emit()

    @Slot()
    def showTopics(self) -> None:
        self._pinyin.clear()
        self._typed, self._hits, self._state, self._keyboard_open = "", [], "topics", False
        self.changed.emit()

    @Slot(str)
    def chooseTopic(self, topic_id: str) -> None:
        """A topic from the list or a search hit: its approved answer."""
        answer = self._answer_for(topic_id, self._language)
        if answer is None:
            return
        self._questions().record_choice(self._language, topic_id)
        self._typed, self._keyboard_open = "", False  # the search text is gone once used
        self._pinyin.clear()
        self._clear_answer()
        self._answer = answer
        self.answerChanged.emit()
        self._flow.show_answer()

    @Slot()
    def bookAppointment(self) -> None:
        self._book()

    @Slot()
    def walkInTicket(self) -> None:
        self._walk_in()

    @Slot()
    def writeToOffice(self) -> None:
        """No answer fits: the question goes to the office in writing (a form, with a dated
        receipt); back from it returns here."""
        if self._write is not None:
            self._write()

    def _get_can_write(self) -> bool:
        return self._write is not None

    canWrite = Property(bool, _get_can_write, constant=True)

    @Slot()
    def back(self) -> None:
        if self._flow.screen is Screen.QUESTIONS and self._state != "topics":
            self.showTopics()
            return
        self._flow.back()

    @Slot()
    def finish(self) -> None:
        self._flow.home()

    # --- the answer: print, read aloud -----------------------------------------------------

    @Slot()
    def printAnswer(self) -> None:
        answer = self._answer
        if answer is None or self._print_state == "printing":
            return
        from kiosk_app.core.answer_receipt import compose_answer_receipt
        from kiosk_app.qt.printing.answer_receipt import print_answer

        german = None
        if all(part.language != "de" for part in answer.parts):
            german = self._answer_for(answer.topic_id, "de")
        text = compose_answer_receipt(
            answer,
            german,
            language=self._language,
            office_name=self._office_name,
            printed_at=self._now(),
        )
        self.paper = text
        self._print_state = "printing"
        self.answerChanged.emit()
        printer = self._jobs.printer
        self._jobs.submit_work(lambda: print_answer(printer, text), self._printed)

    def _printed(self, failure: PrintFailed | None, saved_to: Path | None) -> None:
        if self._print_state != "printing":
            return  # the session ended meanwhile
        if failure is not None:
            log.warning("answer printout failed: %s", type(failure).__name__)
        self._print_state = "failed" if failure else "saved" if saved_to else "printed"
        self._saved_to = saved_to
        self.answerChanged.emit()

    @Slot()
    def readAloud(self) -> None:
        """Read the answer in its language (German and English parts each in their own)."""
        if self._answer is None:
            return
        parts = [(f"{part.question}\n{part.body}", part.language) for part in self._answer.parts]
        spoken = self._speak(parts)
        self._speech_note = "" if spoken else _(SPEECH_UNAVAILABLE)
        self.answerChanged.emit()

    # --- what the screens show ------------------------------------------------------------

    @Property(str, notify=changed)
    def state(self) -> str:
        return self._state

    @Property(str, notify=changed)
    def typedText(self) -> str:
        return self._typed

    @Property(bool, notify=changed)
    def keyboardOpen(self) -> bool:
        return self._keyboard_open

    @Property("QVariantList", notify=changed)
    def keyRows(self) -> list[list[str]]:
        layout = LATIN if self._latin_keys else layout_for(self._language)
        return [list(row) for row in layout.rows]

    @Property("QVariantList", notify=changed)
    def keyWords(self) -> list[str]:
        return [] if self._latin_keys else list(layout_for(self._language).words)

    @Property(bool, notify=changed)
    def keyboardPinyin(self) -> bool:
        """The letters compose Pinyin: the candidate row shows (Chinese, not on "ABC")."""
        return self._typing_pinyin()

    @Property(str, notify=changed)
    def composition(self) -> str:
        return self._pinyin.text

    @Property("QVariantList", notify=changed)
    def candidates(self) -> list[dict[str, Any]]:
        """The candidate row's page: each with its index among all candidates."""
        return self._pinyin.row()

    @Property(bool, notify=changed)
    def hasMoreCandidates(self) -> bool:
        return self._pinyin.offers_more()

    @Property(str, notify=changed)
    def switchKeysLabel(self) -> str:
        """The label of the key to the other letters ("" when there are none)."""
        own = layout_for(self._language).own_label
        if not own:
            return ""
        return own if self._latin_keys else "ABC"

    @Property(str, notify=changed)
    def keyboardNote(self) -> str:
        return _(CHINESE_KEYS) if layout_for(self._language).pinyin else ""

    @Property("QVariantList", notify=changed)
    def topics(self) -> list[dict[str, Any]]:
        return [
            {
                "topicId": line.topic_id,
                "question": line.question,
                "fallback": line.fallback,
                "rtl": is_right_to_left(line.language),
            }
            for line in self._questions().topics(self._language)
        ]

    @Property("QVariantList", notify=changed)
    def hits(self) -> list[dict[str, str]]:
        return [{"topicId": hit.topic_id, "question": hit.question} for hit in self._hits]

    @Property(str, notify=changed)
    def message(self) -> str:
        if self._state == "no_match":
            return _(NO_MATCH)
        if self._state == "none_of_these":
            return _(NONE_OF_THESE)
        if self._state == "topics" and not self._questions().topics(self._language):
            return _(NO_CONTENT)
        return ""

    @Property(bool, notify=changed)
    def fromWelcome(self) -> bool:
        """Opened on the welcome screen: a language row, and a walk-in ticket is offered."""
        return not self._flow.questions_from_result

    @Property("QVariantList", constant=True)
    def languages(self) -> list[dict[str, str]]:
        return [{"code": lang.code, "nativeName": lang.native_name} for lang in LANGUAGES]

    @Property("QVariantList", notify=answerChanged)
    def answerParts(self) -> list[dict[str, Any]]:
        if self._answer is None:
            return []
        return [
            {
                "language": part.language,
                "rtl": is_right_to_left(part.language),
                "question": part.question,
                "body": part.body,
                "version": _(VERSION).format(version=part.version),
            }
            for part in self._answer.parts
        ]

    @Property(str, notify=answerChanged)
    def fallbackNote(self) -> str:
        return _(FALLBACK_NOTE) if self._answer is not None and self._answer.fallback else ""

    @Property(str, notify=answerChanged)
    def legalBasis(self) -> str:
        if self._answer is None or not self._answer.legal_basis:
            return ""
        # German citations read left to right inside an Arabic or Persian sentence too.
        return _(LEGAL_BASIS).format(basis=f"\u2066{'; '.join(self._answer.legal_basis)}\u2069")

    @Property(str, notify=answerChanged)
    def demoNote(self) -> str:
        return _(DEMO_NOTE) if self._answer is not None and self._answer.demo else ""

    @Property(str, notify=answerChanged)
    def printMessage(self) -> str:
        if self._print_state == "printing":
            return _(PRINTING)
        if self._print_state == "failed":
            return _(PRINT_FAILED)
        if self._print_state == "saved":
            return _(SAVED).format(path=f"\u2066{self._saved_to}\u2069")
        if self._print_state == "printed":
            return _(PRINTED)
        return ""

    @Property(bool, notify=answerChanged)
    def printing(self) -> bool:
        return self._print_state == "printing"

    @Property(str, notify=answerChanged)
    def speechNote(self) -> str:
        return self._speech_note
