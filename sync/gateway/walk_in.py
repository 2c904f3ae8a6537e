"""Walk-in services and tickets at the gateway (issue 15): managed like closures (admin API and
``kiosk-app gateway walk-in``), tickets issued by a kiosk's exactly-once command
(``IssueWalkInTicket``), and the estimates from the day's own figures. The rules are the core's
(``kiosk_app.core.walk_in``); the state lives in ``walk_in_services`` and ``walk_in_tickets``.

Issuing takes the service's row lock (PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` serialises
writers anyway), so two kiosks issuing at once never exceed the quota or share a number."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Connection, delete, func, insert, select, update

from kiosk_app.core.walk_in import (
    MAX_NUMBER,
    QuotaLeft,
    Refusal,
    WaitEstimate,
    WalkInRules,
    estimate_wait,
    ewma,
    issuing_refusal,
    office_local,
    quota_left,
    ticket_label,
)
from sync.protocol import IssueWalkInTicket
from sync.walk_in_protocol import (
    WaitRange,
    WalkInServiceIn,
    WalkInServiceOut,
    WalkInServiceState,
    WalkInTicket,
)

from .database import as_utc
from .slots import load_office_days
from .tables import services, walk_in_leases, walk_in_services, walk_in_tickets

OPEN_STATES = ("waiting", "called", "serving")
RECENT_HANDLINGS = 20  # handling times the running mean looks back over
SERVING_WINDOW = timedelta(hours=1)  # a desk that called for a service within it serves it
DEFAULT_HANDLING_MINUTES = 15.0
OUTLIER_FACTOR = 2.0  # a desk time above twice the recent median counts as twice the median
DESK_TIME_ALPHA = 0.1  # steadier than the core's default: a burst of clipped outliers moves it less
# A kiosk's clock is the gateway's only as far as its last measured offset: a ticket issued from
# a lease up to this long after the lease's end still counts (the kiosk stops earlier, by its
# own margin). No lower bound: a kiosk cannot issue a number before it was lent.
LEASE_SKEW = timedelta(minutes=5)


class WalkInError(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


# --- the services ---------------------------------------------------------------------------


def set_walk_in_service(
    conn: Connection, service: str, rules: WalkInServiceIn, now: datetime
) -> bool:
    """Create or change ``service``'s walk-in rules; True when created. ``unknown_service``
    (not in the catalog), ``letter_taken`` (another service has the letter), ``bad_hours``."""
    if rules.issue_from >= rules.issue_until:
        raise WalkInError("bad_hours")
    if conn.execute(select(services.c.code).where(services.c.code == service)).first() is None:
        raise WalkInError("unknown_service")
    other = conn.execute(
        select(walk_in_services.c.service).where(
            walk_in_services.c.letter == rules.letter, walk_in_services.c.service != service
        )
    ).first()
    if other is not None:
        raise WalkInError("letter_taken")
    values = {**rules.model_dump(), "updated_at": now}
    changed = conn.execute(
        update(walk_in_services).where(walk_in_services.c.service == service).values(**values)
    ).rowcount
    if not changed:
        conn.execute(insert(walk_in_services).values(service=service, **values))
    return not changed


def remove_walk_in_service(conn: Connection, service: str) -> bool:
    """No more tickets for ``service`` (those issued stay); False if it took no walk-ins."""
    return bool(
        conn.execute(delete(walk_in_services).where(walk_in_services.c.service == service)).rowcount
    )


def list_walk_in_services(conn: Connection) -> list[WalkInServiceOut]:
    rows = conn.execute(select(walk_in_services).order_by(walk_in_services.c.letter))
    return [
        WalkInServiceOut(
            service=row.service,
            letter=row.letter,
            daily_quota=row.daily_quota,
            issue_from=row.issue_from,
            issue_until=row.issue_until,
            urgent_share=row.urgent_share,
            urgent_days=row.urgent_days,
        )
        for row in rows
    ]


def _rules(row: WalkInServiceOut) -> WalkInRules:
    return WalkInRules(
        row.service,
        row.letter,
        row.daily_quota,
        time.fromisoformat(row.issue_from),
        time.fromisoformat(row.issue_until),
        row.urgent_share,
        row.urgent_days,
    )


def load_rules(conn: Connection, service: str, *, lock: bool = False) -> WalkInRules | None:
    query = select(walk_in_services).where(walk_in_services.c.service == service)
    row = conn.execute(query.with_for_update() if lock else query).first()
    if row is None:
        return None
    return WalkInRules(
        row.service,
        row.letter,
        row.daily_quota,
        time.fromisoformat(row.issue_from),
        time.fromisoformat(row.issue_until),
        row.urgent_share,
        row.urgent_days,
    )


# --- issuing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Office:
    """What issuing needs of the gateway's settings."""

    state: str
    timezone: str


