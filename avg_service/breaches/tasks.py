"""The breach register's job entries: stable names for rq, thin over the services."""

from __future__ import annotations

from avg_service import clock
from avg_service.breaches import notices
from avg_service.jobs import job, queues


# Interactive: a few per breach, and the AP must hear within 72 hours (AVG 33(1)).
@job("breaches.nudge", queue=queues.INTERACTIVE)
def nudge(breach_id: int) -> None:
    """rq's scheduled call at a reminder point: send what is due for this breach (the ledger
    sends each point once, so a second wake-up does nothing)."""
    notices.sweep(now=clock.now_utc(), breach_ids=[breach_id])
