"""The requester's status page: the secret link, guessing and expiry, sending the missing
information (which resumes the clock), withdrawal, short-lived downloads and the electronic
bekendmaking of the besluit (Awb 2:8, 2:10, 2:19)."""

from __future__ import annotations

import hashlib
import io
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
import time_machine
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from avg_service import deadlines as law
from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.audit.models import AuditEntry
from avg_service.coordination import services as coordination
from avg_service.db import unit_of_work
from avg_service.decisions import services as decisions
from avg_service.extensions import db
from avg_service.mail.models import OutboxMessage
from avg_service.portal import services as portal
from avg_service.portal.models import PortalAttempt, StatusLink
from avg_service.requests import services as requests
from avg_service.requests.models import DataSubjectRequest, DsrDocument
from tests.decisions.test_pages_and_api import _answer, _draft, _prepared
from tests.factories import at, make_request, make_user

SYSTEM = Actor.system("cli")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _link(dsr_id: int, now: datetime) -> str:
    with unit_of_work():
        return portal.issue_link(requests.get_request(dsr_id), via="mail", now=now)


def _csrf(client: FlaskClient, path: str = "/status") -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True))
    assert match, "no form on the page"
    return match.group(1)


def _open(client: FlaskClient, token: str, lang: str = "nl") -> Any:
    return client.get(f"{'/en' if lang == 'en' else ''}/status/{token}")


def _invited(received: str = "2026-03-02", sent: str = "2026-03-04",
             term: date = date(2026, 3, 18), **fields: Any) -> DataSubjectRequest:
    dsr = make_request(received_at=at(received, "09:00"), now=at(received),
                       email="verzoeker@example.test", **fields)
    with unit_of_work():
        requests.invite(requests.get_request(dsr.id), purpose="identity",
                        what="Stuur een kopie van uw identiteitsbewijs.", term_until=term,
                        sent_on=date.fromisoformat(sent), actor=SYSTEM, now=at(sent))
    return requests.get_request(dsr.id)


# ------------------------------------------------------------------------------ the link
def test_the_form_shows_a_status_link_whose_token_is_stored_only_hashed(
        client: FlaskClient, db_session: sa.orm.Session) -> None:
    from tests.requests.test_public_form import _form, _valid

    fields = {**_form(client, "/verzoek"), **_valid()}
    assert client.post("/verzoek", data=fields).status_code == 303
    assert client.post("/verzoek", data=fields).status_code == 303  # a double submit
    page = client.get("/verzoek/ontvangen").get_data(as_text=True)
    token = re.search(r'class="status-link" href="http://[^/]+/status/([^"]+)"', page)
    assert token, "the confirmation shows the status link"
    with client.session_transaction() as browser_session:  # the cookie is signed, not secret
        assert token.group(1) not in repr(dict(browser_session))
    (link,) = db_session.scalars(sa.select(StatusLink)).all()  # one request, one link
    assert link.issued_via == "confirmation"
    assert link.token_hash == hashlib.sha256(token.group(1).encode()).hexdigest()
    assert token.group(1) not in repr([tuple(r) for r in db_session.execute(
        sa.select(StatusLink.__table__))])
    # the receipt e-mail carries a marker that becomes a fresh link when it is sent
    mail = db_session.scalar(sa.select(OutboxMessage).where(OutboxMessage.purpose == "receipt"))
    assert mail is not None and "[[status-link]]" in mail.body_text

    opened = _open(client, token.group(1))
    assert opened.status_code == 303 and opened.headers["Location"].endswith("/status")
    status = client.get("/status")
    html = status.get_data(as_text=True)
    assert status.status_code == 200 and link.dsr.reference in html
    assert "Wij hebben uw verzoek ontvangen en gaan het behandelen." in html
    assert token.group(1) not in html
    assert status.headers["Referrer-Policy"] == "no-referrer"
    assert db_session.scalar(sa.select(AuditEntry.id).where(
        AuditEntry.action == "portal.status_view", AuditEntry.object_id == str(link.dsr_id)))


def test_the_english_status_page(client: FlaskClient, db_session: sa.orm.Session) -> None:
    dsr = make_request(email="r@example.test")
    token = _link(dsr.id, datetime.now(UTC))
    assert _open(client, token, "en").headers["Location"].endswith("/en/status")
    html = client.get("/en/status").get_data(as_text=True)
    assert "We have received your request and will handle it." in html
    assert '<html lang="en">' in html


