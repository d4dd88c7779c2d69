"""Telling people what waits for them: a row per user on their "wat wacht op mij" page and one
e-mail through the outbox, once per event (``dedupe_key``), inside the unit of work of the act
that caused it (a rollback drops both).

Who is told:
- a besluit offered for approval: every other active jurist (never the drafter: four eyes);
- a besluit sent back: its drafter, with the reason;
- information from the requester (in time or late): the request's assignee, else the contact
  point's staff;
- a participant's answer or question: the assignee, else the contact point's staff;
- mail that could not be delivered: the assignee of its request, else the contact point's staff.

Texts carry a reference, an organisation or a reason written by staff; never the requester's
name or data. Services pass what happened; nothing here reads the Flask request.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa

from avg_service.access.roles import Role
from avg_service.accounts.models import User
from avg_service.extensions import db
from avg_service.mail.services import on_failure, queue_mail
from avg_service.notifications.models import Notification
from avg_service.links import external_url, on_base_url, site_path

if TYPE_CHECKING:
    from avg_service.coordination.models import CoordinationTask
    from avg_service.decisions.models import Decision
    from avg_service.mail.models import OutboxMessage
    from avg_service.requests.models import DataSubjectRequest

#: kind -> (label on the page, e-mail subject prefix)
KINDS: dict[str, str] = {
    "decision_for_approval": "Besluit wacht op uw goedkeuring",
    "decision_sent_back": "Besluit teruggestuurd",
    "requester_information": "Aanvulling van de verzoeker",
    "task_answered": "Antwoord van een deelnemer",
    "task_question": "Vraag van een deelnemer",
    "mail_failed": "Bericht niet bezorgd",
}


def notify(users: Iterable[User], *, kind: str, key: str, text: str, path: str, now: datetime,
           dsr_id: int | None = None) -> list[Notification]:
    """Each active user once per ``key``: a row and an e-mail. Returns the new rows."""
    made = []
    for user in {u.id: u for u in users if u.is_active}.values():
        exists = db.session.scalar(sa.select(Notification.id).where(
            Notification.user_id == user.id, Notification.dedupe_key == key))
        if exists is not None:
            continue
        mail = queue_mail(to=user.email, subject=f"{KINDS[kind]}: {text.split('.')[0]}"[:180],
                          body=f"{text}\n\nOpen: {on_base_url(path)}\n\n"
                          "Alles wat op u wacht: "
                          f"{external_url('notifications.index')}\n",
                          purpose=kind, dsr_id=dsr_id, now=now)
        row = Notification(user_id=user.id, kind=kind, dedupe_key=key, text=text, path=path,
                           dsr_id=dsr_id, mail_id=mail.id, created_at=now)
        db.session.add(row)
        made.append(row)
    db.session.flush()
    return made


def resolve(*, kind: str, key_prefix: str, now: datetime) -> int:
    """The work is done (a besluit approved or sent back): it no longer waits for anyone."""
    rows = db.session.scalars(sa.select(Notification).where(
        Notification.kind == kind, Notification.dedupe_key.startswith(key_prefix),
        Notification.done_at.is_(None))).all()
    for row in rows:
        row.done_at = now
    return len(rows)


def mark_done(notification_id: int, *, user_id: int, now: datetime) -> bool:
    row = db.session.get(Notification, notification_id)
    if row is None or row.user_id != user_id:
        return False
    if row.done_at is None:
        row.done_at = now
    return True


def open_for(user_id: int) -> list[Notification]:
    return list(db.session.scalars(sa.select(Notification).where(
        Notification.user_id == user_id, Notification.done_at.is_(None))
        .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(200)))


def counts_for(user_id: int) -> dict[str, int]:
    rows = db.session.execute(sa.select(Notification.kind, sa.func.count()).where(
        Notification.user_id == user_id, Notification.done_at.is_(None))
        .group_by(Notification.kind)).all()
    return {kind: count for kind, count in rows}


# ------------------------------------------------------------------------------ who
def _active(role: Role) -> list[User]:
    return list(db.session.scalars(sa.select(User).where(User.role == role.value,
                                                         User.is_active).order_by(User.id)))


def _handlers(dsr: DataSubjectRequest) -> list[User]:
    """The request's assignee, or else every active contact-point user."""
    if dsr.assignee_id is not None:
        assignee = db.session.get(User, dsr.assignee_id)
        if assignee is not None and assignee.is_active:
            return [assignee]
    return _active(Role.CONTACTPUNT)


