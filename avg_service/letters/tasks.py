"""The letters' job entries: stable names for the outbox and rq, thin over the services."""

from __future__ import annotations

from avg_service.jobs import job
from avg_service.letters import services


@job("letters.render", queue=services.render_queue)
def render_letter(letter_id: int) -> None:
    """Render the letter's PDF/A once (idempotent: a rendered letter is left as is)."""
    services.render_letter(letter_id)
