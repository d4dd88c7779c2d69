"""The queue's search: any part of the family name with or without tussenvoegsel, given names,
a fragment of the reference, case and accents ignored; posted, never in the URL. Runs on SQLite
and, with TEST_DATABASE_URL, on PostgreSQL (the trigram index of migration 0018a)."""

from __future__ import annotations

import json
import logging
from datetime import date

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from avg_service.access.roles import Role
from avg_service.observability import JsonFormatter
from avg_service.requests.models import DataSubjectRequest
from avg_service.requests.queue import QueueFilters, work_queue
from tests.factories import api_token, bearer, csrf_token, log_in, make_request, make_user

TODAY = date(2026, 12, 2)


@pytest.fixture
def people(db_session: sa.orm.Session) -> dict[str, DataSubjectRequest]:
    return {
        "de_vries": make_request(given_names="Sanne Maria", family_name="de Vries"),
        "el_amrani": make_request(given_names="Fatima", family_name="El Amrani"),
        "celik": make_request(given_names="Ayşe", family_name="Çelik-Van den Berg"),
        "vriesema": make_request(given_names="Piet", family_name="Vriesema"),
    }


def _found(q: str) -> set[int]:
    return {row.id for row in work_queue(QueueFilters(q=q), today=TODAY, per_page=100).rows}


@pytest.mark.parametrize(("q", "expected"), [
    ("Vries", {"de_vries", "vriesema"}),
    ("de vries", {"de_vries"}),
    ("DE VRIES", {"de_vries"}),
    ("Amrani", {"el_amrani"}),
    ("el amrani", {"el_amrani"}),
    ("sanne", {"de_vries"}),
    ("maria vries", {"de_vries"}),
    ("vries sanne", {"de_vries"}),
    ("celik", {"celik"}),
    ("Çelik", {"celik"}),
    ("ayse", {"celik"}),
    ("van den berg", {"celik"}),
    ("berg", {"celik"}),
    ("fatima vries", set()),
    ("100%_", set()),
])
def test_a_name_is_found_by_any_part(people: dict[str, DataSubjectRequest], q: str,
                                     expected: set[str]) -> None:
    assert _found(q) & {d.id for d in people.values()} == {people[k].id for k in expected}


def test_a_reference_is_found_by_a_fragment_or_whole_without_its_zeros(
        people: dict[str, DataSubjectRequest]) -> None:
    dsr = people["el_amrani"]
    number = dsr.reference.rsplit("-", 1)[1]
    assert _found(dsr.reference) == {dsr.id}
    assert _found(dsr.reference.lower()) == {dsr.id}
    assert dsr.id in _found(number)
    assert _found(dsr.reference.rsplit("-", 1)[0] + "-" + str(int(number))) == {dsr.id}


def test_the_search_is_posted_and_a_name_in_the_url_is_not_searched(
        client: FlaskClient, people: dict[str, DataSubjectRequest]) -> None:
    log_in(client, make_user(Role.CONTACTPUNT))
    token = csrf_token(client, "/verzoeken")
    posted = client.post("/verzoeken", data={"csrf_token": token, "q": "amrani"})
    html = posted.get_data(as_text=True)
    assert posted.status_code == 200
    assert people["el_amrani"].reference in html and people["de_vries"].reference not in html
    assert 'method="post"' in html and "amrani" not in posted.request.url
    # a name put in the URL by hand is ignored: the whole queue shows
    linked = client.get("/verzoeken?q=amrani&per_page=100").get_data(as_text=True)
    assert people["de_vries"].reference in linked
    # without the CSRF token the search is refused
    assert client.post("/verzoeken", data={"q": "amrani"}).status_code == 400


def test_the_api_searches_by_post_and_refuses_a_name_in_the_url(
        app: Flask, people: dict[str, DataSubjectRequest],
        caplog: pytest.LogCaptureFixture) -> None:
    """Issue 17: no personal data in URLs, the API too. The name travels in the JSON body, a
    name in the query string is refused (not ignored), no logged path holds it, and the
    OpenAPI document offers no query parameter for it."""
    api, headers = app.test_client(), bearer(api_token(make_user(Role.CONTACTPUNT)))
    with caplog.at_level(logging.INFO):
        found = api.post("/api/v1/requests/search", headers=headers,
                         json={"q": "Amrani", "per_page": 100})
        in_url = api.get("/api/v1/requests?q=Amrani", headers=headers)
        born = api.get("/api/v1/requests?date_of_birth=1980-05-17", headers=headers)
        wrong = api.post("/api/v1/requests/search", headers=headers,
                         json={"date_of_birth": "17 mei"})
    assert found.status_code == 200
    assert {r["id"] for r in found.json["rows"]} & {d.id for d in people.values()} == {
        people["el_amrani"].id}
    assert in_url.status_code == 400 and "POST /api/v1/requests/search" in in_url.json["message"]
    assert set(in_url.json["errors"]) == {"q"} and born.status_code == 400
    assert wrong.status_code == 422 and "date_of_birth" in wrong.json["errors"]["json"]
    formatter = JsonFormatter()
    lines = [json.loads(formatter.format(r)) for r in caplog.records]
    paths = [line["path"] for line in lines if line.get("event") == "http.request"]
    assert "/api/v1/requests/search" in paths and "/api/v1/requests" in paths
    logged = "\n".join(formatter.format(r) for r in caplog.records).lower()
    assert "amrani" not in logged and "1980-05-17" not in logged
    spec = api.get("/api/v1/openapi.json").json["paths"]
    listed = [p["name"] for p in spec["/api/v1/requests"]["get"].get("parameters", [])]
    assert "status" in listed and "q" not in listed and "date_of_birth" not in listed
    body = spec["/api/v1/requests/search"]["post"]["requestBody"]["content"]
    assert body["application/json"]["schema"]
