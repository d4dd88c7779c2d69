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