def test_wrong_and_guessed_tokens_are_refused_then_the_address_is_blocked(
        client: FlaskClient, db_session: sa.orm.Session) -> None:
    dsr = make_request(email="r@example.test")
    now = at("2026-03-02")
    with time_machine.travel(now, tick=False):
        token = _link(dsr.id, now)
        for _ in range(portal.FAILED_LIMIT):
            wrong = _open(client, token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
            assert wrong.status_code == 404
            assert "Deze link kennen wij niet" in wrong.get_data(as_text=True)
        blocked = _open(client, token)  # even the right token, from this address, for a while
        assert blocked.status_code == 429
        stored = db_session.scalars(sa.select(PortalAttempt.address_hash)).all()
        assert len(stored) == portal.FAILED_LIMIT and "127.0.0.1" not in stored
    with time_machine.travel(now + portal.FAILED_WINDOW + timedelta(seconds=1), tick=False):
        assert _open(client, token).status_code == 303


def test_a_near_miss_and_a_random_token_take_the_same_path(
        app: Flask, db_session: sa.orm.Session) -> None:
    """No timing leak: the database is asked for the SHA-256 of what was presented, never for
    the token or a prefix of it, so a token that shares its first 40 characters with a real
    one is looked up exactly like a random one, and the row found is compared in constant time.
    """
    dsr = make_request()
    now = datetime.now(UTC)
    token = _link(dsr.id, now)
    near_miss = token[:40] + "x" * (len(token) - 40)
    statements: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        statements.append((statement, parameters))

    seen = []
    for presented in (near_miss, "y" * len(token)):
        statements.clear()
        sa.event.listen(db.engine, "before_cursor_execute", capture)
        try:
            state, link = portal.resolve_link(presented, now=now)
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", capture)
        assert (state, link) == (portal.LinkState.UNKNOWN, None)
        (statement, parameters), = [s for s in statements if "portal_status_link" in s[0]]
        assert hashlib.sha256(presented.encode()).hexdigest() in repr(parameters)
        assert presented[:40] not in repr(parameters)
        seen.append(statement)
    assert seen[0] == seen[1]
    assert portal.resolve_link(token, now=now)[0] is portal.LinkState.VALID


def test_an_expired_or_revoked_link_gets_a_friendly_page_with_a_way_to_a_new_one(
        client: FlaskClient, db_session: sa.orm.Session) -> None:
    dsr = make_request(email="r@example.test")
    issued = at("2026-03-02")
    token = _link(dsr.id, issued)
    with time_machine.travel(issued + portal.LINK_LIFETIME + timedelta(minutes=1), tick=False):
        expired = _open(client, token)
        html = expired.get_data(as_text=True)
        assert expired.status_code == 410 and "Deze link werkt niet meer" in html
        assert 'href="/status/nieuwe-link"' in html
    other = _link(dsr.id, issued)
    with unit_of_work():
        row = db_session.scalar(sa.select(StatusLink).where(
            StatusLink.token_hash == portal.token_hash(other)))
        assert row is not None
        row.revoked_at = issued
    with time_machine.travel(issued + timedelta(days=1), tick=False):
        assert _open(client, other).status_code == 410


def test_the_session_ends_after_an_idle_hour(client: FlaskClient,
                                             db_session: sa.orm.Session) -> None:
    dsr = make_request()
    start = at("2026-03-02")
    token = _link(dsr.id, start)
    with time_machine.travel(start, tick=False):
        _open(client, token)
        assert client.get("/status").status_code == 200
    with time_machine.travel(start + timedelta(minutes=50), tick=False):
        assert client.get("/status").status_code == 200  # and this view renews the hour
    with time_machine.travel(start + timedelta(minutes=50 + 61), tick=False):
        gone = client.get("/status")
        assert gone.status_code == 401 and "Open de link uit uw e-mail" in \
            gone.get_data(as_text=True)
    assert client.get("/status").status_code == 401  # once gone, it stays gone


def test_a_new_link_is_mailed_only_to_the_address_on_the_request(
        client: FlaskClient, db_session: sa.orm.Session) -> None:
    dsr = make_request(email="Verzoeker@Example.test")
    form = client.get("/status/nieuwe-link").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert csrf is not None

    def ask(reference: str, email: str) -> Any:
        return client.post("/status/nieuwe-link", data={
            "csrf_token": csrf.group(1), "reference": reference, "email": email})

    def new_link_mails() -> int:
        return db_session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage).where(
            OutboxMessage.purpose == "new_link")) or 0

    wrong = ask(dsr.reference, "someone.else@example.test")
    right = ask(dsr.reference.lower(), "verzoeker@example.test")
    assert wrong.status_code == right.status_code == 200
    assert wrong.get_data(as_text=True) == right.get_data(as_text=True)  # reveals nothing
    assert new_link_mails() == 1
    missing = ask("", "geen-adres")
    assert missing.status_code == 400
    assert "Vul het kenmerk van uw verzoek in." in missing.get_data(as_text=True)


