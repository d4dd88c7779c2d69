"""The staff outbox page: who may read and act, the retry and bounce actions, the audit log, the
body shown in development only, and the request page's warning box."""

from __future__ import annotations

import re
import smtplib
import socket
import ssl

import pytest
import sqlalchemy as sa
import time_machine
from flask import Flask, g, render_template
from flask.testing import FlaskClient

from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.audit.models import AuditEntry
from avg_service.config import Environment
from avg_service.jobs import QueuedJob
from avg_service.mail import services
from avg_service.mail.services import failed_messages_for, register_placeholder
from tests.factories import csrf_token, log_in, make_request, make_user
from tests.mail.conftest import START, SmtpServer, make_message, reload, set_settings


def _token(client: FlaskClient) -> str:
    return csrf_token(client, "/post")


def _audit(session: sa.orm.Session, action: str) -> list[AuditEntry]:
    return list(session.scalars(sa.select(AuditEntry).where(AuditEntry.action == action)
                                .order_by(AuditEntry.id)))


def test_who_may_read_the_outbox_and_who_may_act(client: FlaskClient,
                                                 db_session: sa.orm.Session) -> None:
    failed = make_message(status="failed")
    for role, reads in ((Role.DEELNEMER, False), (Role.BEHEERDER, False), (Role.FG, True),
                        (Role.JURIST, True), (Role.CONTACTPUNT, True)):
        user = make_user(role, organisation="politie" if role is Role.DEELNEMER else None)
        log_in(client, user)
        page = client.get("/post")
        assert page.status_code == (200 if reads else 403), role
        html = page.get_data(as_text=True)
        nav_link = 'href="/post">Postkamer</a>' in client.get("/werkplek").get_data(as_text=True)
        assert nav_link is reads, role
        if role is Role.CONTACTPUNT:
            assert "Opnieuw versturen" in html
        elif reads:
            assert "Opnieuw versturen" not in html  # reading only
            token = _token(client)
            refused = client.post(f"/post/{failed.id}/opnieuw", data={"csrf_token": token})
            assert refused.status_code == 403, role
        client.post("/uitloggen", data={"csrf_token": csrf_token(client, "/werkplek")})
    assert reload(db_session, failed.id).status == "failed"


def test_viewing_the_outbox_is_audited_without_personal_data(
        client: FlaskClient, db_session: sa.orm.Session) -> None:
    make_message(status="sent", to="jan.jansen@example.test")
    fg = make_user(Role.FG)
    log_in(client, fg)
    assert "jan.jansen@example.test" in client.get("/post").get_data(as_text=True)
    [entry] = _audit(db_session, "mail.list")
    assert (entry.user_id, entry.role, entry.object_type, entry.object_id) == \
        (fg.id, "fg", "mail_outbox", None)


def test_failed_mail_is_counted_on_top_and_the_list_filters_by_status(
        client: FlaskClient, db_session: sa.orm.Session) -> None:
    dsr = make_request()
    make_message(status="failed", subject="Niet aangekomen", dsr_id=dsr.id)
    make_message(status="sent", subject="Wel aangekomen")
    log_in(client, make_user(Role.JURIST))
    html = client.get("/post").get_data(as_text=True)
    top, _sep, listing = html.partition("Alle berichten")
    assert "Niet bezorgd: 1 bericht" in top and "Niet aangekomen" in top
    assert f'href="/verzoeken/{dsr.id}">{dsr.reference}</a>' in top
    assert "Wel aangekomen" in listing and "Niet aangekomen" in listing
    only_sent = client.get("/post?status=sent").get_data(as_text=True).partition(
        "Alle berichten")[2]
    assert "Wel aangekomen" in only_sent and "Niet aangekomen" not in only_sent
    bad = client.get("/post?status=verdwenen")
    assert bad.status_code == 400 and "Kies een status uit de lijst." in bad.get_data(as_text=True)