def issue_ticket(
    conn: Connection, payload: IssueWalkInTicket, device_id: str, now: datetime, office: Office
) -> str | None:
    """Issue the ticket at the gateway's ``now``, in the caller's write transaction; None when
    issued (or issued before: the ticket id is known), else the refusal code."""
    rules = load_rules(conn, payload.service, lock=True)
    known = conn.execute(
        select(walk_in_tickets.c.ticket_id).where(walk_in_tickets.c.ticket_id == payload.ticket_id)
    ).first()
    if known is not None:  # checked under the service's lock: two kiosks sent one id at once
        return None
    if payload.lease_id is not None:
        return _issue_leased(conn, payload, device_id)
    if rules is None:
        return "unknown_service"
    refusal = issuing_refusal(rules, now, load_office_days(conn, office.state), office.timezone)
    if refusal is not None:
        return refusal
    day = office_local(now, office.timezone).date()
    if not issued_left(conn, rules, day).allows(payload.urgent):
        return "quota_exhausted"
    number = highest_number(conn, rules.service, day) + 1
    if number > MAX_NUMBER:
        return "quota_exhausted"
    _insert_ticket(conn, payload, device_id, day, rules.letter, number, now)
    return None


def _insert_ticket(
    conn: Connection,
    payload: IssueWalkInTicket,
    device_id: str,
    day: date,
    letter: str,
    number: int,
    issued_at: datetime,
) -> None:
    low, high = sorted((payload.estimate_low, payload.estimate_high))
    conn.execute(
        insert(walk_in_tickets).values(
            ticket_id=payload.ticket_id,
            day=day,
            issued_for=payload.service,
            number=number,
            letter=letter,
            service=payload.service,
            language=payload.language,
            urgent=payload.urgent,
            issued_at=issued_at,
            device_id=device_id,
            estimate_low=low,
            estimate_high=high,
            state="waiting",
            calls=0,
        )
    )


def _issue_leased(conn: Connection, payload: IssueWalkInTicket, device_id: str) -> str | None:
    """A ticket a kiosk issued from its lease (offline): judged at the kiosk's instant of issue
    within the lease, however late it arrives. Opening hours and quota were judged when the
    lease was granted (its numbers are the kiosk's share of the quota)."""
    lease = conn.execute(
        select(walk_in_leases).where(
            walk_in_leases.c.lease_id == payload.lease_id,
            walk_in_leases.c.device_id == device_id,
            walk_in_leases.c.service == payload.service,
        )
    ).first()
    if lease is None:
        return "unknown_lease"
    number, issued_at = payload.number, payload.issued_at
    if number is None or issued_at is None:
        return "outside_lease"
    if not lease.first_number <= number <= lease.last_number:
        return "outside_lease"
    if issued_at > as_utc(lease.expires_at) + LEASE_SKEW:
        return "outside_lease"
    taken = conn.execute(
        select(walk_in_tickets.c.ticket_id).where(
            walk_in_tickets.c.day == lease.day,
            walk_in_tickets.c.issued_for == lease.service,
            walk_in_tickets.c.number == number,
        )
    ).first()
    if taken is not None:
        return "number_taken"
    letter = conn.execute(
        select(walk_in_services.c.letter).where(walk_in_services.c.service == lease.service)
    ).scalar_one_or_none()
    if letter is None:  # the service stopped taking walk-ins: the ticket keeps its number
        letter = conn.execute(
            select(walk_in_tickets.c.letter).where(walk_in_tickets.c.issued_for == lease.service)
        ).scalar()
    if letter is None:
        return "unknown_service"
    _insert_ticket(conn, payload, device_id, lease.day, str(letter), number, issued_at)
    return None


def highest_number(conn: Connection, service: str, day: date) -> int:
    """The highest number of ``service`` on ``day`` issued or lent to a kiosk."""
    issued = conn.execute(
        select(func.max(walk_in_tickets.c.number)).where(
            walk_in_tickets.c.day == day, walk_in_tickets.c.issued_for == service
        )
    ).scalar_one_or_none()
    leased = conn.execute(
        select(func.max(walk_in_leases.c.last_number)).where(
            walk_in_leases.c.day == day, walk_in_leases.c.service == service
        )
    ).scalar_one_or_none()
    return max(int(issued or 0), int(leased or 0))


