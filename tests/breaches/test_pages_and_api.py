"""The breach pages and API: reporting with Dutch errors, the compartment (a participant sees
only breaches it reported or is tasked on, by page, API, list, task and document), the notifier's
act, the werkplek count, the register with its CSV, and every view audited."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa
import time_machine
from flask import Flask
from flask.testing import FlaskClient

from avg_service.access.roles import Role
from avg_service.audit.models import AuditEntry
from avg_service.breaches.models import Breach
from avg_service.extensions import db
from tests.breaches import helpers as h
from tests.breaches.helpers import AWARE_AT
from tests.factories import api_token, bearer, csrf_token, log_in, make_user, organisation_id

NOW = AWARE_AT + timedelta(hours=5)


def _post(client: FlaskClient, path: str, data: dict, page: str) -> object:
    return client.post(path, data={"csrf_token": csrf_token(client, page), **data})


def _refused(db_session: sa.orm.Session, user_id: int, object_type: str) -> bool:
    return db_session.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(
        AuditEntry.user_id == user_id, AuditEntry.outcome == "refused",
        AuditEntry.object_type == object_type)) > 0


@time_machine.travel(NOW, tick=False)
def test_reporting_on_the_page_wrong_then_right(client: FlaskClient,
                                                db_session: sa.orm.Session) -> None:
    h.set_fg_contact()
    politie = make_user(Role.DEELNEMER, organisation="politie")
    log_in(client, politie)
    before = db_session.scalar(sa.select(sa.func.count()).select_from(Breach))
    response = _post(client, "/datalekken/melden", {"aware_at": "2026-03-29T02:30"},
                     "/datalekken/melden")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    for message in ("Geef het datalek een korte omschrijving.", "Beschrijf wat er is gebeurd.",
                    "Kies wat voor datalek het is.",
                    "Dit tijdstip bestaat niet: die nacht gaat de klok van 02:00 naar 03:00"):
        assert message in html
    assert "Missing data" not in html and "Not a valid" not in html
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Breach)) == before
    response = _post(client, "/datalekken/melden", {
        "title": "Verslag naar verkeerd adres", "description": "Per ongeluk gemaild.",
        "aware_at": "2026-03-27T10:00", "breach_types": "confidentiality",
        "data_kinds": "case", "persons_count": "2", "occurred_at": "", "records_count": "",
        "request_references": "", "measures": "", "data_description": "",
        "organisation_ids": str(organisation_id("ggd"))}, "/datalekken/melden")
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Het datalek is gemeld. De FG en het contactpunt zijn bericht." in page
    assert "maandag 30 maart 2026, 11:00" in page  # the 72 hours, across the DST night
    assert "Nog 67 uur om te melden." in page
    home = client.get("/werkplek").get_data(as_text=True)
    assert "1 open datalek" in home and "nog niet gemeld" in home


@time_machine.travel(NOW, tick=False)
def test_a_participant_sees_only_breaches_it_reported_or_is_tasked_on(
        app: Flask, client: FlaskClient, db_session: sa.orm.Session) -> None:
    h.set_fg_contact()
    users = {code: make_user(Role.DEELNEMER, organisation=code)
             for code in ("politie", "ggd", "om")}
    staff = h.actor_of(make_user(Role.CONTACTPUNT))
    own = h.report(h.actor_of(users["politie"]), title="Lek bij de politie", now=NOW)
    tasked = h.report(staff, title="Lek bij het contactpunt", now=NOW,
                      organisation_ids=[organisation_id("ggd")])
    h.assess(tasked, staff, now=NOW)
    h.notify(tasked, staff, at=NOW)
    ggd_task = db_session.scalars(sa.select(Breach).where(Breach.id == tasked)).one().tasks[0]

    expected = {"politie": ({own}, {tasked}), "ggd": ({tasked}, {own}),
                "om": (set(), {own, tasked})}
    for code, (seen, hidden) in expected.items():
        user = users[code]
        web = app.test_client()
        log_in(web, user)
        listing = web.get("/datalekken").get_data(as_text=True)
        token = api_token(user)
        api = app.test_client()
        listed = {row["id"] for row in api.get("/api/v1/breaches", headers=bearer(token))
                  .json["rows"]}
        assert listed == seen, code
        for breach_id in seen:
            assert web.get(f"/datalekken/{breach_id}").status_code == 200
            assert api.get(f"/api/v1/breaches/{breach_id}",
                           headers=bearer(token)).status_code == 200
        for breach_id in hidden:
            reference = db.session.get(Breach, breach_id).reference
            assert reference not in listing, code
            assert web.get(f"/datalekken/{breach_id}").status_code == 404
            assert api.get(f"/api/v1/breaches/{breach_id}",
                           headers=bearer(token)).status_code == 404
        assert _refused(db_session, user.id, "breach") == bool(hidden)
    # The task page and the PDF of what was reported: only for the tasked participant.
    letter_id = db.session.get(Breach, tasked).notifications[0].letter_id
    for code, status in (("ggd", 200), ("politie", 404), ("om", 404)):
        web = app.test_client()
        log_in(web, users[code])
        assert web.get(f"/datalekken/taken/{ggd_task.id}").status_code == status
        assert web.get(f"/datalekken/{tasked}/meldingen/{letter_id}.pdf").status_code == status
    # A participant's view of a breach holds only its own task, no persons, no timeline.
    ggd_view = app.test_client().get(f"/api/v1/breaches/{tasked}",
                                     headers=bearer(api_token(users["ggd"]))).json
    assert [t["organisation_id"] for t in ggd_view["tasks"]] == [organisation_id("ggd")]
    assert ggd_view["request_references"] == [] and ggd_view["events"] == []
    anonymous = app.test_client()
    assert anonymous.get(f"/datalekken/{tasked}").status_code == 302
    assert anonymous.get(f"/api/v1/breaches/{tasked}").status_code == 401


@time_machine.travel(NOW, tick=False)
def test_only_the_notifying_participant_records_the_notification(
        app: Flask, db_session: sa.orm.Session) -> None:
    h.set_fg_contact()
    politie = make_user(Role.DEELNEMER, organisation="politie")
    ggd = make_user(Role.DEELNEMER, organisation="ggd")
    breach_id = h.report(h.actor_of(politie), now=NOW, organisation_ids=[organisation_id("ggd")])
    h.assess(breach_id, h.actor_of(make_user(Role.FG)), now=NOW)  # the source notifies
    body = {"notified_at": "2026-03-27T14:00", "meldnummer": "M-1", "is_complete": True,
            "nature": "x", "dpo_contact": "FG", "consequences": "y", "measures": "z"}
    refused = app.test_client().post(f"/api/v1/breaches/{breach_id}/notifications", json=body,
                                     headers=bearer(api_token(ggd)))
    assert refused.status_code == 404 and _refused(db_session, ggd.id, "breach")
    done = app.test_client().post(f"/api/v1/breaches/{breach_id}/notifications", json=body,
                                  headers=bearer(api_token(politie)))
    assert done.status_code == 201, done.json
    assert done.json["status"] == "notified" and done.json["clock"]["is_stopped"]
    assert done.json["notifications"][0]["notified_at"] == "2026-03-27T13:00:00+00:00"


@time_machine.travel(NOW, tick=False)
def test_the_register_its_csv_and_every_view_are_audited(
        client: FlaskClient, db_session: sa.orm.Session) -> None:
    h.set_fg_contact()
    fg = make_user(Role.FG)
    h.report(h.actor_of(make_user(Role.CONTACTPUNT)), title="=HYPERLINK(\"x\")", now=NOW)
    log_in(client, fg)
    page = client.get("/fg/datalekregister?notified=no").get_data(as_text=True)
    assert "=HYPERLINK" in page and "Niet gemeld" in page
    csv_response = client.get("/fg/datalekregister.csv?notified=no")
    assert csv_response.status_code == 200 and csv_response.mimetype == "text/csv"
    assert "'=HYPERLINK" in csv_response.get_data(as_text=True)  # no formula in a spreadsheet
    breach_id = db_session.scalar(sa.select(sa.func.max(Breach.id)))
    assert client.get(f"/datalekken/{breach_id}").status_code == 200
    entries = db_session.execute(sa.select(AuditEntry.action, AuditEntry.purpose).where(
        AuditEntry.user_id == fg.id)).all()
    assert {("breach.register", "toezicht"), ("breach.register_export", "toezicht"),
            ("breach.view", "incident")} <= set(entries)
    staff = make_user(Role.CONTACTPUNT)
    log_in(client, staff)
    assert client.get("/fg/datalekregister").status_code == 403


@time_machine.travel(NOW, tick=False)
def test_the_fg_assesses_on_the_page_and_sees_the_suggestion(
        client: FlaskClient, db_session: sa.orm.Session) -> None:
    h.set_fg_contact()
    fg = make_user(Role.FG)
    breach_id = h.report(h.actor_of(make_user(Role.CONTACTPUNT)), now=NOW)
    log_in(client, fg)
    page = client.get(f"/datalekken/{breach_id}").get_data(as_text=True)
    assert "de suggestie: <strong>hoog risico</strong>" in page
    path = f"/datalekken/{breach_id}"
    missing = _post(client, f"{path}/beoordeling", {"risk": "high"}, path)
    assert missing.status_code == 422
    assert "Geef de redenen van de beoordeling." in missing.get_data(as_text=True)
    done = _post(client, f"{path}/beoordeling", {
        "risk": "high", "reasons": "Casusinformatie bij een onbekende.", "example": "B-ix",
        "factors": "sensitive"}, path)
    assert done.status_code == 303
    page = client.get(path).get_data(as_text=True)
    assert "Hoog risico" in page and "voorbeeld ix" in page
    assert re.search(r"Meldt namens de verwerkingsverantwoordelijken</dt><dd>Het college", page)


@time_machine.travel(NOW, tick=False)
def test_the_beheerder_sets_who_notifies(client: FlaskClient, db_session: sa.orm.Session) -> None:
    beheerder = make_user(Role.BEHEERDER)
    log_in(client, beheerder)
    path = "/datalekken/instellingen"
    refused = _post(client, path, {"notifier_rule": "fixed"}, path)
    assert refused.status_code == 422
    assert "Kies de organisatie die altijd meldt." in refused.get_data(as_text=True)
    done = _post(client, path, {"notifier_rule": "fixed",
                                "notifier_organisation_id": str(organisation_id("om")),
                                "fg_name": "A. de Boer", "fg_email": "fg@example.test"}, path)
    assert done.status_code == 303
    from avg_service.breaches.notices import breach_settings

    settings = breach_settings()
    assert (settings.notifier_rule, settings.notifier_organisation_id) == \
        ("fixed", organisation_id("om"))
    deelnemer = make_user(Role.DEELNEMER, organisation="politie")
    log_in(client, deelnemer)
    assert client.get(path).status_code == 403


def test_the_openapi_document_has_the_breach_api(client: FlaskClient) -> None:
    paths = client.get("/api/v1/openapi.json").json["paths"]
    for path in ("/api/v1/breaches", "/api/v1/breaches/{breach_id}",
                 "/api/v1/breaches/{breach_id}/assessment",
                 "/api/v1/breaches/{breach_id}/notifications",
                 "/api/v1/breaches/{breach_id}/people-decision",
                 "/api/v1/breaches/{breach_id}/communications", "/api/v1/breach-register",
                 "/api/v1/breach-tasks/{task_id}/on-behalf",
                 "/api/v1/breach-tasks/{task_id}/set-aside"):
        assert path in paths, path


@time_machine.travel(NOW, tick=False)
def test_a_participant_cannot_report_for_another_or_reach_a_letter_to_a_person(
        app: Flask, db_session: sa.orm.Session) -> None:
    h.set_fg_contact()
    politie = make_user(Role.DEELNEMER, organisation="politie")
    token = bearer(api_token(politie))
    api = app.test_client()
    body = {"title": "<script>alert(1)</script>", "description": "x",
            "aware_at": "2026-03-27T10:00:00+01:00", "breach_types": ["confidentiality"],
            "source_organisation_id": organisation_id("ggd")}
    created = api.post("/api/v1/breaches", json=body, headers=token)
    assert created.status_code == 201, created.json
    assert created.json["source_organisation_id"] == organisation_id("politie")  # not the GGD
    refused = api.post("/api/v1/breaches", json={**body, "aware_at": "morgen"}, headers=token)
    assert refused.status_code == 422
    assert refused.json["errors"]["json"]["aware_at"] == [
        "Vul een datum en tijd in (Nederlandse tijd)."]
    web = app.test_client()
    log_in(web, politie)
    page = web.get(f"/datalekken/{created.json['id']}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    # The letters to people (names, addresses) are for staff and the FG only, on any breach.
    assert web.get(f"/datalekken/{created.json['id']}/berichten/1.pdf").status_code == 403
    assert api.get(f"/api/v1/breaches/{created.json['id']}/communications/1.pdf",
                   headers=token).status_code == 403


@time_machine.travel(NOW, tick=False)
def test_a_double_click_on_the_report_form_makes_one_breach(client: FlaskClient,
                                                            db_session: sa.orm.Session) -> None:
    h.set_fg_contact()
    log_in(client, make_user(Role.DEELNEMER, organisation="politie"))
    form_html = client.get("/datalekken/melden").get_data(as_text=True)
    token = re.search(r'name="submission_token" value="([^"]+)"', form_html).group(1)
    before = db_session.scalar(sa.select(sa.func.count()).select_from(Breach))
    data = {"csrf_token": csrf_token(client, "/datalekken/melden"), "submission_token": token,
            "title": "Map op de trein laten liggen", "description": "Papieren dossier kwijt.",
            "aware_at": "2026-03-27T10:00", "breach_types": "confidentiality",
            "data_kinds": "case", "persons_count": "1", "organisation_ids": ""}
    # Wrong first (no title): the form comes back with the same token, nothing stored.
    wrong = client.post("/datalekken/melden", data={**data, "title": ""})
    assert wrong.status_code == 422 and f'value="{token}"' in wrong.get_data(as_text=True)
    first = client.post("/datalekken/melden", data=data)
    second = client.post("/datalekken/melden", data=data)  # the second click, or back + send
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Breach)) == before + 1
    # A new form is a new token: a second, real breach is still possible.
    again = client.get("/datalekken/melden").get_data(as_text=True)
    assert token not in again
