"""Queue mail inside a unit of work; the ``mail.send`` job delivers it after the commit.

The outbox row is the one schedule (Awb 2:9: sent reliably, nothing lost): a failed attempt is
recorded on the row with the moment of the next one, ``send_due`` (``flask avg mail retry`` and
the daily sweep) queues every message that is due, and with rq a nudge is scheduled on rq for
that moment so retries also happen without anyone running a command. Markers such as
``[[status-link]]`` are expanded only in the message that goes out, never stored (a link, not a
secret, waits in the outbox).
"""

from __future__ import annotations

import logging
import re
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime

import sqlalchemy as sa

from avg_service import clock
from avg_service.access.actor import Actor
from avg_service.audit.models import Purpose
from avg_service.audit.services import record
from avg_service.config import Settings, current_settings
from avg_service.db import table
from avg_service.errors import DomainError, NotFound
from avg_service.extensions import db
from avg_service.jobs import enqueue_after_commit, queues
from avg_service.jobs.schedule import run_scheduled, schedule_after_commit
from avg_service.letters.models import Letter
from avg_service.letters.services import ensure_rendered, render_queue
from avg_service.mail.delivery import DeliveryFailure, classify, deliver, next_attempt_at
from avg_service.mail.models import MailStatus, OutboxMessage

log = logging.getLogger(__name__)

#: A job or nudge that arrives this much early (clocks of two hosts) still counts as due.
CLOCK_TOLERANCE = timedelta(seconds=5)


# ------------------------------------------------------------------------------ placeholders
Expand = Callable[[OutboxMessage], str]
PLACEHOLDER_LABEL = "(persoonlijke link)"
_MARKER = re.compile(r"\[\[([a-z][a-z0-9-]{0,39})\]\]")


@dataclass(frozen=True, slots=True)
class _Placeholder:
    expand: Expand
    label: str


_PLACEHOLDERS: dict[str, _Placeholder] = {}


