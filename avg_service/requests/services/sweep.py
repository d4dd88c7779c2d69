"""The daily sweep over open requests: lapsed invitations, reminders, expired terms, old public
submissions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from avg_service import deadlines as law
from avg_service.access.actor import Actor
from avg_service.accounts.models import User
from avg_service.audit.services import record
from avg_service.extensions import db
from avg_service.mail.services import queue_mail
from avg_service.requests.lifecycle import TERMINAL, Status
from avg_service.requests.models import DataSubjectRequest, Reminder
from avg_service.requests.queue import signal_for
from avg_service.requests.services.invitation import expire_invitations

# ------------------------------------------------------------------------------ the sweep
@dataclass(frozen=True, slots=True)
class SweepResult:
    expired: int
    reminders: int


def sweep(*, now: datetime, actor: Actor | None = None) -> SweepResult:
    """The daily run: close unused 4:5 terms, then remind assignees of requests due within
    5 working days or overdue. A reminder is stored per (request, kind, due date) with a unique
    constraint, so however often the sweep runs, each goes out once."""
    actor = actor or Actor.system("sweep")
    today = law.receipt_date(now)
    expired = expire_invitations(today=today, actor=actor, now=now)
    horizon = law.add_working_days(today, 5)
    candidates = db.session.execute(
        sa.select(DataSubjectRequest, User.email)
        .join(User, User.id == DataSubjectRequest.assignee_id)
        .where(DataSubjectRequest.is_open, DataSubjectRequest.due_on <= horizon,
               DataSubjectRequest.status != Status.AWAITING_INFORMATION.value)
        .order_by(DataSubjectRequest.due_on, DataSubjectRequest.id)
    ).all()
    already = {
        (dsr_id, kind, due_on) for dsr_id, kind, due_on in db.session.execute(
            sa.select(Reminder.dsr_id, Reminder.kind, Reminder.due_on)
            .where(Reminder.dsr_id.in_([row[0].id for row in candidates]))
        )
    } if candidates else set()
    sent = 0
    for dsr, email in candidates:
        kind = signal_for(dsr.due_on, today)
        if (dsr.id, kind, dsr.due_on) in already:
            continue
        db.session.add(Reminder(dsr_id=dsr.id, kind=kind, due_on=dsr.due_on, sent_at=now))
        when = law.format_date_nl(dsr.due_on)
        subject = (f"Verlopen: verzoek {dsr.reference}" if kind == "overdue"
                   else f"Bijna verlopen: verzoek {dsr.reference}")
        queue_mail(to=email, subject=subject, purpose=f"reminder_{kind}", dsr_id=dsr.id,
                   body=f"De beslistermijn van verzoek {dsr.reference} "
                   f"{'is verstreken op' if kind == 'overdue' else 'eindigt op'} {when}.\n"
                   "Open het verzoek in de werkvoorraad van het contactpunt.\n")
        sent += 1
    if expired or sent:
        record(actor, "dsr.sweep", object_type="dsr", at=now)
    return SweepResult(expired=len(expired), reminders=sent)


def open_statuses() -> list[str]:
    return [s.value for s in Status if s not in TERMINAL]


def prune_public_submissions(*, now: datetime) -> int:
    """The rate-limit rows are kept for a day, then removed."""
    from avg_service.requests.models import PublicSubmission

    result = db.session.execute(sa.delete(PublicSubmission)
                                .where(PublicSubmission.at < now - timedelta(days=1)))
    return int(getattr(result, "rowcount", 0) or 0)
