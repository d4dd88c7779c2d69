"""The public form: a valid submit makes one request with its receipt; bad input is shown beside
the field in the visitor's language and stores nothing; spam is kept out without outside help."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from pypdf import PdfReader

from avg_service.requests.models import DataSubjectRequest, DsrDocument, PublicSubmission
from avg_service.requests.public import RATE_LIMIT
from tests.factories import organisation_id

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def seeded(db_session: sa.orm.Session) -> None:
    organisation_id("politie")  # participants and the contact point's settings


def _form(client: FlaskClient, path: str) -> dict[str, str]:
    html = client.get(path).get_data(as_text=True)
    fields = dict(re.findall(r'name="(csrf_token|submission_token)" value="([^"]+)"', html))
    assert set(fields) == {"csrf_token", "submission_token"}
    return fields


def _valid(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "given_names": "Fatima", "family_name": "El Amrani", "date_of_birth": "1985-04-12",
        "street_address": "Kerkstraat 12", "postcode": "1234ab", "city": "Voorbeeldstad",
        "email": "fatima@example.test", "bsn": "111222333", "representation": "self",
        "rights": ["15", "16"], "rectification_wrong": "Mijn adres is oud.",
        "rectification_correct": "Kerkstraat 12", "delivery": "post", "website": ""}
    data.update(overrides)
    return data


def _count(db_session: sa.orm.Session) -> int:
    return db_session.scalar(sa.select(sa.func.count()).select_from(DataSubjectRequest)) or 0


def test_a_valid_submit_makes_one_request_with_confirmation_and_receipt(
        client: FlaskClient, db_session: sa.orm.Session) -> None:
    response = client.post("/verzoek", data={**_form(client, "/verzoek"), **_valid()})
    assert response.status_code == 303 and response.headers["Location"] == "/verzoek/ontvangen"
    dsr = db_session.scalars(sa.select(DataSubjectRequest)).one()
    assert (dsr.channel, dsr.language, dsr.postcode, dsr.bsn_last3, dsr.rights) == \
        ("web", "nl", "1234 AB", "333", ",15,16,")
    page = client.get("/verzoek/ontvangen").get_data(as_text=True)
    assert dsr.reference in page and "Wij hebben uw verzoek ontvangen" in page
    assert "111222333" not in page
    pdf = client.get("/verzoek/ontvangstbevestiging.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert dsr.reference in text and "El Amrani" in text and "111222333" not in text


def test_the_same_form_sent_twice_makes_one_request(client: FlaskClient,
                                                    db_session: sa.orm.Session) -> None:
    data = {**_form(client, "/verzoek"), **_valid()}
    first = client.post("/verzoek", data=data)
    second = client.post("/verzoek", data=data)
    assert first.status_code == second.status_code == 303
    assert _count(db_session) == 1


@pytest.mark.parametrize(("path", "message"), [
    ("/verzoek", "Vul dit veld in."), ("/en/request", "Please fill in this field.")])
def test_errors_are_shown_beside_the_field_in_the_visitors_language(
        client: FlaskClient, db_session: sa.orm.Session, path: str, message: str) -> None:
    data = {**_form(client, path), **_valid(family_name="", bsn="123456789", rights=[])}
    response = client.post(path, data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert re.search(r'id="f-family_name-error">\s*' + re.escape(message), html)
    bsn_error = "Dit is geen geldig burgerservicenummer" if path == "/verzoek" else \
        "This is not a valid citizen service number"
    assert bsn_error in html and 'value="123456789"' not in html  # never shown back
    assert 'aria-invalid="true"' in html and 'class="error-summary"' in html
    assert 'value="Fatima"' in html  # what was typed stays
    assert _count(db_session) == 0


@pytest.mark.parametrize(("overrides", "field", "text"), [
    ({"delivery": "electronic"}, "electronic_consent", "Vink aan"),
    ({"delivery": "electronic", "electronic_consent": "1", "email": ""}, "email",
     "Vul uw e-mailadres in"),
    ({"street_address": ""}, "street_address", "Vul uw adres in"),
    ({"rights": ["16"], "rectification_wrong": ""}, "rectification_wrong", "niet kloppen"),
    ({"representation": "ouder_voogd"}, "represented_name", "Vul de naam in"),
    ({"representation": "curator", "represented_name": "P. Jansen"}, "authorisation",
     "machtiging"),
    ({"date_of_birth": "2999-01-01"}, "date_of_birth", "toekomst"),
    ({"email": "geen-adres"}, "email", "geldig e-mailadres"),
])
def test_rules_between_fields(client: FlaskClient, db_session: sa.orm.Session,
                              overrides: dict[str, Any], field: str, text: str) -> None:
    response = client.post("/verzoek", data={**_form(client, "/verzoek"), **_valid(**overrides)})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    match = re.search(rf'id="f-{field}-error">([^<]*)<', html)
    assert match and text in match.group(1), html[html.find("error-summary"):][:600]
    assert _count(db_session) == 0


def test_electronic_delivery_with_express_choice_and_an_authorisation_upload(
        client: FlaskClient, db_session: sa.orm.Session) -> None:
    data = {**_form(client, "/verzoek"), **_valid(
        delivery="electronic", electronic_consent="1", street_address="", postcode="", city="",
        representation="ouder_voogd", represented_name="Sam El Amrani",
        represented_date_of_birth="2015-02-03")}
    data["authorisation"] = (io.BytesIO(PDF), "gezag.pdf")
    data["attachments"] = [(io.BytesIO(b"\xff\xd8\xff\xe0" + b"1" * 50 + b"\xff\xd9"), "brief.jpg")]
    response = client.post("/verzoek", data=data, content_type="multipart/form-data")
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    dsr = db_session.scalars(sa.select(DataSubjectRequest)).one()
    assert (dsr.delivery, dsr.electronic_consent, dsr.represented_name) == \
        ("electronic", True, "Sam El Amrani")
    stored = db_session.scalars(sa.select(DsrDocument).where(DsrDocument.dsr_id == dsr.id)).all()
    assert sorted((d.kind, d.content_type) for d in stored) == \
        [("attachment", "image/jpeg"), ("authorisation", "application/pdf")]


def test_a_file_is_checked_by_its_content_not_its_name(client: FlaskClient,
                                                      db_session: sa.orm.Session) -> None:
    data = {**_form(client, "/en/request"), **_valid()}
    data["attachments"] = [(io.BytesIO(b"MZ\x90\x00 not a pdf"), "letter.pdf")]
    response = client.post("/en/request", data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "We cannot accept this file" in response.get_data(as_text=True)
    assert _count(db_session) == 0
    assert db_session.scalar(sa.select(sa.func.count()).select_from(DsrDocument)) == 0


def test_the_honeypot_refuses_and_stores_nothing(client: FlaskClient,
                                                db_session: sa.orm.Session) -> None:
    response = client.post("/verzoek", data={**_form(client, "/verzoek"),
                                             **_valid(website="http://spam.example")})
    assert response.status_code == 400 and "niet verstuurd" in response.get_data(as_text=True)
    assert _count(db_session) == 0


def test_the_rate_limit_per_address(client: FlaskClient, db_session: sa.orm.Session) -> None:
    fields = _form(client, "/verzoek")
    for _ in range(RATE_LIMIT):
        assert client.post("/verzoek", data={**fields, **_valid(family_name="")}
                           ).status_code == 400
    blocked = client.post("/verzoek", data={**fields, **_valid()})
    assert blocked.status_code == 429 and "Even wachten" in blocked.get_data(as_text=True)
    assert _count(db_session) == 0
    other = client.post("/verzoek", data={**fields, **_valid()},
                        environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert other.status_code == 303
    hashes = db_session.scalars(sa.select(PublicSubmission.address_hash)).all()
    assert "127.0.0.1" not in hashes and len(set(hashes)) == 2


def test_the_confirmation_belongs_to_the_submitting_browser(client: FlaskClient, app: Any,
                                                           db_session: sa.orm.Session) -> None:
    client.post("/verzoek", data={**_form(client, "/verzoek"), **_valid()})
    stranger = app.test_client()
    assert stranger.get("/verzoek/ontvangen").status_code == 302
    assert stranger.get("/verzoek/ontvangstbevestiging.pdf").status_code == 302


def test_english_form_is_linked_and_confirms_in_english(client: FlaskClient,
                                                       db_session: sa.orm.Session) -> None:
    assert 'href="/en/request"' in client.get("/verzoek").get_data(as_text=True)
    response = client.post("/en/request", data={**_form(client, "/en/request"), **_valid()})
    assert response.headers["Location"] == "/en/request/received"
    page = client.get("/en/request/received").get_data(as_text=True)
    assert "We have received your request" in page and '<html lang="en">' in page
    assert db_session.scalars(sa.select(DataSubjectRequest.language)).one() == "en"
