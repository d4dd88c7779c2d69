"""Log-in: passwords, lockout, throttling, timeouts, second factor, log-out; under a fixed clock."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pyotp
import pytest
import sqlalchemy as sa
import time_machine
from flask import Flask
from flask.testing import FlaskClient

from avg_service.access.roles import Role
from avg_service.accounts.models import User, UserSession
from avg_service.config import Environment
from avg_service.extensions import db
from tests.factories import PASSWORD, csrf_token, log_in, make_user

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def frozen() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def _post_login(client: FlaskClient, email: str, password: str) -> tuple[int, str]:
    token = csrf_token(client)
    response = client.post("/inloggen", data={"csrf_token": token, "email": email,
                                              "password": password})
    return response.status_code, response.get_data(as_text=True)


def test_a_good_password_logs_in_with_a_new_session(client: FlaskClient,
                                                    db_session: sa.orm.Session) -> None:
    user = make_user(Role.CONTACTPUNT)
    client.get("/inloggen")
    before = client.get_cookie("avg_session")
    log_in(client, user)
    after = client.get_cookie("avg_session")
    assert after is not None and (before is None or before.value != after.value)
    assert client.get("/werkplek").status_code == 200
    stored = db_session.scalars(sa.select(UserSession).where(UserSession.user_id == user.id)).one()
    cookie_value = after.value
    assert stored.token_hash not in cookie_value  # only a hash is stored, the cookie has the token


def test_wrong_password_and_unknown_email_get_the_same_answer(client: FlaskClient) -> None:
    user = make_user(Role.JURIST)
    status_wrong, body_wrong = _post_login(client, user.email, "not the password")
    status_unknown, body_unknown = _post_login(client, "nobody@example.test", "whatever")
    assert status_wrong == status_unknown == 401
    message = "Het e-mailadres of het wachtwoord klopt niet."
    assert message in body_wrong and message in body_unknown


def test_invalid_input_is_shown_beside_the_field(client: FlaskClient) -> None:
    status, body = _post_login(client, "not-an-email", "")
    assert status == 400
    assert "Vul een geldig e-mailadres in." in body
    assert 'aria-invalid="true"' in body


def test_five_failures_lock_the_account_for_fifteen_minutes(
        client: FlaskClient, frozen: time_machine.Coordinates) -> None:
    user = make_user(Role.JURIST)
    for _ in range(5):
        assert _post_login(client, user.email, "wrong")[0] == 401
    status, body = _post_login(client, user.email, PASSWORD)
    assert status == 401 and "tijdelijk geblokkeerd" in body
    frozen.shift(timedelta(minutes=14))
    assert _post_login(client, user.email, PASSWORD)[0] == 401
    frozen.shift(timedelta(minutes=2))
    assert _post_login(client, user.email, PASSWORD)[0] == 302


def test_an_address_is_throttled_after_twenty_failures(
        client: FlaskClient, frozen: time_machine.Coordinates) -> None:
    for number in range(20):
        assert _post_login(client, f"guess{number}@example.test", "x")[0] == 401
    status, body = _post_login(client, "guess@example.test", "x")
    assert status == 429 and "Te veel mislukte pogingen" in body
    frozen.shift(timedelta(minutes=16))
    assert _post_login(client, "guess@example.test", "x")[0] == 401


def test_idle_timeout_after_thirty_minutes(client: FlaskClient,
                                           frozen: time_machine.Coordinates) -> None:
    log_in(client, make_user(Role.CONTACTPUNT))
    frozen.shift(timedelta(minutes=29))
    assert client.get("/werkplek").status_code == 200  # activity resets the idle clock
    frozen.shift(timedelta(minutes=29))
    assert client.get("/werkplek").status_code == 200
    frozen.shift(timedelta(minutes=31))
    response = client.get("/werkplek")
    assert response.status_code == 302 and response.headers["Location"].startswith("/inloggen")


def test_absolute_timeout_after_twelve_hours(client: FlaskClient,
                                             frozen: time_machine.Coordinates) -> None:
    log_in(client, make_user(Role.CONTACTPUNT))
    for _ in range(24):  # busy all day, never idle
        frozen.shift(timedelta(minutes=29))
        client.get("/werkplek")
    frozen.shift(timedelta(minutes=29))
    assert client.get("/werkplek").status_code == 302


def test_log_out_ends_the_session_for_good(client: FlaskClient) -> None:
    log_in(client, make_user(Role.CONTACTPUNT))
    stolen = client.get_cookie("avg_session")
    assert stolen is not None
    token = csrf_token(client, "/werkplek")
    assert client.post("/uitloggen", data={"csrf_token": token}).status_code == 302
    assert client.get("/werkplek").status_code == 302
    client.set_cookie("avg_session", stolen.value)  # replaying the old cookie does not help
    assert client.get("/werkplek").status_code == 302


def test_a_deactivated_user_is_logged_out(client: FlaskClient, db_session: sa.orm.Session) -> None:
    user = make_user(Role.CONTACTPUNT)
    log_in(client, user)
    db_session.execute(sa.update(User).where(User.id == user.id).values(is_active=False))
    assert client.get("/werkplek").status_code == 302


def test_totp_is_asked_when_set_up_and_a_code_works_once(
        client: FlaskClient, frozen: time_machine.Coordinates) -> None:
    user = make_user(Role.JURIST, totp=True)
    token = csrf_token(client)
    response = client.post("/inloggen", data={"csrf_token": token, "email": user.email,
                                              "password": PASSWORD})
    assert response.headers["Location"].startswith("/inloggen/code")
    assert client.get("/werkplek").headers["Location"].startswith("/inloggen/code")
    token = csrf_token(client, "/inloggen/code")  # the log-in started a new session
    bad = client.post("/inloggen/code", data={"csrf_token": token, "code": "000000"})
    assert bad.status_code == 400 and "De code klopt niet" in bad.get_data(as_text=True)
    code = pyotp.TOTP(user.totp_secret).at(T0)
    assert client.post("/inloggen/code", data={"csrf_token": token, "code": code}).status_code == 302
    assert client.get("/werkplek").status_code == 200

    other = client.application.test_client()
    other_token = csrf_token(other)
    other.post("/inloggen", data={"csrf_token": other_token, "email": user.email, "password": PASSWORD})
    other_token = csrf_token(other, "/inloggen/code")
    replay = other.post("/inloggen/code", data={"csrf_token": other_token, "code": code})
    assert replay.status_code == 400  # the same code cannot be used twice


@pytest.fixture
def production(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """The session app with production settings (TOTP required); the database stays the test one."""
    settings = app.extensions["avg_settings"]
    monkeypatch.setitem(app.extensions, "avg_settings",
                        dataclasses.replace(settings, env=Environment.PRODUCTION))


def test_production_refuses_log_in_without_a_second_factor(
        client: FlaskClient, production: None, frozen: time_machine.Coordinates,
        db_session: sa.orm.Session) -> None:
    user = make_user(Role.BEHEERDER)
    token = csrf_token(client)
    response = client.post("/inloggen", data={"csrf_token": token, "email": user.email,
                                              "password": PASSWORD})
    assert response.headers["Location"].startswith("/inloggen/code")
    for path in ("/werkplek", "/beheer/gebruikers", "/account/tokens"):
        assert client.get(path).headers["Location"].startswith("/inloggen/code"), path
    enrol = client.get("/inloggen/code").get_data(as_text=True)
    token = csrf_token(client, "/inloggen/code")
    assert "Stel uw tweede factor in" in enrol and "data:image/svg+xml" in enrol
    db_session.expire_all()
    secret = db_session.get(User, user.id).totp_secret
    assert secret
    done = client.post("/inloggen/code", data={"csrf_token": token,
                                               "code": pyotp.TOTP(secret).at(T0)})
    assert done.status_code == 302
    assert client.get("/werkplek").status_code == 200


def test_an_open_redirect_after_log_in_is_refused(client: FlaskClient) -> None:
    user = make_user(Role.CONTACTPUNT)
    token = csrf_token(client)
    response = client.post("/inloggen?next=//evil.example/phish",
                           data={"csrf_token": token, "email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/werkplek"
    assert db.session is not None
