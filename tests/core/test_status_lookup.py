from datetime import date, datetime, timedelta

import pytest

from kiosk_app.core.attempts import AttemptLimiter
from kiosk_app.core.case_number import CaseNumber
from kiosk_app.core.errors import CaseNotFound, NumberLooksMistyped, NumberPaused
from kiosk_app.core.lookup_key import derive_lookup_key
from kiosk_app.core.status_lookup import CaseRecord, StatusLookup
from kiosk_app.core.statuses import CaseStatus

PEPPER = b"p" * 32
TODAY = date(2026, 11, 26)
NUMBER = CaseNumber("DA", 2026, 815)
BORN = date(1988, 5, 17)
RECORD = CaseRecord(
    status=CaseStatus.DOCUMENTS_MISSING,
    status_changed_on=date(2026, 11, 2),
    permit_type="blue_card_18g",
    missing_documents=("degree", "employer_form"),
    next_appointment=datetime(2026, 12, 3, 9, 30),
    fiktion_valid_until=date(2027, 1, 31),
)


class Records:
    def __init__(self) -> None:
        self.rows = {derive_lookup_key(PEPPER, NUMBER, BORN): RECORD}
        self.asked: list[bytes] = []

    def get(self, lookup_key: bytes) -> CaseRecord | None:
        self.asked.append(lookup_key)
        return self.rows.get(lookup_key)


def make_lookup(records: Records) -> StatusLookup:
    limiter = AttemptLimiter(lambda: datetime(2026, 11, 26, 10, 0))
    return StatusLookup(records, lambda: PEPPER, limiter, lambda: TODAY)


def test_find_returns_everything_the_result_screen_shows() -> None:
    answer = make_lookup(Records()).find(NUMBER.canonical.lower(), "17.05.1988")
    assert answer.record == RECORD
    assert answer.case_number == NUMBER
    assert answer.fiktion_valid


def test_wrong_birth_date_and_unknown_number_fail_the_same_way() -> None:
    lookup = make_lookup(Records())
    with pytest.raises(CaseNotFound) as wrong_date:
        lookup.find(NUMBER.canonical, "18.05.1988")
    with pytest.raises(CaseNotFound) as unknown:
        lookup.find(CaseNumber("DA", 2026, 816).canonical, "17.05.1988")
    assert str(wrong_date.value) == str(unknown.value)


def test_mistyped_number_never_reaches_the_cache_nor_costs_an_attempt() -> None:
    records = Records()
    lookup = make_lookup(records)
    wrong = str((int(NUMBER.check) + 1) % 10)
    with pytest.raises(NumberLooksMistyped):
        lookup.find(NUMBER.canonical[:-1] + wrong, "17.05.1988")
    assert records.asked == []
    assert lookup.limiter.recent_failures == 0


def test_many_failures_on_other_numbers_never_refuse_a_correct_pair() -> None:
    records = Records()
    lookup = make_lookup(records)
    for serial in range(40):  # six tries each on a few numbers, then on many more
        other = CaseNumber("DA", 2026, 1000 + serial // 6)
        with pytest.raises((CaseNotFound, NumberPaused)):
            lookup.find(other.canonical, "01.01.1990")
    assert lookup.limiter.delay() == timedelta(seconds=4)  # the kiosk is slowed down, at most
    assert lookup.find(NUMBER.canonical, "17.05.1988").record == RECORD


def test_mistakes_below_the_limit_still_get_the_answer() -> None:
    lookup = make_lookup(Records())
    for _ in range(4):
        with pytest.raises(CaseNotFound):
            lookup.find(NUMBER.canonical, "01.01.1990")
    assert lookup.find(NUMBER.canonical, "17.05.1988").record == RECORD


def test_a_paused_number_is_not_looked_up_so_the_pause_reveals_nothing() -> None:
    records = Records()
    lookup = make_lookup(records)
    for _ in range(5):
        with pytest.raises(CaseNotFound):
            lookup.find(NUMBER.canonical, "01.01.1990")
    asked = len(records.asked)
    for guess in ("01.01.1990", "17.05.1988"):  # a wrong and the right date read the same
        with pytest.raises(NumberPaused) as paused:
            lookup.find(NUMBER.canonical, guess)
        assert paused.value.until == datetime(2026, 11, 26, 10, 15)
    assert len(records.asked) == asked


def test_expired_fiktion_is_not_valid() -> None:
    records = Records()
    key = next(iter(records.rows))
    records.rows[key] = CaseRecord(
        CaseStatus.IN_REVIEW, TODAY, "study_16b", fiktion_valid_until=date(2026, 11, 25)
    )
    assert not make_lookup(records).find(NUMBER.canonical, "17.05.1988").fiktion_valid
