"""Jobs are queued inside a unit of work and handed over only after its commit."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
import sqlalchemy as sa
import time_machine
from flask import Flask
from redis import Redis
from rq import Queue
from rq.serializers import JSONSerializer

from avg_service.db import unit_of_work
from avg_service.extensions import db
from avg_service.jobs import JobStatus, QueuedJob, enqueue_after_commit, job, requeue_pending
from avg_service.jobs.registry import UnknownJob

CALLS: list[tuple[str, int]] = []


@job("tests.record")
def record(item_id: int) -> None:
    """Sees the database as committed: it records whether its own outbox row is visible."""
    CALLS.append(("record", item_id))


@job("tests.explode")
def explode(item_id: int) -> None:
    raise LookupError(f"personal detail of {item_id} that must not reach the outbox")


@pytest.fixture(autouse=True)
def _reset_calls() -> Iterator[None]:
    CALLS.clear()
    yield
    CALLS.clear()


def _status(session: sa.orm.Session, job_id: int) -> str:
    session.expire_all()
    row = session.get(QueuedJob, job_id)
    assert row is not None
    return row.status


def test_a_job_runs_inline_only_after_the_commit(db_session: sa.orm.Session) -> None:
    with unit_of_work():
        row = enqueue_after_commit("tests.record", 7)
        assert CALLS == []  # not before the commit
    assert CALLS == [("record", 7)]
    assert _status(db_session, row.id) == JobStatus.DONE


def test_a_job_queued_in_a_unit_that_rolls_back_never_runs(db_session: sa.orm.Session) -> None:
    with pytest.raises(RuntimeError):
        with unit_of_work():
            enqueue_after_commit("tests.record", 8)
            raise RuntimeError("the use case failed")
    assert CALLS == []
    assert db_session.scalar(sa.select(sa.func.count()).select_from(QueuedJob)) == 0
    # and a later, successful unit does not pick up the dropped job
    with unit_of_work():
        enqueue_after_commit("tests.record", 9)
    assert CALLS == [("record", 9)]


def test_running_a_job_twice_runs_it_once(db_session: sa.orm.Session, app: Flask) -> None:
    from avg_service.jobs import run_job

    with unit_of_work():
        row = enqueue_after_commit("tests.record", 10)
    run_job(row.id)  # what rq does after a worker died mid-job
    assert CALLS == [("record", 10)]


def test_a_failing_job_records_the_error_type_only(db_session: sa.orm.Session) -> None:
    with unit_of_work():
        row = enqueue_after_commit("tests.explode", 11)
    db_session.expire_all()
    stored = db_session.get(QueuedJob, row.id)
    assert stored is not None
    assert stored.status == JobStatus.FAILED
    assert stored.attempts == 1
    assert stored.last_error == "LookupError"


def test_jobs_take_ids_only(db_session: sa.orm.Session) -> None:
    with pytest.raises(TypeError, match="ids"):
        enqueue_after_commit("tests.record", {"name": "Jansen"})  # type: ignore[arg-type]
    with pytest.raises(UnknownJob):
        enqueue_after_commit("tests.no_such_job", 1)


# ------------------------------------------------------------------ rq on a real Redis server
def _queue(redis_url: str) -> Queue:
    return Queue("avg", connection=Redis.from_url(redis_url), serializer=JSONSerializer)


def test_with_redis_a_rolled_back_job_is_never_enqueued(rq_app: Flask, redis_url: str) -> None:
    with pytest.raises(RuntimeError):
        with unit_of_work():
            enqueue_after_commit("tests.record", 20)
            raise RuntimeError("rolled back")
    assert _queue(redis_url).count == 0
    with unit_of_work():
        row = enqueue_after_commit("tests.record", 21)
    queue = _queue(redis_url)
    assert queue.job_ids == [row.rq_job_id]
    rq_job = queue.fetch_job(row.rq_job_id)
    assert rq_job is not None and rq_job.args == [row.id]  # an id, JSON-serialised
    assert CALLS == []  # handed to rq, not run inline


def test_a_redis_outage_keeps_the_job_pending_until_requeue(
    rq_app: Flask, redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from avg_service.jobs import dispatch

    monkeypatch.setitem(rq_app.extensions, "avg_redis",
                        Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2))
    with unit_of_work():
        row = enqueue_after_commit("tests.record", 30)
    assert _status(db.session(), row.id) == JobStatus.PENDING  # committed, not lost

    monkeypatch.setitem(rq_app.extensions, "avg_redis", Redis.from_url(redis_url))
    assert requeue_pending() == 0  # too recent: it may still be on its way
    with time_machine.travel(dispatch.clock.now_utc() + timedelta(minutes=6)):
        assert requeue_pending() == 1
    assert _queue(redis_url).job_ids == [row.rq_job_id]
