"""Health reports how long the oldest job has waited on each rq queue, and says degraded when
the workers are behind (issue 15, finding 8), on a real Redis."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from flask import Flask

from avg_service import clock
from avg_service.db import unit_of_work
from avg_service.health import QUEUE_AGE_LIMIT
from avg_service.jobs import enqueue_after_commit


def test_health_reports_the_queue_age_and_degrades_when_workers_are_behind(
        rq_app: Flask) -> None:
    api = rq_app.test_client()
    empty = api.get("/healthz").json
    assert empty["status"] == "ok" and empty["queue_age_s"] == {"avg-interactive": None, "avg": None}
    with unit_of_work():
        enqueue_after_commit("system.probe")
    fresh = api.get("/healthz").json
    assert fresh["status"] == "ok" and 0 <= fresh["queue_age_s"]["avg"] < 60
    later = clock.now_utc() + QUEUE_AGE_LIMIT + timedelta(seconds=30)
    with time_machine.travel(later, tick=False):
        behind = api.get("/healthz").json
    assert behind["status"] == "degraded" and behind["queue"] == "behind"
    assert behind["queue_age_s"]["avg"] > QUEUE_AGE_LIMIT.total_seconds()
