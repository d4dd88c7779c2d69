"""Every route declares its permission; the guard enforces it for every role and for anonymous."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from avg_service import clock
from avg_service.access.actor import Actor
from avg_service.access.guard import declared_permission
from avg_service.access.roles import Permission, Role
from avg_service.audit.models import AuditEntry
from avg_service.coordination import services as coordination
from avg_service.coordination.rules import DEFAULT_SHARED
from avg_service.db import unit_of_work
from avg_service.requests import services as requests
from tests.factories import api_token, bearer, log_in, make_request, make_user, organisation_id

PUBLIC_ENDPOINTS = {"static", "web.index", "web.healthz", "system.health", "web.accessibility",
                    "web.house_style", "web.house_logo",
                    "api-docs.openapi_json", "accounts.login",
                    # choosing a password by the link of an invitation or a reset, "wachtwoord
                    # vergeten" (tests/accounts/test_invitations.py)
                    "passwords.set_password", "passwords.forgot",
                    # the public request form (no log-in; the confirmation is session-bound)
                    "public_requests.form", "public_requests.form_en", "public_requests.submit",
                    "public_requests.submit_en", "public_requests.received",
                    "public_requests.received_en", "public_requests.receipt_pdf",
                    # the requester's status pages: the secret link binds the session to one
                    # request, checked on every page (tests/portal)
                    *(f"portal.{name}{suffix}" for name in ("open", "status", "upload",
                                                             "withdraw", "download", "new_link")
                      for suffix in ("", "_en")),
                    # log-in through an identity provider: the callbacks check state, nonce and
                    # the ID token; DigiD pages show only this session's log-in (tests/sso)
                    "sso.start", "sso.callback", "sso.digid_start", "sso.digid_callback",
                    "sso.digid_logout", "sso.my_requests", "sso.my_requests_en",
                    "sso.open_request", "sso.open_request_en"}


def test_every_route_declares_a_permission(app: Flask) -> None:
    undeclared = sorted(rule.endpoint for rule in app.url_map.iter_rules()
                        if declared_permission(app, rule.endpoint) is None)
    assert undeclared == [], f"routes without a permission (denied by default): {undeclared}"


def test_exactly_the_intended_routes_are_public(app: Flask) -> None:
    public = {rule.endpoint for rule in app.url_map.iter_rules()
              if declared_permission(app, rule.endpoint) is Permission.PUBLIC}
    assert public == PUBLIC_ENDPOINTS


def _url(rule_string: str) -> str:
    url = rule_string
    for converter in ("<int:user_id>", "<int:organisation_id>", "<int:token_id>", "<path:filename>",
                      "<int:dsr_id>", "<int:document_id>", "<int:letter_id>", "<action_key>",
                      "<int:task_id>", "<int:file_id>", "<int:decision_id>",
                      "<int:message_id>", "<int:breach_id>", "<int:notification_id>",
                      "<int:list_id>", "<int:report_id>", "<int:bezwaar_id>",
                      "<int:hearing_id>", "<act_key>", "<int:notice_id>", "<key>",
                      "<int:preview_id>"):
        url = url.replace(converter, "1")
    return url


def test_anonymous_requests_to_every_non_public_route_are_refused(app: Flask,
                                                                   client: FlaskClient) -> None:
    checked = 0
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC_ENDPOINTS:
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            response = client.open(_url(rule.rule), method=method)
            if rule.rule.startswith("/api/"):
                assert response.status_code == 401, (method, rule.rule)
                assert response.is_json
            elif method == "GET":
                assert response.status_code == 302, (method, rule.rule)
                assert response.headers["Location"].startswith("/inloggen")
            else:  # a POST without session is refused before anything runs (CSRF or log-in)
                assert response.status_code in (302, 400), (method, rule.rule)
            checked += 1
    assert checked >= 20


# Expected GET status per role (contactpunt, jurist, deelnemer, fg, beheerder).
PAGE_MATRIX = {
    "/werkplek":                 (200, 200, 200, 200, 200),
    "/account/tokens":           (200, 200, 200, 200, 200),
    "/beheer/gebruikers":        (403, 403, 403, 200, 200),
    "/beheer/gebruikers/{user}": (403, 403, 403, 200, 200),
    "/beheer/gebruikers/nieuw":  (403, 403, 403, 403, 200),
    "/beheer/organisaties":      (200, 200, 200, 200, 200),
    "/beheer/organisaties/{own}":   (200, 200, 200, 200, 200),
    "/beheer/organisaties/{other}": (200, 200, 404, 200, 200),
    "/beheer/instellingen":      (200, 200, 403, 200, 200),
    "/fg/auditlog":              (403, 403, 403, 200, 403),
    "/fg/auditlog.csv":          (403, 403, 403, 200, 403),
    "/fg/toegangsreview.csv":    (403, 403, 403, 200, 200),
    "/verzoeken":                (200, 200, 403, 200, 403),
    "/verzoeken/nieuw":          (200, 200, 403, 403, 403),
    "/verzoeken/{dsr}":          (200, 200, 403, 200, 403),
    "/verzoeken/{dsr}/coordinatie": (200, 200, 403, 200, 403),
    "/verzoeken/{dsr}/besluit":  (200, 200, 403, 200, 403),
    "/besluiten":                (200, 200, 403, 200, 403),
    "/post":                     (200, 200, 403, 200, 403),
    "/besluiten/te-versturen":   (200, 200, 403, 403, 403),
    "/taken":                    (200, 200, 200, 200, 403),
    "/taken/{task}":             (200, 200, 200, 200, 403),
    "/taken/{other_task}":       (200, 200, 404, 200, 403),
    "/fg/cijfers":               (200, 403, 403, 200, 403),
    "/fg/cijfers.csv":           (200, 403, 403, 200, 403),
    "/fg/afwijkingen":           (403, 403, 403, 200, 403),
    "/fg/vernietiging":          (200, 403, 403, 200, 200),
    "/fg/jaarverslag":           (403, 403, 403, 200, 403),
}
API_MATRIX = {
    "/api/v1/me":                     (200, 200, 200, 200, 200),
    "/api/v1/users":                  (403, 403, 403, 200, 200),
    "/api/v1/users/{user}":           (403, 403, 403, 200, 200),
    "/api/v1/organisations":          (200, 200, 200, 200, 200),
    "/api/v1/organisations/{own}":    (200, 200, 200, 200, 200),
    "/api/v1/organisations/{other}":  (200, 200, 404, 200, 200),
    "/api/v1/settings":               (200, 200, 403, 200, 200),
    "/api/v1/audit-entries":          (403, 403, 403, 200, 403),
    "/api/v1/access-review":          (403, 403, 403, 200, 200),
    "/api/v1/requests":               (200, 200, 403, 200, 403),
    "/api/v1/requests/{dsr}":         (200, 200, 403, 200, 403),
    "/api/v1/requests/{dsr}/letters": (200, 200, 403, 200, 403),
    "/api/v1/requests/{dsr}/coordination": (200, 200, 403, 200, 403),
    "/api/v1/requests/{dsr}/decision":    (404, 404, 403, 404, 403),  # none yet
    "/api/v1/requests/{dsr}/default-notices": (200, 200, 403, 200, 403),
    "/api/v1/decisions":              (200, 200, 403, 200, 403),
    "/api/v1/tasks":                  (200, 200, 200, 200, 403),
    "/api/v1/tasks/{task}":           (200, 200, 200, 200, 403),
    "/api/v1/tasks/{other_task}":     (200, 200, 404, 200, 403),
}
ROLES = [Role.CONTACTPUNT, Role.JURIST, Role.DEELNEMER, Role.FG, Role.BEHEERDER]


def _tasks_for(dsr_id: int, *codes: str) -> list[int]:
    """The request in progress, with a task for each organisation (ids)."""
    staff, now = Actor.system("cli"), clock.now_utc()
    organisation_ids = [organisation_id(code) for code in codes]
    with unit_of_work():
        dsr = requests.get_request(dsr_id)
        requests.start_handling(dsr, actor=staff, now=now)
        tasks = coordination.create_tasks(dsr, organisation_ids=organisation_ids,
                                          shared=DEFAULT_SHARED, actor=staff, now=now)
    return [t.id for t in tasks]


@pytest.mark.parametrize("role_index", range(5))
def test_role_by_endpoint_matrix(app: Flask, client: FlaskClient, role_index: int) -> None:
    role = ROLES[role_index]
    user = make_user(role, organisation="politie" if role is Role.DEELNEMER else None)
    dsr = make_request()
    task, other_task = _tasks_for(dsr.id, "politie", "ggd")
    ids = {"user": user.id, "own": organisation_id("politie"), "other": organisation_id("ggd"),
           "dsr": dsr.id, "task": task, "other_task": other_task}
    log_in(client, user)
    for template, expected in PAGE_MATRIX.items():
        response = client.get(template.format(**ids))
        assert response.status_code == expected[role_index], (role, template)
    token = api_token(user)
    for template, expected in API_MATRIX.items():
        response = app.test_client().get(template.format(**ids), headers=bearer(token))
        assert response.status_code == expected[role_index], (role, template, response.json)


def test_a_participant_cannot_reach_another_organisation_by_id_list_or_search(
        app: Flask, client: FlaskClient, db_session: sa.orm.Session) -> None:
    politie = make_user(Role.DEELNEMER, organisation="politie")
    ggd_id, politie_id = organisation_id("ggd"), organisation_id("politie")
    log_in(client, politie)
    assert client.get(f"/beheer/organisaties/{ggd_id}").status_code == 404
    assert client.post(f"/beheer/organisaties/{ggd_id}", data={"name": "x"}).status_code in (400, 403)
    listing = client.get("/beheer/organisaties").get_data(as_text=True)
    assert "Politie" in listing and "GGD" not in listing
    token = api_token(politie)
    api = app.test_client()
    assert api.get(f"/api/v1/organisations/{ggd_id}", headers=bearer(token)).status_code == 404
    listed = api.get("/api/v1/organisations", headers=bearer(token)).json
    assert [row["id"] for row in listed] == [politie_id]
    assert api.patch(f"/api/v1/organisations/{ggd_id}", json={"name": "x"},
                     headers=bearer(token)).status_code == 403
    # the refusal of the other organisation's object is in the audit log, as that organisation's user
    refused = db_session.scalars(sa.select(AuditEntry).where(
        AuditEntry.outcome == "refused", AuditEntry.object_type == "organisation",
        AuditEntry.object_id == str(ggd_id))).all()
    assert refused and all(e.user_id == politie.id and e.organisation_id == politie_id for e in refused)


def test_route_level_refusals_are_audited(client: FlaskClient, db_session: sa.orm.Session) -> None:
    contactpunt = make_user(Role.CONTACTPUNT)
    log_in(client, contactpunt)
    assert client.get("/fg/auditlog").status_code == 403
    entry = db_session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry is not None
    assert (entry.action, entry.outcome, entry.user_id, entry.object_id) == \
        ("audit.read", "refused", contactpunt.id, "audit.log")
