"""A CounterDesk stand-in with CounterDesk's calls over a few cases in memory: the screens'
layout, keyboard and screenshot tests need no gateway. (The view models' behaviour against the
real CounterDesk and gateway is in test_with_gateway.py.)"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from fixed_time import fixed_now

from kiosk_app.core.case_number import CaseNumber
from kiosk_app.core.forms.definition import load_forms
from kiosk_app.core.forms.engine import Answer
from kiosk_app.core.forms.german import language_name_de, render_german
from kiosk_app.core.office_data import office_wire
from kiosk_app.core.snippet_files import default_seed_dir, read_snippets
from kiosk_app.core.snippet_fill import demo_office_values
from kiosk_app.core.statuses import CaseStatus
from kiosk_app.counter.errors import ActionRejected, CaseNotFound, CounterError, SignInRefused
from kiosk_app.counter.snippet_shelf import SnippetShelf
from kiosk_app.counter.views import Conflict, DayRow, OpenedCase, SyncStatus, WalkInView
from sync.form_protocol import (
    FormInbox,
    FormRendition,
    FormStatus,
    FormSummary,
    GermanAnswer,
    GermanSection,
)
from sync.snippet_protocol import SnippetLanguage, SnippetOut
from sync.staff_protocol import (
    FleetDevice,
    FleetPage,
    Printout,
    ReceivedDocument,
    StaffBooking,
    StaffCase,
    StaffSession,
)
from sync.walk_in_protocol import WaitRange, WalkInTicket

# Synthetic answers only (no personal data): the forms the stand-in's inbox holds.
ARABIC_REMARK = "أعمل الآن في شركة جديدة منذ يناير"
STAND_IN_FORMS: list[tuple[str, str, str, int | None, dict[str, Answer]]] = [
    (
        "K7Q2MFRMA2",
        "extend_permit",
        "ar",
        0,
        {
            "purpose_unchanged": Answer(True),
            "livelihood_changed": Answer(True),
            "income_sources": Answer(("employment",)),
            "new_employer": Answer("Beispiel Logistik GmbH"),
            "passport_valid": Answer(True),
            "passport_valid_until": Answer("2029-05-31"),
            "health_insured": Answer(True),
            "address_unchanged": Answer(True),
            "remarks": Answer(ARABIC_REMARK, "ar"),
            "confirm_truth": Answer(True),
        },
    ),
    (
        "K7Q2MFRMB3",
        "question",
        "de",
        None,
        {
            "topic": Answer("fees"),
            "question_text": Answer("Wie viel kostet die Verlängerung?", "de"),
            "reply_by": Answer("at_visit"),
        },
    ),
    (
        "K7Q2MFRMC4",
        "lost_card",
        "uk",
        2,
        {
            "what_happened": Answer("lost"),
            "incident_date": Answer("2026-02-20"),
            "incident_place": Answer("in_germany"),
            "police_reported": Answer(False),
        },
    ),
]

PASSWORD = "correct horse battery"
ONE_TIME = "one-time-pw"
SUPERVISOR = "sabine.s"  # signs in with the role supervisor: she sees the devices (F6)


def case_number(serial: int) -> str:
    return CaseNumber("DA", 2025, serial).canonical


def masked(number: str) -> str:
    prefix, year, serial, check = number.split("-")
    return f"{prefix}-{year}-••••{serial[-2:]}-{check}"


def _booking_id(n: int) -> str:
    return f"{n:032x}"


def stand_in_snippets(now: datetime) -> SnippetShelf:
    """The repository's seed as the gateway would send it after an office approved it, except:
    ``fees`` in Arabic out of date (German changed) and ``lost_card`` not approved at all."""
    shelf = []
    for snippet in read_snippets(default_seed_dir()):
        languages = []
        for code, text in snippet.texts.items():
            state = "approved"
            if snippet.id == "lost_card" or (snippet.id == "fees" and code == "ar"):
                state = "out_of_date" if snippet.id == "fees" else "unapproved"
            approved = state == "approved"
            languages.append(
                SnippetLanguage(
                    language=code,
                    version=2 if code == "de" else 1,
                    german_version=2 if approved or code == "de" else 1,
                    question=text.question,
                    phrasings=list(text.phrasings),
                    answer=text.answer,
                    state=state,
                    shown_to_residents=approved,
                    approved_by="m.schulz" if approved else None,
                    approved_on=now.date() if approved else None,
                )
            )
        shelf.append(
            SnippetOut(
                id=snippet.id,
                topic=snippet.topic,
                audience=snippet.audience,
                legal_basis=list(snippet.legal_basis),
                demo=snippet.demo,
                languages=languages,
            )
        )
    # The gateway started with the demo office's file (--office-data).
    return SnippetShelf(tuple(shelf), "gateway", now, office_wire(demo_office_values()))


class StandInDesk:
    """Thread-safe like the real desk (the view models call it from workers)."""

    def __init__(self, now: datetime | None = None) -> None:
        self.now = (now or fixed_now()).astimezone(UTC)
        self.lock = threading.Lock()
        self.online = True
        self.password = PASSWORD
        self.signed_in: StaffSession | None = None
        self.sign_outs = 0
        self.calls: list[tuple[str, object]] = []
        self.status_races: set[str] = set()  # case numbers whose next status change is refused
        self._conflicts: list[Conflict] = []
        self._pending = 0
        self.counter_name = "Schalter 3"
        self.walk_in_online = True  # False: the walk-in calls fail as offline
        self.tickets: list[WalkInTicket] = [
            self._walk_in_ticket(n, letter, number, minutes, urgent)
            for n, (letter, number, minutes, urgent) in enumerate(
                [
                    ("A", 41, 52, False),
                    ("A", 42, 48, False),
                    ("B", 12, 45, False),
                    ("A", 43, 31, True),
                    ("A", 44, 22, False),
                    ("B", 13, 9, False),
                    ("B", 14, 4, True),
                ],
                start=1,
            )
        ]
        self.forms_online = True  # False: the forms calls fail as offline
        self.form_states: dict[str, tuple[FormStatus, str | None, datetime | None]] = {}
        local = self.now.astimezone().replace(tzinfo=None)
        day = local.date()
        self.cases: dict[str, StaffCase] = {}
        self.rows: list[DayRow] = []
        services = ["hand_in_documents", "biometrics", "application", "card_pickup", "consultation"]
        statuses = [
            CaseStatus.DOCUMENTS_MISSING,
            CaseStatus.APPOINTMENT_REQUIRED,
            CaseStatus.IN_REVIEW,
            CaseStatus.READY_FOR_PICKUP,
            CaseStatus.RECEIVED,
        ]
        for i in range(10):
            number = case_number(1200 + i * 37)
            start = datetime.combine(day, datetime.min.time()) + timedelta(hours=8, minutes=20 * i)
            booking = StaffBooking(
                booking_id=_booking_id(i + 1),
                service=services[i % 5],
                start=start,
                active=True,
                checked_in_at=self.now - timedelta(minutes=5) if i == 0 else None,
            )
            status = statuses[i % 5]
            missing = ["passport", "photo", "health_insurance"] if i % 5 == 0 else []
            self.cases[number] = StaffCase(
                case_number=number,
                status=status,
                status_changed_on=day - timedelta(days=12),
                permit_type="skilled_degree_18b" if i % 2 else "study_16b",
                missing_documents=missing,
                received_documents=[
                    ReceivedDocument(
                        code="application_form", received_at=self.now - timedelta(days=12)
                    )
                ],
                bookings=[booking],
                printouts=[
                    Printout(
                        reference="K7Q2M" + "ABCDE234567"[i % 6 : i % 6 + 5],
                        created_at=self.now - timedelta(days=2, hours=i),
                        device_name="Kiosk Foyer 1",
                        language=["ar", "tr", "uk", "fa", None][i % 5],
                        documents=missing,
                    )
                ],
            )
            self.rows.append(
                DayRow(
                    booking_id=booking.booking_id,
                    start=start,
                    service=booking.service,
                    case_number=number,
                    masked=masked(number),
                    status=status,
                    checked_in=booking.checked_in_at is not None,
                    no_show=False,
                )
            )

    # -- session --------------------------------------------------------------------------------
    def sign_in(self, username: str, password: str) -> StaffSession:
        self.calls.append(("sign_in", username))
        if not self.online:
            raise SignInRefused("offline")
        if username == "locked":
            raise SignInRefused("account_locked", "2026-03-10T09:00:00+01:00")
        if username == "new" and password == ONE_TIME:
            raise SignInRefused("password_change_required")
        if password != self.password:
            raise SignInRefused("wrong_credentials")
        self.signed_in = StaffSession(
            session_id="0" * 32,
            session_token="t",
            username=username,
            role="supervisor" if username == SUPERVISOR else "counter",
            services=["hand_in_documents"],
            expires_at=self.now + timedelta(hours=9),
            server_time=self.now,
        )
        return self.signed_in

    def change_password(self, username: str, old: str, new: str) -> None:
        self.calls.append(("change_password", username))
        if old != ONE_TIME:
            raise SignInRefused("wrong_credentials")
        self.password = new

    def sign_out(self) -> None:
        self.sign_outs += 1
        self.signed_in = None

    # -- reading --------------------------------------------------------------------------------
    def today(self) -> list[DayRow]:
        with self.lock:
            return list(self.rows)

    def open(self, text: str) -> OpenedCase:
        self.calls.append(("open", text))
        compact = text.replace(" ", "").upper()
        with self.lock:
            for case in self.cases.values():
                for printout in case.printouts:
                    if printout.reference == compact:
                        return self._opened(case, printout)
            try:
                number = CaseNumber.parse(text).canonical
            except Exception as error:
                raise CaseNotFound("not_a_reference") from error
            if number not in self.cases:
                raise CaseNotFound("unknown_case")
            return self._opened(self.cases[number], None)

    def _opened(self, case: StaffCase, printout: Printout | None) -> OpenedCase:
        language = printout.language if printout else case.printouts[-1].language
        return OpenedCase(
            case=case,
            source="gateway" if self.online else "cache",
            fetched_at=self.now,
            printout=printout,
            language=language,
        )

    # -- actions --------------------------------------------------------------------------------
    def mark_received(self, case_number: str, codes: list[str]) -> OpenedCase:
        with self.lock:
            case = self.cases[case_number]
            case = case.model_copy(
                update={
                    "missing_documents": [c for c in case.missing_documents if c not in codes],
                    "received_documents": [
                        *case.received_documents,
                        *(ReceivedDocument(code=c, received_at=self.now) for c in codes),
                    ],
                }
            )
            self.cases[case_number] = case
            self._pending += 0 if self.online else 1
            return self._opened(case, None)

    def set_status(
        self, case_number: str, status: CaseStatus, expected_status: CaseStatus
    ) -> OpenedCase:
        with self.lock:
            if case_number in self.status_races:
                self.status_races.discard(case_number)
                conflict = Conflict(
                    conflict_id=len(self._conflicts) + 1,
                    reason="status_changed",
                    kind="staff_set_status",
                    case_number=case_number,
                    booking_id=None,
                    made_at=self.now,
                    expected_status=expected_status,
                    wanted_status=status,
                    current_status=CaseStatus.AWAITING_OTHER_AUTHORITY,
                )
                self._conflicts.append(conflict)
                raise ActionRejected("status_changed", conflict.conflict_id)
            case = self.cases[case_number].model_copy(update={"status": status})
            self.cases[case_number] = case
            self.rows = [
                replace(row, status=status) if row.case_number == case_number else row
                for row in self.rows
            ]
            return self._opened(case, None)

    def _booking(self, booking_id: str, **changes: object) -> None:
        with self.lock:
            for number, case in self.cases.items():
                bookings = [
                    b.model_copy(update={"checked_in_at": self.now})
                    if b.booking_id == booking_id and "checked_in" in changes
                    else b.model_copy(update={"no_show_at": self.now})
                    if b.booking_id == booking_id
                    else b
                    for b in case.bookings
                ]
                self.cases[number] = case.model_copy(update={"bookings": bookings})
            self.rows = [
                replace(row, **changes) if row.booking_id == booking_id else row  # type: ignore[arg-type]
                for row in self.rows
            ]

    def check_in(self, booking_id: str) -> None:
        self._booking(booking_id, checked_in=True)

    def no_show(self, booking_id: str) -> None:
        self._booking(booking_id, no_show=True)

    def conflicts(self) -> list[Conflict]:
        with self.lock:
            return list(self._conflicts)

    def resolve(self, conflict_id: int, apply_again: bool) -> None:
        with self.lock:
            conflict = next(c for c in self._conflicts if c.conflict_id == conflict_id)
            self._conflicts.remove(conflict)
        if apply_again and conflict.case_number and conflict.wanted_status:
            current = conflict.current_status or self.cases[conflict.case_number].status
            self.set_status(conflict.case_number, conflict.wanted_status, current)

    def fleet(self) -> FleetPage:
        """Six devices: a silent kiosk, one out of paper with commands waiting, the rest well."""
        self.calls.append(("fleet", None))
        if self.signed_in is None or self.signed_in.role == "counter":
            raise CounterError("forbidden")
        if not self.online:
            raise CounterError("fleet_offline")
        now = self.now
        minute = timedelta(minutes=1)

        def device(n: int, name: str, kind: str, seen: timedelta, **report: object) -> FleetDevice:
            silent = kind == "kiosk" and seen > 15 * minute
            fields: dict[str, object] = {
                "app_version": "0.1.0",
                "printer": "ok" if kind == "kiosk" else "none",
                "outbox_backlog": 0,
                "reported_online": True,
                "last_sync_at": now - seen,
                "reported_at": now - seen,
                **report,
            }
            return FleetDevice(
                device_id=f"{n:032x}",
                name=name,
                kind=kind,  # type: ignore[arg-type]
                online=seen <= 2 * minute,
                last_seen=now - seen,
                silent=silent,
                silent_since=now - seen if silent else None,
                **fields,  # type: ignore[arg-type]
            )

        devices = [
            device(1, "Kiosk 2. OG", "kiosk", 47 * minute, printer="paper_low"),
            device(2, "Kiosk Foyer 1", "kiosk", 0 * minute),
            device(
                3,
                "Kiosk Foyer 2",
                "kiosk",
                1 * minute,
                printer="paper_out",
                outbox_backlog=4,
                oldest_pending_s=720,
            ),
            device(4, "Kiosk Wartebereich", "kiosk", 6 * minute, reported_online=False),
            device(5, "Schalter 1", "counter", 0 * minute),
            device(6, "Schalter 2", "counter", 0 * minute),
        ]
        return FleetPage(server_time=now, online_minutes=2, silent_minutes=15, devices=devices)

    # -- the walk-in queue ---------------------------------------------------------------------
    def _walk_in_ticket(
        self, n: int, letter: str, number: int, minutes: int, urgent: bool
    ) -> WalkInTicket:
        return WalkInTicket(
            ticket_id=f"{0xA000 + n:032x}",
            label=f"{letter} {number:03d}",
            letter=letter,
            number=number,
            service={"A": "card_pickup", "B": "hand_in_documents"}[letter],
            language="ar",
            urgent=urgent,
            state="waiting",
            calls=0,
            issued_at=self.now - timedelta(minutes=minutes),
            ahead=0,
            estimate_given=WaitRange(low=10, high=25),
        )

    def _walk_in_check(self, call: str, ticket_id: str | None = None) -> None:
        self.calls.append((call, ticket_id))
        if self.signed_in is None:
            raise CounterError("not_signed_in")
        if not self.walk_in_online:
            raise CounterError("offline")

    def walk_in_queue(self) -> WalkInView:
        self._walk_in_check("walk_in_queue")
        with self.lock:
            waiting = sorted(
                (t for t in self.tickets if t.state == "waiting"),
                key=lambda t: (not t.urgent, t.issued_at),
            )
            waiting = [t.model_copy(update={"ahead": i}) for i, t in enumerate(waiting)]
            mine = next((t for t in self.tickets if t.state in ("called", "serving")), None)
            return WalkInView(server_time=self.now, waiting=waiting, mine=mine, elsewhere=1)

    def walk_in_services(self) -> list[str]:
        self._walk_in_check("walk_in_services")
        return ["card_pickup", "hand_in_documents"]

    def _change(self, ticket_id: str, **update: object) -> WalkInTicket:
        with self.lock:
            for i, ticket in enumerate(self.tickets):
                if ticket.ticket_id == ticket_id:
                    self.tickets[i] = ticket.model_copy(update=update)
                    return self.tickets[i]
        raise CounterError("unknown_ticket")

    def call_next(self) -> WalkInTicket:
        self._walk_in_check("call_next")
        waiting = self.walk_in_queue().waiting
        if not waiting:
            raise CounterError("queue_empty")
        return self._change(
            waiting[0].ticket_id,
            state="called",
            calls=1,
            called_at=self.now,
            counter_name=self.counter_name,
        )

    def recall(self, ticket_id: str) -> WalkInTicket:
        self._walk_in_check("recall", ticket_id)
        calls = next(t.calls for t in self.tickets if t.ticket_id == ticket_id)
        if calls >= 3:
            return self._change(ticket_id, state="missed")
        return self._change(ticket_id, calls=calls + 1)

    def start(self, ticket_id: str) -> WalkInTicket:
        self._walk_in_check("start", ticket_id)
        return self._change(ticket_id, state="serving")

    def done(self, ticket_id: str) -> WalkInTicket:
        self._walk_in_check("done", ticket_id)
        return self._change(ticket_id, state="done")

    def no_show_ticket(self, ticket_id: str) -> WalkInTicket:
        self._walk_in_check("no_show_ticket", ticket_id)
        return self._change(ticket_id, state="no_show")

    def transfer(self, ticket_id: str, service: str) -> WalkInTicket:
        self._walk_in_check("transfer", ticket_id)
        return self._change(ticket_id, state="waiting", service=service, calls=0, counter_name=None)

    # -- the forms inbox --------------------------------------------------------------------------
    def _forms_check(self, call: str, receipt: str | None = None) -> None:
        self.calls.append((call, receipt))
        if self.signed_in is None:
            raise CounterError("not_signed_in")
        if not self.forms_online:
            raise CounterError("offline")

    def _form_summary(self, n: int) -> FormSummary:
        receipt, form_id, language, case_index, answers = STAND_IN_FORMS[n]
        status, by, at = self.form_states.get(receipt, ("new", None, None))
        number = list(self.cases)[case_index] if case_index is not None else None
        foreign = any(a.language not in (None, "de") for a in answers.values())
        return FormSummary(
            receipt=receipt,
            form_id=form_id,
            title=load_forms()[form_id].title,
            case_number=number,
            language=language,
            submitted_at=self.now - timedelta(hours=1 + 5 * n),
            received_at=self.now - timedelta(hours=1 + 5 * n),
            status=status,
            foreign_text=foreign,
            status_changed_by=by,
            status_changed_at=at,
        )

    def snippets(self) -> SnippetShelf:
        with self.lock:
            self.calls.append(("snippets", None))
            online = self.online
        shelf = stand_in_snippets(self.now)
        return shelf if online else SnippetShelf(shelf.snippets, "cache", self.now, shelf.office)

    def forms(self, form_id: str | None = None, status: str | None = None) -> FormInbox:
        self._forms_check("forms")
        summaries = [self._form_summary(n) for n in range(len(STAND_IN_FORMS))]
        return FormInbox(
            server_time=self.now,
            forms=[
                summary
                for summary in summaries
                if form_id in (None, summary.form_id) and status in (None, summary.status)
            ],
        )

    def form(self, receipt: str) -> FormRendition:
        self._forms_check("form", receipt)
        n = next((i for i, f in enumerate(STAND_IN_FORMS) if f[0] == receipt), None)
        if n is None:
            raise CounterError("unknown_form")
        _receipt, form_id, language, _case, answers = STAND_IN_FORMS[n]
        sections = [
            GermanSection(
                title=section.title,
                answers=[
                    GermanAnswer(
                        field=a.field,
                        label=a.label,
                        text=a.text,
                        free_text=a.free_text,
                        language=a.language,
                        note=a.note,
                    )
                    for a in section.answers
                ],
            )
            for section in render_german(load_forms()[form_id], answers)
        ]
        return FormRendition(
            summary=self._form_summary(n),
            form_version=1,
            language_name=language_name_de(language),
            device_id="kiosk-foyer-1",
            sections=sections,
        )

    def set_form_status(self, receipt: str, status: FormStatus) -> FormSummary:
        self._forms_check("set_form_status", receipt)
        n = next((i for i, f in enumerate(STAND_IN_FORMS) if f[0] == receipt), None)
        if n is None:
            raise CounterError("unknown_form")
        assert self.signed_in is not None
        with self.lock:
            self.form_states[receipt] = (status, self.signed_in.username, self.now)
        return self._form_summary(n)

    def status(self) -> SyncStatus:
        return SyncStatus(
            online=self.online,
            pending=self._pending,
            conflicts=len(self._conflicts),
            signed_in=self.signed_in is not None,
            last_contact=self.now,
        )
