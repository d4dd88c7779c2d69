"""Who hears of a breach, and the reminders of the 72 hours.

Messages go through the mail outbox (sent after the commit) and carry the breach's reference,
the moments of the clock and a link: never what happened or who is affected. Their texts are
templates (``templates/breaches/mail/*.txt``: a ``subject`` set at the top, then the body).

The reminders at 24, 48 and 66 hours after awareness go to the FG and the notifying controller,
each once: the ledger ``breach_reminder_sent`` has one row per breach and point. ``sweep`` sends
what is due (``flask avg breaches sweep`` from cron every 15 minutes, and the daily sweep); with
rq, ``schedule_wake_ups`` also has rq's scheduler run ``breaches.nudge`` at each point, and the ledger
makes the two paths one.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import current_app

from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.accounts.models import User
from avg_service.audit.models import Purpose
from avg_service.audit.services import record
from avg_service.breaches import rules
from avg_service.breaches.models import Breach, BreachReminderSent, BreachSettings, BreachTask
from avg_service.breaches.rules import BreachStatus, RiskLevel
from avg_service.config import current_settings
from avg_service.extensions import db
from avg_service.jobs.schedule import run_scheduled, schedule_after_commit
from avg_service.mail.services import queue_mail
from avg_service.organisations.models import Organisation
from avg_service.organisations.services import contact_point_settings
from avg_service.requests.letters import moment_nl
from avg_service.links import external_url

log = logging.getLogger(__name__)


# ------------------------------------------------------------------------------ settings
def breach_settings() -> BreachSettings:
    """The stored settings, or the defaults (never written by reading): the source controller
    notifies, the college van B&W is the contact point's organisation, no FG details yet."""
    found = db.session.get(BreachSettings, 1)
    if found is not None:
        return found
    college = db.session.scalar(sa.select(Organisation.id).where(Organisation.code == "college"))
    return BreachSettings(id=1, notifier_rule=rules.NotifierRule.SOURCE.value,
                          contact_point_organisation_id=college)


# ------------------------------------------------------------------------------ addresses
def _unique(addresses: Iterable[str | None]) -> list[str]:
    return list(dict.fromkeys(a for a in addresses if a))


def _users_with(role: Role, organisation_id: int | None = None) -> list[str]:
    query = sa.select(User.email).where(User.role == role.value, User.is_active)
    if organisation_id is not None:
        query = query.where(User.organisation_id == organisation_id)
    return list(db.session.scalars(query.order_by(User.id)))


def fg_addresses() -> list[str]:
    return _unique([breach_settings().fg_email, *_users_with(Role.FG)])


def contact_point_addresses() -> list[str]:
    """The contact point's mailbox, or (without one) its staff."""
    mailbox = contact_point_settings().contact_email
    return [mailbox] if mailbox else _unique(_users_with(Role.CONTACTPUNT))


def organisation_addresses(organisation: Organisation) -> list[str]:
    """A participant's task mailbox and its active users; the contact point's own organisation
    is reached through the contact point's mailbox."""
    if organisation.id == breach_settings().contact_point_organisation_id:
        return contact_point_addresses()
    return _unique([organisation.task_email, *_users_with(Role.DEELNEMER, organisation.id)])


# ------------------------------------------------------------------------------ messages
def render_mail(template: str, context: dict[str, Any]) -> tuple[str, str]:
    """``templates/breaches/mail/<template>.txt`` as (subject, body)."""
    loaded = current_app.jinja_env.get_template(f"breaches/mail/{template}.txt")
    module = loaded.make_module(context)
    return " ".join(str(getattr(module, "subject")).split()), str(module).strip() + "\n"


def send(template: str, to: Iterable[str], *, purpose: str, **context: Any) -> int:
    """Queue the template's message to each address; returns the count."""
    subject, body = render_mail(template, context)
    addresses = _unique(to)
    for address in addresses:
        queue_mail(to=address, subject=subject, body=body, purpose=purpose)
    return len(addresses)


def clock_context(breach: Breach, now: datetime) -> dict[str, Any]:
    reading = rules.read_clock(breach.aware_at, now, breach.first_notified_at)
    return {"reference": breach.reference, "aware": moment_nl(breach.aware_at),
            "deadline": moment_nl(reading.deadline_at), "clock": reading.explain_nl(),
            "url": external_url("breaches.detail", breach_id=breach.id)}


def tell_reported(breach: Breach, now: datetime) -> None:
    """At once, to the FG and the contact point (issue 20: "see it at once")."""
    send("reported", [*fg_addresses(), *contact_point_addresses()], purpose="breach_reported",
         **clock_context(breach, now))


