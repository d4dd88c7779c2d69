"""Personal API tokens: shown once, hashed at rest, expiring, revocable, bound to the role."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa
import time_machine
from flask import Flask
from flask.testing import FlaskClient

from avg_service import clock
from avg_service.access.roles import Role
from avg_service.accounts.models import ApiToken
from tests.factories import api_token, bearer, csrf_token, log_in, make_user


def test_a_token_is_shown_once_and_stored_as_a_hash(client: FlaskClient,
                                                    db_session: sa.orm.Session) -> None:
    user = make_user(Role.CONTACTPUNT)
    log_in(client, user)
    token = csrf_token(client, "/account/tokens")
    page = client.post("/account/tokens", data={"csrf_token": token, "name": "koppeling",
                                                "days": "30"}).get_data(as_text=True)
    match = re.search(r"(avg_[A-Za-z0-9_-]{20,})", page)
    assert match, "the new token is shown"
    plain = match.group(1)
    row = db_session.scalars(sa.select(ApiToken).where(ApiToken.user_id == user.id)).one()
    assert plain not in (row.token_hash, row.name) and len(row.token_hash) == 64
    assert plain not in client.get("/account/tokens").get_data(as_text=True)  # never again
    assert client.application.test_client().get("/api/v1/me", headers=bearer(plain)).json["id"] == user.id


def test_expired_and_revoked_tokens_are_refused(app: Flask, client: FlaskClient,
                                                db_session: sa.orm.Session) -> None:
    user = make_user(Role.FG)
    plain = api_token(user, days=1)
    api = app.test_client()
    assert api.get("/api/v1/me", headers=bearer(plain)).status_code == 200
    with time_machine.travel(clock.now_utc() + timedelta(days=1, seconds=1), tick=False):
        assert api.get("/api/v1/me", headers=bearer(plain)).status_code == 401

    second = api_token(user)
    log_in(client, user)
    row = db_session.scalars(sa.select(ApiToken).order_by(ApiToken.id.desc())).first()
    token = csrf_token(client, "/account/tokens")
    assert client.post(f"/account/tokens/{row.id}/intrekken",
                       data={"csrf_token": token}).status_code == 302
    assert api.get("/api/v1/me", headers=bearer(second)).status_code == 401


def test_a_token_carries_only_its_users_role(app: Flask, db_session: sa.orm.Session) -> None:
    participant = make_user(Role.DEELNEMER, organisation="ggd")
    plain = api_token(participant)
    api = app.test_client()
    assert api.get("/api/v1/users", headers=bearer(plain)).status_code == 403
    assert api.get("/api/v1/audit-entries", headers=bearer(plain)).status_code == 403


def test_nobody_revokes_another_users_token(client: FlaskClient, db_session: sa.orm.Session) -> None:
    owner = make_user(Role.FG)
    api_token(owner)
    row = db_session.scalars(sa.select(ApiToken).where(ApiToken.user_id == owner.id)).one()
    log_in(client, make_user(Role.BEHEERDER))
    token = csrf_token(client, "/account/tokens")
    assert client.post(f"/account/tokens/{row.id}/intrekken",
                       data={"csrf_token": token}).status_code == 404
    db_session.refresh(row)
    assert row.revoked_at is None


def test_a_garbage_bearer_header_is_a_401(app: Flask, db_session: sa.orm.Session) -> None:
    api = app.test_client()
    for header in ("Bearer", "Bearer avg_nope", "Basic dXNlcjpwYXNz", "avg_x"):
        assert api.get("/api/v1/me", headers={"Authorization": header}).status_code == 401