def test_the_contact_point_sends_a_failed_message_again(
        client: FlaskClient, db_session: sa.orm.Session, smtp: SmtpServer,
        frozen: time_machine.Traveller) -> None:
    smtp.start()
    failed = make_message(status="failed", body="Uw verzoek is ontvangen.\n")
    staff = make_user(Role.CONTACTPUNT)
    log_in(client, staff)
    response = client.post(f"/post/{failed.id}/opnieuw",
                           data={"csrf_token": _token(client), "status": "failed"})
    assert response.status_code == 302 and response.headers["Location"] == "/post?status=failed"
    sent = reload(db_session, failed.id)
    assert (sent.status, sent.attempts, sent.failed_at) == ("sent", 1, None)
    assert len(smtp.received) == 1
    [entry] = _audit(db_session, "mail.retry")
    assert (entry.user_id, entry.object_id) == (staff.id, str(failed.id))
    # a second click: the message is no longer failed
    again = client.post(f"/post/{failed.id}/opnieuw", data={"csrf_token": _token(client)})
    assert again.status_code == 409
    assert "Alleen een niet bezorgd bericht" in again.get_data(as_text=True)
    assert len(smtp.received) == 1
    assert client.post("/post/999999/opnieuw",
                       data={"csrf_token": _token(client)}).status_code == 404


def test_a_retry_without_a_csrf_token_is_refused(client: FlaskClient,
                                                 db_session: sa.orm.Session) -> None:
    failed = make_message(status="failed")
    log_in(client, make_user(Role.CONTACTPUNT))
    assert client.post(f"/post/{failed.id}/opnieuw").status_code == 400
    assert reload(db_session, failed.id).status == "failed"
    assert db_session.scalar(sa.select(sa.func.count()).select_from(QueuedJob)) == 0


def test_a_bounce_is_recorded_with_a_short_reason(client: FlaskClient,
                                                  db_session: sa.orm.Session) -> None:
    sent = make_message(status="sent")
    staff = make_user(Role.CONTACTPUNT)
    log_in(client, staff)
    url = f"/post/{sent.id}/onbestelbaar"
    for reason, error in (("", "Vul kort in waarom het bericht niet is bezorgd."),
                          ("x" * 151, "Gebruik ten hoogste 150 tekens."),
                          ("user jan@example.test unknown", "Noem geen e-mailadres")):
        refused = client.post(url, data={"csrf_token": _token(client), "reason": reason})
        html = refused.get_data(as_text=True)
        assert refused.status_code == 400 and error in html, reason
        # the message beside the field of this message's form, which stays open
        assert re.search(rf'<p class="field-error" id="reason-{sent.id}-error">[^<]*'
                         + re.escape(error.split(".")[0]), html), reason
    assert reload(db_session, sent.id).status == "sent"

    done = client.post(url, data={"csrf_token": _token(client),
                                  "reason": "  Mailbox   bestaat niet (550) "})
    assert done.status_code == 302
    bounced = reload(db_session, sent.id)
    assert (bounced.status, bounced.last_error, bounced.sent_at) == \
        ("failed", "bounce: Mailbox bestaat niet (550)", START)
    assert bounced.failed_at is not None
    [entry] = _audit(db_session, "mail.bounce")
    assert (entry.user_id, entry.object_id) == (staff.id, str(sent.id))
    twice = client.post(url, data={"csrf_token": _token(client), "reason": "nogmaals"})
    assert twice.status_code == 409


def test_development_shows_the_body_with_markers_as_a_personal_link(
        client: FlaskClient, db_session: sa.orm.Session, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "_PLACEHOLDERS", {})
    register_placeholder("test-link", lambda message: "https://avg.example.test/geheim")
    make_message(status="held", body="Uw statuspagina:\n[[test-link]]\nDeel deze link niet.\n")
    log_in(client, make_user(Role.CONTACTPUNT))
    html = client.get("/post").get_data(as_text=True)
    assert "Uw statuspagina:\n(persoonlijke link)\nDeel deze link niet." in html
    assert "[[test-link]]" not in html and "geheim" not in html  # never expanded for staff


