"""The daily digest for staff: what is overdue, what is due soon, which mail was not delivered.

Each active contactpunt or jurist user with an e-mail address gets at most one digest a day
(the outbox's ``dedupe_key``, per user and Amsterdam date), and only when there is something to
report. The digest holds counts, request references and due dates, never names or other
personal data: it is a pointer to the work queue, where the details are (Awb 2:9: confidential).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from avg_service import deadlines as law
from avg_service.access.roles import Role
from avg_service.accounts.models import User
from avg_service.extensions import db
from avg_service.mail.models import MailStatus
from avg_service.mail.services import failed_count, queue_mail_once
from avg_service.requests.lifecycle import Status
from avg_service.requests.models import DataSubjectRequest
from avg_service.links import external_url

#: "Due soon": the statutory date falls within this many working days (as the sweep's reminders).
DUE_SOON_WORKING_DAYS = 5
#: Failed mail is reported for a week, so one outage is not forgotten after a single digest.
FAILED_MAIL_WINDOW = timedelta(days=7)
#: Longer lists end with "en nog N": the work queue has them all.
MAX_LISTED = 25
DIGEST_ROLES = (Role.CONTACTPUNT, Role.JURIST)


@dataclass(frozen=True, slots=True)
class DueRequest:
    reference: str
    due_on: date
    assignee_id: int | None


@dataclass(frozen=True, slots=True)
class Digest:
    today: date
    overdue: list[DueRequest]
    due_soon: list[DueRequest]
    failed_mail: int

    @property
    def is_empty(self) -> bool:
        return not (self.overdue or self.due_soon or self.failed_mail)


def collect_digest(*, now: datetime) -> Digest:
    """The day's facts, the same for every recipient (each sees which are assigned to them)."""
    today = law.receipt_date(now)
    horizon = law.add_working_days(today, DUE_SOON_WORKING_DAYS)
    rows = db.session.execute(
        sa.select(DataSubjectRequest.reference, DataSubjectRequest.due_on,
                  DataSubjectRequest.assignee_id)
        # While the requester is asked for information the clock stands still (Awb 4:15).
        .where(DataSubjectRequest.is_open, DataSubjectRequest.due_on <= horizon,
               DataSubjectRequest.status != Status.AWAITING_INFORMATION.value)
        .order_by(DataSubjectRequest.due_on, DataSubjectRequest.id)).all()
    due = [DueRequest(reference, due_on, assignee_id) for reference, due_on, assignee_id in rows]
    return Digest(today=today, overdue=[d for d in due if d.due_on < today],
                  due_soon=[d for d in due if d.due_on >= today],
                  failed_mail=failed_count(since=now - FAILED_MAIL_WINDOW))


def send_digests(*, now: datetime) -> int:
    """Queue today's digest for every recipient that has not had it yet; returns the count.
    Safe to run as often as the sweep runs: the second run of a day queues nothing."""
    digest = collect_digest(now=now)
    if digest.is_empty:
        return 0
    recipients = db.session.execute(
        sa.select(User.id, User.email)
        .where(User.is_active, User.role.in_([role.value for role in DIGEST_ROLES]),
               User.email != "")
        .order_by(User.id)).all()
    queued = 0
    for user_id, email in recipients:
        message = queue_mail_once(
            dedupe_key=f"digest:{user_id}:{digest.today.isoformat()}", to=email,
            subject=f"Dagoverzicht contactpunt AVG-rechten, {law.format_date_nl(digest.today)}",
            body=digest_body(digest, user_id=user_id), purpose="digest", now=now)
        queued += message is not None
    return queued


def digest_body(digest: Digest, *, user_id: int) -> str:
    """Dutch plain text: counts, references and dates, and links; no names."""
    lines = [f"Dagoverzicht van het contactpunt AVG-rechten voor "
             f"{law.format_date_nl(digest.today)}.", ""]
    if digest.overdue:
        lines += [f"Beslistermijn verstreken ({len(digest.overdue)}):"]
        lines += _listed(digest.overdue, user_id, "verstreken op")
        lines.append("")
    if digest.due_soon:
        lines += [f"Beslistermijn eindigt binnen {DUE_SOON_WORKING_DAYS} werkdagen "
                  f"({len(digest.due_soon)}):"]
        lines += _listed(digest.due_soon, user_id, "uiterlijk")
        lines.append("")
    if digest.failed_mail:
        lines += [f"Niet bezorgde e-mail in de afgelopen {FAILED_MAIL_WINDOW.days} dagen: "
                  f"{digest.failed_mail}. Bekijk ze in de postkamer:",
                  external_url("mail.outbox", status=MailStatus.FAILED.value), ""]
    lines += ["Werkvoorraad:", external_url("requests.work_queue"), "",
              "Dit bericht is automatisch verstuurd. De gegevens van de verzoeken staan alleen "
              "in de werkvoorraad.", ""]
    return "\n".join(lines)


def _listed(requests: list[DueRequest], user_id: int, when: str) -> list[str]:
    lines = [f"- {r.reference}, {when} {law.format_date_nl(r.due_on)}"
             + (" (aan u toegewezen)" if r.assignee_id == user_id else "")
             for r in requests[:MAX_LISTED]]
    if len(requests) > MAX_LISTED:
        lines.append(f"- en nog {len(requests) - MAX_LISTED}")
    return lines

