"""Staff intake, the request page and its actions, the work queue, and the same in the API."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import time_machine
from flask import Flask
from flask.testing import FlaskClient

from avg_service.access.roles import Role
from avg_service.audit.models import AuditEntry
from avg_service.letters.models import Letter
from avg_service.requests.models import DataSubjectRequest
from avg_service.requests.queue import QueueFilters, signal_for, work_queue
from tests.factories import (
    api_token,
    bearer,
    csrf_token,
    log_in,
    make_request,
    make_user,
    organisation_id,
)

AMS = ZoneInfo("Europe/Amsterdam")


def _actions(db_session: sa.orm.Session, dsr_id: int) -> list[str]:
    return db_session.scalars(sa.select(AuditEntry.action).where(
        AuditEntry.object_type == "dsr", AuditEntry.object_id == str(dsr_id))
        .order_by(AuditEntry.id)).all()


def test_intake_by_staff_on_the_real_receipt_date(client: FlaskClient,
                                                  db_session: sa.orm.Session) -> None:
    staff = make_user(Role.CONTACTPUNT)
    organisation_id("politie")
    log_in(client, staff)
    token = csrf_token(client, "/verzoeken/nieuw")
    future = (datetime.now(AMS) + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    refused = client.post("/verzoeken/nieuw", data={
        "csrf_token": token, "channel": "letter", "received_at": future, "given_names": "Piet",
        "family_name": "Pietersen", "rights": ["17"], "street_address": "Laan 1",
        "postcode": "1000AA", "city": "Stad"})
    assert refused.status_code == 400 and "in de toekomst" in refused.get_data(as_text=True)
    assert db_session.scalar(sa.select(sa.func.count()).select_from(DataSubjectRequest)) == 0
    response = client.post("/verzoeken/nieuw", data={
        "csrf_token": token, "channel": "letter", "received_at": "2026-02-28T11:00",
        "given_names": "Piet", "family_name": "Pietersen", "rights": ["17"],
        "street_address": "Laan 1", "postcode": "1000AA", "city": "Stad",
        "scan": (io.BytesIO(b"%PDF-1.4 scan"), "brief.pdf")},
        content_type="multipart/form-data")
    assert response.status_code == 303
    dsr = db_session.scalars(sa.select(DataSubjectRequest)).one()
    assert (dsr.received_on, dsr.due_on, dsr.channel, dsr.registered_by_id) == \
        (date(2026, 2, 28), date(2026, 3, 30), "letter", staff.id)
    assert [d.kind for d in dsr.documents] == ["scan"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "maandag 30 maart 2026" in page and "zaterdag" in page  # the date explains itself
    assert "brief.pdf" in page and "ontvangstbevestiging" in page
    assert _actions(db_session, dsr.id) == ["dsr.create", "dsr.view"]


def test_actions_on_the_request_page(client: FlaskClient, db_session: sa.orm.Session) -> None:
    staff = make_user(Role.CONTACTPUNT)
    dsr = make_request()
    log_in(client, staff)
    token = csrf_token(client, f"/verzoeken/{dsr.id}")
    page = client.get(f"/verzoeken/{dsr.id}").get_data(as_text=True)
    assert "Om aanvulling vragen" in page and "Aanvulling ontvangen" not in page
    # a refusal comes back beside the field, nothing changes
    response = client.post(f"/verzoeken/{dsr.id}/acties/verlengen",
                           data={"csrf_token": token, "reason": ""})
    refused = response.get_data(as_text=True)
    assert response.status_code == 422 and "Vul dit veld in." in refused
    # ... next to the act: the act stays open and its error takes the focus
    assert 'id="act-verlengen" open' in refused
    act = refused.split('id="act-verlengen"')[1].split("</details>")[0]
    assert "niet gedaan" in act and "Vul dit veld in." in act and "autofocus" in act
    response = client.post(f"/verzoeken/{dsr.id}/acties/toewijzen",
                           data={"csrf_token": token, "assignee_id": str(staff.id)})
    assert response.status_code == 303
    response = client.post(f"/verzoeken/{dsr.id}/acties/behandelen",
                           data={"csrf_token": token, "reason": ""})
    assert response.status_code == 303
    # an act that sends a letter is first shown, with the letter, and nothing is done
    preview = client.post(f"/verzoeken/{dsr.id}/acties/verlengen",
                          data={"csrf_token": token, "reason": "Veel deelnemers."})
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "Nog niets gedaan." in html
    assert "Veel deelnemers." in html and 'class="letter-preview"' in html
    db_session.expire_all()
    assert not db_session.get(DataSubjectRequest, dsr.id).is_extended
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Letter).where(
        Letter.dsr_id == dsr.id)) == 1  # only the ontvangstbevestiging
    back = client.post(f"/verzoeken/{dsr.id}/acties/verlengen", data={
        "csrf_token": token, "reason": "Veel deelnemers.", "bevestigd": "wijzigen"})
    assert back.status_code == 200 and "Veel deelnemers.</textarea>" in back.get_data(as_text=True)
    response = client.post(f"/verzoeken/{dsr.id}/acties/verlengen", data={
        "csrf_token": token, "reason": "Veel deelnemers.", "bevestigd": "ja"})
    assert response.status_code == 303
    db_session.expire_all()
    dsr = db_session.get(DataSubjectRequest, dsr.id)
    assert (dsr.status, dsr.assignee_id, dsr.is_extended) == ("in_progress", staff.id, True)
    letters = client.get(f"/verzoeken/{dsr.id}").get_data(as_text=True)
    letter_ids = re.findall(rf"/verzoeken/{dsr.id}/brieven/(\d+)\.pdf", letters)
    assert len(letter_ids) == 2
    pdf = client.get(f"/verzoeken/{dsr.id}/brieven/{letter_ids[-1]}.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert client.post(f"/verzoeken/{dsr.id}/acties/onzin",
                       data={"csrf_token": token}).status_code == 404


def test_the_fg_reads_but_cannot_act(client: FlaskClient, db_session: sa.orm.Session) -> None:
    fg = make_user(Role.FG)
    dsr = make_request()
    log_in(client, fg)
    page = client.get(f"/verzoeken/{dsr.id}").get_data(as_text=True)
    assert dsr.reference in page and "Handelingen" not in page
    token = csrf_token(client, "/werkplek")
    assert client.post(f"/verzoeken/{dsr.id}/acties/intrekken",
                       data={"csrf_token": token, "reason": "x"}).status_code == 403


def test_work_queue_order_signals_filters_search_and_paging(
        db_session: sa.orm.Session) -> None:
    today = date(2026, 3, 26)
    with time_machine.travel(datetime(2026, 3, 26, 9, tzinfo=UTC), tick=False):
        overdue = make_request(family_name="Overmars", received_at=datetime(2026, 2, 20, tzinfo=UTC))
        soon = make_request(family_name="Zomer", received_at=datetime(2026, 3, 2, tzinfo=UTC),
                            rights=["17"], channel="email")
        later = make_request(family_name="Laat", date_of_birth=date(1970, 1, 1),
                             received_at=datetime(2026, 3, 20, tzinfo=UTC))
        page = work_queue(QueueFilters(), today=today)
        mine = [r for r in page.rows if r.id in {overdue.id, soon.id, later.id}]
        assert [(r.id, r.signal) for r in mine] == [
            (overdue.id, "overdue"), (soon.id, "due_soon"), (later.id, "on_track")]
        assert [r.id for r in work_queue(QueueFilters(right="17"), today=today).rows] == [soon.id]
        assert [r.id for r in work_queue(QueueFilters(channel="email"), today=today).rows] == \
            [soon.id]
        assert [r.id for r in work_queue(QueueFilters(q="ZOM"), today=today).rows] == [soon.id]
        assert [r.id for r in work_queue(QueueFilters(q=soon.reference), today=today).rows] == \
            [soon.id]
        assert [r.id for r in work_queue(QueueFilters(q="01-01-1970"), today=today).rows] == \
            [later.id]
        assert work_queue(QueueFilters(q="100%_"), today=today).rows == []
        first = work_queue(QueueFilters(), today=today, per_page=2)
        second = work_queue(QueueFilters(), today=today, page=2, per_page=2)
        assert first.has_next and not first.has_previous and second.has_previous
        assert {r.id for r in first.rows}.isdisjoint({r.id for r in second.rows})
    assert signal_for(date(2026, 4, 2), today) == "due_soon"  # 5 working days ahead
    assert signal_for(date(2026, 4, 3), today) == "on_track"  # the sixth working day
    assert signal_for(date(2026, 3, 25), today) == "overdue"


def test_queue_page_and_search_are_audited_without_the_search_terms(
        client: FlaskClient, db_session: sa.orm.Session) -> None:
    staff = make_user(Role.CONTACTPUNT)
    dsr = make_request(family_name="Vermeulen")
    log_in(client, staff)
    html = client.post("/verzoeken", data={"csrf_token": csrf_token(client, "/verzoeken"),
                                           "q": "verm"}).get_data(as_text=True)
    assert dsr.reference in html
    entry = db_session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.action == "dsr.search" and "verm" not in str(vars(entry)).lower()


def test_the_api_does_what_the_pages_do(app: Flask, db_session: sa.orm.Session) -> None:
    staff = make_user(Role.JURIST)
    organisation_id("politie")
    api = app.test_client()
    headers = bearer(api_token(staff))
    bad = api.post("/api/v1/requests", headers=headers, json={"channel": "phone"})
    assert bad.status_code == 422
    assert bad.json["errors"]["json"]["family_name"] == ["Vul dit veld in."]
    created = api.post("/api/v1/requests", headers=headers, json={
        "channel": "phone", "received_at": "2025-06-02T09:00:00+02:00", "given_names": "Kees",
        "family_name": "de Boer", "rights": ["15"], "email": "kees@example.test",
        "bsn": "111222333", "delivery": "electronic", "electronic_consent": True})
    assert created.status_code == 201, created.json
    body = created.json
    assert (body["reference"], body["due_on"], body["bsn_masked"]) == \
        (f"AVG-2025-{body['id']:06d}", "2025-07-02", "******333")
    assert "bsn" not in body and "111222333" not in created.get_data(as_text=True)
    assert body["deadlines"]["due_on"]["rule"] == "R2"
    dsr_id = body["id"]
    with time_machine.travel(datetime(2025, 6, 4, 10, tzinfo=UTC), tick=False):
        invited = api.post(f"/api/v1/requests/{dsr_id}/invitations", headers=headers, json={
            "purpose": "identity", "what": "Identiteitsbewijs", "sent_on": "2025-06-04",
            "term_until": "2025-06-18"})
    assert invited.status_code == 200 and invited.json["status"] == "awaiting_information"
    with time_machine.travel(datetime(2025, 6, 16, 10, tzinfo=UTC), tick=False):
        answered = api.post(f"/api/v1/requests/{dsr_id}/answer", headers=headers,
                            json={"answered_on": "2025-06-16"})
        assert (answered.json["due_on"], answered.json["suspended_days"]) == ("2025-07-14", 11)
        late = api.post(f"/api/v1/requests/{dsr_id}/extension", headers=headers,
                        json={"reason": ""})
        assert late.status_code == 422
    with time_machine.travel(datetime(2025, 7, 3, 10, tzinfo=UTC), tick=False):
        late = api.post(f"/api/v1/requests/{dsr_id}/extension", headers=headers,
                        json={"reason": "Vier deelnemers hebben samen ruim 300 stukken over u."})
        assert late.status_code == 422 and "woensdag 2 juli 2025" in late.json["message"]
    upload = api.post(f"/api/v1/requests/{dsr_id}/documents", headers=headers,
                      data={"kind": "scan", "file": (io.BytesIO(b"\x89PNG\r\n\x1a\nxx\0\0\0\0IEND\xaeB`\x82"), "a.png")},
                      content_type="multipart/form-data")
    assert upload.status_code == 201 and upload.json["content_type"] == "image/png"
    assert api.get(f"/api/v1/requests/{dsr_id}/documents/{upload.json['id']}",
                   headers=headers).data.startswith(b"\x89PNG")
    listed = api.post("/api/v1/requests/search", headers=headers, json={"q": "de boer"}).json
    assert [r["id"] for r in listed["rows"]] == [dsr_id]
    letters = api.get(f"/api/v1/requests/{dsr_id}/letters", headers=headers).json
    assert [l["kind"] for l in letters] == ["ontvangstbevestiging", "aanvulling"]
    pdf = api.get(f"/api/v1/requests/{dsr_id}/letters/{letters[1]['id']}.pdf", headers=headers)
    assert pdf.data.startswith(b"%PDF")
    withdrawn = api.post(f"/api/v1/requests/{dsr_id}/withdrawal", headers=headers,
                         json={"reason": "Per e-mail ingetrokken."})
    assert withdrawn.json["status"] == "withdrawn"
    again = api.post(f"/api/v1/requests/{dsr_id}/start", headers=headers, json={})
    assert again.status_code == 422 and "kan niet naar" in again.json["message"]
    spec = api.get("/api/v1/openapi.json").json
    assert "/api/v1/requests/{dsr_id}/extension" in spec["paths"]
