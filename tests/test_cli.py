"""``flask avg ...`` commands."""

from __future__ import annotations

import re
from pathlib import Path

import sqlalchemy as sa

from avg_service.extensions import db
from tests.conftest import ThrowawayDatabases, make_app
from tests.test_config import PRODUCTION_OK


def test_init_builds_the_schema_and_running_it_twice_changes_nothing(
    databases: ThrowawayDatabases, tmp_path: Path
) -> None:
    app = make_app(databases.new_url(), tmp_path)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["avg", "init", "--demo"])
    assert first.exit_code == 0, first.output
    assert "Database schema is up to date." in first.output
    with app.app_context():
        tables = set(sa.inspect(db.engine).get_table_names())
        version = db.session.scalar(sa.text("SELECT version_num FROM alembic_version"))
        db.session.remove()
    demo_link = re.search(r"Demo status page of AVG-\d{4}-\d{6} .*: \S+(/status/\S+)",
                          first.output)
    assert demo_link, first.output  # the requester's side, for a newcomer to look at
    assert app.test_client().get(demo_link.group(1)).status_code == 303
    second = runner.invoke(args=["avg", "init", "--demo"])
    assert second.exit_code == 0, second.output
    assert "Demo status page" not in second.output  # nothing new made, no new link
    with app.app_context():
        assert set(sa.inspect(db.engine).get_table_names()) == tables
        assert db.session.scalar(sa.text("SELECT version_num FROM alembic_version")) == version
        db.session.remove()
        db.engine.dispose()
    assert "queued_job" in tables


def test_demo_data_is_refused_in_production(tmp_path: Path) -> None:
    app = make_app(PRODUCTION_OK["DATABASE_URL"], tmp_path, **PRODUCTION_OK)
    result = app.test_cli_runner().invoke(args=["avg", "init", "--demo"])
    assert result.exit_code != 0
    assert "--demo is refused in production" in result.output


def test_worker_needs_redis(app) -> None:  # type: ignore[no-untyped-def]
    result = app.test_cli_runner().invoke(args=["avg", "worker", "--burst"])
    assert result.exit_code != 0
    assert "REDIS_URL is not set" in result.output


def test_jobs_probe_runs_inline_and_status_counts_it(
    databases: ThrowawayDatabases, tmp_path: Path
) -> None:
    app = make_app(databases.new_url(), tmp_path)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["avg", "init"]).exit_code == 0
    probe = runner.invoke(args=["avg", "jobs", "probe"])
    assert probe.exit_code == 0 and "probe queued as job" in probe.output
    status = runner.invoke(args=["avg", "jobs", "status"])
    assert "done: 1" in status.output
    with app.app_context():
        db.engine.dispose()


def test_deadlines_command_explains_case_c01(app) -> None:  # type: ignore[no-untyped-def]
    """DEADLINES.md C01: received Wed 2025-01-15, decision sent Fri 2025-02-07."""
    result = app.test_cli_runner().invoke(
        args=["avg", "deadlines", "--received", "2025-01-15", "--notified", "2025-02-07"]
    )
    assert result.exit_code == 0, result.output
    lines = {line.split("  ")[0]: line for line in result.output.splitlines()}
    assert "2025-02-17" in lines["Decision due (R2)"]
    assert "2025-04-15" in lines["Extended decision due (R3)"]
    assert "2025-03-21" in lines["Objection period ends (R9)"]
    assert "zaterdag" in result.output  # the raw end, Sat 15 Feb, is rolled past with its reason


def test_deadlines_command_rejects_a_bad_date(app) -> None:  # type: ignore[no-untyped-def]
    result = app.test_cli_runner().invoke(args=["avg", "deadlines", "--received", "31-01-2026"])
    assert result.exit_code == 2
    assert "--received" in result.output
