"""Staff log in through their organisation's OpenID provider: the real provider on loopback."""

from __future__ import annotations

import dataclasses
import logging
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import sqlalchemy as sa
import time_machine
from flask import Flask
from flask.testing import FlaskClient

from avg_service.access.roles import Role
from avg_service.accounts.models import User, UserSession
from avg_service.audit.models import AuditEntry
from avg_service.db import unit_of_work
from avg_service.sso import oidc
from avg_service.sso.models import AccountLink, SsoLogin
from tests.factories import PASSWORD, csrf_token, log_in, make_user
from tests.sso.provider import CLIENT_ID, CLIENT_SECRET, sign_in_at_provider

COOKIE = "avg_session"


def _start(client: FlaskClient, key: str = "gemeente", next_path: str | None = None) -> str:
    response = client.get(f"/inloggen/via/{key}" + (f"?next={next_path}" if next_path else ""))
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    return response.headers["Location"]


def _callback(login: str, client: FlaskClient, key: str = "gemeente") -> str:
    """The service's callback URL (path and query) after ``login`` at the provider."""
    target = urlsplit(sign_in_at_provider(_start(client, key), login))
    assert target.netloc == "localhost", target
    return f"{target.path}?{target.query}"


def _signed_in(client: FlaskClient) -> bool:
    return client.get("/werkplek").status_code == 200


def _audit(db_session: sa.orm.Session, action: str) -> list[AuditEntry]:
    return list(db_session.scalars(sa.select(AuditEntry).where(AuditEntry.action == action)
                                   .order_by(AuditEntry.id)))


def test_the_whole_code_flow_links_by_verified_email_and_reaches_the_work_queue(
        client: FlaskClient, db_session: sa.orm.Session) -> None:
    jurist = make_user(Role.JURIST, email="j.devries@gemeente.test")
    authorization = _start(client, next_path="/verzoeken")
    query = parse_qs(urlsplit(authorization).query)
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
    assert query["state"][0] and query["nonce"][0] and query["response_type"] == ["code"]
    target = urlsplit(sign_in_at_provider(authorization, "j.devries@gemeente.test"))
    response = client.get(f"{target.path}?{target.query}")
    assert response.status_code == 303 and response.headers["Location"] == "/verzoeken"
    assert client.get("/verzoeken").status_code == 200
    link = db_session.scalars(sa.select(AccountLink)).one()
    assert (link.user_id, link.provider_key, link.subject, link.linked_by) == (
        jurist.id, "gemeente", "j.devries@gemeente.test", "email")
    # The provider did the authentication (and its second factor): the session is complete.
    row = db_session.scalars(sa.select(UserSession).where(UserSession.user_id == jurist.id)).one()
    assert row.second_factor_at is not None
    assert [e.object_id for e in _audit(db_session, "sso.link")] == [str(jurist.id)]
    assert [(e.user_id, e.outcome) for e in _audit(db_session, "auth.login_sso")] == [
        (jurist.id, "allowed")]
    # The role is this service's, whatever the provider says.
    assert db_session.get(User, jurist.id).role == "jurist"


def test_a_linked_account_logs_in_by_subject_even_when_its_email_changed_here(
        client: FlaskClient, db_session: sa.orm.Session) -> None:
    user = make_user(Role.CONTACTPUNT, email="p.jansen@gemeente.test")
    client.get(_callback("p.jansen@gemeente.test", client))
    assert _signed_in(client)
    client.post("/uitloggen", data={"csrf_token": csrf_token(client, "/werkplek")})
    with unit_of_work():
        db_session.get(User, user.id).email = "p.jansen-bakker@gemeente.test"
    client.get(_callback("p.jansen@gemeente.test", client))
    assert _signed_in(client)
    assert len(_audit(db_session, "sso.link")) == 1


def test_a_wrong_state_is_refused_and_starts_no_session(
        client: FlaskClient, db_session: sa.orm.Session) -> None:
    make_user(Role.JURIST, email="state@gemeente.test")
    callback = _callback("state@gemeente.test", client)
    forged = callback.replace("state=", "state=x")
    response = client.get(forged)
    assert response.status_code == 400
    assert "verlopen of niet op deze pagina begonnen" in response.get_data(as_text=True)
    assert not _signed_in(client)
    # The pending request was used up by the forged callback: the real one is refused too.
    assert client.get(callback).status_code == 400
    assert [e.outcome for e in _audit(db_session, "auth.login_sso")] == ["refused", "refused"]