def tell_task(task: BreachTask, now: datetime) -> None:
    send("task", organisation_addresses(task.organisation), purpose="breach_task",
         organisation=task.organisation.name, due=moment_nl(task.due_at),
         task_url=external_url("breaches.task_page", task_id=task.id),
         **clock_context(task.breach, now))


def tell_notifier(breach: Breach, now: datetime) -> None:
    if breach.notifier_organisation is None:
        return
    send("notifier", organisation_addresses(breach.notifier_organisation),
         purpose="breach_notifier", organisation=breach.notifier_organisation.name,
         **clock_context(breach, now))


def tell_notified(breach: Breach, now: datetime, *, phase: int) -> None:
    send("notified", [*fg_addresses(), *contact_point_addresses()], purpose="breach_notified",
         phase=phase, **clock_context(breach, now))


def notifier_addresses(breach: Breach) -> list[str]:
    if breach.notifier_organisation is not None:
        return organisation_addresses(breach.notifier_organisation)
    return contact_point_addresses()


# ------------------------------------------------------------------------------ reminders
def needs_notification(breach: Breach) -> bool:
    """Still waiting for the AP: not assessed yet, or assessed as a risk and not notified."""
    if breach.notifications or breach.status_enum is BreachStatus.CLOSED:
        return False
    return breach.risk_level is not RiskLevel.NONE


@dataclass(frozen=True, slots=True)
class ReminderResult:
    sent: int
    superseded: int


def sweep(*, now: datetime, breach_ids: list[int] | None = None,
          actor: Actor | None = None) -> ReminderResult:
    """Send every reminder point that is due and not in the ledger, once."""
    actor = actor or Actor.system("sweep")
    query = sa.select(Breach).where(Breach.status.in_(
        [BreachStatus.REPORTED.value, BreachStatus.ASSESSED.value]))
    if breach_ids is not None:
        query = query.where(Breach.id.in_(breach_ids))
    breaches = [b for b in db.session.scalars(query.order_by(Breach.id)) if needs_notification(b)]
    sent_steps = {(b, s) for b, s in db.session.execute(
        sa.select(BreachReminderSent.breach_id, BreachReminderSent.step).where(
            BreachReminderSent.breach_id.in_([b.id for b in breaches])))} if breaches else set()
    sent = superseded = 0
    for breach in breaches:
        already = {step for breach_id, step in sent_steps if breach_id == breach.id}
        for due in rules.reminders_due(breach.aware_at, now, already):
            if not _claim(breach, due, now):
                continue  # another sweep or wake-up took this point at the same moment
            if due.is_superseded:
                superseded += 1
                continue
            send("reminder", [*fg_addresses(), *notifier_addresses(breach)],
                 purpose="breach_reminder", hours=due.point.hours,
                 **clock_context(breach, now))
            breach.note("reminder", f"Herinnering na {due.point.hours} uur verstuurd aan de FG "
                        "en de melder.", actor_id=None, at=now)
            sent += 1
    if sent or superseded:
        record(actor, "breach.reminders", object_type="breach", purpose=Purpose.INCIDENT, at=now)
    return ReminderResult(sent, superseded)


def _claim(breach: Breach, due: rules.DueReminder, now: datetime) -> bool:
    """Write the ledger row; False when it is there already (the unique key refuses it)."""
    try:
        with db.session.begin_nested():
            db.session.add(BreachReminderSent(breach_id=breach.id, step=due.point.key,
                                              sent_at=now, superseded=due.is_superseded))
    except sa.exc.IntegrityError:
        return False
    return True


def schedule_wake_ups(breach: Breach, now: datetime) -> int:
    """With rq: a wake-up (``breaches.nudge``) at each reminder point still ahead, handed to rq
    once this unit commits. A wake-up reads what the database then says, and the ledger sends
    each point once. Returns how many were asked for."""
    if current_settings().runs_jobs_inline:
        return 0
    moments = rules.future_reminder_moments(breach.aware_at, now)
    for key, at in moments:
        schedule_after_commit("breaches.nudge", breach.id, at=at,
                              rq_id=f"avg-breach-{breach.id}-{key}",
                              unavailable_event="breaches.wake_up_unavailable",
                              breach_id=breach.id)
    return len(moments)


def nudge(breach_id: int) -> None:
    """Kept for rq jobs scheduled by this path before ``breaches.nudge`` had a name."""
    run_scheduled("breaches.nudge", breach_id)
