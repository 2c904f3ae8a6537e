"""Slot leases (DESIGN.md "Slot leases"): the gateway lends each kiosk specific slots with an
expiry, so a kiosk that is offline books only from its own leases and an offline booking is final:
two kiosks can never sell one slot.

Expiry is judged in the gateway's time: the kiosk's clock plus the offset measured at the last
sync, minus a safety margin, so a fast or drifting kiosk clock cannot stretch a lease.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .errors import KioskError

SAFETY_MARGIN = timedelta(minutes=2)


class NoFreeSlotOffline(KioskError):
    """Offline, and no usable leased slot for this service is left."""


class LeaseNotHeld(KioskError):
    """The slot is not (or no longer) leased to this kiosk."""


@dataclass(frozen=True)
class Lease:
    slot_id: str
    service: str
    expires_at: datetime  # gateway time (UTC)


def gateway_now(local_now: datetime, offset_s: float) -> datetime:
    """The gateway's time as the kiosk can best tell: local clock + last measured offset."""
    return local_now + timedelta(seconds=offset_s)


@dataclass
class LeaseBook:
    """The leases one kiosk holds, and the slots it took from them while offline."""

    margin: timedelta = SAFETY_MARGIN
    leases: dict[str, Lease] = field(default_factory=dict)
    taken: set[str] = field(default_factory=set)

    def grant(self, leases: list[Lease]) -> None:
        for lease in leases:
            if lease.slot_id not in self.taken:
                self.leases[lease.slot_id] = lease

    def usable(self, service: str, now: datetime) -> list[Lease]:
        """Leases for ``service`` still safely inside their expiry and not yet taken."""
        return sorted(
            (
                lease
                for lease in self.leases.values()
                if lease.service == service
                and lease.slot_id not in self.taken
                and now + self.margin < lease.expires_at
            ),
            key=lambda lease: lease.slot_id,
        )

    def take(self, slot_id: str, now: datetime) -> Lease:
        """Take a leased slot for an offline booking; never past its expiry (minus margin)."""
        lease = self.leases.get(slot_id)
        if lease is None or slot_id in self.taken or now + self.margin >= lease.expires_at:
            raise LeaseNotHeld(slot_id)
        self.taken.add(slot_id)
        return lease

    def take_any(self, service: str, now: datetime) -> Lease:
        usable = self.usable(service, now)
        if not usable:
            raise NoFreeSlotOffline(service)
        return self.take(usable[0].slot_id, now)

    def release_expired(self, now: datetime) -> list[str]:
        """Forget leases past expiry that were not taken; returns their slot ids."""
        gone = [
            slot_id
            for slot_id, lease in self.leases.items()
            if slot_id not in self.taken and now >= lease.expires_at
        ]
        for slot_id in gone:
            del self.leases[slot_id]
        return gone

    def release_unused(self) -> list[str]:
        """Return every untaken lease (e.g. when back online), so the gateway can sell them."""
        unused = [slot_id for slot_id in self.leases if slot_id not in self.taken]
        for slot_id in unused:
            del self.leases[slot_id]
        return unused
