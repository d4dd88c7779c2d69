"""Background jobs through a transactional outbox.

A use case queues a job with ``enqueue_after_commit(name, *ids)`` inside its unit of work: that
writes a ``queued_job`` row in the same transaction. Only after the commit is the job handed to
rq (``REDIS_URL`` set) or run inline (the embedded default). A rollback drops the row and the job
with it; a Redis outage leaves the row pending, and ``flask avg jobs requeue`` (run by the sweep)
hands it over once Redis is back. Job functions take ids only (rq's JSON serializer), are
registered by a stable name with ``@job``, and must be idempotent: rq may run a job twice after a
worker dies, so each checks first whether its work is already done.
"""

from avg_service.jobs.dispatch import enqueue_after_commit, requeue_pending, run_job
from avg_service.jobs.models import JobStatus, QueuedJob
from avg_service.jobs.registry import job, registered_jobs

__all__ = [
    "JobStatus",
    "QueuedJob",
    "enqueue_after_commit",
    "job",
    "registered_jobs",
    "requeue_pending",
    "run_job",
]
