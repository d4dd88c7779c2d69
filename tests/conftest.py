"""Test set-up: the schema is built by the real migrations once per session; each test runs in a
transaction that is rolled back, while code under test really commits (into a savepoint).

Databases: SQLite in a temporary file by default; PostgreSQL when ``TEST_DATABASE_URL`` is set
(a fresh database is created next to the one named and dropped afterwards). Redis tests use
``TEST_REDIS_URL``. With ``AVG_REQUIRE_SERVICES=1`` (set by ``.ci/run``) a test that needs a
service that is not configured fails instead of skipping.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade

from avg_service import create_app
from avg_service.accounts import passwords
from avg_service.config import normalise_database_url
from avg_service.extensions import db

TEST_SECRET_KEY = "test-secret-key-" + "x" * 32

# argon2id at its lowest cost: the suite hashes and verifies a few hundred passwords, at ~0.15 s
# each with the service's RFC 9106 parameters. tests/accounts/test_passwords.py checks those.
passwords.use_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))

REQUIRE_SERVICES = os.environ.get("AVG_REQUIRE_SERVICES") == "1"


def _missing_service(name: str, variable: str) -> None:
    message = f"{name} not configured: set {variable}"
    if REQUIRE_SERVICES:
        pytest.fail(message + " (AVG_REQUIRE_SERVICES=1: services are required here)")
    pytest.skip(message)


# ---------------------------------------------------------------------------------- databases
class ThrowawayDatabases:
    """Creates throw-away databases: SQLite files, or PostgreSQL databases on the test server."""

    def __init__(self, tmp_dir: Path) -> None:
        self.tmp_dir = tmp_dir
        self.server_url = os.environ.get("TEST_DATABASE_URL") or None
        self.created: list[str] = []

    @property
    def is_postgres(self) -> bool:
        return self.server_url is not None

    def new_url(self) -> str:
        if self.server_url is None:
            return f"sqlite:///{self.tmp_dir / f'avg-{uuid.uuid4().hex[:8]}.sqlite3'}"
        name = f"avg_test_{uuid.uuid4().hex[:12]}"
        with self._admin() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        return str(sa.make_url(normalise_database_url(self.server_url)).set(database=name)
                   .render_as_string(hide_password=False))

    def drop_all(self) -> None:
        if self.server_url is None:
            return
        with self._admin() as conn:
            for name in self.created:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _admin(self) -> Any:
        assert self.server_url is not None
        engine = sa.create_engine(normalise_database_url(self.server_url),
                                  isolation_level="AUTOCOMMIT")
        return engine.connect()


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ThrowawayDatabases]:
    dbs = ThrowawayDatabases(tmp_path_factory.mktemp("db"))
    if dbs.is_postgres:
        try:
            with dbs._admin() as conn:
                conn.exec_driver_sql("SELECT 1")
        except sa.exc.OperationalError as error:
            pytest.exit(f"TEST_DATABASE_URL is set but PostgreSQL is unreachable: {error}", 2)
    yield dbs
    dbs.drop_all()


def make_app(database_url: str, tmp_path: Path, **overrides: Any) -> Flask:
    config: dict[str, Any] = {
        "AVG_ENV": "development",
        "SECRET_KEY": TEST_SECRET_KEY,
        "DATABASE_URL": database_url,
        "REDIS_URL": None,
        "SMTP_HOST": None,
        "INSTANCE_PATH": tmp_path / "instance",
        "TESTING": True,
        "AVG_RAISE_ERRORS": True,
    }
    config.update(overrides)
    return create_app(config)


def migrated_app(databases: ThrowawayDatabases, tmp_path: Path, **overrides: Any) -> Flask:
    """A new app on a new database, brought to the latest schema by the real migrations."""
    app = make_app(databases.new_url(), tmp_path, **overrides)
    with app.app_context():
        upgrade()
        db.session.remove()
    return app


@pytest.fixture(scope="session")
def app(databases: ThrowawayDatabases, tmp_path_factory: pytest.TempPathFactory) -> Flask:
    return migrated_app(databases, tmp_path_factory.mktemp("app"))


@pytest.fixture
def db_session(app: Flask) -> Iterator[sa.orm.Session]:
    """An app context whose session joins an outer transaction that is rolled back afterwards.

    Code under test may call ``unit_of_work()`` and commit: SQLAlchemy turns that commit into the
    release of a savepoint inside the outer transaction (join_transaction_mode).
    """
    with app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
        db.session.remove()
        db.session.configure(bind=connection, join_transaction_mode="create_savepoint")
        try:
            yield db.session()
        finally:
            db.session.remove()
            db.session.configure(bind=None, join_transaction_mode="conditional_savepoint")
            outer.rollback()
            connection.close()


class RequestScopedClient(FlaskClient):
    """Each request in an app context of its own, as in production.

    Without this, requests made while a test holds an app context would share its ``g`` (a
    cached CSRF token, the actor) and its session, which a real server never does.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def client(app: Flask, db_session: sa.orm.Session) -> FlaskClient:
    app.test_client_class = RequestScopedClient
    return app.test_client()


# ---------------------------------------------------------------------------------- redis
@pytest.fixture
def redis_url() -> Iterator[str]:
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        _missing_service("Redis", "TEST_REDIS_URL")
    from redis import Redis

    connection = Redis.from_url(url)
    try:
        connection.ping()
    except Exception as error:  # noqa: BLE001 - any failure means the configured server is down
        pytest.fail(f"TEST_REDIS_URL is set but Redis is unreachable: {error}")
    connection.flushdb()
    yield url
    connection.flushdb()


@pytest.fixture
def postgres(databases: ThrowawayDatabases) -> ThrowawayDatabases:
    if not databases.is_postgres:
        _missing_service("PostgreSQL", "TEST_DATABASE_URL")
    return databases


# ---------------------------------------------------------------------------------- guards
@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail a test that opens a connection outside this machine (mail, webhooks, CDNs...)."""
    real_connect = socket.socket.connect

    def guarded_connect(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and host not in ("127.0.0.1", "localhost", "::1") \
                and not host.startswith("/"):
            raise RuntimeError(f"test tried to reach the network: {host}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)


# ---------------------------------------------------------------------------------- the demo site
@pytest.fixture(scope="session")
def demo_site_app(databases: ThrowawayDatabases, tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """One app with the demo data (``avg init --demo``) for the walks over every route
    (tests/web): seeding renders the demo letters, so it is done once per session."""
    from tests.demo_site import demo_app

    app = demo_app(databases, tmp_path_factory.mktemp("demo"), AVG_RAISE_ERRORS=False)
    app.test_client_class = RequestScopedClient
    return app
