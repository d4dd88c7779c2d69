"""Workers recover by themselves (issue 15, finding 11): a dead scheduler's lock is released, a
job rq lost is handed over again, and a worker lives through a Redis outage. The kill of a whole
worker mid-render is in tests/letters/test_reliability.py. Every wait polls observable state (a
Redis key, the outbox, the worker's log) with a deadline."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
import time_machine
from flask import Flask
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue
from rq.scheduler import SCHEDULER_KEY_TEMPLATE, RQScheduler
from rq.serializers import JSONSerializer

from avg_service import clock
from avg_service.db import unit_of_work
from avg_service.extensions import db
from avg_service.jobs import JobStatus, QueuedJob, enqueue_after_commit, queues
from avg_service.jobs.worker import (
    LOST_JOB_AGE,
    LOST_JOB_LOCK_KEY,
    SCHEDULER_LOCK_TTL_S,
    release_dead_scheduler_locks,
    rescue_lost_jobs,
)
from tests.conftest import TEST_SECRET_KEY, ThrowawayDatabases, migrated_app
from tests.letters.test_reliability import DEADLINE_S, unused_local_port, wait_for

ROOT = Path(__file__).resolve().parents[2]


def dead_pid() -> int:
    """The pid of a process that has exited (and been reaped)."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


# ------------------------------------------------------------------- the scheduler's lock
def hold_lock(connection: Redis, queue: str, holder: str, *, ttl: int = SCHEDULER_LOCK_TTL_S,
              host: str | None = None, pid: int | None = None) -> str:
    """A scheduler lock as rq's scheduler leaves it: the lock, and (with ``pid``) its record."""
    key = RQScheduler.get_locking_key(queue)
    connection.set(key, holder, ex=ttl)
    if pid is not None:
        connection.hset(SCHEDULER_KEY_TEMPLATE % holder,
                        mapping={"hostname": host or socket.gethostname(), "pid": str(pid)})
    return key


@pytest.mark.redis
def test_only_the_scheduler_locks_of_dead_holders_are_released(redis_url: str) -> None:
    connection = Redis.from_url(redis_url)
    dead = hold_lock(connection, "q-dead", "s1", pid=dead_pid())
    alive = hold_lock(connection, "q-alive", "s2", pid=os.getpid())
    remote = hold_lock(connection, "q-remote", "s3", host="another-host", pid=dead_pid())
    lapsed = hold_lock(connection, "q-lapsed", "s4", ttl=SCHEDULER_LOCK_TTL_S - 20)  # no record
    taking = hold_lock(connection, "q-taking", "s5")  # taken just now, record not written yet

    released = release_dead_scheduler_locks(
        connection, ["q-dead", "q-alive", "q-remote", "q-lapsed", "q-taking", "q-free"])

    assert sorted(released) == ["q-dead", "q-lapsed"]
    assert connection.get(dead) is None and connection.get(lapsed) is None
    assert connection.get(alive) == b"s2"
    assert connection.get(remote) == b"s3"  # another host's pid cannot be checked from here
    assert connection.get(taking) == b"s5"


# --------------------------------------------------------------------- a job rq lost
@pytest.mark.redis
def test_a_job_redis_lost_is_handed_over_again_by_the_workers(rq_app: Flask,
                                                               redis_url: str) -> None:
    connection = Redis.from_url(redis_url)
    bulk = Queue(queues.BULK, connection=connection, serializer=JSONSerializer)
    with unit_of_work():
        lost = enqueue_after_commit("system.probe", 1)
    with unit_of_work():
        kept = enqueue_after_commit("system.probe", 2)
    assert bulk.job_ids == [lost.rq_job_id, kept.rq_job_id]
    connection.lrem(bulk.key, 0, lost.rq_job_id)  # Redis came back without it
    connection.delete(f"rq:job:{lost.rq_job_id}")

    assert rescue_lost_jobs(connection, owner="w1") == 0  # not yet five minutes pending
    connection.delete(LOST_JOB_LOCK_KEY)
    with time_machine.travel(clock.now_utc() + LOST_JOB_AGE + timedelta(seconds=1)):
        assert rescue_lost_jobs(connection, owner="w1") == 1
        assert rescue_lost_jobs(connection, owner="w2") == 0  # one worker per minute checks
    # The lost job is back; the one rq still held is not queued twice.
    assert sorted(bulk.job_ids) == sorted([lost.rq_job_id, kept.rq_job_id])
    statuses = db.session.scalars(sa.select(QueuedJob.status)).all()
    assert statuses == [JobStatus.PENDING, JobStatus.PENDING]


# -------------------------------------------------------------------- a Redis outage
class ThrowawayRedis:
    """A redis-server of the test's own on a free port, to take away and bring back."""

    def __init__(self, tmp_path: Path) -> None:
        self.port = unused_local_port()
        self.tmp_path = tmp_path
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        assert binary is not None
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.tmp_path)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for("redis-server to answer", self.answers)

    def answers(self) -> bool:
        try:
            return bool(Redis.from_url(self.url, socket_connect_timeout=1).ping())
        except RedisError:
            return False

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=DEADLINE_S)
        self.process = None


@pytest.fixture
def throwaway_redis(tmp_path: Path, redis_url: str) -> Iterator[ThrowawayRedis]:
    """Runs with the Redis tests (``TEST_REDIS_URL``), though it uses a server of its own."""
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is not installed (the Redis tests need it)")
    server = ThrowawayRedis(tmp_path)
    server.start()
    yield server
    if server.process is not None:
        server.kill()


@pytest.mark.redis
def test_a_worker_lives_through_a_redis_outage_and_works_when_redis_is_back(
        databases: ThrowawayDatabases, tmp_path: Path, throwaway_redis: ThrowawayRedis) -> None:
    app = migrated_app(databases, tmp_path, REDIS_URL=throwaway_redis.url)
    env = {**os.environ, "AVG_ENV": "development", "SECRET_KEY": TEST_SECRET_KEY,
           "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "REDIS_URL": throwaway_redis.url}
    log_path = tmp_path / "worker.log"
    with log_path.open("wb") as log:
        worker = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "wsgi", "avg", "worker"], cwd=ROOT, env=env,
            stdout=log, stderr=subprocess.STDOUT)
    lock_key = RQScheduler.get_locking_key(queues.BULK)

    def redis() -> Redis:
        return Redis.from_url(throwaway_redis.url)

    try:
        wait_for("the worker to take the scheduler lock", lambda: redis().get(lock_key),
                 alive=(worker,))
        throwaway_redis.kill()
        wait_for("the worker to notice Redis is gone", lambda: any(
            sign in log_path.read_text(errors="replace")
            for sign in ("could not connect to Redis", "waiting for Redis")), alive=(worker,))
        throwaway_redis.start()  # back, and empty: a restart without persistence

        with app.app_context():
            with unit_of_work():
                row = enqueue_after_commit("system.probe", 1)

            def done() -> bool:
                db.session.expire_all()
                found = db.session.get(QueuedJob, row.id)
                return found is not None and found.status == JobStatus.DONE

            wait_for("the job handed over after the outage to run", done, alive=(worker,))
            db.session.remove()
            db.engine.dispose()
        # Its scheduler is back too (the outage ended rq's scheduler process).
        wait_for("the scheduler lock to be taken again", lambda: redis().get(lock_key),
                 alive=(worker,))
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=DEADLINE_S) == 0
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(timeout=DEADLINE_S)