class UnknownPlaceholder(LookupError):
    """A body holds a marker nobody registered: a programming error, the message fails."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def register_placeholder(name: str, expand: Expand, *, label: str = PLACEHOLDER_LABEL) -> None:
    """``[[name]]`` in a stored body becomes ``expand(message)`` in the message that is sent.

    ``expand`` runs inside the sending transaction (what it writes commits only if the message
    went out); its result is never written back to the outbox row. Staff pages show ``label``.
    """
    if not _MARKER.fullmatch(f"[[{name}]]"):
        raise ValueError(f"placeholder name {name!r}: lowercase letters, digits and dashes")
    existing = _PLACEHOLDERS.get(name)
    if existing is not None and existing.expand is not expand:
        raise ValueError(f"placeholder [[{name}]] is already registered")
    _PLACEHOLDERS[name] = _Placeholder(expand, label)


def literal(text: str) -> str:
    """People's text for a body that expands markers: it can never form one (``[[`` is broken
    by a zero-width joiner that a reader does not see)."""
    return text.replace("[[", "[\u2060[").replace("]]", "]\u2060]")


def expand_placeholders(message: OutboxMessage) -> str:
    """The body as it goes out. Only a message the service itself addressed to the requester
    expands markers (``expands_markers``); in any other a ``[[...]]`` is the text that was typed
    (issue 15, finding 2: a reason typed by staff must not mint a status link for others)."""
    if not message.expands_markers:
        return message.body_text

    def replace(match: re.Match[str]) -> str:
        placeholder = _PLACEHOLDERS.get(match.group(1))
        if placeholder is None:
            raise UnknownPlaceholder(match.group(1))
        return placeholder.expand(message)

    return _MARKER.sub(replace, message.body_text)


def display_body(body: str, *, expands_markers: bool = True) -> str:
    """The body as staff may see it: each marker as its label, e.g. "(persoonlijke link)"."""
    if not expands_markers:
        return body

    def label(match: re.Match[str]) -> str:
        placeholder = _PLACEHOLDERS.get(match.group(1))
        return placeholder.label if placeholder else PLACEHOLDER_LABEL

    return _MARKER.sub(label, body)


# ------------------------------------------------------------------------------ queueing
def queue_mail(*, to: str, subject: str, body: str, purpose: str, dsr_id: int | None = None,
               letter_id: int | None = None, now: datetime | None = None,
               expands_markers: bool = False) -> OutboxMessage:
    """Store the message, due at once; ``letter_id``: attach that letter's PDF when sending.

    ``expands_markers``: the body is the service's own text to the one its markers are for
    (people's text in it passed through ``literal``): the requester of ``dsr_id``, or, with no
    request, the account holder of an account mail; its markers become links as it goes out,
    and each marker checks its addressee again. Any other message is sent as written.
    """
    if expands_markers and dsr_id is not None:
        dsr = table("dsr")  # the outbox is below the requests package: its table, not its model
        email = db.session.scalar(sa.select(dsr.c.email).where(dsr.c.id == dsr_id))
        if not email or email.strip().lower() != to.strip().lower():
            raise ValueError("markers expand only in a mail to the request's own requester")
    message = _new_message(to=to, subject=subject, body=body, purpose=purpose, dsr_id=dsr_id,
                           letter_id=letter_id, now=now)
    message.expands_markers = expands_markers
    db.session.add(message)
    db.session.flush()
    enqueue_after_commit("mail.send", message.id)
    return message


def queue_mail_once(*, dedupe_key: str, to: str, subject: str, body: str, purpose: str,
                    dsr_id: int | None = None, now: datetime | None = None
                    ) -> OutboxMessage | None:
    """Like ``queue_mail``, but at most once per ``dedupe_key``; None if it was queued before."""
    exists = sa.select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)
    if db.session.scalar(exists) is not None:
        return None
    message = _new_message(to=to, subject=subject, body=body, purpose=purpose, dsr_id=dsr_id,
                           letter_id=None, now=now)
    message.dedupe_key = dedupe_key
    try:
        # Two sweeps at the same moment (PostgreSQL): the unique key refuses the second insert;
        # the savepoint keeps the rest of that sweep's work.
        with db.session.begin_nested():
            db.session.add(message)
    except sa.exc.IntegrityError:
        return None
    enqueue_after_commit("mail.send", message.id)
    return message


def _new_message(*, to: str, subject: str, body: str, purpose: str, dsr_id: int | None,
                 letter_id: int | None, now: datetime | None) -> OutboxMessage:
    moment = now or clock.now_utc()
    # A CR or LF in a subject (an organisation's name, say) would make the header invalid and
    # the message fail at sending (finding 12): one line, always.
    subject = " ".join(subject.split())[:200]
    if not to or to != "".join(to.split()):
        # Addresses come from validated e-mail fields; one with a line break in it would add a
        # header of its own: refused, so the act that queues it fails loudly, not the send.
        raise ValueError("a mail address may not contain white space or line breaks")
    return OutboxMessage(to_address=to, subject=subject, body_text=body, purpose=purpose,
                         dsr_id=dsr_id, letter_id=letter_id, status=MailStatus.PENDING.value,
                         attempts=0, created_at=moment, next_attempt_at=moment)


def send_due(now: datetime, *, message_ids: list[int] | None = None) -> int:
    """Queue ``mail.send`` for every pending message whose next attempt is due (or for those of
    ``message_ids`` that are). Inside the caller's unit of work; returns the count."""
    query = (sa.select(OutboxMessage.id)
             .where(OutboxMessage.status == MailStatus.PENDING.value,
                    OutboxMessage.next_attempt_at <= now + CLOCK_TOLERANCE)
             .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id))
    if message_ids is not None:
        query = query.where(OutboxMessage.id.in_(message_ids))
    due = list(db.session.scalars(query))
    for message_id in due:
        enqueue_after_commit("mail.send", message_id)
    return len(due)


# ------------------------------------------------------------------------------ sending
#: Mail the sweeps send in numbers, with nobody waiting for it: the digests and the deadline
#: reminders to staff (``purpose`` as stored). It goes to the bulk queue (``jobs.queues``).
BULK_PURPOSES: frozenset[str] = frozenset({"digest", "reminder_overdue", "reminder_due_soon"})


def send_queue(message_id: int) -> str:
    """A message's queue: a mail that carries a letter goes where that letter renders (the
    receipt of a submitted form: bulk, as the mail would otherwise render it itself), the
    sweeps' mail is bulk, and every other message, to participants, staff and requesters who
    just asked for something, is interactive."""
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        return queues.INTERACTIVE
    if message.letter_id is not None:
        return render_queue(message.letter_id)
    return queues.BULK if message.purpose in BULK_PURPOSES else queues.INTERACTIVE


