"""The beheerder adds organisations (WGS art. 2.27), a regional ZVH has a burgemeester and a
college per gemeente, each a joint controller that gets a task, and who decides per joint
controller is recorded with the mandate or the controller's own bezwaar address."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from avg_service import clock
from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.audit.models import AuditEntry
from avg_service.coordination import services as coordination
from avg_service.coordination.rules import DEFAULT_SHARED
from avg_service.db import unit_of_work
from avg_service.extensions import db
from avg_service.organisations import services
from avg_service.organisations.demo import seed_demo_region
from avg_service.organisations.models import Organisation
from avg_service.requests import services as requests
from tests.factories import (
    api_token,
    bearer,
    csrf_token,
    log_in,
    make_request,
    make_user,
    organisation_id,
)

SYSTEM = Actor.system("cli")


@pytest.fixture(autouse=True)
def _request_scoped_clients(client: FlaskClient) -> None:
    """Several users side by side, each request in an app context of its own."""


def _beheerder(app: Flask) -> FlaskClient:
    browser = app.test_client()
    log_in(browser, make_user(Role.BEHEERDER))
    return browser


def _post(browser: FlaskClient, path: str, data: dict[str, Any]) -> Any:
    return browser.post(path, data={"csrf_token": csrf_token(browser, "/beheer/organisaties/nieuw"),
                                    **data})


def test_the_beheerder_creates_an_organisation_with_its_kind(
        app: Flask, db_session: sa.orm.Session) -> None:
    browser = _beheerder(app)
    refused = _post(browser, "/beheer/organisaties/nieuw", {"kind": "e", "name": "De burgemeester"
                                                            " van Buurdorp"})
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'id="f-municipality-error"' in text
    assert "Vul de gemeente in" in text
    missing = _post(browser, "/beheer/organisaties/nieuw", {"name": ""})
    assert missing.status_code == 422
    assert 'id="f-kind-error"' in missing.get_data(as_text=True)
    made = _post(browser, "/beheer/organisaties/nieuw", {
        "kind": "private", "name": "Veiligheidsregio Noord", "task_email": "zvh@vr.test"})
    assert made.status_code == 303
    organisation = db_session.scalars(sa.select(Organisation).where(
        Organisation.name == "Veiligheidsregio Noord")).one()
    assert (organisation.code, organisation.legal_basis, organisation.is_joint_controller,
            organisation.task_email) == ("veiligheidsregio-noord", "WGS art. 2.27(2)", False,
                                         "zvh@vr.test")
    assert db_session.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "organisation.create")) == 1
    again = _post(browser, "/beheer/organisaties/nieuw", {"kind": "private",
                                                          "name": "veiligheidsregio noord"})
    assert again.status_code == 422 and "al een organisatie" in again.get_data(as_text=True)

    participant = app.test_client()
    log_in(participant, make_user(Role.DEELNEMER, organisation="politie"))
    assert participant.post("/beheer/organisaties/nieuw", data={
        "csrf_token": csrf_token(participant), "kind": "c", "name": "x"}).status_code == 403
    token = bearer(api_token(make_user(Role.BEHEERDER)))
    created = app.test_client().post("/api/v1/organisations", headers=token,
                                     json={"kind": "g", "name": "GGD Noord"})
    assert created.status_code == 201 and created.json["is_joint_controller"] is True
    bad = app.test_client().post("/api/v1/organisations", headers=token, json={"kind": "z"})
    assert bad.status_code == 422 and set(bad.json["errors"]["json"]) == {"kind", "name"}


def test_a_region_of_two_gemeenten_has_a_burgemeester_and_college_each_with_a_task(
        app: Flask, db_session: sa.orm.Session) -> None:
    browser = _beheerder(app)
    assert _post(browser, "/beheer/organisaties/gemeente",
                 {"municipality": "Buurdorp"}).status_code == 303
    twice = _post(browser, "/beheer/organisaties/gemeente", {"municipality": "Buurdorp"})
    assert twice.status_code == 422 and "doet al mee" in twice.get_data(as_text=True)
    buurdorp = db_session.scalars(sa.select(Organisation).where(
        Organisation.municipality == "Buurdorp").order_by(Organisation.id)).all()
    assert [(o.name, o.legal_basis, o.is_joint_controller) for o in buurdorp] == [
        ("De burgemeester van Buurdorp", "WGS art. 2.27(1)(e)", True),
        ("Het college van burgemeester en wethouders van Buurdorp", "WGS art. 2.27(1)(f)", True)]

    dsr = make_request()
    with unit_of_work():
        requests.start_handling(requests.get_request(dsr.id), actor=SYSTEM, now=clock.now_utc())
        tasks = coordination.create_tasks(
            requests.get_request(dsr.id),
            organisation_ids=[o.id for o in coordination.default_organisations()],
            shared=DEFAULT_SHARED, actor=SYSTEM, now=clock.now_utc())
    assert len(tasks) == 9  # the seven, and the second gemeente's burgemeester and college
    assert {o.id for o in buurdorp} <= {t.organisation_id for t in tasks}


def test_the_demo_region_has_two_gemeenten_and_seeding_twice_changes_nothing(
        db_session: sa.orm.Session) -> None:
    with unit_of_work():
        services.seed_participants(now=clock.now_utc())  # the contact point's settings
        seed_demo_region()
    with unit_of_work():
        seed_demo_region()
    municipal = db_session.scalars(sa.select(Organisation).where(
        Organisation.municipality.is_not(None)).order_by(Organisation.id)).all()
    assert sorted({o.municipality for o in municipal}) == ["Buurdorp", "Voorbeeldstad"]
    assert len(municipal) == 4 and all(o.is_joint_controller for o in municipal)
    assert "De burgemeester van Voorbeeldstad" in {o.name for o in municipal}


def test_who_decides_is_recorded_per_joint_controller(app: Flask,
                                                      db_session: sa.orm.Session) -> None:
    politie = db_session.get(Organisation, organisation_id("politie"))
    assert politie.decision_mode == "contact_point"  # the default: what the service always did
    token = bearer(api_token(make_user(Role.BEHEERDER)))
    api = app.test_client()
    path = f"/api/v1/organisations/{politie.id}"
    refused = api.patch(path, headers=token, json={"decision_mode": "mandate"})
    assert refused.status_code == 422
    assert set(refused.json["errors"]) == {"mandate_reference", "mandate_on"}
    done = api.patch(path, headers=token, json={
        "decision_mode": "mandate", "mandate_reference": "Mandaatbesluit ZVH 2026-01",
        "mandate_on": "2026-01-15"})
    assert done.status_code == 200 and done.json["mandate_on"] == "2026-01-15"
    reclassering = db_session.scalars(sa.select(Organisation).where(
        Organisation.code == "reclassering")).one()
    private = api.patch(f"/api/v1/organisations/{reclassering.id}", headers=token,
                        json={"decision_mode": "self", "own_objection_address": "Postbus 9"})
    assert private.status_code == 422 and "private deelnemer" in private.json["errors"][
        "decision_mode"][0]
    browser = _beheerder(app)
    page = f"/beheer/organisaties/{politie.id}"
    missing = browser.post(page, data={"csrf_token": csrf_token(browser, page),
                                       "name": "Politie", "decision_mode": "self",
                                       "is_active": "on"})
    assert missing.status_code == 400
    assert 'id="f-own_objection_address-error"' in missing.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Organisation, politie.id).decision_mode == "mandate"  # unchanged
    with pytest.raises(services.OrganisationRefused), unit_of_work():
        services.update_organisation(db.session.get(Organisation, politie.id),
                                     {"decision_mode": "anders"}, actor=SYSTEM,
                                     now=clock.now_utc())


@pytest.mark.parametrize(("odd", "status"), [
    ("Politie\r\nBcc: x@evil.test", 422), ("GGD\nNoord", 422), ("GGD\tNoord", 422),
    ("GGD\u2028Noord", 422),
    ("GGD\x1bNoord", 400),  # other control characters: the input guard refuses the request
])
def test_a_name_with_a_line_break_or_control_character_is_refused_beside_the_field(
        app: Flask, db_session: sa.orm.Session, odd: str, status: int) -> None:
    """Issue 15, finding 12: a CR/LF in an organisation's name made its mails fail. Tab, CR and
    LF pass the input guard (they are text elsewhere): the name field itself refuses them."""
    browser = _beheerder(app)
    before = db_session.scalar(sa.select(sa.func.count()).select_from(Organisation))
    refused = _post(browser, "/beheer/organisaties/nieuw", {"kind": "private", "name": odd})
    text = refused.get_data(as_text=True)
    assert refused.status_code == status
    if status == 422:
        assert 'id="f-name-error"' in text and "op één regel" in text
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == before

    politie = organisation_id("politie")
    page = f"/beheer/organisaties/{politie}"
    edited = browser.post(page, data={"csrf_token": csrf_token(browser, page), "name": odd,
                                      "decision_mode": "contact_point"})
    assert edited.status_code == 400
    assert db_session.get(Organisation, politie).name != odd
    token = bearer(api_token(make_user(Role.BEHEERDER)))
    api = app.test_client().patch(f"/api/v1/organisations/{politie}", headers=token,
                                  json={"name": odd, "municipality": odd})
    assert api.status_code == status
    if status == 422:
        assert api.json["errors"]["json"]["name"] == [
            "Schrijf dit op één regel, zonder Enter, tab of andere bijzondere tekens."]

    made = _post(browser, "/beheer/organisaties/nieuw", {"kind": "private",
                                                         "name": "Veiligheidsregio Zuid"})
    assert made.status_code == 303  # the same form, written right, is taken