def test_production_does_not_show_bodies(app: Flask, client: FlaskClient,
                                         db_session: sa.orm.Session,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    make_message(status="sent", body="Uw verzoek AVG-2026-000001 is ontvangen.\n")
    set_settings(app, monkeypatch, env=Environment.PRODUCTION)
    user = make_user(Role.CONTACTPUNT, totp=True)  # production asks for the second factor
    log_in(client, user)
    html = client.get("/post").get_data(as_text=True)
    assert "Ontvangstbevestiging verzoek" in html and "is ontvangen." not in html


def test_the_request_page_box_lists_failed_mail_of_that_request(
        app: Flask, client: FlaskClient, db_session: sa.orm.Session) -> None:
    dsr, other = make_request(), make_request()
    make_message(status="failed", subject="Ontvangstbevestiging", dsr_id=dsr.id,
                 error="SMTPRecipientsRefused 550 5.1.1")
    make_message(status="sent", subject="Verlenging", dsr_id=dsr.id)
    make_message(status="failed", subject="Ander verzoek", dsr_id=other.id)
    assert [m.subject for m in failed_messages_for(dsr.id)] == ["Ontvangstbevestiging"]
    with app.test_request_context(f"/verzoeken/{dsr.id}"):
        g.actor = Actor(1, Role.JURIST, None, "session")
        box = render_template("mail/_request_mail.html", failed_mail=failed_messages_for(dsr.id))
        empty = render_template("mail/_request_mail.html")
    assert "Een e-mail over dit verzoek is niet bezorgd." in box
    assert "Ontvangstbevestiging" in box and "De mailserver kent dit adres niet of weigert het (code 550 5.1.1)." in box
    assert "Verlenging" not in box and "Ander verzoek" not in box
    assert 'href="/post?status=failed"' in box and "om opnieuw te versturen" not in box
    assert empty.strip() == ""
    log_in(client, make_user(Role.CONTACTPUNT))  # and the request page itself includes it
    page = client.get(f"/verzoeken/{dsr.id}").get_data(as_text=True)
    assert "Een e-mail over dit verzoek is niet bezorgd." in page
    assert "om opnieuw te versturen" in page and "Ander verzoek" not in page


@pytest.mark.parametrize("error", [
    smtplib.SMTPRecipientsRefused({"x@example.test": (550, b"5.1.1 <x@example.test> unknown")}),
    smtplib.SMTPAuthenticationError(535, b"5.7.8 bad credentials"),
    smtplib.SMTPServerDisconnected("gone"),
    smtplib.SMTPDataError(554, b"5.6.0 rejected"),
    ConnectionRefusedError(111, "Connection refused"),
    TimeoutError("timed out"),
    socket.gaierror(-2, "Name or service not known"),
    ssl.SSLCertVerificationError("bad cert"),
])
def test_a_delivery_error_reads_as_dutch_words_never_its_class(error: Exception) -> None:
    """Issue 17, no codes shown: the class name stays in the row (and the log), the page says
    what it means; the SMTP codes follow for whoever runs the mail server, no address."""
    from avg_service.mail.delivery import classify
    from avg_service.mail.models import ERROR_LABELS, error_label

    stored = classify(error).summary
    shown = error_label(stored)
    assert type(error).__name__ in stored and type(error).__name__ not in shown
    assert shown.split(" (")[0] in ERROR_LABELS.values() and "@" not in shown


def test_the_outbox_shows_why_a_message_failed_in_dutch(client: FlaskClient,
                                                        db_session: sa.orm.Session) -> None:
    dsr = make_request()
    make_message(status="failed", dsr_id=dsr.id, error="SMTPRecipientsRefused 550 5.1.1")
    make_message(status="failed", error="bounce: mailbox bestaat niet")
    log_in(client, make_user(Role.CONTACTPUNT))
    html = client.get("/post").get_data(as_text=True)
    assert "De mailserver kent dit adres niet of weigert het (code 550 5.1.1)" in html
    assert "Onbestelbaar gemeld: mailbox bestaat niet" in html
    assert "SMTPRecipientsRefused" not in html and "bounce:" not in html
    request_page = client.get(f"/verzoeken/{dsr.id}").get_data(as_text=True)
    assert "SMTPRecipientsRefused" not in request_page
    assert "De mailserver kent dit adres niet" in request_page
