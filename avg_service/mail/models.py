"""The mail outbox. Messages carry as little personal data as possible (a reference and a link,
never the decision); the body is kept so staff can see what went out.

The row is the truth about a message (Awb 2:9: sent reliably, nothing lost): ``pending`` with
the moment of its next attempt, ``sent``, ``failed`` (retries used up, a permanent refusal, or a
bounce reported by staff) or ``held`` (development without SMTP). The transitions are methods
here; CHECK constraints keep the moments consistent with the status.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from avg_service import clock
from avg_service.db import Base, UTCDateTime, sql_values


class MailStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    HELD = "held"  # development without SMTP_HOST: kept in the outbox, visible to developers


STATUS_LABELS: dict[MailStatus, str] = {
    MailStatus.PENDING: "in de wachtrij",
    MailStatus.SENT: "verzonden",
    MailStatus.FAILED: "niet bezorgd",
    MailStatus.HELD: "vastgehouden (geen mailserver ingesteld)",
}

#: What the message was for, as staff read it; other purposes show their code.
PURPOSE_LABELS: dict[str, str] = {
    "receipt": "ontvangstbevestiging",
    "information": "verzoek om aanvulling",
    "extension": "verlenging",
    "hearing": "uitnodiging zienswijze (Awb 4:7)",
    "decision_available": "besluit beschikbaar",
    "withdrawn": "intrekking",
    "new_link": "nieuwe statuslink",
    "reminder_overdue": "herinnering: termijn verstreken",
    "bezwaar_reminder_due_soon": "herinnering: beslistermijn bezwaar bijna verstreken",
    "bezwaar_reminder_overdue": "herinnering: beslistermijn bezwaar verstreken",
    "reminder_due_soon": "herinnering: termijn eindigt bijna",
    "digest": "dagoverzicht",
    "account_change": "accountwijziging (aan de FG)",
    "audit_checkpoint": "controlepunt auditlog (aan de FG)",
    "identity": "verzoek om identificatie",
    "task_new": "nieuwe taak voor deelnemer",
    "task_reply": "antwoord op vraag van deelnemer",
    "task_reopened": "taak heropend",
    "task_reminder": "herinnering: taak",
    "task_chase": "rappel: taak",
    "task_escalation": "escalatie naar coördinator",
    "task_escalated": "taak geëscaleerd",
    "task_question": "vraag van deelnemer",
    "task_answered": "antwoord van deelnemer",
    "task_declined": "taak afgewezen door deelnemer",
    "task_deadline_warning": "taak bedreigt de termijn",
    "breach_reported": "datalek gemeld",
    "breach_task": "taak bij datalek",
    "breach_notifier": "melder van datalek aangewezen",
    "breach_notified": "datalek gemeld bij de AP",
    "breach_reminder": "herinnering: datalek",
    "breach_communication": "bericht aan betrokkene (datalek)",
    "decision_for_approval": "besluit wacht op goedkeuring",
    "decision_sent_back": "besluit teruggestuurd",
    "requester_information": "aanvulling van verzoeker",
    "mail_failed": "bericht niet bezorgd",
    "invitation": "uitnodiging voor een account",
    "password_reset": "nieuw wachtwoord",
}

def purpose_label(purpose: str) -> str:
    """A purpose no label names yet still reads as words, never as a code."""
    return PURPOSE_LABELS.get(purpose) or purpose.replace("_", " ")


#: ``last_error`` holds the exception class and the SMTP code, never the reply text as a whole
#: (it may quote the address) and never the address itself.
LAST_ERROR_MAX = 200

#: What went wrong, as staff read it (``delivery.classify`` writes the class name first); the
#: SMTP reply codes follow for whoever runs the mail server, never the class name itself.
ERROR_LABELS: dict[str, str] = {
    "SMTPRecipientsRefused": "De mailserver kent dit adres niet of weigert het",
    "SMTPSenderRefused": "De mailserver weigert ons afzenderadres",
    "SMTPDataError": "De mailserver weigert het bericht",
    "SMTPAuthenticationError": "De mailserver weigert onze inloggegevens",
    "SMTPConnectError": "De mailserver nam de verbinding niet aan",
    "SMTPServerDisconnected": "De verbinding met de mailserver werd verbroken",
    "SMTPNotSupportedError": "De mailserver ondersteunt iets niet dat nodig is",
    "SMTPHeloError": "De mailserver weigert de begroeting",
    "SMTPResponseException": "De mailserver gaf een foutmelding",
    "ConnectionRefusedError": "De mailserver weigert de verbinding",
    "TimeoutError": "De mailserver antwoordde niet op tijd",
    "timeout": "De mailserver antwoordde niet op tijd",
    "gaierror": "De naam van de mailserver is niet gevonden",
    "SSLError": "De beveiligde verbinding met de mailserver is mislukt",
    "SSLCertVerificationError": "Het certificaat van de mailserver klopt niet",
}


def error_label(last_error: str | None) -> str:
    """``"SMTPRecipientsRefused 550 5.1.1"`` as ``"De mailserver kent dit adres niet of weigert
    het (code 550 5.1.1)"``; a bounce staff recorded keeps their words."""
    if not last_error:
        return ""
    if last_error.startswith("bounce: "):
        return "Onbestelbaar gemeld: " + last_error.removeprefix("bounce: ")
    name, _sep, rest = last_error.partition(" ")
    label = ERROR_LABELS.get(name, "Versturen is mislukt")
    if rest.startswith("errno "):
        return f"{label} (foutnummer {rest.removeprefix('errno ')})"
    return f"{label} (code {rest})" if rest else label


