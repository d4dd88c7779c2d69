"""The service's health: can it reach its database and its job queue?

One function, used by ``GET /healthz`` (for load balancers and monitoring) and by the JSON API.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from redis.exceptions import RedisError

from avg_service import clock
from avg_service.config import current_settings
from avg_service.extensions import db
from avg_service.jobs.dispatch import redis_connection
from avg_service.jobs.models import JobStatus, QueuedJob

log = logging.getLogger(__name__)
#: A job still pending after this long was not picked up: the queue or the workers are behind.
STALE_JOB_AFTER = timedelta(minutes=15)


def health_status() -> tuple[dict[str, Any], bool]:
    """Return the health document and whether the service can serve requests at all."""
    database = "ok"
    stale_jobs: int | None = None
    try:
        db.session.execute(sa.text("SELECT 1"))
        stale_jobs = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(QueuedJob)
            .where(
                QueuedJob.status == JobStatus.PENDING,
                QueuedJob.created_at <= clock.now_utc() - STALE_JOB_AFTER,
            )
        )
    except sa.exc.SQLAlchemyError as error:
        db.session.rollback()
        database = "unavailable"
        log.warning("health: database unavailable",
                    extra={"event": "health.database", "error": type(error).__name__})

    queue_age: dict[str, float | None] = {}
    if current_settings().runs_jobs_inline:
        queue = "inline"
    else:
        try:
            redis_connection().ping()
            queue = "ok"
            queue_age = queue_ages(clock.now_utc())
            if any(age is not None and age > QUEUE_AGE_LIMIT.total_seconds()
                   for age in queue_age.values()):
                queue = "behind"
        except RedisError as error:
            queue = "unavailable"
            log.warning("health: queue unavailable",
                        extra={"event": "health.queue", "error": type(error).__name__})

    serving = database == "ok"
    if not serving:
        status = "unavailable"
    elif queue in ("unavailable", "behind") or (stale_jobs or 0) > 0:
        status = "degraded"
    else:
        status = "ok"
    return {"status": status, "database": database, "queue": queue,
            "stale_jobs": stale_jobs, "queue_age_s": queue_age}, serving


#: A job waiting longer than this on an rq queue: the workers are behind (issue 15, finding 8:
#: a burst kept notices waiting 9.7 minutes while the health check said ok).
QUEUE_AGE_LIMIT = timedelta(minutes=2)


def queue_ages(now: datetime) -> dict[str, float | None]:
    """Per rq queue, how long its oldest waiting job has waited (seconds), None when empty."""
    from avg_service.jobs.dispatch import listen_queues

    ages: dict[str, float | None] = {}
    for queue in listen_queues():
        oldest = queue.get_jobs(0, 1)
        enqueued = oldest[0].enqueued_at if oldest else None
        if enqueued is not None and enqueued.tzinfo is None:
            enqueued = enqueued.replace(tzinfo=UTC)
        ages[queue.name] = round((now - enqueued).total_seconds(), 1) if enqueued else None
    return ages