def test_a_replayed_code_is_refused_by_the_provider(
        client: FlaskClient, db_session: sa.orm.Session) -> None:
    make_user(Role.JURIST, email="replay@gemeente.test")
    callback = _callback("replay@gemeente.test", client)
    before = client.get_cookie(COOKIE)
    assert before is not None
    assert client.get(callback).status_code == 303
    # An attacker who copied the browser's cookie and the callback URL tries it again.
    client.set_cookie(COOKIE, before.value)
    response = client.get(callback)
    assert response.status_code == 400
    assert "Het inloggen is niet gelukt" in response.get_data(as_text=True)
    assert [e.outcome for e in _audit(db_session, "auth.login_sso")] == ["allowed", "refused"]


def test_an_expired_id_token_is_refused(client: FlaskClient, db_session: sa.orm.Session,
                                        caplog: pytest.LogCaptureFixture) -> None:
    make_user(Role.JURIST, email="late@gemeente.test")
    callback = _callback("late@gemeente.test", client)
    caplog.set_level(logging.INFO, logger="avg_service.sso.views")
    # The provider's ID tokens live an hour; our clock is two hours on when the answer arrives.
    with time_machine.travel(datetime.now(UTC) + timedelta(hours=2), tick=False):
        response = client.get(callback)
    assert response.status_code == 400
    assert [r.reason for r in caplog.records if hasattr(r, "reason")] == ["token_expired"]
    assert not _signed_in(client)


def _real_id_token(issuer: str, login: str) -> tuple[oidc.Metadata, str, str]:
    meta = oidc.discover(issuer)
    url, pending = oidc.authorization_request(meta, client_id=CLIENT_ID, scopes="openid email",
                                              redirect_uri="http://localhost/callback")
    answer = parse_qs(urlsplit(sign_in_at_provider(url, login)).query)
    code = oidc.check_response(meta, pending, {k: v[0] for k, v in answer.items()})
    tokens = oidc.exchange_code(meta, pending, code, client_id=CLIENT_ID,
                                client_secret=CLIENT_SECRET)
    return meta, tokens["id_token"], pending.nonce


def test_an_id_token_for_another_issuer_audience_or_nonce_is_refused(
        issuers: dict[str, str]) -> None:
    meta, id_token, nonce = _real_id_token(issuers["gemeente"], "check@gemeente.test")
    now = datetime.now(UTC)
    claims = oidc.validate_id_token(meta, id_token, client_id=CLIENT_ID, nonce=nonce, now=now)
    assert claims["sub"] == "check@gemeente.test" and claims["iss"] == issuers["gemeente"]
    cases = {
        "wrong_issuer": dict(meta=dataclasses.replace(meta, issuer=issuers["politie"])),
        "wrong_audience": dict(client_id="another-client"),
        "nonce_mismatch": dict(nonce="another-nonce"),
        "bad_signature": dict(meta=oidc.discover(issuers["politie"])),  # the other's keys
    }
    for reason, change in cases.items():
        arguments = {"meta": meta, "client_id": CLIENT_ID, "nonce": nonce, **change}
        with pytest.raises(oidc.OidcError) as refused:
            oidc.validate_id_token(arguments["meta"], id_token, client_id=arguments["client_id"],
                                   nonce=arguments["nonce"], now=now)
        assert refused.value.reason == reason
    with pytest.raises(oidc.OidcError, match="issuer_mismatch"):  # Discovery 4.3
        oidc.discover(issuers["gemeente"] + "/")


def test_a_code_from_one_provider_is_refused_at_the_other(
        client: FlaskClient, db_session: sa.orm.Session) -> None:
    """Mix-up (RFC 9207): the answer names its issuer, and it must be the one we asked."""
    make_user(Role.JURIST, email="mixup@gemeente.test")
    callback = _callback("mixup@gemeente.test", client, key="gemeente")
    query = urlsplit(callback).query
    pending = client.get("/inloggen/via/politie")  # a log-in at the police is now pending
    assert pending.status_code == 303
    response = client.get(f"/inloggen/via/politie/terug?{query}")
    assert response.status_code == 400 and not _signed_in(client)


