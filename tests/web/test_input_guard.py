"""Bad input gets a 4xx and nothing is written (issue 15, finding 9): ids beyond the database's
integer in paths, queries and JSON, NUL and control characters in any field (the anonymous form
too), impossible dates, and a huge page number."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from avg_service.access.roles import Role
from avg_service.requests.models import DataSubjectRequest
from tests.factories import api_token, bearer, csrf_token, log_in, make_user, organisation_id
from tests.requests.test_public_form import _form, _valid

BIG = str(2**31)


def _count(db_session: sa.orm.Session) -> int:
    return db_session.scalar(sa.select(sa.func.count()).select_from(DataSubjectRequest)) or 0


@pytest.fixture
def staff(app: Flask, client: FlaskClient, db_session: sa.orm.Session) -> FlaskClient:
    organisation_id("politie")
    log_in(client, make_user(Role.CONTACTPUNT))
    return client


def test_ids_beyond_the_database_integer_are_a_4xx(app: Flask, staff: FlaskClient,
                                                  db_session: sa.orm.Session) -> None:
    token = api_token(make_user(Role.CONTACTPUNT))
    api = app.test_client()
    for path in (f"/verzoeken/{BIG}", f"/verzoeken/{2**63}/coordinatie"):
        assert staff.get(path).status_code == 404, path
    assert api.get(f"/api/v1/requests/{BIG}", headers=bearer(token)).status_code == 404
    assert staff.get(f"/verzoeken?assignee_id={BIG}").status_code == 400
    assert staff.get("/verzoeken?page=99999999999999999999").status_code == 400
    assert api.get(f"/api/v1/requests?page={2**40}", headers=bearer(token)).status_code == 400
    bad = api.post("/api/v1/tasks/1/answer", headers=bearer(token), json={"task_id": 2**40})
    assert bad.status_code in (400, 404)


def test_a_nul_byte_in_the_anonymous_form_is_a_400_and_nothing_is_stored(
        client: FlaskClient, db_session: sa.orm.Session) -> None:
    organisation_id("politie")
    before = _count(db_session)
    response = client.post("/verzoek", data={**_form(client, "/verzoek"),
                                             **_valid(family_name="El\x00Amrani")})
    assert response.status_code == 400
    assert _count(db_session) == before
    search = client.get("/verzoek?x=a\x01b")
    assert search.status_code == 400


def test_control_characters_in_json_are_refused_with_the_field(
        app: Flask, db_session: sa.orm.Session) -> None:
    token = api_token(make_user(Role.CONTACTPUNT))
    response = app.test_client().post("/api/v1/requests", headers=bearer(token),
                                      json={"family_name": "Jansen\x00", "channel": "letter"})
    assert response.status_code == 400
    assert "family_name" in response.json["errors"]
    assert "niet is toegestaan" in response.json["errors"]["family_name"][0]


def test_an_impossible_date_is_a_400(staff: FlaskClient, db_session: sa.orm.Session) -> None:
    before = _count(db_session)
    token = csrf_token(staff, "/verzoeken/nieuw")
    response = staff.post("/verzoeken/nieuw", data={
        "csrf_token": token, "channel": "letter", "received_at": "0001-01-01T00:00",
        "given_names": "Piet", "family_name": "Jansen", "rights": ["15"]})
    assert response.status_code == 400
    assert _count(db_session) == before
    # tab, CR and LF are text and pass
    fine = staff.get("/verzoeken?q=a%09b")
    assert fine.status_code == 200
