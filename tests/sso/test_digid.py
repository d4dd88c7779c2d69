"""Requesters log in with DigiD through the OIDC broker (the real provider plays the broker)."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
import time_machine
from flask import Flask
from flask.testing import FlaskClient

from avg_service.access.roles import Role

from avg_service.audit.models import AuditEntry
from avg_service.portal.models import StatusLink
from avg_service.protection import keyed_hash
from avg_service.requests.models import DataSubjectRequest
from avg_service.sso.models import DigidAuthentication
from tests.factories import log_in, make_request, make_user
from tests.sso.provider import sign_in_at_provider

BSN = "999993653"
OTHER_BSN = "111222333"
REPRESENTATIVE = "123456782"


def _digid(client: FlaskClient, login: str, target: str = "form", lang: str = "nl") -> Any:
    start = client.get(f"/digid/inloggen?naar={target}&lang={lang}")
    assert start.status_code == 303
    back = urlsplit(sign_in_at_provider(start.headers["Location"], login))
    assert back.netloc == "localhost" and back.path == "/digid/terug"
    return client.get(f"{back.path}?{back.query}")


def _form_tokens(client: FlaskClient, path: str = "/verzoek") -> tuple[dict[str, str], str]:
    html = client.get(path).get_data(as_text=True)
    fields = dict(re.findall(r'name="(csrf_token|submission_token)" value="([^"]+)"', html))
    return fields, html


def _submit(client: FlaskClient, **overrides: Any) -> Any:
    tokens, _html = _form_tokens(client)
    data: dict[str, Any] = {
        "given_names": "Fatima", "family_name": "El Amrani", "date_of_birth": "1985-04-12",
        "street_address": "Kerkstraat 12", "postcode": "1234ab", "city": "Voorbeeldstad",
        "email": "fatima@example.test", "representation": "self", "rights": ["15"],
        "delivery": "post", "website": "", **tokens}
    data.update(overrides)
    return client.post("/verzoek", data=data)


def _dsr(db_session: sa.orm.Session) -> DataSubjectRequest:
    return db_session.scalars(sa.select(DataSubjectRequest).order_by(
        DataSubjectRequest.id.desc()).limit(1)).one()


def test_the_form_offers_digid_naming_the_organisation(client: FlaskClient) -> None:
    html = client.get("/verzoek").get_data(as_text=True)
    assert "Inloggen met DigiD bij Gemeente Testdorp" in html
    # No deep link into DigiD: the button starts at this service, which sends the browser on.
    assert 'action="/digid/inloggen"' in html
    english = client.get("/en/request").get_data(as_text=True)
    assert "Log in with DigiD at Gemeente Testdorp" in english


def test_the_bsn_from_digid_fills_and_locks_the_field_and_goes_with_the_request(
        client: FlaskClient, db_session: sa.orm.Session,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    response = _digid(client, f"{BSN}@substantieel")
    assert response.status_code == 303 and response.headers["Location"] == "/verzoek"
    _tokens, html = _form_tokens(client)
    field = re.search(r'<input id="f-bsn"[^>]*>', html)
    assert field and f'value="{BSN}"' in field.group(0) and "readonly" in field.group(0)
    assert "U bent ingelogd met DigiD" in html
    # A changed value in the locked field does not count: the BSN is DigiD's.
    response = _submit(client, bsn=OTHER_BSN)
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    dsr = _dsr(db_session)
    assert dsr.bsn_hash == keyed_hash(BSN, purpose="bsn") and dsr.bsn_last3 == BSN[-3:]
    digid = db_session.scalars(sa.select(DigidAuthentication)).one()
    assert (digid.dsr_id, digid.loa, digid.is_mandate) == (dsr.id, "substantieel", False)
    actions = set(db_session.scalars(sa.select(AuditEntry.action)))
    assert {"digid.login", "dsr.digid"} <= actions
    # The BSN is in no log line and no audit entry.
    assert not [r for r in caplog.records if BSN in r.getMessage() or BSN in str(r.__dict__)]
    for entry in db_session.scalars(sa.select(AuditEntry)):
        assert BSN not in str({c.name: getattr(entry, c.name) for c in entry.__table__.columns})
    # The secret link keeps working next to DigiD: the confirmation still shows it.
    assert "/status/" in client.get("/verzoek/ontvangen").get_data(as_text=True)


def test_the_status_page_lists_every_request_of_that_bsn_and_opens_one(
        client: FlaskClient, db_session: sa.orm.Session) -> None:
    earlier = make_request(bsn=BSN, channel="letter")
    someone_else = make_request(bsn=OTHER_BSN)
    assert client.get("/mijn-verzoeken").status_code == 401
    no_link = client.get("/status").get_data(as_text=True)  # no secret link opened: DigiD offered
    assert "Inloggen met DigiD bij Gemeente Testdorp" in no_link
    response = _digid(client, BSN, target="status")
    assert response.headers["Location"] == "/mijn-verzoeken"
    assert _submit(client).status_code == 303
    submitted = _dsr(db_session)
    html = client.get("/mijn-verzoeken").get_data(as_text=True)
    assert earlier.reference in html and submitted.reference in html
    assert someone_else.reference not in html
    # Another's request cannot be opened by its id.
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    assert client.post(f"/mijn-verzoeken/{someone_else.id}",
                       data={"csrf_token": token}).status_code == 404
    opened = client.post(f"/mijn-verzoeken/{earlier.id}", data={"csrf_token": token})
    assert opened.status_code == 303 and opened.headers["Location"] == "/status"
    status = client.get("/status").get_data(as_text=True)
    assert earlier.reference in status and 'href="/mijn-verzoeken"' in status
    # Opening it again uses the same link (one per request, never shown).
    assert client.post(f"/mijn-verzoeken/{earlier.id}", data={"csrf_token": token}).status_code == 303
    assert db_session.scalar(sa.select(sa.func.count()).select_from(StatusLink).where(
        StatusLink.dsr_id == earlier.id, StatusLink.issued_via == "digid")) == 1


def test_digid_data_lives_only_in_this_session(client: FlaskClient,
                                               db_session: sa.orm.Session) -> None:
    _digid(client, BSN)
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=16), tick=False):
        html = client.get("/verzoek").get_data(as_text=True)
        assert BSN not in html and "Inloggen met DigiD bij" in html
        assert client.get("/mijn-verzoeken").status_code == 401
    # Log-out drops it at once too.
    _digid(client, BSN)
    token = re.search(r'name="csrf_token" value="([^"]+)"',
                      client.get("/verzoek").get_data(as_text=True)).group(1)
    assert client.post("/digid/uitloggen", data={"csrf_token": token}).status_code == 303
    assert BSN not in client.get("/verzoek").get_data(as_text=True)


def test_digid_machtigen_records_the_representation(client: FlaskClient, app: Flask,
                                                    db_session: sa.orm.Session) -> None:
    own = make_request(bsn=BSN)  # the represented person's own request: not the gemachtigde's
    response = _digid(client, f"{REPRESENTATIVE}>{BSN}")
    assert response.status_code == 303
    html = client.get("/verzoek").get_data(as_text=True)
    assert "DigiD Machtigen" in html and f'value="{BSN}"' in html
    assert "het burgerservicenummer van de persoon die u heeft gemachtigd" in html
    # DigiD Machtigen proves the authorisation: no document needs to be uploaded.
    assert _submit(client, representation="self",
                   represented_name="Fatima El Amrani").status_code == 303
    dsr = _dsr(db_session)
    assert dsr.bsn_hash == keyed_hash(BSN, purpose="bsn") and dsr.representation == "gemachtigde"
    digid = db_session.scalars(sa.select(DigidAuthentication)).one()
    assert digid.is_mandate and digid.representative_bsn_last3 == REPRESENTATIVE[-3:]
    assert digid.representative_bsn_hash == keyed_hash(REPRESENTATIVE, purpose="bsn")
    listed = client.get("/mijn-verzoeken").get_data(as_text=True)
    assert dsr.reference in listed and own.reference not in listed
    # The contact point sees how the request came in, never the whole BSN.
    staff = app.test_client()
    log_in(staff, make_user(Role.CONTACTPUNT))
    page = staff.get(f"/verzoeken/{dsr.id}").get_data(as_text=True)
    assert "Ingelogd met DigiD, niveau midden" in page
    assert "DigiD Machtigen door gemachtigde met BSN ******782" in page
    assert REPRESENTATIVE not in page


def test_a_level_below_the_minimum_is_refused(client: FlaskClient,
                                              db_session: sa.orm.Session) -> None:
    response = _digid(client, f"{BSN}@basis")
    assert response.status_code == 403
    assert "hoger DigiD-niveau" in response.get_data(as_text=True)
    assert BSN not in client.get("/verzoek").get_data(as_text=True)


def test_a_replayed_or_forged_digid_answer_is_refused(client: FlaskClient,
                                                      db_session: sa.orm.Session) -> None:
    start = client.get("/digid/inloggen?naar=form")
    back = urlsplit(sign_in_at_provider(start.headers["Location"], BSN))
    forged = client.get(f"{back.path}?{back.query}".replace("state=", "state=x"))
    assert forged.status_code == 400
    assert "niet op deze website begonnen" in forged.get_data(as_text=True)
    assert BSN not in client.get("/verzoek").get_data(as_text=True)
    refused = db_session.scalars(sa.select(AuditEntry).where(
        AuditEntry.object_type == "digid_broker")).all()
    assert [e.outcome for e in refused] == ["refused"]
