"""The retention pages: the FG approves and carries out through the page, a second FG gives the
second approval, bad input gets its message, and the others may only look or not at all."""

from __future__ import annotations

import re

import sqlalchemy as sa
import time_machine

from avg_service.access.roles import Role
from avg_service.audit.models import AuditEntry
from avg_service.extensions import db
from avg_service.requests.models import DataSubjectRequest
from avg_service.retention.models import DestructionList, RetentionSettings
from tests.factories import csrf_token, log_in, make_user
from tests.retention.helpers import NOW, seed_files, stored


def _post(client, path, **data):
    return client.post(path, data={"csrf_token": csrf_token(client, "/fg/vernietiging"), **data})


@time_machine.travel(NOW, tick=False)
def test_the_fg_proposes_approves_and_carries_out_on_the_page(client) -> None:
    files = seed_files()
    log_in(client, make_user(Role.FG, display_name="A. de Boer"))
    page = client.get("/fg/vernietiging").get_data(as_text=True)
    assert "(bron niet gecontroleerd)" in page and "artikel 1.8 lid 7 WGS" in page
    response = _post(client, "/fg/vernietiging/voorstellen")
    assert response.status_code == 303
    list_id = int(re.search(r"/fg/vernietiging/(\d+)", response.headers["Location"]).group(1))
    detail = client.get(f"/fg/vernietiging/{list_id}").get_data(as_text=True)
    assert "Lijst goedkeuren" in detail and "Vernietiging uitvoeren" not in detail
    assert "Aalbers" not in detail  # the list names references, never people
    # Carrying out before approval is refused with a message, and nothing is destroyed.
    refused = _post(client, f"/fg/vernietiging/{list_id}/uitvoeren")
    assert refused.status_code == 422
    assert "nog niet goedgekeurd" in refused.get_data(as_text=True)
    assert stored(files.document_keys["A"])
    assert _post(client, f"/fg/vernietiging/{list_id}/goedkeuren").status_code == 303
    assert _post(client, f"/fg/vernietiging/{list_id}/uitvoeren").status_code == 303
    assert not stored(files.document_keys["A"])
    assert db.session.get(DataSubjectRequest, files.dsr["A"]).family_name == "[vernietigd]"
    assert db.session.get(DestructionList, list_id).status == "carried_out"
    viewed = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "retention.view"))
    assert viewed == 1


@time_machine.travel(NOW, tick=False)
def test_four_eyes_on_the_page(client, app) -> None:
    seed_files()
    first, second = make_user(Role.FG), make_user(Role.FG)
    beheerder = make_user(Role.BEHEERDER)
    log_in(client, beheerder)
    saved = _post(client, "/fg/vernietiging/instellingen", data_copies="12", uploads="12",
                  request_file="24", mail_bodies="6", audit_entries="60", four_eyes="on")
    assert saved.status_code == 303
    assert db.session.get(RetentionSettings, 1).four_eyes is True
    assert 'name="four_eyes" checked' in client.get("/fg/vernietiging").get_data(as_text=True)
    one = app.test_client()
    log_in(one, first)
    response = _post(one, "/fg/vernietiging/voorstellen")
    list_id = int(re.search(r"/fg/vernietiging/(\d+)", response.headers["Location"]).group(1))
    _post(one, f"/fg/vernietiging/{list_id}/goedkeuren")
    assert "Een tweede functionaris" in one.get(f"/fg/vernietiging/{list_id}").get_data(as_text=True)
    assert db.session.get(DestructionList, list_id).status == "proposed"
    two = app.test_client()
    log_in(two, second)
    _post(two, f"/fg/vernietiging/{list_id}/goedkeuren")
    assert db.session.get(DestructionList, list_id).status == "approved"


@time_machine.travel(NOW, tick=False)
def test_a_wrong_term_is_reported_beside_its_field(client) -> None:
    log_in(client, make_user(Role.BEHEERDER))
    response = _post(client, "/fg/vernietiging/instellingen", data_copies="0", uploads="x",
                     request_file="24", mail_bodies="6", audit_entries="60")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Kies tussen 1 en 1200 maanden." in html and "Vul een heel aantal maanden in." in html
    assert db.session.get(RetentionSettings, 1) is None


@time_machine.travel(NOW, tick=False)
def test_only_the_fg_approves(client) -> None:
    seed_files()
    log_in(client, make_user(Role.CONTACTPUNT))
    assert client.get("/fg/vernietiging").status_code == 200
    assert _post(client, "/fg/vernietiging/voorstellen").status_code == 403


@time_machine.travel(NOW, tick=False)
def test_a_participant_sees_nothing(client) -> None:
    log_in(client, make_user(Role.DEELNEMER, organisation="politie"))
    assert client.get("/fg/vernietiging").status_code == 403