class OutboxMessage(Base):
    __tablename__ = "mail_outbox"
    __table_args__ = (
        sa.CheckConstraint(f"status IN ({sql_values(MailStatus)})", name="status_known"),
        # A bounce turns a sent message into a failed one and keeps the moment it went out.
        sa.CheckConstraint("status <> 'sent' OR sent_at IS NOT NULL", name="sent_has_sent_at"),
        sa.CheckConstraint("(status = 'failed') = (failed_at IS NOT NULL)",
                           name="failed_has_failed_at"),
        sa.CheckConstraint("status <> 'pending' OR next_attempt_at IS NOT NULL",
                           name="pending_is_scheduled"),
        sa.CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        sa.Index("ix_mail_outbox_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(200))
    #: May hold markers such as ``[[status-link]]``, expanded only in the message that is sent.
    body_text: Mapped[str] = mapped_column(sa.Text)
    purpose: Mapped[str] = mapped_column(sa.String(40))  # e.g. "receipt", "reminder"
    #: Only the service's own mails to the requester expand markers; in any other message a
    #: ``[[...]]`` is plain text (issue 15, finding 2).
    expands_markers: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    dsr_id: Mapped[int | None] = mapped_column(sa.ForeignKey("dsr.id"), index=True)
    #: A letter sent along as a PDF attachment (rendered before sending).
    letter_id: Mapped[int | None] = mapped_column(sa.ForeignKey("letter.id"))
    status: Mapped[str] = mapped_column(sa.String(10), default=MailStatus.PENDING.value)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(sa.String(LAST_ERROR_MAX))
    #: A message with a key is queued at most once (the daily digest: one per user and day).
    dedupe_key: Mapped[str | None] = mapped_column(sa.String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now_utc)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def status_enum(self) -> MailStatus:
        return MailStatus(self.status)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status_enum]

    @property
    def purpose_label(self) -> str:
        return purpose_label(self.purpose)

    @property
    def error_label(self) -> str:
        return error_label(self.last_error)

    def is_due(self, now: datetime) -> bool:
        return (self.status == MailStatus.PENDING.value and self.next_attempt_at is not None
                and self.next_attempt_at <= now)

    def mark_sent(self, *, at: datetime) -> None:
        self.attempts += 1
        self.status = MailStatus.SENT.value
        self.sent_at = at
        self.next_attempt_at = None

    def hold(self) -> None:
        self.status = MailStatus.HELD.value
        self.next_attempt_at = None

    def record_failure(self, error: str, *, at: datetime, retry_at: datetime | None) -> None:
        """One attempt that did not deliver: try again at ``retry_at``, or fail for good."""
        self.attempts += 1
        self.last_error = error[:LAST_ERROR_MAX]
        if retry_at is None:
            self.fail(self.last_error, at=at)
        else:
            self.next_attempt_at = retry_at

    def fail(self, error: str, *, at: datetime) -> None:
        self.status = MailStatus.FAILED.value
        self.last_error = error[:LAST_ERROR_MAX]
        self.failed_at = at
        self.next_attempt_at = None

    def retry(self, *, at: datetime) -> None:
        """Staff send a failed message again: a fresh round of attempts, starting now."""
        self.status = MailStatus.PENDING.value
        self.attempts = 0
        self.failed_at = None
        self.sent_at = None
        self.next_attempt_at = at
