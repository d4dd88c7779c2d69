"""``flask avg sso ...``: link an account to its subject at a provider by hand, list and remove
links. Needed for providers set to ``link_by: subject`` (no e-mail matching), and to undo a link.
"""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from avg_service import clock
from avg_service.access.actor import Actor
from avg_service.accounts.models import User
from avg_service.db import unit_of_work
from avg_service.errors import DomainError
from avg_service.extensions import db


@click.group()
def sso() -> None:
    """Inloggen via de organisatie: koppelingen van accounts."""


def _user(email: str) -> User:
    user = db.session.scalars(sa.select(User).where(User.email == email.strip().lower())).one_or_none()
    if user is None:
        raise click.ClickException(f"Geen account met e-mailadres {email}.")
    return user


@sso.command("link")
@click.argument("email")
@click.argument("provider")
@click.argument("subject")
@with_appcontext
def link(email: str, provider: str, subject: str) -> None:
    """Koppel het account EMAIL aan SUBJECT bij PROVIDER (de sleutel uit AVG_OIDC_PROVIDERS)."""
    from avg_service.sso.browser import sso_settings
    from avg_service.sso.services import link_account

    settings = sso_settings().provider(provider)
    if settings is None:
        raise click.ClickException(f"Onbekende provider {provider!r}.")
    try:
        with unit_of_work():
            link_account(_user(email), settings, subject, actor=Actor.system("cli"),
                         now=clock.now_utc())
    except DomainError as refused:
        raise click.ClickException(refused.message) from None
    click.echo(f"gekoppeld: {email} bij {provider}")


@sso.command("unlink")
@click.argument("email")
@click.argument("provider")
@with_appcontext
def unlink(email: str, provider: str) -> None:
    """Verwijder de koppeling van EMAIL bij PROVIDER (de volgende log-in koppelt opnieuw)."""
    from avg_service.sso.services import unlink_account

    with unit_of_work():
        removed = unlink_account(_user(email), provider, actor=Actor.system("cli"),
                                 now=clock.now_utc())
    click.echo(f"ontkoppeld: {email} bij {provider}" if removed else "er was geen koppeling")


@sso.command("list")
@with_appcontext
def list_links() -> None:
    """Toon alle koppelingen (e-mailadres, provider, hoe gekoppeld, laatste log-in)."""
    from avg_service.sso.models import AccountLink

    rows = db.session.execute(sa.select(User.email, AccountLink.provider_key, AccountLink.linked_by,
                                        AccountLink.last_login_at)
                              .join(User, User.id == AccountLink.user_id).order_by(User.email))
    for email, provider, linked_by, last in rows:
        click.echo(f"{email}\t{provider}\t{linked_by}\t{last.isoformat() if last else '-'}")