def test_a_person_without_an_account_is_told_to_ask_for_one(
        client: FlaskClient, db_session: sa.orm.Session) -> None:
    response = client.get(_callback("nobody@gemeente.test", client))
    assert response.status_code == 403
    assert "nog geen account bij het contactpunt" in response.get_data(as_text=True)
    assert not _signed_in(client)
    assert db_session.scalar(sa.select(sa.func.count()).select_from(AccountLink)) == 0
    entry = _audit(db_session, "auth.login_sso")[-1]
    assert (entry.outcome, entry.object_type, entry.object_id) == ("refused", "sso_provider",
                                                                   "gemeente")


def test_an_unverified_email_does_not_link(client: FlaskClient,
                                           db_session: sa.orm.Session) -> None:
    make_user(Role.JURIST, email="unsure@gemeente.test")
    assert client.get(_callback("unverified.unsure@gemeente.test", client)).status_code == 403
    assert db_session.scalar(sa.select(sa.func.count()).select_from(AccountLink)) == 0


def test_a_deactivated_account_is_refused(client: FlaskClient,
                                          db_session: sa.orm.Session) -> None:
    user = make_user(Role.JURIST, email="gone@gemeente.test")
    client.get(_callback("gone@gemeente.test", client))
    client.post("/uitloggen", data={"csrf_token": csrf_token(client, "/werkplek")})
    with unit_of_work():
        db_session.get(User, user.id).is_active = False
    response = client.get(_callback("gone@gemeente.test", client))
    assert response.status_code == 403
    assert "uitgeschakeld" in response.get_data(as_text=True)
    assert not _signed_in(client)


def test_two_providers_each_serve_only_their_own_organisation(
        client: FlaskClient, db_session: sa.orm.Session) -> None:
    agent = make_user(Role.DEELNEMER, organisation="politie", email="agent@politie.test")
    make_user(Role.FG, email="fg@gemeente.test")  # the contact point's own: no organisation
    # The police officer at the municipality's provider: not its organisation.
    response = client.get(_callback("agent@politie.test", client, key="gemeente"))
    assert response.status_code == 403 and "niet bij deze organisatie" in response.get_data(
        as_text=True)
    # The FG at the police's provider: neither.
    assert client.get(_callback("fg@gemeente.test", client, key="politie")).status_code == 403
    assert client.get(_callback("agent@politie.test", client, key="politie")).status_code == 303
    assert _signed_in(client)
    assert db_session.scalars(sa.select(AccountLink.provider_key).where(
        AccountLink.user_id == agent.id)).all() == ["politie"]
    client.post("/uitloggen", data={"csrf_token": csrf_token(client, "/werkplek")})
    assert client.get(_callback("fg@gemeente.test", client, key="gemeente")).status_code == 303


def test_password_log_in_is_off_for_an_organisation_that_logs_in_through_its_provider(
        client: FlaskClient, db_session: sa.orm.Session) -> None:
    agent = make_user(Role.DEELNEMER, organisation="politie", email="pw@politie.test")
    response = client.post("/inloggen", data={"csrf_token": csrf_token(client),
                                              "email": agent.email, "password": PASSWORD})
    assert response.status_code == 403
    assert "Uw organisatie logt in via Politie" in response.get_data(as_text=True)
    assert not _signed_in(client)
    # Only who knows the password learns that: a wrong password for that account, and any
    # password for an address without an account, get the same answer, the same failure count
    # against the address and the same refused audit entry (issue 15, finding 12).
    from avg_service.accounts.models import LoginFailure

    def attempt(email: str, password: str) -> tuple[int, str, int, int]:
        browser = client.application.test_client()
        failures = db_session.scalar(sa.select(sa.func.count()).select_from(LoginFailure))
        refused = db_session.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "auth.login", AuditEntry.outcome == "refused"))
        answer = browser.post("/inloggen", data={"csrf_token": csrf_token(browser),
                                                 "email": email, "password": password})
        page = re.sub(r'name="csrf_token" value="[^"]*"', "", answer.get_data(as_text=True))
        return (answer.status_code, page.replace(email, "ADDRESS"),
                db_session.scalar(sa.select(sa.func.count()).select_from(LoginFailure))
                - failures,
                db_session.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(
                    AuditEntry.action == "auth.login", AuditEntry.outcome == "refused"))
                - refused)

    known = attempt(agent.email, "wrong " + PASSWORD)
    unknown = attempt("nobody@politie.test", PASSWORD)
    assert known[0] == 401 and "logt in via" not in known[1]
    assert known == unknown
    # The municipality keeps the password as a fallback (its provider allows it).
    jurist = make_user(Role.JURIST, email="pw@gemeente.test")
    response = client.post("/inloggen", data={"csrf_token": csrf_token(client),
                                              "email": jurist.email, "password": PASSWORD})
    assert response.status_code == 302


