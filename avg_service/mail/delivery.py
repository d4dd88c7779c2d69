"""Talking to the mail server: hand one message over by SMTP, and judge a failure.

A failure is *temporary* (the server is down, busy or answers 4xx: try again later) or
*permanent* (the server refuses this message with a 5xx reply: trying again cannot help). The
summary kept for staff names the exception class and the SMTP codes only: a server's reply text
often quotes the address, and the outbox row must not copy personal data into its error column.
"""

from __future__ import annotations

import re
import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage

from avg_service.config import Settings, SmtpSecurity

#: Waits after the 1st, 2nd, ... failed attempt. After the last one the message has failed:
#: six attempts over about eight and a half hours, so an outage of a working day's morning is
#: bridged without a human, and a longer one shows up on the staff page the same day.
RETRY_DELAYS: tuple[timedelta, ...] = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
SMTP_TIMEOUT_S = 20

#: An enhanced status code at the start of a reply ("5.1.1"): safe to keep, it holds no address.
_ENHANCED_CODE = re.compile(rb"^\s*([245]\.\d{1,3}\.\d{1,3})\b")


def next_attempt_at(attempts: int, *, now: datetime) -> datetime | None:
    """When to try again after ``attempts`` failed attempts; None: the message has failed."""
    if attempts < 1 or attempts > len(RETRY_DELAYS):
        return None
    return now + RETRY_DELAYS[attempts - 1]


@dataclass(frozen=True, slots=True)
class DeliveryFailure:
    is_permanent: bool
    summary: str  # for ``OutboxMessage.last_error``: class and codes, never an address


def classify(error: BaseException) -> DeliveryFailure:
    """Temporary or permanent, and a summary without personal data."""
    name = type(error).__name__
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        replies = list(error.recipients.values())
        codes = " ".join(_code_text(code, reply) for code, reply in replies)
        # One recipient per message: refused for good only if every refusal is a 5xx.
        permanent = bool(replies) and all(code >= 500 for code, _reply in replies)
        return DeliveryFailure(permanent, f"{name} {codes}".strip())
    if isinstance(error, (smtplib.SMTPAuthenticationError, smtplib.SMTPConnectError)):
        # Our credentials or the server's state, not this message: a fix on our side or the
        # server's coming back makes the next attempt work, so these stay temporary.
        return DeliveryFailure(False, f"{name} {_code_text(error.smtp_code, error.smtp_error)}")
    if isinstance(error, smtplib.SMTPResponseException):
        return DeliveryFailure(error.smtp_code >= 500,
                               f"{name} {_code_text(error.smtp_code, error.smtp_error)}")
    # SMTPServerDisconnected, refused connections, timeouts, TLS and DNS errors: the server
    # could not be reached or dropped us. errno names the cause without quoting anything.
    errno = getattr(error, "errno", None)
    return DeliveryFailure(False, f"{name} errno {errno}" if isinstance(errno, int) else name)


def _code_text(code: int, reply: bytes | str) -> str:
    raw = reply.encode("utf-8", "replace") if isinstance(reply, str) else reply
    enhanced = _ENHANCED_CODE.match(raw or b"")
    return f"{code} {enhanced.group(1).decode()}" if enhanced else str(code)


def deliver(settings: Settings, email: EmailMessage) -> None:
    """Hand ``email`` to the configured server; raises on any failure (see ``classify``)."""
    assert settings.smtp_host is not None
    if settings.smtp_security is SmtpSecurity.SSL:
        client: smtplib.SMTP = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port,
                                                timeout=SMTP_TIMEOUT_S,
                                                context=ssl.create_default_context())
    else:
        client = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT_S)
    with client:
        if settings.smtp_security is SmtpSecurity.STARTTLS:
            client.starttls(context=ssl.create_default_context())
        if settings.smtp_username:
            client.login(settings.smtp_username, settings.smtp_password or "")
        client.send_message(email)
