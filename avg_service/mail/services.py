"""Queue mail inside a unit of work; the ``mail.send`` job delivers it after the commit."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from flask import current_app

from avg_service import clock
from avg_service.config import Settings, SmtpSecurity
from avg_service.extensions import db
from avg_service.jobs import enqueue_after_commit, job
from avg_service.letters.models import Letter
from avg_service.letters.services import ensure_rendered
from avg_service.mail.models import MailStatus, OutboxMessage


def queue_mail(*, to: str, subject: str, body: str, purpose: str, dsr_id: int | None = None,
               letter_id: int | None = None) -> OutboxMessage:
    """Store the message; ``letter_id``: attach that letter's PDF when sending."""
    message = OutboxMessage(to_address=to, subject=subject, body_text=body, purpose=purpose,
                            dsr_id=dsr_id, letter_id=letter_id)
    db.session.add(message)
    db.session.flush()
    enqueue_after_commit("mail.send", message.id)
    return message


@job("mail.send")
def send_message(message_id: int) -> None:
    """Deliver one outbox message; idempotent (a sent message is not sent again)."""
    message = db.session.get(OutboxMessage, message_id)
    if message is None or message.status == MailStatus.SENT.value:
        return
    settings: Settings = current_app.extensions["avg_settings"]
    if settings.smtp_host is None:
        message.status = MailStatus.HELD.value
        return
    email = EmailMessage()
    email["From"] = settings.mail_from
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Auto-Submitted"] = "auto-generated"
    email.set_content(message.body_text)
    if message.letter_id is not None:
        letter = db.session.get(Letter, message.letter_id)
        assert letter is not None
        email.add_attachment(ensure_rendered(letter), maintype="application", subtype="pdf",
                             filename=f"{letter.kind}-{letter.kenmerk}.pdf")
    message.attempts += 1
    _deliver(settings, email)  # a failure rolls back; the job outbox records it and retries
    message.status = MailStatus.SENT.value
    message.sent_at = clock.now_utc()


def _deliver(settings: Settings, email: EmailMessage) -> None:
    assert settings.smtp_host is not None
    if settings.smtp_security is SmtpSecurity.SSL:
        client: smtplib.SMTP = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port, timeout=20,
                                                context=ssl.create_default_context())
    else:
        client = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=20)
    with client:
        if settings.smtp_security is SmtpSecurity.STARTTLS:
            client.starttls(context=ssl.create_default_context())
        if settings.smtp_username:
            client.login(settings.smtp_username, settings.smtp_password or "")
        client.send_message(email)
