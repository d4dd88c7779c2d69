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
from avg_service.jobs import queues
from avg_service.jobs.models import JobStatus, QueuedJob
from avg_service.jobs.registry import check_args, lookup, queue_for

log = logging.getLogger(__name__)

#: rq retries a failed job after 10 s, 1 min and 5 min before it is marked failed for staff.
RETRY_INTERVALS = [10, 60, 300]
#: Attempts recorded in the outbox before a job is failed for good: the first run and its retries.
MAX_ATTEMPTS = 1 + len(RETRY_INTERVALS)
JOB_TIMEOUT_S = 600
#: The kind under which a unit of work keeps the outbox ids it queued.
JOBS = "jobs"


def enqueue_after_commit(name: str, *args: int | str) -> QueuedJob:
    """Queue job ``name`` with id arguments; it runs only if the current unit of work commits.

    Its rq queue is chosen now, from what the unit of work holds (``registry.queue_for``).
    """
    lookup(name)  # an unknown name is a programming error: fail inside the unit, not later
    row = QueuedJob(name=name, args=check_args(args))
    session = db.session()
    session.add(row)
    session.flush()
    queued(session, JOBS).append((row.id, queue_for(name, row.args)))
    return row


def dispatch_committed(jobs: Iterable[tuple[int, str]]) -> None:
    """Called by ``unit_of_work`` after a successful commit (registered below), with each
    job's queue."""
    routed = dict(jobs)
    if not routed:
        return
    if current_settings().runs_jobs_inline:
        for job_id in routed:
            run_job(job_id)
    else:
        hand_to_rq(list(routed), queues_by_id=routed)


on_commit(JOBS, dispatch_committed)


def hand_to_rq(job_ids: list[int], *, queues_by_id: dict[int, str] | None = None) -> int:
    """Enqueue outbox rows on rq, each on its queue: ``queues_by_id`` as chosen when they were
    queued, or else from the stored row (``registry.queue_for``). A Redis outage is logged; the
    rows stay pending for requeue."""
    routes = dict(queues_by_id or {})
    missing = [job_id for job_id in job_ids if job_id not in routes]
    if missing:
        routes.update(_stored_routes(missing))
    try:
        by_name = {name: get_queue(name) for name in queues.LISTEN_ORDER}
        for job_id in job_ids:
            by_name[routes.get(job_id, queues.BULK)].enqueue(
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


def _stored_routes(job_ids: list[int]) -> dict[int, str]:
    """The queue of each stored job (a row that is gone runs nowhere: ``run_job`` skips it)."""
    rows = db.session.execute(
        sa.select(QueuedJob.id, QueuedJob.name, QueuedJob.args).where(QueuedJob.id.in_(job_ids))
    ).all()
    return {job_id: queue_for(name, args) for job_id, name, args in rows}


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
        final = record_failed_attempt(
            job_id, error, retries_left=None if rq_job is None else rq_job.retries_left)
        log.exception(
            "job failed", extra={"event": "jobs.failed", "job_id": job_id, "final": final}
        )
        if rq_job is not None:
            raise  # rq records the failure and schedules the retry


def record_failed_attempt(job_id: int, error: BaseException, *, retries_left: int | None) -> bool:
    """Count one failed run of outbox row ``job_id`` (the job raised, or its worker died under
    it); returns whether the job has now failed for good. A row no longer pending is left as is:
    a worker can die after the job's own commit.
    """
    final = not retries_left
    with unit_of_work() as session:
        row = session.get(QueuedJob, job_id, with_for_update=True)
        if row is not None and row.status == JobStatus.PENDING:
            # rq counts retries per rq job, and requeue_pending hands a pending row over as a
            # new rq job with fresh retries: only the outbox's own count ends a job that
            # keeps failing, instead of it being retried every few minutes forever.
            final = final or row.attempts + 1 >= MAX_ATTEMPTS
            row.record_failure(error, final=final)
    return final


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


def get_queue(name: str) -> Queue:
    """The rq queue ``name`` (one of ``jobs.queues``)."""
    if name not in queues.LISTEN_ORDER:
        raise ValueError(f"unknown queue {name!r}")
    return Queue(
        name,
        connection=redis_connection(),
        serializer=JSONSerializer,
        default_timeout=JOB_TIMEOUT_S,
    )


def listen_queues() -> list[Queue]:
    """Every queue, in the order a worker serves them: interactive before bulk."""
    return [get_queue(name) for name in queues.LISTEN_ORDER]