# ------------------------------------------------------------------------------ the events
def decision_offered(decision: Decision, *, now: datetime) -> list[Notification]:
    dsr = decision.dsr
    assert decision.submitted_at is not None
    return notify([u for u in _active(Role.JURIST) if u.id != decision.drafted_by_id],
                  kind="decision_for_approval",
                  key=f"decision:{decision.id}:offered:{decision.submitted_at.isoformat()}",
                  text=f"Het besluit op verzoek {dsr.reference} wacht op de goedkeuring van een "
                  "tweede jurist.", path=site_path("decisions.page", dsr_id=dsr.id), now=now,
                  dsr_id=dsr.id)


def decision_sent_back(decision: Decision, *, reason: str, now: datetime) -> list[Notification]:
    dsr = decision.dsr
    resolve(kind="decision_for_approval", key_prefix=f"decision:{decision.id}:", now=now)
    drafter = db.session.get(User, decision.drafted_by_id)
    return notify([drafter] if drafter else [], kind="decision_sent_back",
                  key=f"decision:{decision.id}:sent_back:{now.isoformat()}",
                  text=f"Het besluit op verzoek {dsr.reference} is teruggestuurd. Reden: "
                  f"{reason.strip()}", path=site_path("decisions.page", dsr_id=dsr.id), now=now,
                  dsr_id=dsr.id)


def decision_approved(decision: Decision, *, now: datetime) -> int:
    return resolve(kind="decision_for_approval", key_prefix=f"decision:{decision.id}:", now=now)


def information_received(dsr: DataSubjectRequest, *, invitation_id: int, late: bool,
                         now: datetime) -> list[Notification]:
    text = (f"De verzoeker van {dsr.reference} heeft de gevraagde aanvulling gestuurd"
            + (" na het einde van de termijn; beoordeel of u die meeweegt." if late
               else "; de termijn loopt weer."))
    return notify(_handlers(dsr), kind="requester_information",
                  key=f"dsr:{dsr.id}:information:{invitation_id}:{'late' if late else 'in_time'}",
                  text=text, path=site_path("requests.detail", dsr_id=dsr.id), now=now,
                  dsr_id=dsr.id)


def task_answered(task: CoordinationTask, *, now: datetime) -> list[Notification]:
    dsr = task.dsr
    assert task.submitted_at is not None
    return notify(_handlers(dsr), kind="task_answered",
                  key=f"task:{task.id}:answered:{task.submitted_at.isoformat()}",
                  text=f"{task.organisation.name} heeft de taak bij verzoek {dsr.reference} "
                  "beantwoord.", path=site_path("coordination.overview", dsr_id=dsr.id), now=now,
                  dsr_id=dsr.id)


def task_question(task: CoordinationTask, *, now: datetime) -> list[Notification]:
    dsr = task.dsr
    return notify(_handlers(dsr), kind="task_question",
                  key=f"task:{task.id}:question:{now.isoformat()}",
                  text=f"{task.organisation.name} heeft een vraag over de taak bij verzoek "
                  f"{dsr.reference}. De taak wacht op uw antwoord.",
                  path=site_path("coordination.task_page", task_id=task.id), now=now, dsr_id=dsr.id)


def mail_failed(message: OutboxMessage, *, now: datetime) -> list[Notification]:
    """Never for a notice about a failed message (no loop when staff mail fails too)."""
    if message.purpose == "mail_failed":
        return []
    from avg_service.mail.models import purpose_label
    from avg_service.requests.models import DataSubjectRequest

    dsr = db.session.get(DataSubjectRequest, message.dsr_id) if message.dsr_id else None
    about = f" bij verzoek {dsr.reference}" if dsr else ""
    return notify(_handlers(dsr) if dsr else _active(Role.CONTACTPUNT), kind="mail_failed",
                  key=f"mail:{message.id}:failed:{message.attempts}",
                  text=f"Een bericht ({purpose_label(message.purpose)}){about} is niet bezorgd. "
                  "Kijk in de postkamer of u het opnieuw verstuurt of de ontvanger anders "
                  "bereikt.", path=site_path("mail.outbox", status="failed"), now=now,
                  dsr_id=dsr.id if dsr else None)


def _on_mail_failed(message: OutboxMessage, now: datetime) -> None:
    mail_failed(message, now=now)


on_failure(_on_mail_failed)
