"""Staff accounts, sessions, roles and the audit log at a real gateway (issue 14), on SQLite and
PostgreSQL, with the gateway's clock fixed and moved by the tests."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text
from staff_harness import (
    PASSWORD,
    add_staff,
    audit,
    audit_count,
    book,
    enroll_counter,
    sign_in,
    signed_in,
)

from sync.gateway.database import make_engine, write_transaction
from sync.staff_protocol import STAFF_SESSION_HEADER, ReferenceHit, StaffCase, TodayPage


@pytest.fixture
def counter(gateway):
    return enroll_counter(gateway)


def _error(response) -> tuple[int, str]:
    return response.status_code, response.json()["error"]


def test_unknown_user_and_wrong_password_get_one_answer(gateway, counter) -> None:
    add_staff(gateway, "anna.k")
    wrong = sign_in(counter, "anna.k", "not her password")
    unknown = sign_in(counter, "nobody.here", PASSWORD)
    assert _error(wrong) == _error(unknown) == (401, "wrong_credentials")
    assert wrong.json()["detail"] == unknown.json()["detail"]
    entries = audit(gateway)
    assert [(e.username, e.action, e.outcome) for e in entries[-2:]] == [
        ("anna.k", "sign_in", "refused"),
        (None, "sign_in", "refused"),  # a typed name that is no account is not written down
    ]
    assert signed_in(counter, "anna.k").session.role == "counter"


def test_five_failures_lock_the_account_until_it_runs_out_or_an_admin_unlocks(
    gateway, gateway_clock, counter
) -> None:
    add_staff(gateway, "anna.k")
    add_staff(gateway, "ben.m")
    add_staff(gateway, "root.admin", "admin")
    for _ in range(4):
        assert _error(sign_in(counter, "anna.k", "guess")) == (401, "wrong_credentials")
    fifth = sign_in(counter, "anna.k", "guess")
    assert _error(fifth) == (423, "account_locked")
    until = gateway_clock() + timedelta(minutes=30)
    assert fifth.json()["detail"] == until.isoformat()
    # Locked: the right password is refused too, and the lock is the database's, not a process's.
    assert _error(sign_in(counter, "anna.k")) == (423, "account_locked")
    gateway.restart()
    assert _error(sign_in(counter, "anna.k")) == (423, "account_locked")

    admin = signed_in(counter, "root.admin")
    unlocked = admin.post("/staff/v1/users/anna.k/unlock")
    assert unlocked.status_code == 200 and unlocked.json()["locked_until"] is None
    assert signed_in(counter, "anna.k").session.username == "anna.k"
    assert _error(admin.post("/staff/v1/users/nobody/unlock")) == (404, "unknown_user")

    # A lock runs out after 30 minutes, and the count starts anew.
    for _ in range(5):
        sign_in(counter, "ben.m", "guess")
    gateway_clock.advance(timedelta(minutes=29))
    assert _error(sign_in(counter, "ben.m")) == (423, "account_locked")
    gateway_clock.advance(timedelta(minutes=1))
    assert _error(sign_in(counter, "ben.m", "guess")) == (401, "wrong_credentials")
    assert signed_in(counter, "ben.m").session.username == "ben.m"
    actions = [(e.username, e.action, e.outcome) for e in audit(gateway, username="root.admin")]
    assert ("root.admin", "unlock_user", "allowed") in actions


def test_a_new_account_changes_its_one_time_password_first(gateway, counter) -> None:
    add_staff(gateway, "root.admin", "admin")
    admin = signed_in(counter, "root.admin")
    created = admin.post(
        "/staff/v1/users", json={"username": "carla.n", "role": "counter", "services": []}
    )
    assert created.status_code == 201, created.text
    once = created.json()["one_time_password"]
    assert created.json()["account"]["must_change_password"] is True
    again = admin.post("/staff/v1/users", json={"username": "carla.n", "role": "counter"})
    assert _error(again) == (409, "user_exists")

    assert _error(sign_in(counter, "carla.n", once)) == (403, "password_change_required")
    change = {"username": "carla.n", "password": once, "new_password": "a new long secret"}
    assert counter.client.post("/staff/v1/password", json=change).status_code == 204
    assert _error(sign_in(counter, "carla.n", once)) == (401, "wrong_credentials")
    assert signed_in(counter, "carla.n", "a new long secret").session.username == "carla.n"
    short = {"username": "carla.n", "password": "a new long secret", "new_password": "short"}
    assert counter.client.post("/staff/v1/password", json=short).status_code == 422


def test_a_session_expires_ends_at_sign_out_and_stays_at_its_workstation(
    gateway, gateway_clock, counter
) -> None:
    add_staff(gateway, "anna.k")
    clerk = signed_in(counter, "anna.k")
    assert clerk.session.expires_at == gateway_clock() + timedelta(hours=8)
    assert clerk.get("/staff/v1/today").status_code == 200

    other = enroll_counter(gateway, "counter-2")
    stolen = other.client.get("/staff/v1/today", headers=clerk.headers)
    assert _error(stolen) == (401, "session_expired")
    refused = audit(gateway, username="anna.k")[-1]
    assert (refused.outcome, refused.device_id) == ("refused", other.enrollment.device_id)

    gateway_clock.advance(timedelta(hours=8))
    assert _error(clerk.get("/staff/v1/today")) == (401, "session_expired")

    clerk = signed_in(counter, "anna.k")
    out = counter.client.delete("/staff/v1/sessions/current", headers=clerk.headers)
    assert out.status_code == 204
    assert _error(clerk.get("/staff/v1/today")) == (401, "session_expired")
    assert _error(counter.client.get("/staff/v1/today")) == (401, "session_expired")


def test_only_a_counter_signs_staff_in(gateway, device) -> None:
    add_staff(gateway, "anna.k")
    assert _error(sign_in(device, "anna.k")) == (403, "not_a_counter")
    kiosks = gateway.admin.get("/admin/v1/devices").json()
    assert [d["kind"] for d in kiosks] == ["kiosk"]


def test_a_staff_session_is_refused_at_the_admin_api_and_audited(gateway, counter) -> None:
    add_staff(gateway, "anna.k")
    clerk = signed_in(counter, "anna.k")
    as_bearer = counter.client.post(
        "/admin/v1/imports",
        content=b"x",
        headers={"Authorization": f"Bearer {clerk.session.session_token}"},
    )
    assert _error(as_bearer) == (403, "forbidden")
    assert as_bearer.json()["detail"] == "role counter may not import"
    beside_admin = gateway.admin.post(
        "/admin/v1/rotate-pepper", headers={STAFF_SESSION_HEADER: clerk.session.session_token}
    )
    assert _error(beside_admin) == (403, "forbidden")
    assert beside_admin.json()["detail"] == "role counter may not rotate the pepper"
    refused = [e for e in audit(gateway, username="anna.k") if e.action == "admin_api"]
    assert [(e.outcome, e.detail) for e in refused] == [
        ("refused", "counter may not import"),
        ("refused", "counter may not rotate the pepper"),
    ]
    assert gateway.admin.get("/admin/v1/devices").status_code == 200  # the machine still may


def test_roles_decide_what_a_person_may_do(gateway, counter, demo_cases) -> None:
    add_staff(gateway, "anna.k")
    add_staff(gateway, "root.admin", "admin")
    clerk = signed_in(counter, "anna.k")
    admin = signed_in(counter, "root.admin")
    create = clerk.post("/staff/v1/users", json={"username": "x.y", "role": "admin"})
    assert _error(create) == (403, "forbidden")
    assert create.json()["detail"] == "role counter may not manage staff accounts"
    number = demo_cases[0].case_number.canonical
    read = admin.get(f"/staff/v1/cases/{number}")
    assert _error(read) == (403, "forbidden")
    assert read.json()["detail"] == "role admin may not read cases"
    assert number not in read.text
    assert audit(gateway, username="root.admin")[-1].outcome == "refused"


def test_each_case_read_leaves_one_audit_row(gateway, counter, device, demo_cases) -> None:
    add_staff(gateway, "anna.k")
    clerk = signed_in(counter, "anna.k")
    case = demo_cases[0]
    number = case.case_number.canonical
    before = audit_count(gateway)

    read = clerk.get(f"/staff/v1/cases/{number}")
    assert read.status_code == 200
    staff_case = StaffCase.model_validate_json(read.content)
    assert staff_case.status == case.record.status
    assert staff_case.missing_documents == list(case.record.missing_documents)
    rows = audit(gateway, case_number=number)
    assert [(e.username, e.action, e.outcome) for e in rows] == [("anna.k", "read_case", "allowed")]
    assert audit_count(gateway) == before + 1
    unknown = clerk.get("/staff/v1/cases/DA-2026-999999-0")
    assert unknown.status_code in (404, 422)

    key = device.lookup_key(number, case.birth_date)
    booking = book(gateway, device, key)
    reference = "ABCD2345EF"
    pushed = device.push(
        [
            {
                "seq": 1,
                "created_at": gateway.settings.clock().isoformat(),
                "payload": {
                    "kind": "register_reference",
                    "reference": reference,
                    "lookup_key": key,
                    "booking_id": booking["booking_id"],
                    "language": "ar",
                },
            }
        ]
    )
    assert pushed.json()["results"][0]["outcome"] == "applied"
    hit = ReferenceHit.model_validate_json(clerk.get(f"/staff/v1/references/{reference}").content)
    assert hit.case.case_number == number
    assert (hit.printout.language, hit.printout.device_name) == ("ar", "test-kiosk")
    assert hit.case.bookings[0].booking_id == booking["booking_id"]
    assert [e.action for e in audit(gateway, case_number=number)] == ["read_case", "read_reference"]

    day = booking["start"][:10]
    page = TodayPage.model_validate_json(clerk.get("/staff/v1/today", params={"day": day}).content)
    assert [a.booking_id for a in page.appointments] == [booking["booking_id"]]
    assert [c.case_number for c in page.cases] == [number]
    assert [e.action for e in audit(gateway, case_number=number)][-1] == "read_today"
    assert _error(clerk.get("/staff/v1/references/ZZZZ9999ZZ")) == (404, "unknown_reference")


def _block_audit_inserts(gateway) -> None:
    """What a full disk or a broken audit table would do: every audit insert fails."""
    engine = make_engine(gateway.settings.db_url)
    try:
        with write_transaction(engine) as conn:
            if engine.dialect.name == "postgresql":
                conn.execute(
                    text(
                        "CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS "
                        "$$ BEGIN RAISE EXCEPTION 'no audit'; END $$"
                    )
                )
                conn.execute(
                    text(
                        "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log "
                        "FOR EACH ROW EXECUTE FUNCTION refuse_audit()"
                    )
                )
            else:
                conn.execute(
                    text(
                        "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log "
                        "BEGIN SELECT RAISE(ABORT, 'no audit'); END"
                    )
                )
    finally:
        engine.dispose()


def test_no_case_leaves_the_gateway_without_its_audit_row(
    gateway, counter, device, demo_cases
) -> None:
    add_staff(gateway, "anna.k")
    clerk = signed_in(counter, "anna.k")
    case = demo_cases[0]
    number = case.case_number.canonical
    key = device.lookup_key(number, case.birth_date)
    booking = book(gateway, device, key)
    device.push(
        [
            {
                "seq": 1,
                "created_at": gateway.settings.clock().isoformat(),
                "payload": {
                    "kind": "register_reference",
                    "reference": "ABCD2345EF",
                    "lookup_key": key,
                },
            }
        ]
    )
    before = audit_count(gateway)
    _block_audit_inserts(gateway)
    for path, params in (
        (f"/staff/v1/cases/{number}", None),
        ("/staff/v1/references/ABCD2345EF", None),
        ("/staff/v1/today", {"day": booking["start"][:10]}),
    ):
        response = clerk.get(path, params=params)
        assert response.status_code >= 500, (path, response.status_code)
        assert number not in response.text and case.record.permit_type not in response.text
    assert audit_count(gateway) == before


def test_the_audit_log_is_append_only(gateway, counter) -> None:
    add_staff(gateway, "anna.k")
    signed_in(counter, "anna.k")
    engine = make_engine(gateway.settings.db_url)
    try:
        for statement in (
            "UPDATE audit_log SET username = 'someone.else'",
            "DELETE FROM audit_log",
        ):
            with pytest.raises(Exception, match="append-only"), write_transaction(engine) as conn:
                conn.execute(text(statement))
    finally:
        engine.dispose()
    assert [e.action for e in audit(gateway, username="anna.k")] == ["sign_in"]


def test_the_demo_has_a_clerk_and_a_counter_code(gateway, gateway_clock) -> None:
    import httpx
    from fixed_time import fixed_today

    from sync.gateway.demo import DEMO_CLERK, DEMO_CLERK_PASSWORD, demo_counter_code, seed_demo
    from sync.protocol import Enrollment

    engine = make_engine(gateway.settings.db_url)
    try:
        seed_demo(engine, 5, 1, fixed_today())
        seed_demo(engine, 5, 1, fixed_today())  # again: the clerk exists, nothing changes
        code = demo_counter_code(engine, gateway_clock())
    finally:
        engine.dispose()
    enrolled = httpx.post(f"{gateway.url}/v1/enroll", json={"code": code, "device_name": "desk"})
    token = Enrollment.model_validate_json(enrolled.content).device_token
    signed = httpx.post(
        f"{gateway.url}/staff/v1/sessions",
        json={"username": DEMO_CLERK, "password": DEMO_CLERK_PASSWORD},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert signed.status_code == 201, signed.text
    services = gateway.admin.get("/admin/v1/services").json()
    assert signed.json()["services"] == sorted(s["code"] for s in services)
    from sync.gateway.demo import DEMO_SUPERVISOR, DEMO_SUPERVISOR_PASSWORD

    supervisor = httpx.post(
        f"{gateway.url}/staff/v1/sessions",
        json={"username": DEMO_SUPERVISOR, "password": DEMO_SUPERVISOR_PASSWORD},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert supervisor.status_code == 201 and supervisor.json()["role"] == "supervisor"
    fleet = httpx.get(
        f"{gateway.url}/staff/v1/fleet",
        headers={
            "Authorization": f"Bearer {token}",
            STAFF_SESSION_HEADER: supervisor.json()["session_token"],
        },
    )
    assert [d["name"] for d in fleet.json()["devices"]] == ["desk"]


def test_passwords_are_hashed_with_rfc_9106_parameters(
    gateway, counter, cheap_password_hashes, monkeypatch
) -> None:
    """The one test with the product's argon2 parameters (tests/conftest.py makes the rest of
    the suite use the cheapest ones): stored hashes carry them, and an unknown name is checked
    against a dummy hash of the same cost."""
    from sync.gateway.staff import passwords

    monkeypatch.setattr(passwords, "_hasher", cheap_password_hashes)
    passwords._dummy_hash.cache_clear()
    try:
        add_staff(gateway, "anna.k")
        rfc_9106 = "$argon2id$v=19$m=65536,t=3,p=4$"
        engine = make_engine(gateway.settings.db_url)
        try:
            with engine.connect() as conn:
                stored = conn.execute(
                    text("SELECT password_hash FROM staff_users WHERE username = 'anna.k'")
                ).scalar_one()
        finally:
            engine.dispose()
        assert stored.startswith(rfc_9106) and PASSWORD not in stored
        assert _error(sign_in(counter, "anna.k", "not her password")) == (401, "wrong_credentials")
        assert _error(sign_in(counter, "nobody.here", PASSWORD)) == (401, "wrong_credentials")
        assert passwords._dummy_hash().startswith(rfc_9106)
        assert signed_in(counter, "anna.k").session.role == "counter"
    finally:
        passwords._dummy_hash.cache_clear()
