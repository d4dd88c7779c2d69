"""``flask avg worker``: one rq worker per process, forking a fresh work horse per job.

The parent builds the app once, warms WeasyPrint and every letter template, then forks per job
(rq's default ``Worker``), so each render starts from a warm, clean image and WeasyPrint's native
memory growth dies with the horse. Database pools inherited over a fork are reset in the child (SQLAlchemy's
documented ``dispose(close=False)``), so parent and child never share a connection.

Recovery without anyone's help (issue 15, finding 11): a worker killed whole (parent, horse and
scheduler at once, as a machine dies) left its job in rq's started registry, the scheduler lock
held by a dead process, and nothing ran the job again for minutes. Here every live worker:

- renews a running job's heartbeat every ``JOB_MONITORING_INTERVAL_S`` and lets it lapse after
  ``HEARTBEAT_GRACE_S`` more (rq: 30 + 60 s), so the job of a dead worker is seen as abandoned
  within about 20 s;
- runs maintenance every ``MAINTENANCE_INTERVAL_S`` (rq: 10 minutes, and an idle worker slept
  in its blocking pop for up to 405 s): rq's registry cleaning puts abandoned jobs back through
  their retry (``dispatch.RETRY_INTERVALS``), under a cleaning lock that lapses in
  ``CLEANING_LOCK_S`` (rq holds its own for 899 s, which a worker killed while cleaning leaves
  behind);
- releases a scheduler lock whose holder is dead (``release_dead_scheduler_locks``), at start
  and on every maintenance, so a worker takes over scheduling at once instead of after the
  lock's 61 s;
- hands outbox rows over again that rq lost altogether (Redis restarted empty), as
  ``flask avg jobs requeue`` would (``rescue_lost_jobs``);
- counts a run its horse did not survive in the outbox, so a job that kills its horse every
  time fails for good after ``dispatch.MAX_ATTEMPTS`` instead of coming back forever;
- survives a Redis outage: rq's own loop waits for Redis while idle, but quits on an error
  anywhere else; ``run_worker`` then waits for Redis with a back-off and starts a fresh rq
  worker in the same process. Only a stop request (SIGTERM, SIGINT) ends it. systemd restarts
  the process for whatever else ends it (README, "Worker supervision").
"""

from __future__ import annotations

import gc
import logging
import os
import signal
import socket
import time
from datetime import timedelta
from types import FrameType
from typing import Any

import sqlalchemy as sa
from flask import current_app
from redis import Redis
from redis.exceptions import RedisError
from rq import Worker, worker_registration
from rq.exceptions import AbandonedJobError
from rq.job import Job, JobStatus as RqStatus
from rq.registry import clean_registries
from rq.scheduler import SCHEDULER_KEY_TEMPLATE, RQScheduler
from rq.scripts import release_lock
from rq.serializers import JSONSerializer
from rq.utils import now as rq_now

from avg_service import clock
from avg_service.extensions import db
from avg_service.jobs.dispatch import (
    hand_to_rq,
    listen_queues,
    record_failed_attempt,
    redis_connection,
    run_job,
)
from avg_service.jobs.models import JobStatus, QueuedJob

log = logging.getLogger(__name__)

