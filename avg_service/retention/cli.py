"""``flask avg retention ...``: the sweep that proposes a destruction list (daily, from cron)
and carrying out a list the FG approved."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from avg_service import clock
from avg_service.access.actor import Actor
from avg_service.db import unit_of_work


@click.group()
def retention() -> None:
    """Bewaartermijnen: de vernietigingslijst voorstellen en uitvoeren."""


@retention.command("sweep")
@with_appcontext
def sweep() -> None:
    """Propose a destruction list of everything whose term has ended (nothing is destroyed
    until the FG approves it)."""
    from avg_service.retention.services import propose

    now = clock.now_utc()
    with unit_of_work():
        proposed = propose(today=clock.today_local(), now=now, actor=Actor.system("cli"))
        message = (f"vernietigingslijst {proposed.id} voorgesteld met {len(proposed.items)} "
                   "onderdeel/onderdelen; wacht op goedkeuring van de FG"
                   if proposed else "niets te vernietigen")
    click.echo(message)


@retention.command("carry-out")
@click.argument("list_id", type=int)
@with_appcontext
def carry_out(list_id: int) -> None:
    """Carry out an approved destruction list (the FG's page does the same)."""
    from avg_service.retention import services
    from avg_service.retention.rules import DestructionRefused

    with unit_of_work():
        found = services.get_list(list_id, for_update=True)
        if found is None:
            raise click.ClickException(f"vernietigingslijst {list_id} bestaat niet")
        try:
            done = services.carry_out(found, actor=Actor.system("cli"), now=clock.now_utc())
        except DestructionRefused as error:
            raise click.ClickException(str(error)) from error
    click.echo(f"vernietigingslijst {list_id} uitgevoerd: {done} onderdeel/onderdelen")
