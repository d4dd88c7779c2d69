"""Delivery through a real local SMTP server: sent once, retried on the outbox's own schedule
after the server was down, failed for good on a 5xx refusal, and nothing lost meanwhile."""

from __future__ import annotations

import smtplib
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
import time_machine
from flask import Flask
from flask.testing import FlaskClient

from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.audit.models import AuditEntry
from avg_service.audit.services import record
from avg_service.db import unit_of_work
from avg_service.jobs import JobStatus, QueuedJob
from avg_service.mail import services
from avg_service.mail.delivery import MAX_ATTEMPTS, RETRY_DELAYS, classify, next_attempt_at
from avg_service.mail.models import OutboxMessage
from avg_service.mail.services import queue_mail, register_placeholder, send_due
from tests.factories import log_in, make_user
from tests.mail.conftest import (
    MAIL_FROM,
    START,
    RefusesRecipients,
    SmtpServer,
    make_message,
    reload,
    text_of,
)

TO = "verzoeker@example.test"


def _queue(body: str = "Uw verzoek AVG-2026-000001 is ontvangen.\n", *,
           expands_markers: bool = False) -> int:
    with unit_of_work():
        message = queue_mail(to=TO, subject="Ontvangstbevestiging verzoek AVG-2026-000001",
                             body=body, purpose="receipt")
        # as queue_mail(expands_markers=True) marks the service's own mail to a requester
        message.expands_markers = expands_markers
    return message.id


def _retry_at(moment: time_machine.Traveller, when: datetime) -> int:
    moment.move_to(when)
    with unit_of_work():
        return send_due(services.clock.now_utc())


# ------------------------------------------------------------------------------ (a) delivered
def test_a_queued_message_is_delivered_once_with_its_headers(
        db_session: sa.orm.Session, smtp: SmtpServer, frozen: time_machine.Traveller) -> None:
    smtp.start()
    message_id = _queue()

    [received] = smtp.received
    assert received["From"] == MAIL_FROM and received["To"] == TO
    assert received["Subject"] == "Ontvangstbevestiging verzoek AVG-2026-000001"
    assert received["Auto-Submitted"] == "auto-generated"
    assert received["Date"] == "Mon, 07 Dec 2026 08:00:00 +0000"
    assert received["Message-ID"].startswith(f"<avg-mail-{message_id}.")
    assert received["Message-ID"].endswith("@gemeente.test>")
    assert text_of(received) == "Uw verzoek AVG-2026-000001 is ontvangen.\n"
    assert smtp.handler.envelopes[0].rcpt_tos == [TO]
    stored = reload(db_session, message_id)
    assert (stored.status, stored.attempts, stored.sent_at, stored.next_attempt_at) == \
        ("sent", 1, START, None)

    # a second job for the same message (rq after a dead worker) and a sweep send nothing more
    with unit_of_work():
        services.send_message(message_id)
        assert send_due(START + timedelta(hours=1)) == 0
    assert len(smtp.received) == 1


# ------------------------------------------------------------------------------ (b) retried
def test_a_message_waits_while_the_server_is_down_and_goes_out_once_it_is_back(
        db_session: sa.orm.Session, smtp: SmtpServer, frozen: time_machine.Traveller) -> None:
    message_id = _queue()  # nothing listens on the port yet

    waiting = reload(db_session, message_id)
    assert (waiting.status, waiting.attempts) == ("pending", 1)
    assert waiting.next_attempt_at == START + RETRY_DELAYS[0]
    assert waiting.last_error == "ConnectionRefusedError errno 111"
    # the job itself succeeded: the mail's own schedule carries the retry, not the job outbox
    job = db_session.scalars(sa.select(QueuedJob).where(QueuedJob.name == "mail.send")).one()
    assert job.status == JobStatus.DONE

    assert _retry_at(frozen, START + timedelta(seconds=30)) == 0  # not due yet: nothing sent
    smtp.start()
    assert _retry_at(frozen, START + timedelta(minutes=2)) == 1
    assert len(smtp.received) == 1
    sent = reload(db_session, message_id)
    assert (sent.status, sent.attempts, sent.sent_at) == \
        ("sent", 2, START + timedelta(minutes=2))
    assert _retry_at(frozen, START + timedelta(hours=9)) == 0
    assert len(smtp.received) == 1  # exactly once