# ------------------------------------------------------------------------------ sending information
def test_an_upload_resumes_the_clock_with_the_suspension_the_engine_computes(
        client: FlaskClient, db_session: sa.orm.Session) -> None:
    dsr = _invited()
    assert dsr.status == "awaiting_information"
    token = _link(dsr.id, at("2026-03-04"))
    with time_machine.travel(at("2026-03-09", "15:30"), tick=False):
        _open(client, token)
        page = client.get("/status").get_data(as_text=True)
        assert "Stuur een kopie van uw identiteitsbewijs." in page
        assert "De termijn staat stil tot wij uw informatie hebben." in page
        sent = client.post("/status/aanvullen", data={
            "csrf_token": _csrf(client), "note": "Hierbij mijn paspoort.",
            "files": [(io.BytesIO(PDF), "paspoort.pdf")]}, content_type="multipart/form-data")
        assert sent.status_code == 303
        done = client.get(sent.headers["Location"]).get_data(as_text=True)
        assert "De termijn voor ons besluit loopt weer." in done
    db_session.expire_all()
    dsr = requests.get_request(dsr.id)
    suspension = law.suspended_days(date(2026, 3, 4), date(2026, 3, 9))
    assert suspension == 4  # 5, 6, 7 and 8 March: the days strictly between (R5)
    assert dsr.status == "received"
    assert dsr.invitations[0].answered_on == date(2026, 3, 9)
    assert dsr.due_on == law.response_deadlines(date(2026, 3, 2),
                                                suspended_days=suspension).due_on
    assert [d.filename for d in dsr.documents if d.kind == "aanvulling"] == ["paspoort.pdf"]
    assert any("Hierbij mijn paspoort." in (e.reason or "") for e in dsr.events)


def test_information_after_the_term_is_kept_but_does_not_resume(
        client: FlaskClient, db_session: sa.orm.Session) -> None:
    dsr = _invited()
    token = _link(dsr.id, at("2026-03-04"))
    with time_machine.travel(at("2026-03-19"), tick=False):  # the term ended on 18 March
        _open(client, token)
        sent = client.post("/status/aanvullen", data={
            "csrf_token": _csrf(client), "files": [(io.BytesIO(PDF), "laat.pdf")]},
            content_type="multipart/form-data")
        assert "done=sent_late" in sent.headers["Location"]
    db_session.expire_all()
    dsr = requests.get_request(dsr.id)
    assert dsr.status == "awaiting_information" and dsr.invitations[0].answered_on is None
    assert [d.filename for d in dsr.documents] == ["laat.pdf"]


def test_a_bad_upload_is_shown_beside_the_field_and_nothing_is_stored(
        client: FlaskClient, db_session: sa.orm.Session) -> None:
    dsr = _invited()
    token = _link(dsr.id, at("2026-03-04"))
    with time_machine.travel(at("2026-03-09"), tick=False):
        _open(client, token, "en")
        refused = client.post("/en/status/send", data={
            "csrf_token": _csrf(client, "/en/status"),
            "files": [(io.BytesIO(b"MZ\x90\x00 not a pdf"), "scan.pdf")]},
            content_type="multipart/form-data")
        assert refused.status_code == 400
        html = refused.get_data(as_text=True)
        assert 'id="f-files-error"' in html and "Send a PDF, JPEG or PNG." in html
        empty = client.post("/en/status/send", data={"csrf_token": _csrf(client, "/en/status")},
                            content_type="multipart/form-data")
        assert empty.status_code == 422 and "Add a file or write an explanation." in \
            empty.get_data(as_text=True)
    db_session.expire_all()
    dsr = requests.get_request(dsr.id)
    assert dsr.documents == [] and dsr.status == "awaiting_information"


