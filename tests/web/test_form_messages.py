"""Every form, posted empty and with values of the wrong type, answers in Dutch: no English
library default reaches a page, and the error summary names the fields it lists."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from marshmallow import Schema, ValidationError, fields, validate

from avg_service.web import messages_schema
from tests.demo_site import DEMO_USERS, PASSWORD, demo_ids, staff_rules, url_for_rule

# marshmallow's English defaults, as fragments (messages_schema replaces each)
ENGLISH = re.compile(r"Not a valid|Missing data|may not be null|Length must|Must be one of|"
                     r"Must be (greater|less)|Shorter than|Longer than|Invalid input|Invalid value|"
                     r"Unknown field|does not match expected|cannot be formatted|Invalid type")
ROLES = ("contactpunt", "jurist", "beheerder", "fg", "deelnemer")


def _schema_field_names() -> set[str]:
    """The names of every field of every schema of the service."""
    import avg_service  # noqa: F401  (imports the schema modules through create_app below)

    names: set[str] = set()
    stack: list[type[Schema]] = [Schema]
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("avg_service."):
            names.update(cls._declared_fields)
    return names


@pytest.fixture(scope="module")
def site(demo_site_app: Flask) -> Iterator[tuple[Flask, dict[str, Any]]]:
    yield demo_site_app, demo_ids(demo_site_app)


@pytest.fixture(scope="module")
def clients(site: tuple[Flask, dict[str, Any]]) -> dict[str, tuple[FlaskClient, str]]:
    """One logged-in client per role for the module (log-ins are throttled per address)."""
    return {role: _logged_in(site[0], role) for role in ROLES}


def _token(client: FlaskClient, path: str) -> str:
    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, path
    return match.group(1)


def _logged_in(app: Flask, role: str) -> tuple[FlaskClient, str]:
    client = app.test_client()
    response = client.post("/inloggen", data={"csrf_token": _token(client, "/inloggen"),
                                              "email": DEMO_USERS[role], "password": PASSWORD})
    assert response.status_code == 302, role
    return client, _token(client, "/werkplek")


def _assert_dutch(body: str, where: str) -> None:
    found = ENGLISH.search(body)
    assert found is None, f"{where}: English library text {found.group(0)!r}"


def test_every_form_posted_empty_and_with_wrong_types_answers_in_dutch(
        site: tuple[Flask, dict[str, Any]], clients: dict[str, tuple[FlaskClient, str]]) -> None:
    app, ids = site
    wrong = {name: "§x" for name in _schema_field_names()}
    wrong.update(rights="§x", organisation_ids="§x", page="-1")
    anonymous = app.test_client()
    public_token = _token(anonymous, "/verzoek")
    checked = 0
    for rule in staff_rules(app, "POST"):
        path = url_for_rule(rule, ids)
        if path is None:
            continue
        candidates = [(anonymous, public_token)] if rule.endpoint.startswith(
            ("public_requests.", "portal.", "accounts.login", "accounts.second_factor")) \
            else [clients[role] for role in ROLES]
        for client, token in candidates:
            empty = client.post(path, data={"csrf_token": token})
            if empty.status_code in (403, 404):
                continue  # another role's form
            _assert_dutch(empty.get_data(as_text=True), f"{rule.rule} empty")
            typed = client.post(path, data={**wrong, "csrf_token": token})
            _assert_dutch(typed.get_data(as_text=True), f"{rule.rule} wrong types")
            checked += 1
            break
    assert checked >= 40


def test_the_error_summary_names_each_field_and_links_to_it(
        clients: dict[str, tuple[FlaskClient, str]]) -> None:
    client, token = clients["beheerder"]
    response = client.post("/beheer/gebruikers/nieuw", data={"csrf_token": token,
                                                             "email": "geen adres"})
    assert response.status_code == 400
    summary = re.search(r'<div class="error-summary".*?</div>', response.get_data(as_text=True),
                        re.S)
    assert summary is not None
    items = re.findall(r'<a href="#f-([a-z_]+)"><span class="error-summary__field">([^<]+)'
                       r'</span>: ([^<]+)</a>', summary.group(0))
    named = {name: (label, message) for name, label, message in items}
    assert named["display_name"] == ("Naam", "Vul dit veld in.")
    assert named["email"][0] == "E-mailadres" and "e-mailadres" in named["email"][1]
    assert "\u2063" not in response.get_data(as_text=True)


@pytest.mark.parametrize(("field", "value", "expected"), [
    (fields.Integer(), "x", "Vul een heel getal in, zonder punt of komma."),
    (fields.Date(), "x", "Vul een geldige datum in, bijvoorbeeld 31-12-2026."),
    (fields.DateTime(), "x", "Vul een geldige datum en tijd in."),
    (fields.Email(), "x", "Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl."),
    (fields.Boolean(), "x", "Kies ja of nee."),
    (fields.String(required=True), None, "Vul dit veld in."),
    (fields.String(validate=validate.Length(min=12, max=1024)), "kort",
     "Vul 12 tot 1024 tekens in."),
    (fields.List(fields.String(), validate=validate.Length(min=1)), [], "Kies er minstens 1."),
    (fields.Integer(validate=validate.Range(min=1, max=365)), "0",
     "Vul een getal in van 1 tot en met 365."),
    (fields.String(validate=validate.OneOf(["a"])), "b", "Kies een waarde uit de lijst."),
])
def test_the_catalogue_replaces_each_default(field: fields.Field, value: Any,
                                             expected: str) -> None:
    schema = Schema.from_dict({"x": field})()
    with pytest.raises(ValidationError) as raised:
        schema.load({"x": value})
    assert raised.value.messages == {"x": [expected]}


def test_a_schema_keeps_its_own_message_and_an_unknown_field_is_dutch() -> None:
    schema = Schema.from_dict({"x": fields.Integer(error_messages={"invalid": "Eigen tekst."})})()
    with pytest.raises(ValidationError) as raised:
        schema.load({"x": "y", "z": 1})
    assert raised.value.messages == {"x": ["Eigen tekst."], "z": ["Dit veld kennen wij niet."]}
    assert messages_schema.ENGLISH["Vul dit veld in."] == "Please fill in this field."


def test_every_page_given_filters_of_the_wrong_type_answers_in_dutch(
        site: tuple[Flask, dict[str, Any]], clients: dict[str, tuple[FlaskClient, str]]) -> None:
    app, ids = site
    query = {name: "§x" for name in ("page", "per_page", "user_id", "organisation_id", "status",
                                     "from_on", "until_on", "date_of_birth", "action", "q",
                                     "assignee", "right", "channel", "risk", "notified",
                                     "object_type", "since", "until", "role", "kind")}
    checked = 0
    for rule in staff_rules(app, "GET"):
        path = url_for_rule(rule, ids)
        if path is None:
            continue
        for role in ROLES:
            response = clients[role][0].get(path, query_string=query)
            if response.status_code in (403, 404) or response.mimetype != "text/html":
                continue
            _assert_dutch(response.get_data(as_text=True), f"{rule.rule} as {role}")
            checked += 1
            break
    assert checked >= 25