def test_the_login_page_names_each_provider(client: FlaskClient) -> None:
    html = client.get("/inloggen").get_data(as_text=True)
    assert "Inloggen via Gemeente Testdorp" in html and "Inloggen via Politie" in html


def test_log_out_ends_the_session_and_logs_out_at_the_provider(
        client: FlaskClient, db_session: sa.orm.Session, issuers: dict[str, str]) -> None:
    user = make_user(Role.JURIST, email="bye@gemeente.test")
    client.get(_callback("bye@gemeente.test", client))
    login = db_session.scalars(sa.select(SsoLogin)).one()
    assert "bye@" not in login.id_token_encrypted  # the ID token is kept encrypted
    response = client.post("/uitloggen", data={"csrf_token": csrf_token(client, "/werkplek")})
    assert response.status_code == 302
    end_session = urlsplit(response.headers["Location"])
    assert f"{end_session.scheme}://{end_session.netloc}" == issuers["gemeente"]
    query = parse_qs(end_session.query)
    assert query["post_logout_redirect_uri"] == ["http://localhost/inloggen"]
    assert query["client_id"] == [CLIENT_ID] and query["id_token_hint"][0].count(".") == 2
    assert not _signed_in(client)
    assert db_session.scalars(sa.select(UserSession.ended_at).where(
        UserSession.user_id == user.id)).one() is not None
    # The provider accepts the hint and sends the browser back to our log-in page.
    browser = requests.Session()
    page = browser.get(response.headers["Location"], timeout=10)
    form = dict(re.findall(r'name="(xsrf|logout)" value="([^"]+)"', page.text))
    action = re.search(r'<form method="post" action="([^"]+)"', page.text)
    assert page.status_code == 200 and action and set(form) == {"xsrf", "logout"}
    confirmed = browser.post(action.group(1), data=form, allow_redirects=False, timeout=10)
    assert confirmed.headers["Location"].startswith("http://localhost/inloggen")


def test_an_unknown_provider_is_a_404(client: FlaskClient) -> None:
    assert client.get("/inloggen/via/onbekend").status_code == 404


def test_a_provider_may_link_by_subject_set_by_the_administrator(
        app: Flask, client: FlaskClient, db_session: sa.orm.Session) -> None:
    """The CLI links an account to a subject; then that subject logs in, whatever its e-mail."""
    user = make_user(Role.BEHEERDER, email="beheer@gemeente.test")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["avg", "sso", "link", user.email, "gemeente", "noemail.kees"])
    assert result.exit_code == 0, result.output
    assert client.get(_callback("noemail.kees", client)).status_code == 303
    assert _signed_in(client)
    again = runner.invoke(args=["avg", "sso", "link", user.email, "gemeente", "other"])
    assert again.exit_code != 0 and "al gekoppeld" in again.output
    listed = runner.invoke(args=["avg", "sso", "list"]).output
    assert "beheer@gemeente.test\tgemeente\tsubject" in listed
    assert runner.invoke(args=["avg", "sso", "unlink", user.email, "gemeente"]).exit_code == 0
    assert db_session.scalar(sa.select(sa.func.count()).select_from(AccountLink)) == 0


def test_forms_may_send_the_browser_to_the_configured_providers_only(
        client: FlaskClient, issuers: dict[str, str]) -> None:
    """Browsers check form-action on the redirect too (log-out by the provider, the DigiD
    button): the providers' origins are allowed, nothing else."""
    policy = client.get("/verzoek").headers["Content-Security-Policy"]
    action = next(part for part in policy.split(";") if "form-action" in part).split()
    assert sorted(action[1:]) == sorted(["'self'", *issuers.values()])


