"""``flask avg breaches ...``: the reminders of the 72 hours, from cron.

The daily sweep is too coarse for a clock of hours: run ``flask avg breaches sweep`` every 15
minutes from cron (the embedded mode has no rq). With rq the reminders are also scheduled on
rq's scheduler when a breach is reported; the ledger makes both paths send each point once.
"""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from avg_service import clock
from avg_service.db import unit_of_work


@click.group()
def breaches() -> None:
    """Datalekken: de herinneringen van de 72 uur."""


@breaches.command("sweep")
@with_appcontext
def sweep() -> None:
    """Send the 24-, 48- and 66-hour reminders that are due, each once."""
    from avg_service.breaches.notices import sweep as send_reminders

    with unit_of_work():
        result = send_reminders(now=clock.now_utc())
    click.echo(f"datalekken: {result.sent} herinnering(en) verstuurd, "
               f"{result.superseded} overgeslagen (een latere was ook al aan de beurt)")
