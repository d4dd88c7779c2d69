"""The migrations build the schema the models describe, and undo it, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from avg_service.extensions import db
from tests.conftest import ThrowawayDatabases, make_app


def _round_trip(databases: ThrowawayDatabases, tmp_path: Path) -> None:
    app = make_app(databases.new_url(), tmp_path)
    with app.app_context():
        upgrade()
        inspector = sa.inspect(db.engine)
        assert "queued_job" in inspector.get_table_names()
        with db.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert diff == [], f"models and migrations differ: {diff}"

        downgrade(revision="base")
        assert sa.inspect(db.engine).get_table_names() == ["alembic_version"]
        upgrade()
        assert "queued_job" in sa.inspect(db.engine).get_table_names()
        db.engine.dispose()


def test_migrations_upgrade_and_downgrade(databases: ThrowawayDatabases, tmp_path: Path) -> None:
    _round_trip(databases, tmp_path)


def test_migrations_on_postgres(postgres: ThrowawayDatabases, tmp_path: Path) -> None:
    assert postgres.is_postgres
    _round_trip(postgres, tmp_path)


def test_upgrading_a_database_that_holds_data(databases: ThrowawayDatabases,
                                              tmp_path: Path) -> None:
    """A migration must not copy-and-drop a table other rows point at (SQLite batch mode)."""
    from avg_service import clock
    from avg_service.db import unit_of_work
    from avg_service.organisations.services import seed_participants
    from tests.factories import make_request

    app = make_app(databases.new_url(), tmp_path)
    with app.app_context():
        upgrade(revision="0004")
        with unit_of_work():
            db.session.execute(sa.text(
                "INSERT INTO organisation (code, name, legal_basis, is_joint_controller, "
                "is_active, task_due_working_days, created_at, updated_at) VALUES "
                "('politie', 'Politie', 'WGS art. 2.27(1)(c)', true, true, 10, :now, :now)"),
                {"now": clock.now_utc()})
            db.session.execute(sa.text(
                "INSERT INTO user_account (email, display_name, role, organisation_id, "
                "password_hash, is_active, failed_logins, created_at, updated_at) SELECT "
                "'a@b.test', 'A', 'deelnemer', id, 'x', true, 0, :now, :now FROM organisation"),
                {"now": clock.now_utc()})
        upgrade()
        with unit_of_work():
            seed_participants(now=clock.now_utc())
        dsr = make_request()
        assert db.session.scalar(sa.text("SELECT reminder_days FROM organisation "
                                         "WHERE code = 'politie'")) == 5
        assert dsr.id
        db.engine.dispose()


def test_0016a_rebuilds_the_task_tables_with_rows_that_point_at_them(
        databases: ThrowawayDatabases, tmp_path: Path) -> None:
    """0016a copies coordination_task on SQLite (its CHECKs change): the answers, files and
    messages that point at its rows survive a downgrade and an upgrade with data in them."""
    from avg_service import clock
    from avg_service.access.actor import Actor
    from avg_service.coordination import services
    from avg_service.coordination.rules import DEFAULT_SHARED
    from avg_service.db import unit_of_work
    from avg_service.requests import services as requests
    from tests.factories import make_request, organisation_id

    app = make_app(databases.new_url(), tmp_path)
    actor = Actor.system("cli")
    with app.app_context():
        upgrade()
        dsr = make_request(rights=["15"])
        with unit_of_work():
            requests.start_handling(requests.get_request(dsr.id), actor=actor,
                                    now=clock.now_utc())
            (task,) = services.create_tasks(requests.get_request(dsr.id),
                                            organisation_ids=[organisation_id("politie")],
                                            shared=DEFAULT_SHARED, actor=actor,
                                            now=clock.now_utc())
            services.add_file(task, "a.pdf", b"%PDF-1.4 x", actor=actor, now=clock.now_utc())
            services.save_answer(task, {"holds_data": False}, [], actor=actor,
                                 now=clock.now_utc(), submit=True)
        db.session.remove()
        downgrade(revision="0016a")
        downgrade(revision="-1")  # to the revision before 0016a, whatever it is chained to
        upgrade()
        counts = [db.session.scalar(sa.text(f"SELECT count(*) FROM {table}"))
                  for table in ("coordination_task", "task_answer", "task_file")]
        assert counts == [1, 1, 1]
        assert db.session.scalar(sa.text("SELECT role FROM task_file")) == "data"
        db.session.remove()
        db.engine.dispose()
