"""Administration of users, organisations and settings, through the pages and the JSON API."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from avg_service.access.roles import Role
from avg_service.accounts.models import User
from avg_service.organisations.models import ContactPointSettings, Organisation
from tests.factories import api_token, bearer, csrf_token, log_in, make_user, organisation_id


def test_a_beheerder_creates_a_participant_user(client: FlaskClient, db_session: sa.orm.Session) -> None:
    log_in(client, make_user(Role.BEHEERDER))
    token = csrf_token(client, "/beheer/gebruikers/nieuw")
    missing_org = client.post("/beheer/gebruikers/nieuw", data={
        "csrf_token": token, "display_name": "P. Agent", "email": "agent@politie.test",
        "role": "deelnemer", "organisation_id": "", "password": "twaalf tekens lang"})
    assert missing_org.status_code == 400
    assert "Kies de organisatie van deze deelnemer." in missing_org.get_data(as_text=True)
    bound_fg = client.post("/beheer/gebruikers/nieuw", data={
        "csrf_token": token, "display_name": "F. G.", "email": "fg@gemeente.test",
        "role": "fg", "organisation_id": str(organisation_id("politie"))})
    assert bound_fg.status_code == 400  # only a deelnemer carries an organisation, never the FG
    assert "De FG werkt voor alle deelnemers" in bound_fg.get_data(as_text=True)
    for role, named in (("contactpunt", "Een medewerker van het contactpunt"),
                        ("jurist", "Een jurist"), ("beheerder", "Een beheerder")):
        bound = client.post("/beheer/gebruikers/nieuw", data={
            "csrf_token": token, "display_name": "J. Staf", "email": f"{role}@gemeente.test",
            "role": role, "organisation_id": str(organisation_id("college"))})
        assert bound.status_code == 400, role
        assert (f"{named} werkt voor alle deelnemers en hoort niet bij een organisatie"
                in bound.get_data(as_text=True))
    assert db_session.scalar(sa.select(sa.func.count()).select_from(User)
                             .where(User.email.like("%@gemeente.test"))) == 0
    assert db_session.scalar(sa.select(sa.func.count()).select_from(User)
                             .where(User.email == "agent@politie.test")) == 0
    created = client.post("/beheer/gebruikers/nieuw", data={
        "csrf_token": token, "display_name": "P. Agent", "email": "Agent@Politie.test",
        "role": "deelnemer", "organisation_id": str(organisation_id("politie"))})
    assert created.status_code == 302
    user = db_session.scalars(sa.select(User).where(User.email == "agent@politie.test")).one()
    assert (user.role, user.organisation_id) == ("deelnemer", organisation_id("politie"))
    from avg_service.mail.models import OutboxMessage
    (invitation,) = db_session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.to_address == "agent@politie.test")).all()
    assert invitation.purpose == "invitation" and "[[account-link]]" in invitation.body_text


def test_a_beheerder_deactivates_a_user_but_not_themselves(client: FlaskClient,
                                                           db_session: sa.orm.Session) -> None:
    admin = make_user(Role.BEHEERDER)
    target = make_user(Role.JURIST)
    log_in(client, admin)
    token = csrf_token(client, f"/beheer/gebruikers/{target.id}")
    response = client.post(f"/beheer/gebruikers/{target.id}", data={
        "csrf_token": token, "display_name": target.display_name, "role": "jurist",
        "organisation_id": ""})  # is_active unticked
    assert response.status_code == 302
    db_session.expire_all()
    assert db_session.get(User, target.id).is_active is False
    own = client.post(f"/beheer/gebruikers/{admin.id}", data={
        "csrf_token": token, "display_name": admin.display_name, "role": "beheerder",
        "organisation_id": ""})
    assert own.status_code == 400 and "eigen rol of account" in own.get_data(as_text=True)


def test_a_beheerder_sets_the_function_a_besluit_is_signed_with(
        client: FlaskClient, db_session: sa.orm.Session) -> None:
    log_in(client, make_user(Role.BEHEERDER))
    jurist = make_user(Role.JURIST)
    page = f"/beheer/gebruikers/{jurist.id}"
    token = csrf_token(client, page)
    base = {"csrf_token": token, "display_name": jurist.display_name, "role": "jurist",
            "organisation_id": "", "is_active": "on"}
    assert client.post(page, data={**base, "job_title": " senior jurist "}).status_code == 302
    db_session.expire_all()
    assert db_session.get(User, jurist.id).job_title == "senior jurist"
    assert 'value="senior jurist"' in client.get(page).get_data(as_text=True)
    assert client.post(page, data={**base, "job_title": ""}).status_code == 302
    db_session.expire_all()
    assert db_session.get(User, jurist.id).job_title is None


def test_organisation_and_settings_pages_save_changes(client: FlaskClient,
                                                      db_session: sa.orm.Session) -> None:
    log_in(client, make_user(Role.BEHEERDER))
    ggd = organisation_id("ggd")
    token = csrf_token(client, f"/beheer/organisaties/{ggd}")
    bad = client.post(f"/beheer/organisaties/{ggd}", data={
        "csrf_token": token, "name": "GGD", "task_email": "geen-adres", "task_due_working_days": "10",
        "is_active": "on"})
    assert bad.status_code == 400 and "Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl." in bad.get_data(as_text=True)
    good = client.post(f"/beheer/organisaties/{ggd}", data={
        "csrf_token": token, "name": "GGD Voorbeeldregio", "task_email": "avg@ggd.test",
        "task_due_working_days": "8", "is_active": "on"})
    assert good.status_code == 302
    db_session.expire_all()
    org = db_session.get(Organisation, ggd)
    assert (org.name, org.task_email, org.task_due_working_days) == ("GGD Voorbeeldregio", "avg@ggd.test", 8)

    settings_token = csrf_token(client, "/beheer/instellingen")
    saved = client.post("/beheer/instellingen", data={
        "csrf_token": settings_token, "municipality": "Gemeente Zuidstad",
        "zvh_name": "ZVH Zuid", "postal_address": "Postbus 9\r\n9999 ZZ Zuidstad",
        "objection_address": "Postbus 10\r\n9999 ZZ Zuidstad", "deciding_organ": "Het college",
        "signatory_name": "A. Coördinator", "signatory_title": "Coördinator"})
    assert saved.status_code == 302
    db_session.expire_all()
    settings = db_session.get(ContactPointSettings, 1)
    assert settings.municipality == "Gemeente Zuidstad"
    assert settings.postal_address == "Postbus 9\n9999 ZZ Zuidstad"


def test_the_same_administration_through_the_api(app: Flask, db_session: sa.orm.Session) -> None:
    token = api_token(make_user(Role.BEHEERDER))
    api = app.test_client()
    invalid = api.post("/api/v1/users", headers=bearer(token), json={"email": "x", "role": "koning"})
    assert invalid.status_code == 422
    assert set(invalid.json["errors"]["json"]) >= {"email", "role", "display_name"}
    created = api.post("/api/v1/users", headers=bearer(token), json={
        "email": "fg2@gemeente.test", "display_name": "Tweede FG", "role": "fg",
        "password": "twaalf tekens lang"})
    assert created.status_code == 201 and created.json["role"] == "fg"
    assert "password" not in created.json and "password_hash" not in created.json
    patched = api.patch(f"/api/v1/users/{created.json['id']}", headers=bearer(token),
                        json={"is_active": False})
    assert patched.status_code == 200 and patched.json["is_active"] is False
    ggd = organisation_id("ggd")
    org = api.patch(f"/api/v1/organisations/{ggd}", headers=bearer(token),
                    json={"task_due_working_days": 0})
    assert org.status_code == 422
    org = api.patch(f"/api/v1/organisations/{ggd}", headers=bearer(token),
                    json={"task_due_working_days": 12})
    assert org.status_code == 200 and org.json["task_due_working_days"] == 12
    settings = api.patch("/api/v1/settings", headers=bearer(token), json={"zvh_name": "ZVH Noord"})
    assert settings.status_code == 200 and settings.json["zvh_name"] == "ZVH Noord"


def test_the_fg_reads_but_cannot_change(app: Flask, db_session: sa.orm.Session) -> None:
    token = api_token(make_user(Role.FG))
    api = app.test_client()
    assert api.get("/api/v1/users", headers=bearer(token)).status_code == 200
    assert api.patch("/api/v1/settings", headers=bearer(token), json={"zvh_name": "x"}).status_code == 403
    assert api.post("/api/v1/users", headers=bearer(token), json={}).status_code == 403
