"""Queue jobs inside a unit of work, hand them over after the commit, run them idempotently."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, Retry, get_current_job
from rq.serializers import JSONSerializer

from avg_service import clock
from avg_service.config import current_settings
from avg_service.uow import on_commit, queued, unit_of_work
from avg_service.extensions import db
from avg_service.jobs.models import JobStatus, QueuedJob
from avg_service.jobs.registry import check_args, lookup

log = logging.getLogger(__name__)

QUEUE_NAME = "avg"
#: rq retries a failed job after 10 s, 1 min and 5 min before it is marked failed for staff.
RETRY_INTERVALS = [10, 60, 300]
#: Attempts recorded in the outbox before a job is failed for good: the first run and its retries.
MAX_ATTEMPTS = 1 + len(RETRY_INTERVALS)
JOB_TIMEOUT_S = 600
#: The kind under which a unit of work keeps the outbox ids it queued.
JOBS = "jobs"


def enqueue_after_commit(name: str, *args: int | str) -> QueuedJob:
    """Queue job ``name`` with id arguments; it runs only if the current unit of work commits."""
    lookup(name)  # an unknown name is a programming error: fail inside the unit, not later
    row = QueuedJob(name=name, args=check_args(args))
    session = db.session()
    session.add(row)
    session.flush()
    queued(session, JOBS).append(row.id)
    return row


def dispatch_committed(job_ids: Iterable[int]) -> None:
    """Called by ``unit_of_work`` after a successful commit (registered below)."""
    ids = list(job_ids)
    if not ids:
        return
    if current_settings().runs_jobs_inline:
        for job_id in ids:
            run_job(job_id)
    else:
        hand_to_rq(ids)


on_commit(JOBS, dispatch_committed)


def hand_to_rq(job_ids: list[int]) -> int:
    """Enqueue outbox rows on rq. A Redis outage is logged; the rows stay pending for requeue."""
    try:
        queue = get_queue()
        for job_id in job_ids:
            queue.enqueue(
                run_job,
                job_id,
                job_id=f"avg-job-{job_id}",
                retry=Retry(max=len(RETRY_INTERVALS), interval=RETRY_INTERVALS),
                job_timeout=JOB_TIMEOUT_S,
            )
    except RedisError as error:
        log.warning(
            "queue unavailable; jobs stay pending in the outbox",
            extra={"event": "jobs.queue_unavailable", "error": type(error).__name__,
                   "job_ids": job_ids},
        )
        return 0
    return len(job_ids)


def run_job(job_id: int) -> None:
    """The one rq entry point: run outbox row ``job_id`` once, in its own unit of work.

    Idempotent: a row that is already done (a retried or duplicated rq job) is skipped.
    """
    try:
        with unit_of_work() as session:
            row = session.get(QueuedJob, job_id, with_for_update=True)
            if row is None or row.status != JobStatus.PENDING:
                return
            lookup(row.name)(*row.args)
            row.mark_done(at=clock.now_utc())
    except Exception as error:
        rq_job = get_current_job()
        final = rq_job is None or not rq_job.retries_left
        with unit_of_work() as session:
            row = session.get(QueuedJob, job_id)
            if row is not None:
                # rq counts retries per rq job, and requeue_pending hands a pending row over as a
                # new rq job with fresh retries: only the outbox's own count ends a job that
                # keeps failing, instead of it being retried every few minutes forever.
                final = final or row.attempts + 1 >= MAX_ATTEMPTS
                row.record_failure(error, final=final)
        log.exception(
            "job failed", extra={"event": "jobs.failed", "job_id": job_id, "final": final}
        )
        if rq_job is not None:
            raise  # rq records the failure and schedules the retry


def requeue_pending(*, older_than: timedelta = timedelta(minutes=5)) -> int:
    """Hand over pending outbox rows that rq never received (Redis was down). Returns the count."""
    cutoff = clock.now_utc() - older_than
    ids = list(
        db.session.scalars(
            sa.select(QueuedJob.id)
            .where(QueuedJob.status == JobStatus.PENDING, QueuedJob.created_at <= cutoff)
            .order_by(QueuedJob.id)
        )
    )
    if not ids:
        return 0
    if current_settings().runs_jobs_inline:
        for job_id in ids:
            run_job(job_id)
        return len(ids)
    return hand_to_rq(ids)


def redis_connection() -> Redis:
    state = current_app.extensions
    connection: Redis | None = state.get("avg_redis")
    if connection is None:
        url = current_settings().redis_url
        if url is None:
            raise RuntimeError("REDIS_URL is not set: jobs run inline, there is no queue")
        connection = Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
        state["avg_redis"] = connection
    return connection


def get_queue() -> Queue:
    return Queue(
        QUEUE_NAME,
        connection=redis_connection(),
        serializer=JSONSerializer,
        default_timeout=JOB_TIMEOUT_S,
    )
