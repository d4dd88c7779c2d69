"""``flask avg worker``: one rq worker per process, forking a fresh work horse per job.

The parent builds the app once, warms WeasyPrint and every letter template, then forks per job
(rq's default ``Worker``), so each render starts from a warm, clean image and WeasyPrint's native
memory growth dies with the horse. Database pools inherited over a fork are reset in the child (SQLAlchemy's
documented ``dispose(close=False)``), so parent and child never share a connection.
"""

from __future__ import annotations

import gc
import os

from flask import current_app
from rq import Worker
from rq.serializers import JSONSerializer

from avg_service.extensions import db
from avg_service.jobs.dispatch import listen_queues, redis_connection

_fork_hook_installed = False


def run_worker(*, burst: bool = False, max_jobs: int | None = None) -> bool:
    """Work every queue, interactive first (``jobs.queues``), until stopped (or, with
    ``burst``, until they are empty)."""
    _warm_up()
    _install_fork_hook()
    # Move everything built so far out of the collector's reach: each forked work horse then
    # neither pays a full collection over the parent's ~220,000 objects nor copies their pages
    # (bench/letters.py: a besluit through the worker 424 -> about 300 ms).
    gc.collect()
    gc.freeze()
    worker = Worker(
        listen_queues(),
        connection=redis_connection(),
        serializer=JSONSerializer,
    )
    # with_scheduler: rq puts a failed job's Retry (RETRY_INTERVALS) and a dead horse's job in its
    # scheduled registry, and only a scheduler moves them back onto the queue. One worker holds
    # the scheduler lock; in burst mode it enqueues what is due once and works it.
    return bool(worker.work(burst=burst, max_jobs=max_jobs, logging_level="INFO",
                            with_scheduler=True))


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
