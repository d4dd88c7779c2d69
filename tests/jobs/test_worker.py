"""The same jobs through a real rq worker process on Redis (burst mode), forking per job."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from avg_service.db import unit_of_work
from avg_service.extensions import db
from avg_service.jobs import JobStatus, QueuedJob, enqueue_after_commit
from tests.conftest import TEST_SECRET_KEY, ThrowawayDatabases, migrated_app

ROOT = Path(__file__).resolve().parents[2]


def test_a_real_rq_worker_runs_queued_jobs(databases: ThrowawayDatabases, tmp_path: Path,
                                           redis_url: str) -> None:
    app = migrated_app(databases, tmp_path, REDIS_URL=redis_url)
    database_url = app.config["SQLALCHEMY_DATABASE_URI"]
    with app.app_context():
        with unit_of_work():
            first = enqueue_after_commit("system.probe", 1)
            second = enqueue_after_commit("system.probe", 2)
        ids = [first.id, second.id]
        db.session.remove()
        db.engine.dispose()

    env = {**os.environ, "AVG_ENV": "development", "SECRET_KEY": TEST_SECRET_KEY,
           "DATABASE_URL": database_url, "REDIS_URL": redis_url}
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "avg", "worker", "--burst"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]

    with app.app_context():
        rows = db.session.scalars(sa.select(QueuedJob).where(QueuedJob.id.in_(ids))).all()
        assert {row.status for row in rows} == {JobStatus.DONE}
        assert all(row.finished_at is not None for row in rows)
        db.session.remove()
        db.engine.dispose()
