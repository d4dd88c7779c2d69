"""The second factor cannot be guessed without limit (issue 15, finding 1): wrong codes count
per account across log-ins, lock with a growing lockout, and count against the address."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pyotp
import pytest
import sqlalchemy as sa
import time_machine
from flask.testing import FlaskClient

from avg_service.access.roles import Role
from avg_service.accounts.models import User
from avg_service.accounts.services import lockout_for
from tests.factories import PASSWORD, csrf_token, make_user

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def frozen() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def _password(client: FlaskClient, email: str, password: str = PASSWORD) -> int:
    token = csrf_token(client)
    return client.post("/inloggen", data={"csrf_token": token, "email": email,
                                          "password": password}).status_code


def _code(client: FlaskClient, code: str) -> tuple[int, str]:
    token = csrf_token(client, "/inloggen/code")
    response = client.post("/inloggen/code", data={"csrf_token": token, "code": code})
    return response.status_code, response.get_data(as_text=True)


def _wrong(code: str) -> str:
    return "000000" if code != "000000" else "111111"


def test_wrong_codes_count_across_log_ins_and_lock_the_account(
        client: FlaskClient, frozen: time_machine.Coordinates, db_session: sa.orm.Session) -> None:
    user = make_user(Role.JURIST, totp=True)
    good = pyotp.TOTP(user.totp_secret).at(T0)
    # Four wrong codes, a fresh log-in with the right password, one more wrong code: locked.
    assert _password(client, user.email) == 302
    for _ in range(4):
        assert _code(client, _wrong(good))[0] == 400
    assert _password(client, user.email) == 302  # the old main reset the count here
    assert _code(client, _wrong(good))[0] == 400
    db_session.expire_all()
    locked = db_session.get(User, user.id)
    assert locked.locked_until is not None and locked.locked_until > T0
    # Locked: the right password is refused, and even the right code no longer opens anything.
    assert _password(client, user.email) == 401
    assert client.get("/werkplek").status_code == 302


def test_the_lockout_grows_until_a_full_log_in(
        client: FlaskClient, frozen: time_machine.Coordinates, db_session: sa.orm.Session) -> None:
    assert [lockout_for(n) for n in range(3)] == [timedelta(minutes=15), timedelta(minutes=30),
                                                  timedelta(hours=1)]
    assert lockout_for(20) == timedelta(hours=8)
    user = make_user(Role.JURIST, totp=True)
    for _ in range(2):  # two rounds of five wrong codes
        assert _password(client, user.email) == 302
        for _ in range(5):
            _code(client, "000000")
        db_session.expire_all()
        until = db_session.get(User, user.id).locked_until
        frozen.move_to(until + timedelta(seconds=1))
    # the second lockout lasted 30 minutes: the backoff
    assert until - (T0 + timedelta(minutes=15, seconds=1)) == timedelta(minutes=30)
    assert _password(client, user.email) == 302
    now = datetime.now(timezone.utc)
    assert _code(client, pyotp.TOTP(user.totp_secret).at(now))[0] == 302
    db_session.expire_all()
    done = db_session.get(User, user.id)
    assert (done.lockouts, done.second_factor_failures) == (0, 0)


def test_wrong_codes_count_against_the_address(
        client: FlaskClient, frozen: time_machine.Coordinates) -> None:
    # Four accounts, four wrong codes each (never locked): sixteen failures from one address,
    # plus four wrong passwords, reach the limit of twenty.
    users = [make_user(Role.JURIST, totp=True) for _ in range(4)]
    for user in users:
        assert _password(client, user.email) == 302
        for _ in range(4):
            assert _code(client, "000000")[0] == 400
    for number in range(4):
        assert _password(client, f"guess{number}@example.test", "x") == 401
    other = make_user(Role.JURIST, totp=True)
    assert _password(client, other.email) == 429
    # the code step is throttled too: even the right code of the pending log-in waits
    status, body = _code(client, pyotp.TOTP(users[3].totp_secret).at(T0))
    assert status == 429 and "Te veel mislukte pogingen" in body


def test_a_locked_account_answers_like_a_wrong_password_to_a_guesser(
        client: FlaskClient, frozen: time_machine.Coordinates) -> None:
    user = make_user(Role.JURIST)
    for _ in range(5):
        assert _password(client, user.email, "wrong") == 401
    token = csrf_token(client)
    body = client.post("/inloggen", data={"csrf_token": token, "email": user.email,
                                          "password": "still wrong"}).get_data(as_text=True)
    assert "tijdelijk geblokkeerd" not in body
    assert "Het e-mailadres of het wachtwoord klopt niet." in body


def test_a_second_factor_reset_or_deactivation_ends_sessions_and_tokens(
        app, db_session: sa.orm.Session) -> None:
    from avg_service import clock
    from avg_service.access.actor import Actor
    from avg_service.accounts import services
    from avg_service.db import unit_of_work
    from tests.factories import api_token, bearer, log_in

    for change in ({"reset_second_factor": True}, {"is_active": False}):
        user = make_user(Role.CONTACTPUNT)
        browser = app.test_client()
        log_in(browser, user)
        token = api_token(user)
        assert app.test_client().get("/api/v1/requests", headers=bearer(token)).status_code == 200
        admin = make_user(Role.BEHEERDER)
        with unit_of_work():
            target = db_session.get(User, user.id)
            services.update_user(target, change, actor=services.actor_for(admin, via="session"),
                                 now=clock.now_utc())
        with unit_of_work():  # reactivated: what was open before stays closed
            services.update_user(db_session.get(User, user.id), {"is_active": True},
                                 actor=Actor.system("cli"), now=clock.now_utc())
        assert browser.get("/werkplek").status_code == 302, change
        assert app.test_client().get("/api/v1/requests",
                                     headers=bearer(token)).status_code == 401, change