def send_message(message_id: int) -> None:
    """Deliver one outbox message, once (Awb 2:9: reliable and confidential sending).

    A failed delivery is recorded on the row and the job returns normally. Raising would roll
    back the job's unit of work (``jobs.dispatch.run_job``) and with it the attempt, its error
    and the next attempt's moment; the job outbox would then retry on a schedule of its own, or
    in the embedded mode (no Redis) mark the job failed at once, never to be retried. So the row
    is the one schedule: the attempt commits with the job, ``send_due`` queues what is due.
    Only errors outside sending (the database itself) still raise.

    Idempotent: the row is locked, and only a pending message whose attempt is due is sent. A
    second job for the same message (rq after a dead worker, ``send_due`` next to the first
    job) finds it sent or not yet due, and does nothing.
    """
    now = clock.now_utc()
    message = db.session.get(OutboxMessage, message_id, with_for_update=True,
                             populate_existing=True)
    if message is None or not message.is_due(now + CLOCK_TOLERANCE):
        return
    settings = current_settings()
    if settings.smtp_host is None:
        message.hold()
        return
    try:
        # A savepoint: what composing wrote (the status link minted for [[status-link]]) is
        # undone when the message does not go out, so no working link exists that nobody got.
        with db.session.begin_nested():
            deliver(settings, _compose(message, settings, now))
    except UnknownPlaceholder as error:
        _record_failure(message, DeliveryFailure(True, f"UnknownPlaceholder [[{error.name}]]: "
                                                       "no expansion registered"), now)
    except (smtplib.SMTPException, OSError) as error:
        _record_failure(message, classify(error), now)
    except Exception as error:  # noqa: BLE001 - composing failed (a letter, a placeholder)
        log.exception("mail could not be composed",
                      extra={"event": "mail.compose_failed", "message_id": message.id})
        _record_failure(message, DeliveryFailure(False, f"compose: {type(error).__name__}"), now)
    else:
        message.mark_sent(at=clock.now_utc())
        log.info("mail sent", extra={"event": "mail.sent", "message_id": message.id,
                                     "attempts": message.attempts})


def _compose(message: OutboxMessage, settings: Settings, now: datetime) -> EmailMessage:
    email = EmailMessage()
    email["From"] = settings.mail_from
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Date"] = format_datetime(now)
    # The same id on every attempt: a receiving server that got an earlier attempt after all
    # (a reply lost on the way back) can recognise the duplicate.
    domain = settings.mail_from.rpartition("@")[2] or "localhost"
    email["Message-ID"] = f"<avg-mail-{message.id}.{int(message.created_at.timestamp())}@{domain}>"
    email["Auto-Submitted"] = "auto-generated"
    email.set_content(expand_placeholders(message))
    if message.letter_id is not None:
        letter = db.session.get(Letter, message.letter_id)
        assert letter is not None
        email.add_attachment(ensure_rendered(letter), maintype="application", subtype="pdf",
                             filename=f"{letter.kind}-{letter.kenmerk}.pdf")
    return email


def _record_failure(message: OutboxMessage, failure: DeliveryFailure, now: datetime) -> None:
    retry_at = None if failure.is_permanent else next_attempt_at(message.attempts + 1, now=now)
    message.record_failure(failure.summary, at=now, retry_at=retry_at)
    if retry_at is None:
        _tell_failed(message, now)
    log.warning("mail not delivered", extra={
        "event": "mail.failed" if retry_at is None else "mail.retry_scheduled",
        "message_id": message.id, "attempts": message.attempts, "error": message.last_error})
    if retry_at is not None:
        _nudge(message.id, retry_at, attempt=message.attempts)


# ------------------------------------------------------------------------------ rq nudges
def _nudge(message_id: int, at: datetime, *, attempt: int) -> None:
    """With rq: have rq's scheduler (the worker runs ``with_scheduler``) run ``mail.nudge`` at
    ``at``, once this attempt's record is committed. Only a nudge: the row says when the message
    is due, and ``send_due`` finds it without one (the embedded mode: `flask avg mail retry`
    (cron) and the sweep send what is due)."""
    schedule_after_commit("mail.nudge", message_id, at=at,
                          rq_id=f"avg-mail-{message_id}-attempt-{attempt}",
                          unavailable_event="mail.nudge_unavailable", message_id=message_id)


def nudge(message_id: int) -> None:
    """Kept for rq jobs scheduled by this path before ``mail.nudge`` had a name."""
    run_scheduled("mail.nudge", message_id)


# ------------------------------------------------------------------------------ staff
BOUNCE_REASON_MAX = 150
PAGE_SIZE = 50


class MailRefused(DomainError):
    """A staff action on a message that its status does not allow, or a bad reason."""


def get_message(message_id: int, *, for_update: bool = False) -> OutboxMessage:
    message = db.session.get(OutboxMessage, message_id, with_for_update=True if for_update else None)
    if message is None:
        raise NotFound("Dit bericht staat niet in de postkamer.")
    return message


