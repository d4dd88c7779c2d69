"""The outbox's job entries: stable names for the outbox and rq, thin over the services."""

from __future__ import annotations

from avg_service import clock
from avg_service.jobs import job
from avg_service.mail import services


@job("mail.send", queue=services.send_queue)
def send_message(message_id: int) -> None:
    """Deliver one outbox message, once (idempotent: see ``services.send_message``)."""
    services.send_message(message_id)


@job("mail.nudge", queue=services.send_queue)
def nudge(message_id: int) -> None:
    """rq's scheduled call at a retry's moment: queue ``mail.send`` if the message is (still)
    due; a nudge too early or for a message sent meanwhile does nothing."""
    services.send_due(clock.now_utc(), message_ids=[message_id])
