"""Built-in jobs of the service itself."""

from __future__ import annotations

import logging

from avg_service.jobs import job, queues

log = logging.getLogger(__name__)


# Bulk: a probe waits where most work waits, so it also shows when that lane is stuck.
@job("system.probe", queue=queues.BULK)
def probe(probe_id: int) -> None:
    """End-to-end check that jobs are handed over and run (``flask avg jobs probe``).

    Doing nothing is the point: the outbox row turning ``done`` proves the path from the commit
    through the queue and a worker back to the database.
    """
    log.info("job probe ran", extra={"event": "jobs.probe", "probe_id": probe_id})
