"""A simulated walk-in morning (issue 15) against a real gateway on loopback, its clock driven
by the simulation rather than the wall: 300 walk-ins arrive between 7:30 and 11:00 at two
kiosks, eight counters call next, start, finish or give up on the no-shows, and the gateway
is down twice for 20 simulated minutes, during which the kiosks keep issuing from their ticket
leases and deliver those tickets when it is back.

The kiosks and counters speak the real HTTP protocol (``/v1/walk-in``, ``/v1/commands``,
``/v1/walk-in/leases``, ``/staff/v1/walk-in``) the way ``KioskWalkInDesk`` and the counter's
queue panel do; an outage is the gateway's server stopped (connections refused) and started
again on the same port. Everything random comes from one seeded generator.

``Day.mae_minutes``: the mean absolute error of the estimates, |middle of the range given −
the wait until the first call|, over every ticket called.

``python -m benchmarks.walk_in_day [--db URL] [--seed N]`` prints the figures (SQLite in a
temporary folder unless ``--db`` names a database, e.g. ``postgresql+psycopg://…``).
"""

from __future__ import annotations

import argparse
import random
import secrets
import statistics
import sys
import tempfile
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import select

from kiosk_app.core.office import DEFAULT_STATE
from kiosk_app.core.office_days import OfficeDays
from sync.gateway.database import make_engine, write_transaction
from sync.gateway.server import GatewayServer
from sync.gateway.settings import GatewaySettings
from sync.gateway.staff.accounts import create_user
from sync.gateway.staff.audit import Actor
from sync.gateway.tables import walk_in_tickets
from sync.protocol import MAX_ESTIMATE_MINUTES, Enrollment
from sync.staff_protocol import STAFF_SESSION_HEADER, StaffSession

ZONE = ZoneInfo("Europe/Berlin")
PASSWORD = "simulated day 2026"
STEP = timedelta(minutes=1)  # the counters look at their queue once a simulated minute
SYNC_EVERY = timedelta(
    minutes=5
)  # a kiosk tops up its leases (and their estimates) at least so often


@dataclass(frozen=True)
class ServicePlan:
    """One walk-in service of the simulated office."""

    code: str
    letter: str
    quota: int
    urgent_share: int  # percent
    share: float  # of the walk-ins asking for it
    handling_minutes: float  # mean handling time
    counters: tuple[int, ...]  # the counters (1-based) serving it


SERVICES = (
    ServicePlan("card_pickup", "A", 160, 10, 0.6, 7.0, (1, 2, 3, 4, 5)),
    ServicePlan("hand_in_documents", "B", 120, 15, 0.4, 8.0, (6, 7, 8)),
)
ISSUE_FROM, ISSUE_UNTIL = time(7, 30), time(11, 0)
URGENT_RATE = 0.08  # walk-ins whose permit or Fiktion ends soon (identified at the kiosk)
NO_SHOW_RATE = 0.06  # never come when called
LATE_RATE = 0.08  # come only after a recall
OUTAGES = ((time(8, 20), 20), (time(9, 50), 20))  # local start, minutes


