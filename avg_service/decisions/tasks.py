"""The besluit's job entries: stable names for the outbox and rq, thin over the services."""

from __future__ import annotations

from avg_service.decisions import previews
from avg_service.jobs import job, queues


# Interactive: a jurist waits for it on the page (issue 15, finding 8).
@job("decisions.preview", queue=queues.INTERACTIVE)
def render_preview(preview_id: int) -> None:
    """Render a draft's CONCEPT PDF once (idempotent: see ``previews.render_preview``)."""
    previews.render_preview(preview_id)
