"""Invitations, "wachtwoord vergeten" and the forced change of a password someone else set:
single-use links that expire, forged and reused ones refused, the same answer for every
address, a rate limit, and no working link stored in the outbox."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
import time_machine
from flask import Flask
from flask.testing import FlaskClient

from avg_service import clock
from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.accounts import invitations
from avg_service.accounts.models import User
from avg_service.db import unit_of_work
from avg_service.mail.models import OutboxMessage
from avg_service.mail.services import expand_placeholders
from tests.factories import api_token, bearer, csrf_token, log_in, make_user

NEW_PASSWORD = "een nieuwe lange zin"


def _messages(db_session: sa.orm.Session, to: str) -> list[OutboxMessage]:
    return list(db_session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.to_address == to).order_by(OutboxMessage.id)))


def _link_path(message: OutboxMessage) -> str:
    """The link as the mail goes out (minted then; the stored body holds a placeholder)."""
    with unit_of_work():
        body = expand_placeholders(message)
    match = re.search(r"https?://[^/\s]+(/wachtwoord/kiezen/[A-Za-z0-9_-]+)", body)
    assert match, body
    return match.group(1)


def _choose(client: FlaskClient, path: str, password: str = NEW_PASSWORD) -> int:
    token = csrf_token(client, "/inloggen")
    return client.post(path, data={"csrf_token": token, "password": password,
                                   "password_again": password}).status_code


def _invited(db_session: sa.orm.Session) -> tuple[User, OutboxMessage]:
    user = make_user(Role.CONTACTPUNT)
    with unit_of_work():
        invitations.invite(db_session.get(User, user.id), actor=Actor.system("cli"),
                           now=clock.now_utc())
    (message,) = _messages(db_session, user.email)
    return user, message


def test_an_invitation_link_sets_the_password_once(client: FlaskClient,
                                                   db_session: sa.orm.Session) -> None:
    user, message = _invited(db_session)
    assert message.purpose == "invitation" and "[[account-link]]" in message.body_text
    assert "/wachtwoord/kiezen/" not in message.body_text  # no working link in the outbox
    path = _link_path(message)
    assert client.get(path).status_code == 200
    assert _choose(client, path, "kort") == 400  # too short: the link still works
    assert _choose(client, path) == 302
    assert client.get(path).status_code == 410  # used
    assert _choose(client, path, "nog een andere lange zin") == 410
    log_in(client, user, password=NEW_PASSWORD)
    assert client.get("/werkplek").status_code == 200


def test_a_marker_typed_in_a_display_name_stays_text_in_the_invitation(
        db_session: sa.orm.Session) -> None:
    """Markers exist only where the service places them (issue 15, finding 2): a name that a
    beheerder typed with ``[[...]]`` in it mints nothing; the service's own link still does."""
    user = make_user(Role.CONTACTPUNT)
    with unit_of_work():
        row = db_session.get(User, user.id)
        row.display_name = "[[status-link]] [[account-link]]"
        invitations.invite(row, actor=Actor.system("cli"), now=clock.now_utc())
    (message,) = _messages(db_session, user.email)
    with unit_of_work():
        body = expand_placeholders(message)
    assert len(re.findall(r"/wachtwoord/kiezen/", body)) == 1
    assert "/status/" not in body
    assert body.startswith("Beste [\u2060[status-link]\u2060] [\u2060[account-link]\u2060],")


def test_an_invitation_expires_after_72_hours_and_a_newer_one_replaces_it(
        client: FlaskClient, db_session: sa.orm.Session) -> None:
    user, message = _invited(db_session)
    now = clock.now_utc()
    with time_machine.travel(now, tick=False):
        first = _link_path(message)
        second = _link_path(message)  # the mail sent again: a new link
    with time_machine.travel(now + timedelta(hours=71), tick=False):
        assert client.get(first).status_code == 410  # replaced by the newer one
        assert client.get(second).status_code == 200
    with time_machine.travel(now + timedelta(hours=72, seconds=1), tick=False):
        assert client.get(second).status_code == 410
        assert _choose(client, second) == 410


@pytest.mark.parametrize("forged", ["x", "A" * 43, "../../inloggen", "%00", "a" * 300])
def test_a_forged_link_is_refused(client: FlaskClient, db_session: sa.orm.Session,
                                  forged: str) -> None:
    _invited(db_session)
    response = client.get(f"/wachtwoord/kiezen/{forged}")
    assert response.status_code in (404, 410)