class SimClock:
    """The gateway's clock: stands where the simulation puts it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Issued:
    ticket_id: str
    service: str
    urgent: bool
    issued_at: datetime
    estimate_mid: float
    offline: bool
    kiosk: int


@dataclass
class Day:
    """What the simulated morning left behind (the gateway's tickets read back)."""

    issued: list[Issued]
    refused: Counter[str]
    first_calls: dict[str, datetime]
    call_next_count: Counter[str]
    rows: list[Any]
    urgent_refused_with_room: int
    offline_issued: int
    outage_seconds: float = 0.0

    def errors(self, pick: Callable[[Issued], bool] = lambda _: True) -> list[float]:
        return [
            abs(t.estimate_mid - (self.first_calls[t.ticket_id] - t.issued_at).total_seconds() / 60)
            for t in self.issued
            if t.ticket_id in self.first_calls and pick(t)
        ]

    @property
    def mae_minutes(self) -> float:
        return statistics.fmean(self.errors())

    def summary(self) -> str:
        offline = self.errors(lambda t: t.offline)
        urgent = self.errors(lambda t: t.urgent)
        waits = [
            (self.first_calls[t.ticket_id] - t.issued_at).total_seconds() / 60
            for t in self.issued
            if t.ticket_id in self.first_calls
        ]
        parts = [
            f"tickets issued {len(self.issued)} (offline from leases {self.offline_issued})",
            f"refused {dict(sorted(self.refused.items()))}",
            f"mean wait {statistics.fmean(waits):.1f} min",
            f"estimate MAE {self.mae_minutes:.1f} min",
        ]
        if offline:
            parts.append(f"offline MAE {statistics.fmean(offline):.1f} min")
        if urgent:
            parts.append(f"urgent MAE {statistics.fmean(urgent):.1f} min")
        return "; ".join(parts)


# --- the parts ------------------------------------------------------------------------------


class Kiosk:
    """A kiosk as its walk-in desk behaves: online it issues through the gateway with the
    board's estimate; offline it issues from its leases and queues the commands, delivered in
    order once the gateway answers again, after which it tops up its leases."""

    def __init__(self, number: int, client: httpx.Client) -> None:
        self.number = number
        self.client = client
        self.seq = 0
        self.outbox: list[dict[str, Any]] = []
        self.leases: list[dict[str, Any]] = []
        self.used: set[tuple[str, int]] = set()
        self.synced: datetime | None = None

    def _command(self, payload: dict[str, Any], now: datetime) -> dict[str, Any]:
        self.seq += 1
        return {"seq": self.seq, "created_at": now.isoformat(), "payload": payload}

    def low(self, now: datetime) -> bool:
        """Time for the periodic sync, or a service with fewer than two leased numbers left."""
        if self.synced is None or now - self.synced >= SYNC_EVERY:
            return True
        left: Counter[str] = Counter()
        for lease in self.leases:
            left[lease["service"]] += lease["last_number"] - lease["first_number"] + 1
            left[lease["service"]] -= lease["used"]
        for service, number in self.used:
            left[service] -= 1 if self._unreported(service, number) else 0
        return any(left[plan.code] < 2 for plan in SERVICES)

    def _unreported(self, service: str, number: int) -> bool:
        return any(
            lease["service"] == service
            and lease["first_number"] + lease["used"] <= number <= lease["last_number"]
            for lease in self.leases
        )

    def sync(self, now: datetime, sim: Simulation) -> bool:
        """Push the outbox, then top up the leases; False if the gateway cannot be reached."""
        try:
            if self.outbox:
                response = self.client.post("/v1/commands", json={"commands": self.outbox})
                response.raise_for_status()
                outcomes = [r["outcome"] for r in response.json()["results"]]
                if any(o not in ("applied", "duplicate") for o in outcomes):
                    raise AssertionError(f"offline tickets refused: {response.json()}")
                sim.received += len(self.outbox)
                self.outbox = []
            response = self.client.post("/v1/walk-in/leases")
            response.raise_for_status()
            self.leases = list(response.json()["leases"])
            self.synced = now
            return True
        except httpx.TransportError:
            return False

    def issue(self, plan: ServicePlan, urgent: bool, now: datetime, sim: Simulation) -> None:
        if self.outbox and not self.sync(now, sim):
            return self._from_lease(plan, urgent, now, sim)
        try:
            board = self.client.get("/v1/walk-in")
            board.raise_for_status()
        except httpx.TransportError:
            return self._from_lease(plan, urgent, now, sim)
        state = next(s for s in board.json()["services"] if s["service"] == plan.code)
        estimate = state["estimate_urgent"] if urgent else state["estimate"]
        low, high = estimate["low"], estimate["high"]
        ticket_id = uuid.uuid4().hex
        payload = {
            "kind": "issue_walk_in_ticket",
            "ticket_id": ticket_id,
            "service": plan.code,
            "language": "de",
            "urgent": urgent,
            "estimate_low": min(low, MAX_ESTIMATE_MINUTES),
            "estimate_high": min(high, MAX_ESTIMATE_MINUTES),
        }
        response = self.client.post(
            "/v1/commands", json={"commands": [self._command(payload, now)]}
        )
        response.raise_for_status()
        [result] = response.json()["results"]
        if result["outcome"] == "applied":
            sim.received += 1
            sim.record(
                Issued(ticket_id, plan.code, urgent, now, (low + high) / 2, False, self.number)
            )
            if urgent:
                sim.urgent_granted += 1
        elif result.get("reason") == "quota_exhausted" and not urgent:
            self._from_lease(plan, urgent, now, sim, online=True)
        else:
            sim.refuse(str(result.get("reason")), plan, urgent, state)
        if self.low(now):
            self.sync(now, sim)

    def _from_lease(
        self, plan: ServicePlan, urgent: bool, now: datetime, sim: Simulation, online: bool = False
    ) -> None:
        for lease in self.leases:
            if lease["service"] != plan.code:
                continue
            if now > datetime.fromisoformat(lease["expires_at"]):
                continue
            free = [
                n
                for n in range(lease["first_number"] + lease["used"], lease["last_number"] + 1)
                if (plan.code, n) not in self.used
            ]
            if not free:
                continue
            number = free[0]
            self.used.add((plan.code, number))
            ticket_id = uuid.uuid4().hex
            low, high = lease["estimate"]["low"], lease["estimate"]["high"]
            payload = {
                "kind": "issue_walk_in_ticket",
                "ticket_id": ticket_id,
                "service": plan.code,
                "language": "ar",
                "urgent": urgent,
                "estimate_low": min(low, MAX_ESTIMATE_MINUTES),
                "estimate_high": min(high, MAX_ESTIMATE_MINUTES),
                "lease_id": lease["lease_id"],
                "number": number,
                "issued_at": now.isoformat(),
            }
            self.outbox.append(self._command(payload, now))
            sim.record(
                Issued(ticket_id, plan.code, urgent, now, (low + high) / 2, True, self.number)
            )
            sim.offline_issued += 0 if online else 1
            if online:
                self.sync(now, sim)
            return
        sim.refuse("quota_exhausted" if online else "lease_used_up", plan, urgent, None)


@dataclass
class Desk:
    """A counter with a clerk: calls the next ticket of its services, waits for the holder,
    serves them, or gives up after the recalls (alternating: recall to ``missed``, or no-show)."""

    number: int
    client: httpx.Client
    session: str
    services: tuple[str, ...]
    ticket: str | None = None
    state: str = "idle"  # idle, called, serving
    seen: int = -1  # tickets the gateway had received when the queue was last found empty
    due: datetime | None = None
    calls: int = 0

    def post(self, path: str, **kwargs: Any) -> httpx.Response | None:
        try:
            return self.client.post(path, headers={STAFF_SESSION_HEADER: self.session}, **kwargs)
        except httpx.TransportError:
            return None  # the gateway is down: the clerk tries again next minute


class Simulation:
    def __init__(self, db_url: str, day: date, seed: int, walk_ins: int) -> None:
        self.random = random.Random(seed)
        self.day = day
        self.walk_ins = walk_ins
        self.clock = SimClock(self.local(time(7, 0)))
        self.admin_token = "sim-" + secrets.token_hex(12)
        self.settings = GatewaySettings(
            db_url=db_url, admin_token=self.admin_token, clock=self.clock
        )
        self.server = GatewayServer(self.settings)
        self.issued: list[Issued] = []
        self.refused: Counter[str] = Counter()
        self.first_calls: dict[str, datetime] = {}
        self.call_next_count: Counter[str] = Counter()
        self.urgent_granted = 0
        self.urgent_refused_with_room = 0
        self.offline_issued = 0
        self.received = 0  # tickets the gateway has received so far
        self.shows: dict[str, tuple[bool, int]] = {}  # ticket: (comes, after how many calls)
        self.handling: dict[str, float] = {}

    def local(self, at: time) -> datetime:
        return datetime.combine(self.day, at, ZONE).astimezone(UTC)

    def record(self, ticket: Issued) -> None:
        self.issued.append(ticket)
        draw = self.random.random()
        if draw < NO_SHOW_RATE:
            self.shows[ticket.ticket_id] = (False, 0)
        elif draw < NO_SHOW_RATE + LATE_RATE:
            self.shows[ticket.ticket_id] = (True, 2)
        else:
            self.shows[ticket.ticket_id] = (True, 1)
        plan = next(p for p in SERVICES if p.code == ticket.service)
        self.handling[ticket.ticket_id] = max(
            1.0, self.random.lognormvariate(0, 0.5) * plan.handling_minutes / 1.13
        )

    def refuse(self, reason: str, plan: ServicePlan, urgent: bool, state: Any) -> None:
        self.refused[reason] += 1
        if urgent and state is not None and state["left_urgent"] > 0:
            self.urgent_refused_with_room += 1

    # --- set-up ---------------------------------------------------------------------------

    def _admin(self) -> httpx.Client:
        return httpx.Client(
            base_url=self.server.url,
            headers={"Authorization": f"Bearer {self.admin_token}"},
            timeout=30,
        )

    def _enroll(self, admin: httpx.Client, kind: str, name: str) -> httpx.Client:
        code = admin.post("/admin/v1/enrollment-codes", json={"kind": kind})
        code.raise_for_status()
        answer = httpx.post(
            f"{self.server.url}/v1/enroll", json={"code": code.json()["code"], "device_name": name}
        )
        answer.raise_for_status()
        token = Enrollment.model_validate_json(answer.content).device_token
        return httpx.Client(
            base_url=self.server.url,
            headers={"Authorization": f"Bearer {token}"},
            timeout=httpx.Timeout(30, connect=2),
        )

    def set_up(self, kiosks: int) -> tuple[list[Kiosk], list[Desk]]:
        self.server.start()
        with self._admin() as admin:
            for plan in SERVICES:
                rules = {
                    "letter": plan.letter,
                    "daily_quota": plan.quota,
                    "issue_from": ISSUE_FROM.strftime("%H:%M"),
                    "issue_until": ISSUE_UNTIL.strftime("%H:%M"),
                    "urgent_share": plan.urgent_share,
                    "urgent_days": 14,
                }
                admin.put(f"/admin/v1/walk-in/{plan.code}", json=rules).raise_for_status()
            booths = [
                Kiosk(n, self._enroll(admin, "kiosk", f"kiosk-{n}")) for n in range(1, kiosks + 1)
            ]
            desks = []
            engine = make_engine(self.settings.db_url)
            try:
                for plan in SERVICES:
                    for number in plan.counters:
                        with write_transaction(engine) as conn:
                            create_user(
                                conn,
                                Actor(None, None, self.clock()),
                                f"clerk.{number}",
                                "counter",
                                (plan.code,),
                                password=PASSWORD,
                                must_change_password=False,
                            )
                        client = self._enroll(admin, "counter", f"Schalter {number}")
                        answer = client.post(
                            "/staff/v1/sessions",
                            json={"username": f"clerk.{number}", "password": PASSWORD},
                        )
                        answer.raise_for_status()
                        session = StaffSession.model_validate_json(answer.content)
                        desks.append(Desk(number, client, session.session_token, (plan.code,)))
            finally:
                engine.dispose()
        return booths, desks

    # --- the morning ----------------------------------------------------------------------

    def arrivals(self, kiosks: int) -> list[tuple[datetime, int, ServicePlan, bool]]:
        start, end = self.local(ISSUE_FROM), self.local(ISSUE_UNTIL)
        span = (end - start).total_seconds()
        found = []
        for _ in range(self.walk_ins):
            # More people early: the queue outside at opening, thinning towards eleven.
            at = start + timedelta(seconds=span * self.random.betavariate(1.0, 1.6))
            plan = SERVICES[0] if self.random.random() < SERVICES[0].share else SERVICES[1]
            urgent = self.random.random() < URGENT_RATE
            found.append((at, self.random.randrange(kiosks), plan, urgent))
        return sorted(found, key=lambda item: item[0])

    def outage_at(self, now: datetime) -> bool:
        for begin, minutes in OUTAGES:
            start = self.local(begin)
            if start <= now < start + timedelta(minutes=minutes):
                return True
        return False

    def desk_step(self, desk: Desk, now: datetime) -> None:
        if desk.state == "idle":
            # The queue panel shows the clerk whether anyone waits; nobody new: no call.
            if desk.seen == self.received:
                return
            answer = desk.post(
                "/staff/v1/walk-in/call-next", params={"service": list(desk.services)}
            )
            if answer is not None and answer.status_code == 404:
                desk.seen = self.received
            if answer is None or answer.status_code == 404:
                return
            answer.raise_for_status()
            ticket = answer.json()["ticket_id"]
            self.call_next_count[ticket] += 1
            self.first_calls.setdefault(ticket, now)
            desk.ticket, desk.state, desk.calls = ticket, "called", 1
            desk.due = now + STEP * 2
            return
        assert desk.ticket is not None and desk.due is not None
        if now < desk.due:
            return
        comes, after = self.shows[desk.ticket]
        if desk.state == "called" and comes and desk.calls >= after:
            if desk.post(f"/staff/v1/walk-in/tickets/{desk.ticket}/start") is None:
                return
            desk.state = "serving"
            desk.due = now + timedelta(minutes=self.handling[desk.ticket])
        elif desk.state == "called":
            give_up = desk.number % 2 == 0 and desk.calls >= 2
            action = "no-show" if give_up else "recall"
            answer = desk.post(f"/staff/v1/walk-in/tickets/{desk.ticket}/{action}")
            if answer is None:
                return
            answer.raise_for_status()
            desk.calls += 1
            if give_up or answer.json()["state"] == "missed":
                desk.ticket, desk.state = None, "idle"
            else:
                desk.due = now + STEP * 2
        else:  # serving
            if desk.post(f"/staff/v1/walk-in/tickets/{desk.ticket}/done") is None:
                return
            desk.ticket, desk.state = None, "idle"

    def run(self, kiosks: int = 2) -> Day:
        booths, desks = self.set_up(kiosks)
        pending = self.arrivals(kiosks)
        self.clock.now = self.local(time(7, 25))
        for booth in booths:
            booth.sync(self.clock.now, self)
        down = False
        index = 0
        tick = self.clock.now
        while True:
            tick += STEP
            while index < len(pending) and pending[index][0] < tick:
                at, which, plan, urgent = pending[index]
                self.clock.now = at
                booths[which].issue(plan, urgent, at, self)
                index += 1
            self.clock.now = tick
            outage = self.outage_at(tick)
            if outage and not down:
                self.server.stop()
                down = True
            elif not outage and down:
                self.server.start()
                down = False
                for booth in booths:
                    booth.sync(tick, self)
            for desk in desks:
                self.desk_step(desk, tick)
            idle = all(desk.state == "idle" for desk in desks)
            over = index == len(pending) and not down and idle and tick > self.local(ISSUE_UNTIL)
            if over and all(not b.outbox for b in booths) and self._queue_empty(desks[0]):
                break
            if tick > self.local(time(18, 0)):
                raise AssertionError("the simulated day did not end by 18:00")
        return Day(
            self.issued,
            self.refused,
            self.first_calls,
            self.call_next_count,
            self._rows(),
            self.urgent_refused_with_room,
            self.offline_issued,
        )

    def _queue_empty(self, desk: Desk) -> bool:
        codes = [plan.code for plan in SERVICES]
        answer = desk.client.get(
            "/staff/v1/walk-in/queue",
            params={"service": codes},
            headers={STAFF_SESSION_HEADER: desk.session},
        )
        answer.raise_for_status()
        return not answer.json()["tickets"]

    def _rows(self) -> list[Any]:
        engine = make_engine(self.settings.db_url)
        try:
            with engine.connect() as conn:
                return list(conn.execute(select(walk_in_tickets)).all())
        finally:
            engine.dispose()

    def close(self) -> None:
        self.server.stop()


def office_day_from(start: date, state: str = DEFAULT_STATE) -> date:
    """The first office day (Monday to Friday, no public holiday) on or after ``start``."""
    days = OfficeDays(state, {})
    day = start
    while day.weekday() >= 5 or days.is_closed(day):
        day += timedelta(days=1)
    return day


def simulate_day(db_url: str, day: date, *, seed: int = 15, walk_ins: int = 300) -> Day:
    simulation = Simulation(db_url, day, seed, walk_ins)
    try:
        return simulation.run()
    finally:
        simulation.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a gateway database URL (default: SQLite in a temp folder)")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--day", type=date.fromisoformat, default=date(2026, 3, 10))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{Path(folder) / 'gateway.db'}"
        day = simulate_day(url, office_day_from(args.day), seed=args.seed)
    print(day.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