def retry_message(message: OutboxMessage, *, actor: Actor, now: datetime) -> None:
    """Staff send a message that was not delivered again: a fresh round of attempts, now."""
    if message.status != MailStatus.FAILED.value:
        raise MailRefused("Alleen een niet bezorgd bericht kan opnieuw worden verstuurd.")
    message.retry(at=now)
    enqueue_after_commit("mail.send", message.id)
    _audit(actor, "mail.retry", message, now)


def mark_bounced(message: OutboxMessage, *, reason: str, actor: Actor, now: datetime) -> None:
    """A bounce came back to the contact point's mailbox: the sent message did not arrive.

    The reason is kept in ``last_error`` ("bounce: ..."), which holds no personal data: an
    address in it is refused.
    """
    reason = " ".join(reason.split())
    if not reason:
        raise _reason_refused("Vul kort in waarom het bericht niet is bezorgd.")
    if len(reason) > BOUNCE_REASON_MAX:
        raise _reason_refused(f"Gebruik ten hoogste {BOUNCE_REASON_MAX} tekens.")
    if "@" in reason:
        raise _reason_refused("Noem geen e-mailadres in de reden; de melding is genoeg, "
                              "bijvoorbeeld \"mailbox bestaat niet\".")
    if message.status != MailStatus.SENT.value:
        raise MailRefused("Alleen een verzonden bericht kan als onbestelbaar worden gemarkeerd.")
    message.fail(f"bounce: {reason}", at=now)
    _tell_failed(message, now)
    _audit(actor, "mail.bounce", message, now)


def _reason_refused(text: str) -> MailRefused:
    return MailRefused(text, errors={"reason": [text]})


def _audit(actor: Actor, action: str, message: OutboxMessage, now: datetime) -> None:
    record(actor, action, object_type="mail_outbox", object_id=message.id, at=now,
           purpose=Purpose.HANDLING_REQUEST if message.dsr_id else None)


def failed_messages_for(dsr_id: int) -> list[OutboxMessage]:
    """The messages about one request that were not delivered, newest first."""
    return list(db.session.scalars(
        sa.select(OutboxMessage)
        .where(OutboxMessage.dsr_id == dsr_id, OutboxMessage.status == MailStatus.FAILED.value)
        .order_by(OutboxMessage.id.desc())))


def failed_count(*, since: datetime | None = None) -> int:
    query = sa.select(sa.func.count()).select_from(OutboxMessage).where(
        OutboxMessage.status == MailStatus.FAILED.value)
    if since is not None:
        query = query.where(OutboxMessage.failed_at >= since)
    return db.session.scalar(query) or 0


@dataclass(frozen=True, slots=True)
class OutboxRow:
    message: OutboxMessage
    reference: str | None  # the request's reference, when the message is about one


@dataclass(frozen=True, slots=True)
class OutboxPage:
    rows: list[OutboxRow]
    failed: list[OutboxRow]  # the latest failed messages, for the box at the top of the page
    failed_total: int
    page: int
    has_next: bool


def outbox_page(*, status: MailStatus | None, page: int) -> OutboxPage:
    """The outbox newest first (optionally one status), and the failed messages on top."""
    dsr = table("dsr")
    base = (sa.select(OutboxMessage, dsr.c.reference)
            .outerjoin(dsr, dsr.c.id == OutboxMessage.dsr_id))
    listed = base.order_by(OutboxMessage.id.desc())
    if status is not None:
        listed = listed.where(OutboxMessage.status == status.value)
    found = db.session.execute(listed.offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)).all()
    failed = db.session.execute(base.where(OutboxMessage.status == MailStatus.FAILED.value)
                                .order_by(OutboxMessage.failed_at.desc(), OutboxMessage.id.desc())
                                .limit(PAGE_SIZE)).all()
    return OutboxPage(rows=[OutboxRow(m, ref) for m, ref in found[:PAGE_SIZE]],
                      failed=[OutboxRow(m, ref) for m, ref in failed], failed_total=failed_count(),
                      page=page, has_next=len(found) > PAGE_SIZE)



FailureListener = Callable[[OutboxMessage, datetime], object]
_failure_listeners: list[FailureListener] = []


def on_failure(listener: FailureListener) -> None:
    """Have ``listener(message, now)`` told of every message that failed for good (in the same
    unit of work). The notifications package registers the werkplek notice: it builds on the
    outbox, so the outbox must not import it."""
    if listener not in _failure_listeners:
        _failure_listeners.append(listener)


def _tell_failed(message: OutboxMessage, now: datetime) -> None:
    """Whoever handles the message's request is told, on the werkplek and by mail."""
    for listener in _failure_listeners:
        listener(message, now)
