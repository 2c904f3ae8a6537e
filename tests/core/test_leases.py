"""A hypothesis stateful test of the lease book: offline bookings only from leases held, never
past expiry (minus the margin), never one slot twice."""

from datetime import UTC, datetime, timedelta

import hypothesis.strategies as st
from hypothesis import settings
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from kiosk_app.core.leases import Lease, LeaseBook, LeaseNotHeld, NoFreeSlotOffline, gateway_now

START = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
SERVICES = ("card_pickup", "consultation")


class LeaseMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.book = LeaseBook(margin=timedelta(minutes=2))
        self.now = START
        self.granted: dict[str, Lease] = {}
        self.taken_at: dict[str, datetime] = {}

    @rule(slot=st.integers(0, 30), service=st.sampled_from(SERVICES), minutes=st.integers(1, 90))
    def grant(self, slot: int, service: str, minutes: int) -> None:
        lease = Lease(f"{service}#{slot}", service, self.now + timedelta(minutes=minutes))
        self.book.grant([lease])
        if lease.slot_id not in self.taken_at:
            self.granted[lease.slot_id] = lease

    @rule(minutes=st.integers(0, 30))
    def time_passes(self, minutes: int) -> None:
        self.now += timedelta(minutes=minutes)

    @rule(service=st.sampled_from(SERVICES))
    def book_offline(self, service: str) -> None:
        try:
            lease = self.book.take_any(service, self.now)
        except NoFreeSlotOffline:
            usable = [
                lease
                for slot_id, lease in self.granted.items()
                if lease.service == service
                and slot_id not in self.taken_at
                and self.now + timedelta(minutes=2)
                < self.book.leases.get(slot_id, lease).expires_at
                and slot_id in self.book.leases
            ]
            assert usable == []
            return
        assert lease.slot_id not in self.taken_at
        self.taken_at[lease.slot_id] = self.now

    @rule(slot=st.integers(0, 30), service=st.sampled_from(SERVICES))
    def take_specific(self, slot: int, service: str) -> None:
        slot_id = f"{service}#{slot}"
        try:
            self.book.take(slot_id, self.now)
        except LeaseNotHeld:
            return
        assert slot_id not in self.taken_at
        self.taken_at[slot_id] = self.now

    @rule()
    def expire(self) -> None:
        for slot_id in self.book.release_expired(self.now):
            assert slot_id not in self.taken_at

    @invariant()
    def never_past_expiry_and_only_leased(self) -> None:
        for slot_id, at in self.taken_at.items():
            lease = self.book.leases[slot_id]
            assert at + timedelta(minutes=2) < lease.expires_at
            assert slot_id in self.book.taken


TestLeaseBook = LeaseMachine.TestCase
TestLeaseBook.settings = settings(max_examples=150, stateful_step_count=40, deadline=None)


def test_gateway_time_uses_the_measured_offset() -> None:
    assert gateway_now(START, 90.0) == START + timedelta(seconds=90)
