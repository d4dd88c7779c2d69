"""Separation of duties (issue 15, finding 7): an account a beheerder creates, or gives more
access, waits for a second beheerder or the FG; the beheerder cannot approve it alone, nor log
in as it meanwhile; every change is mailed to the FG."""

from __future__ import annotations

import dataclasses

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from avg_service.access.roles import Role
from avg_service.accounts.models import User
from avg_service.config import AccountApproval
from avg_service.mail.models import OutboxMessage
from tests.factories import api_token, bearer, csrf_token, log_in, make_user

PASSWORD = "twaalf tekens lang"


def _create_jurist(api: FlaskClient, token: str, email: str) -> int:
    created = api.post("/api/v1/users", headers=bearer(token), json={
        "email": email, "display_name": "Nieuwe Jurist", "role": "jurist", "password": PASSWORD})
    assert created.status_code == 201, created.json
    assert created.json["awaiting_approval_since"] is not None
    return int(created.json["id"])


def _password_login(client: FlaskClient, email: str) -> int:
    token = csrf_token(client)
    return client.post("/inloggen", data={"csrf_token": token, "email": email,
                                          "password": PASSWORD}).status_code


def test_a_beheerder_cannot_make_a_jurist_and_use_it_alone(
        app: Flask, db_session: sa.orm.Session) -> None:
    fg = make_user(Role.FG)
    admin, second_admin = make_user(Role.BEHEERDER), make_user(Role.BEHEERDER)
    token = api_token(admin)
    api = app.test_client()
    jurist_id = _create_jurist(api, token, "nieuw.jurist@gemeente.test")
    # The account cannot log in until approved, and its maker cannot approve it.
    assert _password_login(app.test_client(), "nieuw.jurist@gemeente.test") == 403
    own = api.post(f"/api/v1/users/{jurist_id}/approve", headers=bearer(token))
    assert own.status_code == 403 and "zelf" in own.json["message"]
    # A second beheerder the first one made is pending too, so it cannot approve either.
    helper = api.post("/api/v1/users", headers=bearer(token), json={
        "email": "hulp@gemeente.test", "display_name": "Hulp", "role": "beheerder",
        "password": PASSWORD})
    assert helper.json["awaiting_approval_since"] is not None
    assert _password_login(app.test_client(), "hulp@gemeente.test") == 403
    # Another, approved beheerder approves: now the jurist can log in.
    approved = api.post(f"/api/v1/users/{jurist_id}/approve",
                        headers=bearer(api_token(second_admin)))
    assert approved.status_code == 200 and approved.json["awaiting_approval_since"] is None
    assert _password_login(app.test_client(), "nieuw.jurist@gemeente.test") == 302
    # The FG was told of every account made and approved.
    subjects = set(db_session.scalars(sa.select(OutboxMessage.subject).where(
        OutboxMessage.to_address == fg.email, OutboxMessage.purpose == "account_change")))
    assert {f"Account {jurist_id} aangemaakt", f"Account {jurist_id} goedgekeurd",
            f"Account {helper.json['id']} aangemaakt"} <= subjects


def test_a_role_with_more_access_waits_again_and_only_the_fg_may_approve_by_setting(
        app: Flask, client: FlaskClient, db_session: sa.orm.Session,
        monkeypatch: pytest.MonkeyPatch) -> None:
    settings = app.extensions["avg_settings"]
    monkeypatch.setitem(app.extensions, "avg_settings",
                        dataclasses.replace(settings, account_approval=AccountApproval.FG))
    admin, second_admin, fg = (make_user(Role.BEHEERDER), make_user(Role.BEHEERDER),
                               make_user(Role.FG))
    colleague = make_user(Role.BEHEERDER)
    api = app.test_client()
    changed = api.patch(f"/api/v1/users/{colleague.id}", headers=bearer(api_token(admin)),
                        json={"role": "jurist"})
    assert changed.status_code == 200 and changed.json["awaiting_approval_since"] is not None
    refused = api.post(f"/api/v1/users/{colleague.id}/approve",
                       headers=bearer(api_token(second_admin)))
    assert refused.status_code == 403 and "FG" in refused.json["message"]
    # the FG approves on the page
    log_in(client, fg)
    page = client.get(f"/beheer/gebruikers/{colleague.id}").get_data(as_text=True)
    assert "wacht op goedkeuring" in page and ">Goedkeuren<" in page
    token = csrf_token(client, f"/beheer/gebruikers/{colleague.id}")
    done = client.post(f"/beheer/gebruikers/{colleague.id}/goedkeuren",
                       data={"csrf_token": token})
    assert done.status_code == 302
    db_session.expire_all()
    assert db_session.get(User, colleague.id).awaiting_approval_since is None


def test_no_approval_when_the_setting_is_off(app: Flask, db_session: sa.orm.Session,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    settings = app.extensions["avg_settings"]
    monkeypatch.setitem(app.extensions, "avg_settings",
                        dataclasses.replace(settings, account_approval=AccountApproval.OFF))
    api = app.test_client()
    created = api.post("/api/v1/users", headers=bearer(api_token(make_user(Role.BEHEERDER))),
                       json={"email": "j@gemeente.test", "display_name": "J", "role": "jurist",
                             "password": PASSWORD})
    assert created.json["awaiting_approval_since"] is None
