"""Calls that rq's scheduler makes at a moment (a mail retry, a breach reminder).

A scheduled call is a nudge: when it runs it reads what the database then says, so a lost one
only means waiting for the sweep, and one that runs twice does nothing the second time. It is
registered by a stable name like any job (``@job("mail.nudge")``) and handed to rq only after
the unit of work that asked for it committed; a rollback drops it. rq stores the name and the
ids with one entry point of ours, ``run_scheduled``, never the Python path of a feature's
function, so moving a function never strands a job already scheduled.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from redis.exceptions import RedisError

from avg_service.config import current_settings
from avg_service.extensions import db
from avg_service.jobs import dispatch
from avg_service.jobs.registry import check_args, lookup, queue_for
from avg_service.uow import on_commit, queued, unit_of_work

log = logging.getLogger(__name__)

SCHEDULED = "rq_scheduled"


@dataclass(frozen=True, slots=True)
class ScheduledCall:
    name: str
    args: list[Any]
    at: datetime
    rq_id: str
    #: the log event when Redis cannot take it (the sweep will do the work instead)
    unavailable_event: str
    log_extra: dict[str, Any]


def schedule_after_commit(name: str, *args: int | str, at: datetime, rq_id: str,
                          unavailable_event: str, **log_extra: Any) -> None:
    """Have rq's scheduler run job ``name`` with ``args`` at ``at`` once this unit commits.
    Without rq (jobs inline) nothing is scheduled: the sweep and cron find what is due."""
    lookup(name)  # an unknown name is a programming error: fail inside the unit
    if current_settings().runs_jobs_inline:
        return
    queued(db.session(), SCHEDULED).append(ScheduledCall(
        name, check_args(args), at, rq_id, unavailable_event, log_extra))


def _hand_over(calls: list[ScheduledCall]) -> None:
    for call in calls:
        try:
            queue = dispatch.get_queue(queue_for(call.name, call.args))
            queue.enqueue_at(call.at, run_scheduled, call.name, *call.args, job_id=call.rq_id)
        except RedisError as error:
            log.warning("not scheduled on rq; the sweep does it", extra={
                "event": call.unavailable_event, "error": type(error).__name__,
                **call.log_extra})


on_commit(SCHEDULED, _hand_over)


def run_scheduled(name: str, *args: int | str) -> None:
    """rq's scheduled call: the registered job ``name`` in a unit of work of its own."""
    with unit_of_work():
        lookup(name)(*args)
