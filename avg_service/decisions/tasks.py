"""The decisions' job entries: stable names for the outbox and rq, thin over the services."""

from __future__ import annotations

from avg_service.decisions import previews
from avg_service.jobs import job, queues


# Interactive: a jurist is waiting on the page for it (issue 15, finding 8).
@job("decisions.preview", queue=queues.INTERACTIVE)
def render_preview(preview_id: int) -> None:
    """Render a besluit preview's stored HTML to its PDF once."""
    previews.render_preview(preview_id)