def test_the_requester_withdraws_after_confirming(client: FlaskClient,
                                                  db_session: sa.orm.Session) -> None:
    dsr = make_request(email="r@example.test")
    token = _link(dsr.id, datetime.now(UTC))
    _open(client, token)
    unconfirmed = client.post("/status/intrekken", data={"csrf_token": _csrf(client)})
    assert unconfirmed.status_code == 400
    assert "Vink aan dat u uw verzoek wilt intrekken." in unconfirmed.get_data(as_text=True)
    assert requests.get_request(dsr.id).status == "received"
    done = client.post("/status/intrekken", data={"csrf_token": _csrf(client), "confirm": "yes"})
    assert done.status_code == 303
    db_session.expire_all()
    assert requests.get_request(dsr.id).status == "withdrawn"
    assert db_session.scalar(sa.select(OutboxMessage.id).where(
        OutboxMessage.purpose == "withdrawn", OutboxMessage.dsr_id == dsr.id))
    page = client.get("/status").get_data(as_text=True)
    assert "U heeft uw verzoek ingetrokken" in page and "Verzoek intrekken" not in page


# ------------------------------------------------------------------------------ downloads
def _download_links(html: str) -> list[str]:
    return re.findall(r'href="(/(?:en/)?status/download/[^"]+)"', html)


def test_letters_download_through_short_lived_links(client: FlaskClient,
                                                    db_session: sa.orm.Session) -> None:
    dsr = make_request(email="r@example.test", received_at=at("2026-03-02", "09:00"),
                       now=at("2026-03-02"))
    token = _link(dsr.id, at("2026-03-02"))
    start = at("2026-03-03")
    with time_machine.travel(start, tick=False):
        _open(client, token)
        (link,) = _download_links(client.get("/status").get_data(as_text=True))
        pdf = client.get(link)
        assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
        assert pdf.headers["Cache-Control"] == "no-store"
        assert "Bevestiging van ontvangst" in PdfReader(io.BytesIO(pdf.data)).pages[0] \
            .extract_text()
        assert db_session.scalar(sa.select(AuditEntry.id).where(
            AuditEntry.action == "portal.letter_download"))
        forged = client.get(link[:-3] + "abc")
        assert forged.status_code == 404
    with time_machine.travel(start + portal.DOWNLOAD_LIFETIME + timedelta(seconds=1),
                             tick=False):
        expired = client.get(link)
        html = expired.get_data(as_text=True)
        assert expired.status_code == 410 and "Deze downloadlink is verlopen" in html
        assert 'href="/status"' in html  # the session is still open: straight back
        fresh = _download_links(client.get("/status").get_data(as_text=True))
        assert fresh and fresh[0] != link and client.get(fresh[0]).status_code == 200


def test_a_download_link_names_its_status_link_and_dies_with_it(
        app: Flask, db_session: sa.orm.Session) -> None:
    mine, theirs = make_request(), make_request()
    now = datetime.now(UTC)
    link = db_session.scalar(sa.select(StatusLink).where(
        StatusLink.token_hash == portal.token_hash(_link(mine.id, now))))
    assert link is not None
    secret = app.config["SECRET_KEY"]
    letter_id = db_session.scalar(sa.text("SELECT id FROM letter WHERE dsr_id = :d"),
                                  {"d": theirs.id})
    # a link signed for my status link cannot fetch another request's letter
    signed = portal.sign_download(secret, link, portal.Download("letter", letter_id, "x", None),
                                 binding="b1")
    assert portal.open_download(secret, signed, binding="b1", actor=SYSTEM, now=now).state is \
        portal.DownloadState.INVALID
    own = db_session.scalar(sa.text("SELECT id FROM letter WHERE dsr_id = :d"), {"d": mine.id})
    signed = portal.sign_download(secret, link, portal.Download("letter", own, "x", None),
                                 binding="b1")
    assert portal.open_download(secret, signed, binding="b1", actor=SYSTEM, now=now).state is \
        portal.DownloadState.OK
    with unit_of_work():
        link.revoked_at = now
    assert portal.open_download(secret, signed, binding="b1", actor=SYSTEM, now=now).state is \
        portal.DownloadState.EXPIRED


