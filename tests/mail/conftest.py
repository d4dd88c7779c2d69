"""A real SMTP server (aiosmtpd) on 127.0.0.1, the app pointed at it, and a fixed clock.

The server is not started by the fixture: a test starts it (``smtp.start()``) when mail should
arrive, and leaves it down to have nothing listening on the port (connection refused).
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any, cast

import pytest
import sqlalchemy as sa
import time_machine
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope
from flask import Flask

from avg_service.config import Settings, SmtpSecurity
from avg_service.db import unit_of_work
from avg_service.mail.models import OutboxMessage

#: Monday 7 December 2026, 09:00 in Amsterdam (08:00 UTC): an ordinary working day.
START = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
MAIL_FROM = "contactpunt-avg@gemeente.test"


class Recorder:
    """Accepts every message and keeps it."""

    def __init__(self) -> None:
        self.envelopes: list[Envelope] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Envelope) -> str:
        self.envelopes.append(envelope)
        return "250 2.0.0 Message accepted for delivery"


class RefusesRecipients(Recorder):
    """Answers RCPT TO with ``reply`` (the reply quotes the address, as real servers do)."""

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code

    async def handle_RCPT(self, server: Any, session: Any, envelope: Envelope, address: str,
                          rcpt_options: list[str]) -> str:
        return f"{self.code} <{address}>: Recipient address rejected: User unknown"


@dataclass
class SmtpServer:
    port: int
    handler: Recorder = field(default_factory=Recorder)
    controller: Controller | None = None

    def start(self) -> None:
        assert self.controller is None
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def received(self) -> list[EmailMessage]:
        return [cast(EmailMessage, message_from_bytes(e.original_content or b"",
                                                      policy=policy.default))
                for e in self.handler.envelopes]


def text_of(message: EmailMessage) -> str:
    """The plain-text body as written (SMTP carries CRLF line ends)."""
    return str(message.get_content()).replace("\r\n", "\n")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def set_settings(app: Flask, monkeypatch: pytest.MonkeyPatch, **changes: Any) -> Settings:
    settings = replace(app.extensions["avg_settings"], **changes)
    monkeypatch.setitem(app.extensions, "avg_settings", settings)
    return settings


@pytest.fixture
def smtp(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[SmtpServer]:
    """The app sends to a local server on a free port; the server starts when the test says."""
    server = SmtpServer(free_port())
    set_settings(app, monkeypatch, smtp_host="127.0.0.1", smtp_port=server.port,
                 smtp_security=SmtpSecurity.NONE, mail_from=MAIL_FROM)
    yield server
    server.stop()


@pytest.fixture
def frozen() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def reload(session: sa.orm.Session, message_id: int) -> OutboxMessage:
    session.expire_all()
    message = session.get(OutboxMessage, message_id)
    assert message is not None
    return message


def make_message(*, status: str = "pending", to: str = "verzoeker@example.test",
                 subject: str = "Ontvangstbevestiging verzoek AVG-2026-000001",
                 body: str = "Uw statuspagina:\n[[status-link]]\n", purpose: str = "receipt",
                 dsr_id: int | None = None, error: str | None = None,
                 at: datetime | None = None, expands_markers: bool = True) -> OutboxMessage:
    """A row in a given state, written directly (no job is queued for it)."""
    moment = at or START
    message = OutboxMessage(to_address=to, subject=subject, body_text=body, purpose=purpose,
                            dsr_id=dsr_id, status="pending", attempts=0, created_at=moment,
                            next_attempt_at=moment, expands_markers=expands_markers)
    if status == "sent":
        message.mark_sent(at=moment)
    elif status == "failed":
        message.attempts = 6
        message.fail(error or "ConnectionRefusedError errno 111", at=moment)
    elif status == "held":
        message.hold()
    with unit_of_work() as session:
        session.add(message)
    return message