# ------------------------------------------------------------------------------ (c) nothing lost
def test_a_server_unreachable_for_every_attempt_leaves_a_failed_message_with_its_body(
        client: FlaskClient, db_session: sa.orm.Session, smtp: SmtpServer,
        frozen: time_machine.Traveller) -> None:
    message_id = _queue("De brief staat klaar.\n")
    moment = START
    for delay in RETRY_DELAYS:
        assert reload(db_session, message_id).status == "pending"
        moment += delay
        assert _retry_at(frozen, moment) == 1
    failed = reload(db_session, message_id)
    assert (failed.status, failed.attempts, failed.failed_at, failed.next_attempt_at) == \
        ("failed", MAX_ATTEMPTS, moment, None)
    assert failed.body_text == "De brief staat klaar.\n" and failed.to_address == TO
    assert _retry_at(frozen, moment + timedelta(days=1)) == 0  # failed: no longer retried

    log_in(client, make_user(Role.CONTACTPUNT))
    page = client.get("/post").get_data(as_text=True)
    assert "Niet bezorgd: 1 bericht" in page and TO in page
    assert "De mailserver weigert de verbinding (foutnummer 111)" in page


# ------------------------------------------------------------------------------ (d) refused
def test_a_550_for_the_recipient_fails_at_once_and_keeps_the_address_out_of_the_error(
        db_session: sa.orm.Session, smtp: SmtpServer, frozen: time_machine.Traveller) -> None:
    smtp.handler = RefusesRecipients("550 5.1.1")
    smtp.start()
    message_id = _queue()
    failed = reload(db_session, message_id)
    assert (failed.status, failed.attempts, failed.failed_at) == ("failed", 1, START)
    assert failed.last_error == "SMTPRecipientsRefused 550 5.1.1"
    assert smtp.received == []


def test_a_450_for_the_recipient_is_tried_again_later(
        db_session: sa.orm.Session, smtp: SmtpServer, frozen: time_machine.Traveller) -> None:
    smtp.handler = RefusesRecipients("450 4.2.1")
    smtp.start()
    message_id = _queue()
    waiting = reload(db_session, message_id)
    assert (waiting.status, waiting.last_error) == ("pending", "SMTPRecipientsRefused 450 4.2.1")
    assert waiting.next_attempt_at == START + RETRY_DELAYS[0]


# ------------------------------------------------------------------------------ (e) placeholders
@pytest.fixture
def secret_link(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """``[[test-link]]``: a fresh secret per sending; each minting writes an audit entry, to show
    that what an expansion writes commits only when the message went out."""
    minted: list[str] = []

    def mint(message: OutboxMessage) -> str:
        secret = f"geheim{len(minted) + 1}"
        minted.append(secret)
        record(Actor.system("job"), "test.link_minted", object_type="mail_outbox",
               object_id=message.id)
        return f"https://avg.example.test/status/{secret}"

    monkeypatch.setattr(services, "_PLACEHOLDERS", dict(services._PLACEHOLDERS))
    register_placeholder("test-link", mint)
    yield minted


def _minted_entries(session: sa.orm.Session) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)
                          .where(AuditEntry.action == "test.link_minted")) or 0


def test_a_marker_is_expanded_in_the_sent_message_only_and_never_stored(
        db_session: sa.orm.Session, smtp: SmtpServer, frozen: time_machine.Traveller,
        secret_link: list[str]) -> None:
    message_id = _queue("Uw statuspagina:\n[[test-link]]\n",  # server down: not sent
                        expands_markers=True)
    assert secret_link == ["geheim1"] and _minted_entries(db_session) == 0  # undone with it

    smtp.start()
    _retry_at(frozen, START + timedelta(minutes=1))
    [received] = smtp.received
    assert text_of(received) == "Uw statuspagina:\nhttps://avg.example.test/status/geheim2\n"
    assert _minted_entries(db_session) == 1
    stored = reload(db_session, message_id)
    assert stored.status == "sent" and stored.body_text == "Uw statuspagina:\n[[test-link]]\n"
    assert services.display_body(stored.body_text) == "Uw statuspagina:\n(persoonlijke link)\n"


def test_an_unknown_marker_fails_the_message_at_once(
        db_session: sa.orm.Session, smtp: SmtpServer, frozen: time_machine.Traveller) -> None:
    smtp.start()
    message_id = _queue("Klik op [[no-such-marker]]\n", expands_markers=True)
    failed = reload(db_session, message_id)
    assert failed.status == "failed" and smtp.received == []
    assert failed.last_error == \
        "UnknownPlaceholder [[no-such-marker]]: no expansion registered"


def test_placeholder_names_are_checked_when_registered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "_PLACEHOLDERS", {})
    with pytest.raises(ValueError, match="lowercase"):
        register_placeholder("Status Link", lambda m: "")
    register_placeholder("status-link", str)
    register_placeholder("status-link", str)  # the same function again: fine (a re-import)
    with pytest.raises(ValueError, match="already"):
        register_placeholder("status-link", repr)


# ------------------------------------------------------------------------------ no SMTP
def test_without_a_mail_server_development_holds_the_message(
        db_session: sa.orm.Session) -> None:
    message_id = _queue()
    held = reload(db_session, message_id)
    assert (held.status, held.attempts, held.next_attempt_at) == ("held", 0, None)