# ------------------------------------------------------------------------------ the besluit
def _approved_for_the_status_page(approved_at: datetime,
                                  data_file: tuple[str, bytes] | None = None
                                  ) -> tuple[DataSubjectRequest, int]:
    """A request whose requester chose electronic delivery (Awb 2:8); politie answered (adding
    ``data_file`` for the copy); its besluit approved by a second jurist at ``approved_at``.
    Returns the request and the decision id."""
    dsr, task_id = _prepared("2026-02-16", delivery="electronic", electronic_consent=True,
                             email="verzoeker@example.test")
    if data_file is not None:
        politie = make_user(Role.DEELNEMER, organisation="politie")
        with unit_of_work():
            coordination.add_file(coordination.get_task(task_id), *data_file,
                                  actor=Actor(politie.id, Role.DEELNEMER,
                                              politie.organisation_id, "session"),
                                  now=at("2026-02-20"))
    _answer(task_id, "2026-02-20")
    drafter, second = make_user(Role.JURIST), make_user(Role.JURIST)
    decision_id = _draft(dsr.id, drafter, "2026-03-02")
    with unit_of_work():
        decision = decisions.get_decision(decision_id)
        decisions.submit_for_approval(decision, actor=Actor(drafter.id, Role.JURIST, None,
                                                            "session"), now=approved_at)
        decisions.approve(decision, actor=Actor(second.id, Role.JURIST, None, "session"),
                          now=approved_at)
    return dsr, decision_id


def test_electronic_bekendmaking_puts_the_besluit_on_the_status_page(
        client: FlaskClient, db_session: sa.orm.Session) -> None:
    with time_machine.travel(at("2026-03-16"), tick=False):
        dsr, decision_id = _approved_for_the_status_page(at("2026-03-16"),
                                                         data_file=("mutaties.pdf", PDF))
        token = _link(dsr.id, at("2026-03-16"))
        _open(client, token)
        before = client.get("/status").get_data(as_text=True)
        assert "Besluit op uw verzoek" not in before  # approved is not yet bekendgemaakt
        assert "mutaties.pdf" not in before  # nor is the data copy
        with pytest.raises(decisions.DecisionRefused, match="2:19"), unit_of_work():
            # not back-dated: on the page is today (the besluit is of 16 March, it is the 17th)
            decisions.notify(decisions.get_decision(decision_id), sent_on=date(2026, 3, 16),
                             channel="electronic", actor=SYSTEM, now=at("2026-03-17"))
    with time_machine.travel(at("2026-03-16", "14:05"), tick=False):
        with unit_of_work():
            decisions.notify(decisions.get_decision(decision_id), sent_on=date(2026, 3, 16),
                             channel="electronic", actor=SYSTEM, now=at("2026-03-16", "14:05"))
        db_session.expire_all()
        decision = decisions.get_decision(decision_id)
        # Awb 2:19(b): sent when it became accessible; the bezwaartermijn runs from that day
        assert decision.available_at == at("2026-03-16", "14:05")
        assert decision.verzenddatum == date(2026, 3, 16)
        assert decision.uiterlijke_reactiedatum == law.objection_period_end(date(2026, 3, 16))
        notice = db_session.scalar(sa.select(OutboxMessage).where(
            OutboxMessage.purpose == "decision_available", OutboxMessage.dsr_id == dsr.id))
        assert notice is not None and "[[status-link]]" in notice.body_text
        assert notice.letter_id is None and "Verwijderen" not in notice.body_text  # no contents
        _open(client, token)  # hours later: the browser session had ended
        html = client.get("/status").get_data(as_text=True)
        assert "Het besluit staat voor u klaar." in html
        assert "Bezwaar maken kan tot en met" in html
        besluit = [link for link in _download_links(html)
                   if client.get(link).headers["Content-Disposition"].find("besluit-") > 0]
        assert len(besluit) == 1
        text = "".join(page.extract_text() for page in
                       PdfReader(io.BytesIO(client.get(besluit[0]).data)).pages)
        assert "Ons besluit" in text
        # the data copy (AVG 15(3)): the participant's file, through a link of its own
        assert "Uw gegevens (kopie)" in html
        (copy,) = [link for link in _download_links(html)
                   if 'filename="mutaties.pdf"' in client.get(link).headers["Content-Disposition"]]
        assert client.get(copy).data == PDF
        assert db_session.scalar(sa.select(AuditEntry.id).where(
            AuditEntry.action == "portal.file_download"))


