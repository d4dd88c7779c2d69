"""Behind trusted reverse proxies (issue 15, finding 4): the client's address comes from the
hops configured in ``AVG_PROXY_HOPS``; what a client writes into X-Forwarded-For itself is
never believed; limits and the audit log key on the real visitor, not on the proxy."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.middleware.proxy_fix import ProxyFix

from avg_service import trust_proxies
from avg_service.access.roles import Role
from avg_service.accounts.models import LoginFailure
from avg_service.audit.models import AuditEntry
from avg_service.db import unit_of_work
from avg_service.extensions import db
from tests.conftest import make_app
from tests.factories import csrf_token, make_user


def test_the_setting_installs_proxyfix_for_that_many_hops(tmp_path: Path) -> None:
    app = make_app(f"sqlite:///{tmp_path / 'x.sqlite3'}", tmp_path, AVG_PROXY_HOPS="2")
    assert isinstance(app.wsgi_app, ProxyFix)
    assert (app.wsgi_app.x_for, app.wsgi_app.x_proto, app.wsgi_app.x_host) == (2, 2, 0)
    plain = make_app(f"sqlite:///{tmp_path / 'y.sqlite3'}", tmp_path / "y")
    assert not isinstance(plain.wsgi_app, ProxyFix)


@pytest.fixture
def behind_one_proxy(app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """(``client``: every ``app.test_client()`` runs each request in its own app context.)"""
    monkeypatch.setattr(app, "wsgi_app", trust_proxies(app.wsgi_app, 1))


def _fail_login(app: Flask, forwarded: str, email: str = "x@example.test") -> int:
    client = app.test_client()
    headers = {"X-Forwarded-For": forwarded}
    token = csrf_token(client)
    return client.post("/inloggen", headers=headers, data={
        "csrf_token": token, "email": email, "password": "wrong"}).status_code


def test_limits_and_the_audit_log_key_on_the_visitor_behind_a_trusted_proxy(
        app: Flask, behind_one_proxy: None, db_session: sa.orm.Session) -> None:
    now = datetime.now(UTC)
    with unit_of_work():
        for _ in range(20):
            db.session.add(LoginFailure(ip="203.0.113.7", occurred_at=now))
    assert _fail_login(app, "203.0.113.7") == 429  # the visitor who failed 20 times
    assert _fail_login(app, "198.51.100.2") == 401  # another visitor through the same proxy
    # A client that writes the blocked address into the header itself: the proxy appends the
    # address it saw, and only that last entry is trusted.
    assert _fail_login(app, "203.0.113.7, 198.51.100.3") == 401
    user = make_user(Role.JURIST)
    _fail_login(app, "10.9.9.9, 198.51.100.4", email=user.email)
    entry = db_session.scalars(sa.select(AuditEntry).where(
        AuditEntry.action == "auth.login", AuditEntry.object_id == str(user.id))).one()
    assert entry.ip == "198.51.100.4"


def test_without_trusted_hops_the_header_is_ignored(app: Flask, client: FlaskClient,
                                                   db_session: sa.orm.Session) -> None:
    user = make_user(Role.JURIST)
    _fail_login(app, "198.51.100.9", email=user.email)
    entry = db_session.scalars(sa.select(AuditEntry).where(
        AuditEntry.action == "auth.login", AuditEntry.object_id == str(user.id))).one()
    assert entry.ip == "127.0.0.1"