def test_send_due_leaves_messages_that_are_not_pending_alone(
        db_session: sa.orm.Session, smtp: SmtpServer, frozen: time_machine.Traveller) -> None:
    smtp.start()
    for status in ("sent", "failed", "held"):
        make_message(status=status)
    with unit_of_work():
        assert send_due(START + timedelta(days=1)) == 0
    assert smtp.received == []


def test_the_retry_command_sends_what_is_due(
        app: Flask, db_session: sa.orm.Session, smtp: SmtpServer,
        frozen: time_machine.Traveller) -> None:
    message_id = _queue()
    smtp.start()
    frozen.move_to(START + timedelta(minutes=1))
    result = app.test_cli_runner().invoke(args=["avg", "mail", "retry"])
    assert result.exit_code == 0 and "1 due message(s) queued" in result.output
    assert reload(db_session, message_id).status == "sent" and len(smtp.received) == 1


# ------------------------------------------------------------------------------ the rules
@pytest.mark.parametrize(("error", "permanent", "summary"), [
    (ConnectionRefusedError(111, "Connection refused"), False, "ConnectionRefusedError errno 111"),
    (TimeoutError("timed out"), False, "TimeoutError"),
    (smtplib.SMTPServerDisconnected("Connection unexpectedly closed"), False,
     "SMTPServerDisconnected"),
    (smtplib.SMTPConnectError(421, b"4.3.2 Service not available"), False,
     "SMTPConnectError 421 4.3.2"),
    (smtplib.SMTPAuthenticationError(535, b"5.7.8 Authentication credentials invalid"), False,
     "SMTPAuthenticationError 535 5.7.8"),
    (smtplib.SMTPDataError(452, b"4.3.1 Insufficient system storage"), False,
     "SMTPDataError 452 4.3.1"),
    (smtplib.SMTPDataError(554, b"5.7.1 <jan@example.test> message rejected"), True,
     "SMTPDataError 554 5.7.1"),
    (smtplib.SMTPSenderRefused(553, b"sender not allowed", "contactpunt@gemeente.test"), True,
     "SMTPSenderRefused 553"),
    (smtplib.SMTPRecipientsRefused({"jan@example.test": (550, b"5.1.1 <jan@example.test> unknown")}),
     True, "SMTPRecipientsRefused 550 5.1.1"),
    (smtplib.SMTPRecipientsRefused({"jan@example.test": (451, b"greylisted, try later")}),
     False, "SMTPRecipientsRefused 451"),
])
def test_failures_are_temporary_or_permanent_and_name_no_address(
        error: BaseException, permanent: bool, summary: str) -> None:
    failure = classify(error)
    assert (failure.is_permanent, failure.summary) == (permanent, summary)
    assert "@" not in failure.summary


def test_the_retry_schedule_ends_after_the_last_delay() -> None:
    waits = [next_attempt_at(n, now=START) for n in range(1, MAX_ATTEMPTS + 1)]
    assert waits == [START + d for d in RETRY_DELAYS] + [None]
    assert [d.total_seconds() / 60 for d in RETRY_DELAYS] == [1, 5, 30, 120, 360]


def test_the_receipt_mail_carries_a_working_status_link_made_only_when_it_goes_out(
        app: Flask, client: FlaskClient, db_session: sa.orm.Session, smtp: SmtpServer,
        frozen: time_machine.Traveller) -> None:
    """The portal's [[status-link]]: while the server is down no link exists; the delivered
    mail holds one that opens the request's status page, and the outbox keeps the marker."""
    import re

    from avg_service.portal.models import StatusLink
    from tests.factories import make_request

    dsr = make_request(email=TO, channel="email")
    (message,) = db_session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.dsr_id == dsr.id)).all()
    assert reload(db_session, message.id).status == "pending"
    assert db_session.scalar(sa.select(sa.func.count()).select_from(StatusLink)) == 0

    smtp.start()
    _retry_at(frozen, START + timedelta(minutes=1))
    [received] = smtp.received
    assert received.get_content_type() == "multipart/mixed"  # the ontvangstbevestiging PDF
    body = received.get_body(preferencelist=("plain",))
    assert body is not None
    text = text_of(body)  # type: ignore[arg-type]
    link = re.search(r"http://127\.0\.0\.1:5000(/status/[A-Za-z0-9_-]{43})\n", text)
    assert link, text
    assert "[[status-link]]" in reload(db_session, message.id).body_text
    assert [row.issued_via for row in db_session.scalars(sa.select(StatusLink))] == ["mail"]
    opened = client.get(link.group(1))
    assert opened.status_code == 303
    assert dsr.reference in client.get("/status").get_data(as_text=True)