#: The parent checks on its horse and renews the running job's heartbeat this often (rq: 30 s).
JOB_MONITORING_INTERVAL_S = 5
#: A running job's heartbeat lasts this much longer than the interval; past it, the job counts
#: as abandoned (rq adds 60 s). Three missed renewals: a live worker is never taken for dead
#: by a busy machine, and should it be, the rerun finds its outbox row done and skips it.
HEARTBEAT_GRACE_S = 15
#: Every worker runs its maintenance this often (rq: 600 s).
MAINTENANCE_INTERVAL_S = 10
#: rq's worker TTL: an idle worker wakes from its blocking pop every ``WORKER_TTL_S - 15`` s
#: (rq: 405 s), so it does its maintenance on time, and its registration lapses 60 s later.
WORKER_TTL_S = 25
#: One worker at a time cleans a queue's registries; the lock lapses after this long.
CLEANING_LOCK_S = 30
#: rq's scheduler refreshes its lock every second and holds it for ``interval + 60`` s.
SCHEDULER_LOCK_TTL_S = 1 + 60
#: A lock this much younger than its TTL, without its holder's record, is still being taken.
SCHEDULER_BIRTH_GRACE_S = 10
#: Outbox rows pending this long that rq no longer has are handed over again, by one worker at
#: a time, at most this often (the interval of the cron ``flask avg jobs requeue``).
LOST_JOB_AGE = timedelta(minutes=5)
LOST_JOB_CHECK_S = 60
LOST_JOB_LOCK_KEY = "avg:jobs:rescue-lock"
#: How long ``run_worker`` waits between tries while Redis is unreachable: doubling up to this.
REDIS_BACKOFF_MAX_S = 30.0
#: A worker that ran this long before it ended had been working: the back-off starts again.
STEADY_S = 60.0
#: rq statuses under which rq still holds a job and will run it.
_RQ_HOLDS = {RqStatus.QUEUED, RqStatus.STARTED, RqStatus.SCHEDULED, RqStatus.DEFERRED}

_fork_hook_installed = False


class WorkHorseKilled(Exception):
    """Recorded in the outbox when a job's work horse died under it (killed, out of memory)."""


def run_worker(*, burst: bool = False, max_jobs: int | None = None) -> bool:
    """Work every queue, interactive first (``jobs.queues``), until stopped (or, with
    ``burst``, until they are empty); through Redis outages."""
    _warm_up()
    _install_fork_hook()
    # Move everything built so far out of the collector's reach: each forked work horse then
    # neither pays a full collection over the parent's ~220,000 objects nor copies their pages
    # (bench/letters.py: a besluit through the worker 424 -> about 300 ms).
    gc.collect()
    gc.freeze()
    worked = False
    delay = 1.0
    while True:
        worker: SupervisedWorker | None = None
        started = time.monotonic()
        try:
            worker = SupervisedWorker(listen_queues(), connection=redis_connection(),
                                      serializer=JSONSerializer)
            # with_scheduler: rq puts a failed job's Retry (RETRY_INTERVALS) and an abandoned
            # job in its scheduled registry, and only a scheduler moves them back onto the
            # queue. One worker holds the scheduler lock; in burst mode it enqueues what is due
            # once and works it.
            worked |= worker.work(burst=burst, max_jobs=max_jobs, logging_level="INFO",
                                  with_scheduler=True)
        except RedisError as error:
            log.warning("worker lost Redis", extra={"event": "jobs.worker_redis_lost",
                                                   "error": type(error).__name__})
            if worker is not None:
                worker.drop_pubsub()
        if worker is not None and worker.ended_on_purpose(burst=burst, max_jobs=max_jobs):
            return worked
        if time.monotonic() - started >= STEADY_S:
            delay = 1.0  # it had been working: the first try comes quickly again
        delay = _wait_for_redis(redis_connection(), delay)