def lease_used(conn: Connection, lease_day: date, service: str, first: int, last: int) -> int:
    """How many numbers of a lease the gateway has seen issued."""
    return int(
        conn.execute(
            select(func.count()).where(
                walk_in_tickets.c.day == lease_day,
                walk_in_tickets.c.issued_for == service,
                walk_in_tickets.c.number.between(first, last),
            )
        ).scalar_one()
    )


def leased_unused(conn: Connection, service: str, day: date, device_id: str | None = None) -> int:
    """Numbers of ``service`` on ``day`` lent to kiosks (to one, with ``device_id``) and not
    seen issued yet: they count against the day's quota as if issued. Two queries, however
    many leases."""
    leases = walk_in_leases.c
    mine = [leases.day == day, leases.service == service]
    if device_id is not None:
        mine.append(leases.device_id == device_id)
    lent = conn.execute(
        select(func.coalesce(func.sum(leases.last_number - leases.first_number + 1), 0)).where(
            *mine
        )
    ).scalar_one()
    tickets = walk_in_tickets.c
    used = conn.execute(
        select(func.count())
        .select_from(walk_in_tickets.join(walk_in_leases, tickets.day == leases.day))
        .where(
            *mine,
            tickets.issued_for == leases.service,
            tickets.number.between(leases.first_number, leases.last_number),
        )
    ).scalar_one()
    return int(lent) - int(used)


def issued_left(conn: Connection, rules: WalkInRules, day: date) -> QuotaLeft:
    counts: dict[bool, int] = dict(
        conn.execute(
            select(walk_in_tickets.c.urgent, func.count())
            .where(walk_in_tickets.c.day == day, walk_in_tickets.c.issued_for == rules.service)
            .group_by(walk_in_tickets.c.urgent)
        ).all()
    )
    normal = int(counts.get(False, 0)) + leased_unused(conn, rules.service, day)
    return quota_left(rules, normal, int(counts.get(True, 0)))


# --- estimates ------------------------------------------------------------------------------


def clipped(minutes: list[float]) -> list[float]:
    """Desk times clipped at ``OUTLIER_FACTOR`` times their median: a ticket that was open
    across a gateway outage, or whose "done" was pressed late, says nothing about the next."""
    if not minutes:
        return minutes
    ceiling = OUTLIER_FACTOR * statistics.median(minutes)
    return [min(value, ceiling) for value in minutes]


def service_estimate(
    conn: Connection, service: str, day: date, now: datetime, ahead: int
) -> WaitEstimate:
    """The wait for someone with ``ahead`` people before them (``service_pace``)."""
    desk_time, counters = service_pace(conn, service, now)
    return estimate_wait(ahead, desk_time, counters, 0.0)


def service_pace(conn: Connection, service: str, now: datetime) -> tuple[float, int]:
    """Minutes a desk spends per ticket and how many desks serve ``service``, from the day's
    figures: the
    running mean of the desk time of the last tickets finished (first call to done, no-show or
    missed: walking up, serving and calling people who never come are all in it), shared by
    the desks that called for the service within the last hour (the service's desks before
    any). Before any ticket finished: the service's appointment length as the handling time
    and no no-shows."""
    finished = conn.execute(
        select(walk_in_tickets.c.called_at, walk_in_tickets.c.finished_at)
        .where(
            walk_in_tickets.c.service == service,
            walk_in_tickets.c.state.in_(("done", "no_show", "missed")),
            walk_in_tickets.c.called_at.is_not(None),
            walk_in_tickets.c.finished_at.is_not(None),
            walk_in_tickets.c.transferred_from.is_(None),
        )
        .order_by(walk_in_tickets.c.finished_at.desc())
        .limit(RECENT_HANDLINGS)
    ).all()
    minutes = clipped(
        [
            max(0.0, (as_utc(row.finished_at) - as_utc(row.called_at)).total_seconds() / 60)
            for row in reversed(finished)
        ]
    )
    catalog = conn.execute(
        select(services.c.duration_minutes, services.c.counters).where(services.c.code == service)
    ).first()
    desk_time = ewma(minutes, DESK_TIME_ALPHA)
    if desk_time is None:
        desk_time = float(catalog.duration_minutes) if catalog else DEFAULT_HANDLING_MINUTES
    desks = conn.execute(
        select(func.count(func.distinct(walk_in_tickets.c.counter_device_id))).where(
            walk_in_tickets.c.service == service,
            walk_in_tickets.c.last_called_at >= now - SERVING_WINDOW,
        )
    ).scalar_one()
    counters = int(desks) or (int(catalog.counters) if catalog else 1)
    # The desk time already holds the no-shows (each one's calls and waiting), so the estimate
    # leaves out no share of the people ahead as well.
    return desk_time, max(1, counters)