def test_the_administrator_sees_links_and_links_or_unlinks_by_subject(
        client: FlaskClient, db_session: sa.orm.Session) -> None:
    officer = make_user(Role.DEELNEMER, organisation="politie", email="officer@politie.test")
    jurist = make_user(Role.JURIST, email="jurist.admin@gemeente.test")
    admin = make_user(Role.BEHEERDER, email="admin.sso@gemeente.test")
    log_in(client, admin)
    page = client.get(f"/beheer/gebruikers/{officer.id}").get_data(as_text=True)
    assert "Dit account is nog niet gekoppeld" in page
    token = csrf_token(client, f"/beheer/gebruikers/{officer.id}")
    # A subject at another organisation's provider is refused, with the reason.
    response = client.post(f"/beheer/gebruikers/{jurist.id}/sso-koppelen",
                           data={"csrf_token": token, "provider": "politie", "subject": "P-1"},
                           follow_redirects=True)
    assert "niet bij deze organisatie" in response.get_data(as_text=True)
    # A NUL is refused before any view runs (issue 15's input guard: 400, nothing stored).
    nul = client.post(f"/beheer/gebruikers/{officer.id}/sso-koppelen",
                      data={"csrf_token": token, "provider": "politie", "subject": "P\x00-7"})
    assert nul.status_code == 400
    for odd in ("P\r\nSet-Cookie: x", "x" * 10_000, "  ", "<b>P</b>\u00e9"):
        response = client.post(f"/beheer/gebruikers/{officer.id}/sso-koppelen",
                               data={"csrf_token": token, "provider": "politie", "subject": odd},
                               follow_redirects=True)
        if "\x00" in odd:  # a NUL byte is refused for every form at the edge (issue 15)
            assert response.status_code == 400
            continue
        assert response.status_code == 200
        assert "1 tot 255 gewone tekens" in response.get_data(as_text=True)
    assert db_session.scalar(sa.select(sa.func.count()).select_from(AccountLink)) == 0
    response = client.post(f"/beheer/gebruikers/{officer.id}/sso-koppelen",
                           data={"csrf_token": token, "provider": "politie", "subject": "P-7"},
                           follow_redirects=True)
    assert "gekoppeld aan Politie" in response.get_data(as_text=True)
    assert "Politie: gekoppeld door de beheerder" in response.get_data(as_text=True)
    link = db_session.scalars(sa.select(AccountLink)).one()
    assert (link.user_id, link.subject, link.linked_by) == (officer.id, "P-7", "subject")
    client.post(f"/beheer/gebruikers/{officer.id}/sso-ontkoppelen",
                data={"csrf_token": token, "provider": "politie"})
    assert db_session.scalar(sa.select(sa.func.count()).select_from(AccountLink)) == 0
    assert [e.action for e in db_session.scalars(sa.select(AuditEntry).where(
        AuditEntry.action.in_(["sso.link", "sso.unlink"])).order_by(AuditEntry.id))] == [
        "sso.link", "sso.unlink"]


def test_only_an_administrator_may_link(client: FlaskClient, db_session: sa.orm.Session) -> None:
    officer = make_user(Role.DEELNEMER, organisation="politie", email="o2@politie.test")
    fg = make_user(Role.FG, email="fg.sso@gemeente.test")
    log_in(client, fg)
    token = csrf_token(client, "/werkplek")
    response = client.post(f"/beheer/gebruikers/{officer.id}/sso-koppelen",
                           data={"csrf_token": token, "provider": "politie", "subject": "P-9"})
    assert response.status_code == 403
    assert db_session.scalar(sa.select(sa.func.count()).select_from(AccountLink)) == 0


def test_a_provider_that_cannot_be_reached_gets_a_page_not_an_error(
        app: Flask, client: FlaskClient, db_session: sa.orm.Session,
        monkeypatch: pytest.MonkeyPatch) -> None:
    settings = app.extensions["avg_sso"]
    down = dataclasses.replace(settings.by_key["gemeente"], issuer="http://127.0.0.1:9")
    monkeypatch.setitem(app.extensions, "avg_sso", dataclasses.replace(
        settings, providers=(down,), by_key={"gemeente": down}))
    response = client.get("/inloggen/via/gemeente")
    assert response.status_code == 502
    assert "nu niet bereikbaar" in response.get_data(as_text=True)
    assert _audit(db_session, "auth.login_sso")[-1].outcome == "refused"