def _wait_for_redis(connection: Redis, delay: float) -> float:
    """Sleep with a doubling back-off until Redis answers; a stop signal ends the process here
    (there is no job running). Returns the next back-off."""

    def stop(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(0)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        while True:
            log.warning("waiting for Redis", extra={"event": "jobs.worker_waiting_for_redis",
                                                    "retry_in_s": delay})
            time.sleep(delay)
            delay = min(delay * 2, REDIS_BACKOFF_MAX_S)
            try:
                connection.ping()
            except RedisError:
                continue
            log.info("Redis is back", extra={"event": "jobs.worker_redis_back"})
            return delay
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


class SupervisedWorker(Worker):
    """rq's forking worker, tuned to see a dead worker's job and scheduler within seconds."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("job_monitoring_interval", JOB_MONITORING_INTERVAL_S)
        kwargs.setdefault("maintenance_interval", MAINTENANCE_INTERVAL_S)
        kwargs.setdefault("worker_ttl", WORKER_TTL_S)
        kwargs.setdefault("work_horse_killed_handler", _count_killed_horse)
        super().__init__(*args, **kwargs)
        self.push_exc_handler(_count_abandoned_job)  # type: ignore[no-untyped-call]
        self._last_rescue = 0.0

    def ended_on_purpose(self, *, burst: bool, max_jobs: int | None) -> bool:
        """Whether ``work()`` returned because it was asked to (a stop signal, burst mode
        done, its job quota worked), rather than on an error."""
        if burst or self._shutdown_requested_date is not None:
            return True
        worked = self.successful_job_count + self.failed_job_count
        return max_jobs is not None and worked >= max_jobs

    def get_heartbeat_ttl(self, job: Job, working_time: float = 0.0) -> int:
        interval: float = self.job_monitoring_interval
        if job.timeout and job.timeout > 0:
            interval = max(min(job.timeout - working_time, interval), 1)
        return int(interval) + HEARTBEAT_GRACE_S

    def maintain_heartbeats(self, job: Job, execution: Any) -> None:
        # A short Redis outage while a horse works must not end the worker: the horse finishes
        # (its outbox commit does not need Redis) and the heartbeat resumes when Redis is back.
        try:
            super().maintain_heartbeats(job, execution)
        except RedisError as error:
            log.warning("job heartbeat failed", extra={"event": "jobs.heartbeat_failed",
                                                      "error": type(error).__name__})

    def _start_scheduler(self, *args: Any, **kwargs: Any) -> None:
        release_dead_scheduler_locks(self.connection, self.queue_names())
        super()._start_scheduler(*args, **kwargs)

    def run_maintenance_tasks(self) -> None:
        release_dead_scheduler_locks(self.connection, self.queue_names())
        # starts the scheduler if it may, cleans registries
        super().run_maintenance_tasks()  # type: ignore[no-untyped-call]
        if time.monotonic() - self._last_rescue >= LOST_JOB_CHECK_S:
            self._last_rescue = time.monotonic()
            rescue_lost_jobs(self.connection, owner=self.name)

    def clean_registries(self) -> None:
        """rq's cleaning per queue, under a lock that lapses in ``CLEANING_LOCK_S``."""
        for queue in self.queues:
            if not self.connection.set(queue.registry_cleaning_key, self.name, nx=True,
                                       ex=CLEANING_LOCK_S):
                continue
            try:
                clean_registries(queue, self._exc_handlers)  # abandoned jobs: retried or failed
                worker_registration.clean_worker_registry(queue)
                queue.intermediate_queue.cleanup(self, queue)
            finally:
                release_lock(self.connection, queue.registry_cleaning_key, self.name)
        self.last_cleaned_at = rq_now()  # type: ignore[assignment]  # rq's own clock

    def drop_pubsub(self) -> None:
        """rq's teardown could not reach Redis: stop its command thread all the same."""
        if self.pubsub_thread is not None:
            self.pubsub_thread.stop()
        if self.pubsub is not None:
            try:
                self.pubsub.close()
            except RedisError:
                pass


def release_dead_scheduler_locks(connection: Redis, queue_names: list[str]) -> list[str]:
    """Release each queue's scheduler lock whose holder is dead; returns those queues.

    rq's scheduler records its host and pid (``rq:scheduler:<name>``) beside its lock. A holder
    on this host whose pid no longer exists is dead; so is one whose record lapsed while its
    lock did not. A holder on another host cannot be checked from here: its lock lapses by
    itself within ``SCHEDULER_LOCK_TTL_S``. The release is atomic and only if the same holder
    still has it. (Hostnames are assumed unique among the workers sharing one Redis.)
    """
    released = []
    for name in queue_names:
        key = RQScheduler.get_locking_key(name)
        holder = connection.get(key)
        if holder is None:
            continue
        holder_name = _text(holder)
        if _scheduler_alive(connection, holder_name, key):
            continue
        if release_lock(connection, key, holder_name):
            log.warning("released the scheduler lock of a dead worker",
                        extra={"event": "jobs.scheduler_lock_released", "queue": name})
            released.append(name)
    return released


def _scheduler_alive(connection: Redis, holder: str, lock_key: str) -> bool:
    record = connection.hgetall(SCHEDULER_KEY_TEMPLATE % holder)
    if not record:
        # The holder writes its record just after it takes the lock: give it a moment.
        return bool(connection.ttl(lock_key) > SCHEDULER_LOCK_TTL_S - SCHEDULER_BIRTH_GRACE_S)
    if _text(record.get(b"hostname", b"")) != socket.gethostname():
        return True
    try:
        os.kill(int(record.get(b"pid", b"0")), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, ValueError):
        return True
    return True


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def rescue_lost_jobs(connection: Redis, *, owner: str) -> int:
    """Hand over again the outbox rows pending for ``LOST_JOB_AGE`` that rq no longer holds
    (Redis lost its data, or rq gave up on a job the outbox still counts as pending). One
    worker at a time; a database or Redis error is logged and tried again next time."""
    try:
        if not connection.set(LOST_JOB_LOCK_KEY, owner, nx=True, ex=LOST_JOB_CHECK_S):
            return 0
        cutoff = clock.now_utc() - LOST_JOB_AGE
        ids = list(db.session.scalars(
            sa.select(QueuedJob.id)
            .where(QueuedJob.status == JobStatus.PENDING, QueuedJob.created_at <= cutoff)
            .order_by(QueuedJob.id)))
        if not ids:
            return 0
        held = Job.fetch_many([f"avg-job-{job_id}" for job_id in ids], connection=connection,
                              serializer=JSONSerializer)
        lost = [job_id for job_id, rq_job in zip(ids, held, strict=True)
                if rq_job is None or rq_job.get_status(refresh=False) not in _RQ_HOLDS]
        if lost:
            log.warning("handing over jobs rq lost", extra={"event": "jobs.rescued",
                                                            "job_ids": lost})
        return hand_to_rq(lost) if lost else 0
    except (RedisError, sa.exc.SQLAlchemyError) as error:
        log.warning("lost-job check failed", extra={"event": "jobs.rescue_failed",
                                                    "error": type(error).__name__})
        return 0
    finally:
        db.session.remove()  # the parent holds no transaction between checks


def _outbox_job_id(job: Job) -> int | None:
    if job.func_name != f"{run_job.__module__}.{run_job.__qualname__}" or not job.args:
        return None
    job_id = job.args[0]
    return job_id if isinstance(job_id, int) else None


def _count_killed_horse(job: Job, retpid: int, ret_val: int, rusage: Any) -> None:
    """rq: the horse died under a job (its parent lives and retries it)."""
    job_id = _outbox_job_id(job)
    if job_id is not None:
        record_failed_attempt(job_id, WorkHorseKilled(), retries_left=job.retries_left)
        db.session.remove()


def _count_abandoned_job(job: Job, exc_type: type[BaseException], exc_value: BaseException,
                         traceback: Any) -> bool:
    """rq's registry cleaning found a job whose whole worker died: count it in the outbox."""
    if exc_type is AbandonedJobError:
        job_id = _outbox_job_id(job)
        if job_id is not None:
            record_failed_attempt(job_id, exc_value, retries_left=job.retries_left)
            db.session.remove()
    return True  # on to rq's other handlers


def _warm_up() -> None:
    """Pay each process's one-time costs here, in the parent, so no work horse pays them again:
    WeasyPrint and its fonts, every letter kind's templates compiled (its preview rendered, from
    demo objects, without the database) and SQLAlchemy's mappers configured (bench/letters.py:
    a besluit through the worker 286 -> 210 ms)."""
    from sqlalchemy.orm import configure_mappers

    from avg_service.letters import preview
    from avg_service.letters.rendering import warm_up

    warm_up()
    configure_mappers()
    for kind in preview.PREVIEW_KINDS:
        preview.render_preview_pdf(preview.demo_data(kind))


def _install_fork_hook() -> None:
    global _fork_hook_installed
    if _fork_hook_installed:
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def reset_pools_in_child() -> None:
        with app.app_context():
            for engine in db.engines.values():
                engine.dispose(close=False)

    os.register_at_fork(after_in_child=reset_pools_in_child)
    _fork_hook_installed = True