def test_wachtwoord_vergeten_answers_the_same_for_every_address_and_mails_only_an_account(
        client: FlaskClient, db_session: sa.orm.Session) -> None:
    user = make_user(Role.JURIST)
    inactive = make_user(Role.JURIST)
    inactive_row = db_session.get(User, inactive.id)
    inactive_row.is_active = False
    db_session.flush()
    token = csrf_token(client, "/wachtwoord-vergeten")
    answers = []
    for address in (user.email, "niemand@example.test", inactive.email, user.email.upper()):
        response = client.post("/wachtwoord-vergeten", data={"csrf_token": token,
                                                             "email": address})
        assert response.status_code == 200
        answers.append(response.get_data(as_text=True).replace(address, ""))
    assert len(set(answers)) == 1 and "Als dit e-mailadres bij ons een account heeft" in answers[0]
    assert [m.purpose for m in _messages(db_session, user.email)] == ["password_reset"] * 2
    assert _messages(db_session, "niemand@example.test") == []
    assert _messages(db_session, inactive.email) == []


def test_a_reset_link_works_30_minutes_once_and_ends_other_log_ins(
        app: Flask, client: FlaskClient, db_session: sa.orm.Session) -> None:
    user = make_user(Role.JURIST)
    other_device = app.test_client()
    log_in(other_device, user)
    now = clock.now_utc()
    with unit_of_work():
        invitations.request_reset(user.email, connection="127.0.0.9", actor=Actor.system("t"),
                                  now=now)
    (message,) = _messages(db_session, user.email)
    with time_machine.travel(now, tick=False):
        path = _link_path(message)
    with time_machine.travel(now + timedelta(minutes=31), tick=False):
        assert client.get(path).status_code == 410
    with time_machine.travel(now, tick=False):
        path = _link_path(message)
        assert _choose(client, path) == 302
        assert _choose(client, path) == 410
        assert other_device.get("/werkplek").status_code == 302  # logged out by the reset


def test_wachtwoord_vergeten_is_rate_limited(client: FlaskClient,
                                             db_session: sa.orm.Session) -> None:
    user = make_user(Role.CONTACTPUNT)
    now = clock.now_utc()
    with unit_of_work():
        for _ in range(5):
            assert invitations.request_reset(user.email, connection="10.0.0.1",
                                             actor=Actor.system("t"), now=now)
    assert len(_messages(db_session, user.email)) == invitations.RESET_PER_ADDRESS
    with unit_of_work():
        for _ in range(invitations.RESET_PER_CONNECTION - 5):
            invitations.request_reset("x@example.test", connection="10.0.0.1",
                                      actor=Actor.system("t"), now=now)
        assert not invitations.request_reset(user.email, connection="10.0.0.1",
                                             actor=Actor.system("t"), now=now)
        # an hour later the address may ask again
        assert invitations.request_reset(user.email, connection="10.0.0.1",
                                         actor=Actor.system("t"), now=now + timedelta(hours=1))
    assert len(_messages(db_session, user.email)) == invitations.RESET_PER_ADDRESS + 1


def test_a_password_set_by_a_beheerder_must_be_changed_first(
        app: Flask, client: FlaskClient, db_session: sa.orm.Session) -> None:
    token = api_token(make_user(Role.BEHEERDER))
    created = app.test_client().post("/api/v1/users", headers=bearer(token), json={
        "email": "nieuw@gemeente.test", "display_name": "Nieuwe Collega",
        "role": "contactpunt", "password": "door de beheerder gekozen"})
    assert created.status_code == 201
    user = db_session.get(User, created.json["id"])
    assert user.must_change_password
    # a second beheerder approves the account first (separation of duties, issue 15)
    approved = app.test_client().post(f"/api/v1/users/{user.id}/approve",
                                      headers=bearer(api_token(make_user(Role.BEHEERDER))))
    assert approved.status_code == 200
    log_in(client, user, password="door de beheerder gekozen")
    for page in ("/werkplek", "/verzoeken", "/account/tokens"):
        response = client.get(page)
        assert response.status_code == 302 and response.headers["Location"] == "/account/wachtwoord"
    form = csrf_token(client, "/account/wachtwoord")
    same = client.post("/account/wachtwoord", data={
        "csrf_token": form, "current_password": "door de beheerder gekozen",
        "password": "door de beheerder gekozen", "password_again": "door de beheerder gekozen"})
    assert same.status_code == 400 and "Kies een ander wachtwoord" in same.get_data(as_text=True)
    changed = client.post("/account/wachtwoord", data={
        "csrf_token": form, "current_password": "door de beheerder gekozen",
        "password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    assert changed.status_code == 302
    db_session.expire_all()
    assert not db_session.get(User, user.id).must_change_password
    log_in(client, user, password=NEW_PASSWORD)
    assert client.get("/werkplek").status_code == 200