def waiting_in_order(
    conn: Connection, day: date, service_codes: Iterable[str], *, urgent_only: bool = False
) -> list[str]:
    """Ids of the day's waiting tickets of these services in call order: urgent first, then by
    issue (the number breaks ties); only the urgent ones with ``urgent_only``."""
    where = [
        walk_in_tickets.c.day == day,
        walk_in_tickets.c.service.in_(list(service_codes)),
        walk_in_tickets.c.state == "waiting",
    ]
    if urgent_only:
        where.append(walk_in_tickets.c.urgent.is_(True))
    return list(
        conn.execute(
            select(walk_in_tickets.c.ticket_id).where(*where).order_by(*CALL_ORDER)
        ).scalars()
    )


CALL_ORDER = (
    walk_in_tickets.c.urgent.desc(),
    walk_in_tickets.c.issued_at,
    walk_in_tickets.c.number,
    walk_in_tickets.c.ticket_id,
)


def service_states(
    conn: Connection, now: datetime, office: Office
) -> tuple[date, list[WalkInServiceState]]:
    """Every walk-in service as a kiosk shows it now."""
    day = office_local(now, office.timezone).date()
    days = load_office_days(conn, office.state)
    found = []
    for row in list_walk_in_services(conn):
        rules = _rules(row)
        left = issued_left(conn, rules, day)
        waiting = len(waiting_in_order(conn, day, [row.service]))
        refusal: Refusal | None = issuing_refusal(rules, now, days, office.timezone)
        if refusal is None and not left.allows(urgent=False):
            refusal = "quota_exhausted"
        desk_time, counters = service_pace(conn, row.service, now)
        estimate = estimate_wait(waiting, desk_time, counters, 0.0)
        urgent_ahead = len(waiting_in_order(conn, day, [row.service], urgent_only=True))
        urgent = estimate_wait(urgent_ahead, desk_time, counters, 0.0)
        found.append(
            WalkInServiceState(
                service=row.service,
                letter=row.letter,
                open=refusal is None,
                refusal=refusal,
                left_normal=left.normal,
                left_urgent=left.total,
                waiting=waiting,
                estimate=WaitRange(low=estimate.low, high=estimate.high),
                estimate_urgent=WaitRange(low=urgent.low, high=urgent.high),
                urgent_days=row.urgent_days,
            )
        )
    return day, found


def ticket_out(conn: Connection, ticket_id: str) -> WalkInTicket | None:
    row = conn.execute(
        select(walk_in_tickets).where(walk_in_tickets.c.ticket_id == ticket_id)
    ).first()
    if row is None:
        return None
    ahead = 0
    if row.state == "waiting":
        order = waiting_in_order(conn, row.day, [row.service])
        ahead = order.index(row.ticket_id) if row.ticket_id in order else 0
    return WalkInTicket(
        ticket_id=row.ticket_id,
        label=ticket_label(row.letter, row.number),
        letter=row.letter,
        number=row.number,
        service=row.service,
        language=row.language,
        urgent=row.urgent,
        state=row.state,
        calls=row.calls,
        issued_at=as_utc(row.issued_at),
        called_at=as_utc(row.called_at) if row.called_at else None,
        counter_name=row.counter_name,
        ahead=ahead,
        estimate_given=WaitRange(low=row.estimate_low, high=row.estimate_high),
    )


def open_tickets(conn: Connection, day: date, service_codes: list[str]) -> list[WalkInTicket]:
    """The day's open tickets of these services: waiting ones in call order, then the called
    and served ones by their first call."""
    ids = waiting_in_order(conn, day, service_codes)
    ids += list(
        conn.execute(
            select(walk_in_tickets.c.ticket_id)
            .where(
                walk_in_tickets.c.day == day,
                walk_in_tickets.c.service.in_(service_codes),
                walk_in_tickets.c.state.in_(("called", "serving")),
            )
            .order_by(walk_in_tickets.c.called_at, walk_in_tickets.c.ticket_id)
        ).scalars()
    )
    found = [ticket_out(conn, ticket_id) for ticket_id in ids]
    return [ticket for ticket in found if ticket is not None]