def test_staff_mail_a_new_status_link_and_see_when_the_page_was_opened(
        app: Flask, client: FlaskClient, db_session: sa.orm.Session) -> None:
    from tests.factories import csrf_token, log_in

    dsr = make_request(email="r@example.test")
    no_mail = make_request()
    staff = app.test_client()
    log_in(staff, make_user(Role.CONTACTPUNT))
    page = staff.get(f"/verzoeken/{dsr.id}").get_data(as_text=True)
    assert "Statuslink mailen aan de verzoeker" in page and "nog niet geopend" in page
    assert "Statuslink mailen" not in staff.get(f"/verzoeken/{no_mail.id}").get_data(as_text=True)
    sent = staff.post(f"/verzoeken/{dsr.id}/acties/statuslink",
                      data={"csrf_token": csrf_token(staff, f"/verzoeken/{dsr.id}"),
                            "bevestigd": "ja"})
    assert sent.status_code == 303
    assert db_session.scalar(sa.select(OutboxMessage.id).where(
        OutboxMessage.purpose == "new_link", OutboxMessage.dsr_id == dsr.id))
    _open(client, _link(dsr.id, datetime.now(UTC)))
    assert "laatst geopend" in staff.get(f"/verzoeken/{dsr.id}").get_data(as_text=True)
    participant = app.test_client()
    log_in(participant, make_user(Role.DEELNEMER, organisation="politie"))
    refused = participant.post(f"/verzoeken/{dsr.id}/acties/statuslink", data={
        "csrf_token": csrf_token(participant, "/taken")})
    assert refused.status_code == 403


def test_the_besluit_page_shows_whether_the_notice_went_out_within_48_hours(
        app: Flask, db_session: sa.orm.Session) -> None:
    """Awb 2:10(1): notice within 48 hours of availability; without it, 2:22 protects the
    requester, so staff must see it."""
    from tests.factories import log_in

    made_known = at("2026-03-16", "14:05")
    with time_machine.travel(at("2026-03-16"), tick=False):
        dsr, decision_id = _approved_for_the_status_page(made_known)
    with time_machine.travel(made_known, tick=False), unit_of_work():
        decisions.notify(decisions.get_decision(decision_id), sent_on=date(2026, 3, 16),
                         channel="electronic", actor=SYSTEM, now=made_known)
    decision = decisions.get_decision(decision_id)
    notice = decisions.availability_notice(decision, now=made_known + timedelta(hours=47))
    assert notice is not None and (notice.status, notice.sent_at, notice.late) == \
        ("held", None, False)  # development: no mail server
    assert decisions.availability_notice(
        decision, now=made_known + timedelta(hours=49)).late  # type: ignore[union-attr]
    staff = app.test_client()
    with time_machine.travel(made_known + timedelta(hours=49), tick=False):
        log_in(staff, make_user(Role.CONTACTPUNT))
        page = staff.get(f"/verzoeken/{dsr.id}/besluit").get_data(as_text=True)
    assert "Bericht aan de verzoeker (Awb 2:10)" in page and "Niet binnen 48 uur." in page
    message = db_session.scalar(sa.select(OutboxMessage).where(
        OutboxMessage.purpose == "decision_available"))
    assert message is not None
    with unit_of_work():
        db_session.get(OutboxMessage, message.id).mark_sent(  # type: ignore[union-attr]
            at=made_known + timedelta(minutes=2))
    late_check = decisions.availability_notice(decisions.get_decision(decision_id),
                                               now=made_known + timedelta(days=5))
    assert late_check is not None and not late_check.late
    assert late_check.sent_at == made_known + timedelta(minutes=2)
