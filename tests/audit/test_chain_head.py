"""The chain head under concurrency: seeded by the migrations, locked by every writer, read first
by the verifier, which neither mistakes concurrent appends for tampering nor blocks the writers.

These tests need real commits from more than one connection, so each gets a fresh migrated
database instead of the rolled-back ``db_session``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_migrate import downgrade, upgrade

from avg_service.access.actor import Actor
from avg_service.audit.chain import GENESIS
from avg_service.audit.services import MissingChainHead, record, verify_chain
from avg_service.db import unit_of_work
from avg_service.extensions import db
from tests.conftest import ThrowawayDatabases, make_app, migrated_app

CLI = Actor.system("cli")


def _head(connection: sa.Connection | sa.orm.Session) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in connection.execute(
        sa.text("SELECT id, last_id, last_hash FROM audit_head"))]


def _append(app: Flask, count: int, object_id: int = 0) -> None:
    """``count`` entries in a unit of work of their own (its own app context, session and
    connection), as another request or worker would write them."""
    with app.app_context():
        with unit_of_work():
            for number in range(count):
                record(CLI, "user.view", object_type="user", object_id=object_id + number)
        db.session.remove()


@pytest.fixture
def fresh_app(databases: ThrowawayDatabases, tmp_path: Path) -> Iterator[Flask]:
    app = migrated_app(databases, tmp_path)
    yield app
    with app.app_context():
        db.engine.dispose()


# ------------------------------------------------------------------------- the seeded head
def test_the_migrations_seed_the_chain_head_at_genesis(db_session: sa.orm.Session) -> None:
    assert _head(db_session) == [(1, 0, GENESIS)]


def test_an_empty_log_verifies(db_session: sa.orm.Session) -> None:
    result = verify_chain()
    assert result.ok and result.checked == 0


def test_a_missing_head_is_refused_by_writers_and_reported_by_the_verifier(
        db_session: sa.orm.Session) -> None:
    db_session.execute(sa.text("DELETE FROM audit_head"))
    with pytest.raises(MissingChainHead, match="0003"):
        record(CLI, "user.view", object_type="user", object_id=1)
    result = verify_chain()
    assert not result.ok and "head row is missing" in (result.reason or "")


def test_downgrading_removes_only_an_unused_seed(databases: ThrowawayDatabases,
                                                 tmp_path: Path) -> None:
    app = make_app(databases.new_url(), tmp_path)
    with app.app_context():
        upgrade(revision="0003")
        downgrade(revision="0002")
        with db.engine.connect() as connection:
            assert _head(connection) == []  # as 0002 left it: record() used to create it
        upgrade(revision="0003")
        with db.engine.connect() as connection:
            assert _head(connection) == [(1, 0, GENESIS)]
        db.engine.dispose()
    _append(app, 2)
    with app.app_context():
        with db.engine.connect() as connection:
            used_head = _head(connection)
        assert used_head[0][:2] == (1, 2)
        downgrade(revision="0002")  # the head points at entries: it stays, as does the chain
        upgrade(revision="0003")  # and an existing head is not seeded over
        with db.engine.connect() as connection:
            assert _head(connection) == used_head
        assert verify_chain().checked == 2
        db.session.remove()
        db.engine.dispose()


def test_the_first_two_writers_queue_on_the_head_instead_of_racing(
        postgres: ThrowawayDatabases, fresh_app: Flask) -> None:
    """PostgreSQL: the second writer's ``SELECT ... FOR UPDATE`` waits for the first one's commit.

    Without a head row there was nothing to lock: both writers took id 1 and one failed on the
    primary key. (SQLite needs no test here: ``BEGIN IMMEDIATE`` serialises whole transactions.)
    """
    errors: list[BaseException] = []

    def second_writer() -> None:
        try:
            _append(fresh_app, 1, object_id=2)
        except BaseException as error:  # noqa: BLE001 - reported by the test thread below
            errors.append(error)

    with fresh_app.app_context():
        thread = threading.Thread(target=second_writer)
        with unit_of_work():
            record(CLI, "user.view", object_type="user", object_id=1)
            thread.start()
            _wait_until(lambda: _backends_waiting_on_a_lock(fresh_app) == 1,
                        "the second writer never waited for the first one's lock")
        thread.join(timeout=30)
        assert not thread.is_alive()
        assert errors == []
        ids = db.session.scalars(sa.text("SELECT object_id FROM audit_entry ORDER BY id")).all()
        assert ids == ["1", "2"]
        result = verify_chain()
        assert result.ok and result.checked == 2
        db.session.remove()


def _backends_waiting_on_a_lock(app: Flask) -> int:
    # A connection of its own: pg_stat_activity is read once per transaction.
    with db.engine.connect() as connection:
        return connection.scalar(sa.text(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'")) or 0


def _wait_until(condition: Callable[[], bool], message: str, timeout_s: float = 10.0) -> None:
    """Poll another process's state (not the clock under test): a bounded wait for a lock."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(message)
        time.sleep(0.01)


# ------------------------------------------------------------------------- verify vs writers
def test_entries_appended_while_verifying_are_not_reported_as_tampering(fresh_app: Flask) -> None:
    """Writers append (and commit) while the verifier is in the middle of its scan.

    PostgreSQL: the verifier used to read the head after the scan, saw the new entries' head and
    reported BROKEN. SQLite: the verifier's ``BEGIN IMMEDIATE`` held the write lock for the whole
    scan, so the writer waited and then failed with "database is locked". Now the verifier reads
    the head first, checks up to it, and on SQLite reads in a deferred transaction.
    """
    _append(fresh_app, 3)
    appended = []

    def append_during_the_scan(conn: sa.Connection, cursor: Any, statement: str,
                               *args: Any) -> None:
        if not appended and statement.lstrip().upper().startswith("SELECT") \
                and "FROM audit_entry" in statement:
            appended.append(True)
            _append(fresh_app, 2, object_id=100)

    with fresh_app.app_context():
        engine = db.engine
        sa.event.listen(engine, "after_cursor_execute", append_during_the_scan)
        try:
            during = verify_chain()
        finally:
            sa.event.remove(engine, "after_cursor_execute", append_during_the_scan)
        assert appended, "the scan statement was not seen"
        assert during.ok, during.reason
        assert during.checked == 3  # up to the head it read first; the rest is for next time
        after = verify_chain()
        assert after.ok and after.checked == 5
        db.session.remove()


def test_a_verification_leaves_no_transaction_open(fresh_app: Flask) -> None:
    _append(fresh_app, 1)
    with fresh_app.app_context():
        assert verify_chain().ok
        assert not db.session().in_transaction()
        _append(fresh_app, 1)  # and so nothing of it is in a writer's way afterwards either
        assert verify_chain().checked == 2
        db.session.remove()


def test_removing_the_last_entries_is_detected(fresh_app: Flask) -> None:
    _append(fresh_app, 4)
    with fresh_app.app_context():
        with unit_of_work() as session:
            if db.engine.dialect.name == "postgresql":
                session.execute(sa.text("SET LOCAL session_replication_role = replica"))
            else:
                session.execute(sa.text("DROP TRIGGER audit_entry_no_delete"))
            session.execute(sa.text("DELETE FROM audit_entry WHERE id >= 3"))
        result = verify_chain()
        assert (result.ok, result.checked, result.broken_id) == (False, 2, 3)
        assert "missing" in (result.reason or "")
        db.session.remove()
