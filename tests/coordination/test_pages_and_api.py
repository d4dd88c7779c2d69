"""Coordination through the pages and the API: staff set out tasks, a participant answers in its
own compartment (draft, incomplete submit, grounds, files, final), questions, decline, reopen,
the consolidated view, third parties; and organisation A never reaches organisation B's task,
answer or file by page, API, list, filter, search or download, each refusal audited as A."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from avg_service import clock
from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.accounts.models import User
from avg_service.audit.models import AuditEntry
from avg_service.coordination import services
from avg_service.coordination.models import CoordinationTask, ThirdParty
from avg_service.coordination.rules import DEFAULT_SHARED
from avg_service.db import unit_of_work
from avg_service.extensions import db
from avg_service.requests import services as requests
from avg_service.requests.models import DataSubjectRequest
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
PDF = b"%PDF-1.4 gegevens uit het bronsysteem"
JOINT_CONTROLLERS = ("rvdk", "dji", "politie", "om", "burgemeester", "college", "ggd")
VALID_BSN = "111222333"


@pytest.fixture(autouse=True)
def _request_scoped_clients(client: FlaskClient) -> None:
    """Every ``app.test_client()`` here runs each request in an app context of its own, as
    the ``client`` fixture sets up (several users log in side by side)."""


def _in_progress(**fields: Any) -> DataSubjectRequest:
    dsr = make_request(**fields)
    with unit_of_work():
        requests.start_handling(requests.get_request(dsr.id), actor=SYSTEM, now=clock.now_utc())
    return dsr


def _tasks(dsr: DataSubjectRequest, *codes: str,
           shared: tuple[str, ...] = DEFAULT_SHARED) -> list[int]:
    ids = [organisation_id(code) for code in codes]
    with unit_of_work():
        tasks = services.create_tasks(requests.get_request(dsr.id), organisation_ids=ids,
                                      shared=shared, actor=SYSTEM, now=clock.now_utc())
    return [t.id for t in tasks]


def _participant(app: Flask, code: str) -> tuple[User, FlaskClient]:
    user = make_user(Role.DEELNEMER, organisation=code)
    browser = app.test_client()
    log_in(browser, user)
    return user, browser


def _staff(app: Flask, role: Role = Role.CONTACTPUNT) -> tuple[User, FlaskClient]:
    user = make_user(role)
    browser = app.test_client()
    log_in(browser, user)
    return user, browser


def _post(browser: FlaskClient, path: str, data: dict[str, Any], *, page: str,
          **kwargs: Any) -> Any:
    """A form post with the CSRF token of ``page``, the page the form is on."""
    token = csrf_token(browser, page)
    return browser.post(path, data={"csrf_token": token, **data}, **kwargs)


def _task(task_id: int) -> CoordinationTask:
    """The task as committed now (the pages changed it in sessions of their own)."""
    db.session.expire_all()
    return services.get_task(task_id)


def _complete_answer(**extra: Any) -> dict[str, Any]:
    return {"holds_data": "yes", "categories": "Mutaties en registraties",
            "purposes": "Openbare orde", "sources": "Basisvoorziening Handhaving",
            "recipients": "", "retention": "5 jaar", "data_entries": "Mutatie 2025-001",
            "position": "", "actions": "", **extra}


def _actions(db_session: sa.orm.Session, object_type: str, object_id: int) -> list[str]:
    return list(db_session.scalars(sa.select(AuditEntry.action).where(
        AuditEntry.object_type == object_type, AuditEntry.object_id == str(object_id))
        .order_by(AuditEntry.id)))


# ------------------------------------------------------------------------------ setting out tasks
def test_staff_set_out_tasks_for_the_joint_controllers_and_a_chosen_private_participant(
        app: Flask, client: FlaskClient, db_session: sa.orm.Session) -> None:
    staff = make_user(Role.CONTACTPUNT)
    dsr = _in_progress()
    log_in(client, staff)
    page = client.get(f"/verzoeken/{dsr.id}/coordinatie").get_data(as_text=True)
    for code in JOINT_CONTROLLERS:  # every joint controller is ticked ...
        assert re.search(rf'id="f-org-{organisation_id(code)}"[^>]*checked', page), code
    private = organisation_id("veilig_thuis")  # ... a private participant is not
    assert f'id="f-org-{private}"' in page
    assert not re.search(rf'id="f-org-{private}"[^>]*checked', page)
    for key in DEFAULT_SHARED:
        assert re.search(rf'id="f-shared-{key}"[^>]*checked', page), key
    assert not re.search(r'id="f-shared-description"[^>]*checked', page)
    assert "Nog geen taak uitgezet." in page  # what blocks a decision
    token = csrf_token(client, f"/verzoeken/{dsr.id}/coordinatie")

    refused = client.post(f"/verzoeken/{dsr.id}/taken", data={
        "csrf_token": token, "shared": list(DEFAULT_SHARED)})
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert 'id="f-organisation_ids-error"' in text and "Kies ten minste één deelnemer." in text

    chosen = [organisation_id(c) for c in JOINT_CONTROLLERS] + [private]
    response = client.post(f"/verzoeken/{dsr.id}/taken", data={
        "csrf_token": token, "organisation_ids": [str(i) for i in chosen],
        "shared": list(DEFAULT_SHARED), "bevestigd": "ja"})
    assert response.status_code == 303
    tasks = db_session.scalars(sa.select(CoordinationTask).where(
        CoordinationTask.dsr_id == dsr.id)).all()
    assert sorted(t.organisation_id for t in tasks) == sorted(chosen)
    assert all(t.shared_fields == list(DEFAULT_SHARED) and t.status == "open" for t in tasks)
    assert all(t.internal_due_on < dsr.due_on for t in tasks)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Wacht op antwoord" in page and "heeft al een taak" in page
    assert "dsr.coordination_view" in _actions(db_session, "dsr", dsr.id)


def test_staff_set_out_tasks_through_the_api_by_default_for_every_joint_controller(
        app: Flask, db_session: sa.orm.Session) -> None:
    staff = make_user(Role.CONTACTPUNT)
    token = api_token(staff)
    api = app.test_client()
    received = make_request()
    refused = api.post(f"/api/v1/requests/{received.id}/tasks", json={}, headers=bearer(token))
    assert refused.status_code == 422 and "in behandeling" in refused.json["message"]

    dsr = _in_progress(rights=["15", "17"])
    response = api.post(f"/api/v1/requests/{dsr.id}/tasks", json={}, headers=bearer(token))
    assert response.status_code == 201, response.json
    assert len(response.json) == len(JOINT_CONTROLLERS)
    assert {row["organisation_id"] for row in response.json} == {
        organisation_id(c) for c in JOINT_CONTROLLERS}
    assert all(row["reference"] == dsr.reference and row["status"] == "open"
               for row in response.json)

    private = organisation_id("veilig_thuis")
    response = api.post(f"/api/v1/requests/{dsr.id}/tasks", headers=bearer(token),
                        json={"organisation_ids": [private], "shared": ["name", "rights"]})
    assert response.status_code == 201 and [r["organisation_id"] for r in response.json] == \
        [private]
    task = api.get(f"/api/v1/tasks/{response.json[0]['id']}", headers=bearer(token)).json
    assert task["shared_fields"] == ["name", "rights"]
    assert set(task["request"]) == {"name", "rights"}
    assert "art. 17 lid 3" in task["questions"]

    bad = api.post(f"/api/v1/requests/{dsr.id}/tasks", headers=bearer(token),
                   json={"organisation_ids": [], "shared": ["geheim"]})
    assert bad.status_code == 422 and set(bad.json["errors"]["json"]) == {"organisation_ids",
                                                                           "shared"}
    participant = make_user(Role.DEELNEMER, organisation="politie")
    assert api.post(f"/api/v1/requests/{dsr.id}/tasks", json={},
                    headers=bearer(api_token(participant))).status_code == 403


# ------------------------------------------------------------------------------ inbox and task page
def test_the_participant_inbox_lists_only_its_own_organisations_tasks(
        app: Flask, db_session: sa.orm.Session) -> None:
    first, second = _in_progress(), _in_progress()
    politie_task, ggd_task = _tasks(first, "politie", "ggd")
    (ggd_only,) = _tasks(second, "ggd")
    politie, browser = _participant(app, "politie")
    page = browser.get("/taken").get_data(as_text=True)
    assert f"/taken/{politie_task}" in page
    assert f"/taken/{ggd_task}" not in page and second.reference not in page
    assert "GGD" not in page  # not even as a filter option

    _, staff = _staff(app)
    page = staff.get("/taken").get_data(as_text=True)
    assert all(f"/taken/{i}" in page for i in (politie_task, ggd_task, ggd_only))
    page = staff.get(f"/taken?organisation_id={organisation_id('ggd')}").get_data(as_text=True)
    assert f"/taken/{politie_task}" not in page and f"/taken/{ggd_only}" in page

    listed = db_session.scalars(sa.select(AuditEntry).where(
        AuditEntry.action == "task.list", AuditEntry.user_id == politie.id)).all()
    assert listed and listed[0].organisation_id == organisation_id("politie")


def test_the_task_page_shows_only_what_the_task_shares(
        app: Flask, db_session: sa.orm.Session) -> None:
    dsr = _in_progress(bsn=VALID_BSN, description="Het gaat om de melding van mijn buren.",
                       rights=["15"])
    (politie_task,) = _tasks(dsr, "politie")  # the default: name, birth date, BSN, rights
    (ggd_task,) = _tasks(dsr, "ggd", shared=("name", "rights"))

    politie_user, politie = _participant(app, "politie")
    page = politie.get(f"/taken/{politie_task}").get_data(as_text=True)
    # The BSN is masked, as for staff, until the participant reveals it; the reveal is audited.
    assert dsr.family_name in page and VALID_BSN not in page and "******333" in page
    assert "17 mei 1980" in page and "Toon het hele BSN" in page
    page = politie.post(f"/taken/{politie_task}/bsn", data={
        "csrf_token": csrf_token(politie, f"/taken/{politie_task}")}).get_data(as_text=True)
    assert VALID_BSN in page and "Toon het hele BSN" not in page
    reveals = db_session.scalars(sa.select(AuditEntry).where(
        AuditEntry.action == "task.bsn_reveal")).all()
    assert [(e.user_id, e.object_id) for e in reveals] == [(politie_user.id, str(politie_task))]
    assert "Inzage (art. 15)" in page and "AVG art. 15 lid 1" in page  # rights and questions
    assert "melding van mijn buren" not in page and "Dorpsstraat" not in page

    _, ggd = _participant(app, "ggd")
    page = ggd.get(f"/taken/{ggd_task}").get_data(as_text=True)
    assert dsr.family_name in page
    assert VALID_BSN not in page and "******" not in page and "17 mei 1980" not in page
    assert "melding van mijn buren" not in page and "Dorpsstraat" not in page

    _, staff = _staff(app)  # staff see the BSN as elsewhere: its last three digits
    page = staff.get(f"/taken/{politie_task}").get_data(as_text=True)
    assert "******333" in page and VALID_BSN not in page
    assert "Controleren en versturen" not in page  # staff do not answer for a participant
    staff.post(f"/taken/{politie_task}/bsn", data={"csrf_token": csrf_token(staff)})
    assert not db_session.scalars(sa.select(AuditEntry).where(
        AuditEntry.action == "task.bsn_reveal", AuditEntry.user_id != politie_user.id)).all()

    shared = app.test_client().get(f"/api/v1/tasks/{politie_task}",
                                   headers=bearer(api_token(politie_user))).json["request"]
    assert set(shared) == set(DEFAULT_SHARED) and shared["bsn"] == VALID_BSN
    assert shared["date_of_birth"] == "1980-05-17" and shared["rights"] == ["15"]
    views = db_session.scalars(sa.select(AuditEntry).where(
        AuditEntry.action == "task.view", AuditEntry.object_id == str(ggd_task))).all()
    assert [e.organisation_id for e in views] == [organisation_id("ggd")]


# ------------------------------------------------------------------------------ the answer
def test_a_draft_is_saved_and_an_incomplete_submit_is_refused_beside_the_fields(
        app: Flask, db_session: sa.orm.Session) -> None:
    dsr = _in_progress(rights=["15", "17"])
    (task_id,) = _tasks(dsr, "politie")
    _, browser = _participant(app, "politie")
    path = f"/taken/{task_id}/antwoord"
    draft = _post(browser, path, {"action": "draft", "holds_data": "yes",
                                  "categories": "Mutaties"}, page=f"/taken/{task_id}")
    assert draft.status_code == 303
    task = _task(task_id)
    assert task.status == "open" and task.answer is not None
    assert (task.answer.holds_data, task.answer.categories) == (True, "Mutaties")
    page = browser.get(f"/taken/{task_id}").get_data(as_text=True)
    assert re.search(r'id="f-holds_data-yes"[^>]*checked', page) and "Mutaties" in page

    refused = _post(browser, path, {"action": "submit", "holds_data": "yes",
                                    "categories": "Mutaties", "purposes": ""},
                    page=f"/taken/{task_id}")
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422
    for name in ("purposes", "sources", "position"):
        assert f'id="f-{name}-error"' in text and f'aria-describedby="f-{name}-error"' in text
    assert "Vul de doelen in (AVG art. 15 lid 1)." in text
    assert "Uw concept is opgeslagen" in text
    assert _task(task_id).status == "open"

    # A draft with a ground whose motivation is still missing keeps everything typed and the
    # file attached; only the final answer asks for the motivation, beside its own field.
    saved = _post(browser, path, {"action": "draft", "holds_data": "yes", "ground": ["41d"],
                                  "motivation_41d": " ", "weighing_41d_d": "Alleen de OvJ.",
                                  "categories": "Mutaties",
                                  "file": (io.BytesIO(PDF), "proces-verbaal.pdf")},
                  page=f"/taken/{task_id}", content_type="multipart/form-data")
    assert saved.status_code == 303
    task = _task(task_id)
    assert [(r.ground, r.motivation, r.weighing) for r in task.answer.restrictions] == [  # type: ignore[union-attr]
        ("41d", "", {"d": "Alleen de OvJ."})]
    assert [f.filename for f in task.files] == ["proces-verbaal.pdf"]
    page = browser.get(f"/taken/{task_id}").get_data(as_text=True)
    assert re.search(r'id="f-ground-41d"[^>]*checked', page) and "Alleen de OvJ." in page
    refused = _post(browser, path, {"action": "submit", **_complete_answer(
        ground=["41d"], motivation_41d="", weighing_41d_d="Alleen de OvJ.")},
        page=f"/taken/{task_id}")
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert 'id="f-motivation_41d-error"' in text and "Geef de motivering" in text
    assert 'id="f-withheld_categories_41d-error"' in text
    assert re.search(r'id="f-ground-41d"[^>]*checked', text)  # what was sent stays
    assert _task(task_id).status == "open" and len(_task(task_id).files) == 1


def test_submit_with_a_restriction_ground_and_a_file_is_final(
        app: Flask, db_session: sa.orm.Session) -> None:
    dsr = _in_progress(rights=["15"])
    (task_id,) = _tasks(dsr, "politie")
    politie, browser = _participant(app, "politie")
    page = f"/taken/{task_id}"
    rejected = _post(browser, f"{page}/bestanden", {"file": (io.BytesIO(b"MZ\x90"), "x.exe")},
                     page=page, content_type="multipart/form-data")
    assert rejected.status_code == 422
    assert 'id="f-answer-file-error"' in rejected.get_data(as_text=True)
    added = _post(browser, f"{page}/bestanden", {"file": (io.BytesIO(PDF), "mutaties.pdf")},
                  page=page, content_type="multipart/form-data")
    assert added.status_code == 303
    (item,) = _task(task_id).files
    assert item.organisation_id == organisation_id("politie") and item.filename == "mutaties.pdf"

    submitted = _post(browser, f"{page}/antwoord", _complete_answer(
        action="submit", ground=["41d", "41i"], motivation_41d="Lopend opsporingsonderzoek.",
        defeats_41d="1", weighing_41d_a="Opsporing van een strafbaar feit.",
        withheld_categories_41d="Gegevens uit het opsporingsonderzoek",
        motivation_41i="Gegevens van een melder.", weighing_41i_g="De melder loopt gevaar.",
        withheld_categories_41i="Naam van de melder", withheld_entries_41i="Melder: J. Buur",
        **{f"withhold_{item.id}": "41i"}), page=page)
    # Submitting saves the draft and asks for confirmation; only then is it final.
    assert submitted.status_code == 303 and submitted.location.endswith(f"{page}/bevestigen")
    assert _task(task_id).status == "open"
    confirm = browser.get(f"{page}/bevestigen").get_data(as_text=True)
    assert "Definitief versturen" in confirm and "Melder: J. Buur" in confirm
    final = _post(browser, f"{page}/versturen", {}, page=f"{page}/bevestigen")
    assert final.status_code == 303
    task = _task(task_id)
    assert task.status == "submitted" and task.submitted_by_id == politie.id
    assert task.answer is not None
    assert [(r.ground, r.motivation, r.notice_defeats_purpose, r.withheld_entries)
            for r in task.answer.restrictions] == [
        ("41d", "Lopend opsporingsonderzoek.", True, None),
        ("41i", "Gegevens van een melder.", False, "Melder: J. Buur")]
    assert [f.withheld_ground for f in task.files] == ["41i"] and task.data_files == []

    text = browser.get(page).get_data(as_text=True)
    assert "Controleren en versturen" not in text and "Lopend opsporingsonderzoek." in text
    assert "mutaties.pdf" in text and 'type="file"' not in text
    assert "achtergehouden (41i), niet in de kopie" in text
    download = browser.get(f"{page}/bestanden/{item.id}")
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["Cache-Control"] == "no-store"

    again = _post(browser, f"{page}/antwoord", _complete_answer(action="submit",
                                                                 categories="Iets anders"),
                  page=page)
    assert again.status_code == 422 and "kan nu niet worden gewijzigd" in again.get_data(
        as_text=True)
    late = _post(browser, f"{page}/bestanden", {"file": (io.BytesIO(PDF), "laat.pdf")},
                 page=page, content_type="multipart/form-data")
    assert late.status_code == 422
    task = _task(task_id)
    assert task.answer is not None and task.answer.categories == "Mutaties en registraties"
    assert len(task.files) == 1
    actions = _actions(db_session, "coordination_task", task_id)
    assert actions.count("task.submit") == 1  # the refused acts after it left nothing
    assert set(actions[actions.index("task.submit") + 1:]) == {"task.view"}
    assert "task_file.view" in _actions(db_session, "task_file", item.id)


def test_question_waits_for_the_reply_decline_needs_a_reason_and_staff_reopen(
        app: Flask, db_session: sa.orm.Session) -> None:
    dsr = _in_progress()
    (task_id,) = _tasks(dsr, "ggd")
    _, participant = _participant(app, "ggd")
    _, staff = _staff(app)
    page = f"/taken/{task_id}"
    assert _post(participant, f"{page}/vraag", {"body": ""}, page=page).status_code == 422
    assert _post(participant, f"{page}/vraag", {"body": "Welke periode?"},
                 page=page).status_code == 303
    assert _task(task_id).status == "question"
    text = participant.get(page).get_data(as_text=True)
    assert "wacht op het antwoord van het contactpunt" in text
    assert "Controleren en versturen" not in text  # the task waits
    assert "Vraag beantwoorden" in staff.get(page).get_data(as_text=True)
    assert _post(participant, f"{page}/reactie", {"body": "x"}, page=page).status_code == 403

    assert _post(staff, f"{page}/reactie", {"body": "2024 en 2025."}, page=page).status_code == 303
    task = _task(task_id)
    assert task.status == "open"
    assert [(m.from_participant, m.body) for m in task.messages] == [
        (True, "Welke periode?"), (False, "2024 en 2025.")]
    assert "2024 en 2025." in participant.get(page).get_data(as_text=True)

    refused = _post(participant, f"{page}/afwijzen", {"reason": "  "}, page=page)
    assert refused.status_code == 422 and 'id="f-reason-error"' in refused.get_data(as_text=True)
    assert _post(participant, f"{page}/afwijzen",
                 {"reason": "Wij zijn geen verwerkingsverantwoordelijke hiervoor."},
                 page=page).status_code == 303
    assert _task(task_id).status == "declined"
    assert _post(participant, f"{page}/heropenen", {"reason": "x"}, page=page).status_code == 403

    assert _post(staff, f"{page}/heropenen", {"reason": ""}, page=page).status_code == 422
    assert _post(staff, f"{page}/heropenen", {"reason": "U bent wel betrokken geweest."},
                 page=page).status_code == 303
    task = _task(task_id)
    assert (task.status, task.decline_reason) == ("open", None)
    text = participant.get(page).get_data(as_text=True)
    assert "Heropend door het contactpunt" in text and "U bent wel betrokken geweest." in text
    assert _actions(db_session, "coordination_task", task_id).count("task.reopen") == 1


def test_a_participants_system_answers_through_the_api(
        app: Flask, db_session: sa.orm.Session) -> None:
    dsr = _in_progress(rights=["15", "16"], rectification_wrong="Mijn adres")
    (task_id,) = _tasks(dsr, "politie")
    participant = make_user(Role.DEELNEMER, organisation="politie")
    token = bearer(api_token(participant))
    staff = bearer(api_token(make_user(Role.JURIST)))
    api = app.test_client()
    base = f"/api/v1/tasks/{task_id}"

    listed = api.get("/api/v1/tasks?status=open", headers=token).json
    assert [row["id"] for row in listed["rows"]] == [task_id] and not listed["has_next"]
    draft = api.put(f"{base}/answer", headers=token, json={"holds_data": "yes",
                                                           "categories": "Mutaties"})
    assert draft.status_code == 200 and draft.json["answer"]["holds_data"] == "yes"
    bad = api.put(f"{base}/answer", headers=token, json={
        "holds_data": "misschien", "restrictions": [{"ground": "99z", "motivation": ""}]})
    assert bad.status_code == 422 and set(bad.json["errors"]["json"]) == {"holds_data",
                                                                         "restrictions"}
    incomplete = api.post(f"{base}/submit", headers=token, json={"holds_data": True})
    assert incomplete.status_code == 422
    assert set(incomplete.json["errors"]) == {"categories", "purposes", "sources", "position"}

    upload = api.post(f"{base}/files", headers=token, content_type="multipart/form-data",
                      data={"file": (io.BytesIO(PDF), "kopie.pdf")})
    assert upload.status_code == 201 and upload.json["filename"] == "kopie.pdf"
    fetched = api.get(f"{base}/files/{upload.json['id']}", headers=token)
    assert fetched.status_code == 200 and fetched.data == PDF

    answer = {"holds_data": "yes", "categories": "Mutaties", "purposes": "Openbare orde",
              "sources": "BVH", "position": "Wij verbeteren het adres.",
              "actions": "Aanpassen in BVH.",
              "restrictions": [{"ground": "41d", "motivation": "Lopend onderzoek.",
                                "notice_defeats_purpose": True,
                                "weighing": {"a": "Opsporing.", "g": "Beperkt in de tijd."},
                                "withheld_categories": "Processen-verbaal"}],
              "withheld_files": {str(upload.json["id"]): "41d"}}
    submitted = api.post(f"{base}/submit", headers=token, json=answer)
    assert submitted.status_code == 200, submitted.json
    assert submitted.json["status"] == "submitted"
    assert submitted.json["answer"]["restrictions"] == [{
        "ground": "41d", "ground_label": submitted.json["answer"]["restrictions"][0][
            "ground_label"], "ground_source": "UAVG art. 41 lid 1 onder d",
        "motivation": "Lopend onderzoek.", "notice_defeats_purpose": True,
        "weighing": {"a": "Opsporing.", "g": "Beperkt in de tijd."},
        "withheld_categories": "Processen-verbaal", "withheld_entries": None}]
    assert [(f["filename"], f["role"], f["withheld_ground"])
            for f in submitted.json["files"]] == [("kopie.pdf", "data", "41d")]
    assert api.post(f"{base}/submit", headers=token, json=answer).status_code == 422
    assert api.post(f"{base}/reopen", headers=token, json={"reason": "x"}).status_code == 403

    reopened = api.post(f"{base}/reopen", headers=staff, json={"reason": "Ook de bewaartermijn."})
    assert reopened.status_code == 200 and reopened.json["status"] == "open"
    assert reopened.json["reopen_reason"] == "Ook de bewaartermijn."
    assert reopened.json["request"]["bsn"] is None  # staff: masked, and here none was given
    asked = api.post(f"{base}/questions", headers=token, json={"body": "Welke termijn?"})
    assert asked.status_code == 200 and asked.json["status"] == "question"
    replied = api.post(f"{base}/reply", headers=staff, json={"body": "Vijf jaar."})
    assert replied.json["status"] == "open" and len(replied.json["messages"]) == 2
    declined = api.post(f"{base}/decline", headers=token, json={"reason": ""})
    assert declined.status_code == 422 and "reason" in declined.json["errors"]["json"]
    declined = api.post(f"{base}/decline", headers=token, json={"reason": "Niet van ons."})
    assert declined.json["status"] == "declined" and declined.json["decline_reason"] == \
        "Niet van ons."


# ------------------------------------------------------------------------------ consolidated view
def test_the_consolidated_view_shows_each_answer_its_grounds_files_and_what_blocks(
        app: Flask, client: FlaskClient, db_session: sa.orm.Session) -> None:
    dsr = _in_progress(rights=["15"])
    politie_task, ggd_task, om_task = _tasks(dsr, "politie", "ggd", "om")
    politie = Actor(make_user(Role.DEELNEMER, organisation="politie").id, Role.DEELNEMER,
                    organisation_id("politie"), "session")
    ggd = Actor(make_user(Role.DEELNEMER, organisation="ggd").id, Role.DEELNEMER,
                organisation_id("ggd"), "session")
    now = clock.now_utc()
    with unit_of_work():
        task = services.get_task(politie_task)
        services.add_file(task, "mutaties.pdf", PDF, actor=politie, now=now)
        services.save_answer(task, {"holds_data": True, "categories": "Mutaties",
                                    "purposes": "Openbare orde", "sources": "BVH"},
                             [services.Restriction("41d", "Lopend opsporingsonderzoek.", True, weighing={"a": "Opsporing van strafbare feiten."}, withheld_categories="Processen-verbaal")],
                             actor=politie, now=now, submit=True)
        services.decline(services.get_task(ggd_task), "Geen gegevens in onze ZVH-registratie.",
                         actor=ggd, now=now)

    jurist = make_user(Role.JURIST)
    log_in(client, jurist)
    page = client.get(f"/verzoeken/{dsr.id}/coordinatie").get_data(as_text=True)
    assert "Mutaties" in page and "Lopend opsporingsonderzoek." in page
    assert "UAVG art. 41 lid 1 onder d" in page and "UAVG art. 41 lid 2 onder h" in page
    assert "mutaties.pdf" in page and f"/taken/{politie_task}/bestanden/" in page
    assert "Geen gegevens in onze ZVH-registratie." in page
    blocking = page.split('id="h-blocking"')[1].split("</section>")[0]
    assert "Openbaar Ministerie" in blocking and "Wacht op antwoord" in blocking
    assert "Politie" not in blocking and "GGD" not in blocking
    assert "Nog geen taak uitgezet." in blocking  # the joint controllers without a task

    token = bearer(api_token(jurist))
    body = app.test_client().get(f"/api/v1/requests/{dsr.id}/coordination", headers=token).json
    lines = {line["organisation"]["id"]: line for line in body["lines"]}
    assert body["is_blocked"] is True
    politie_line = lines[organisation_id("politie")]
    assert politie_line["blocks"] is None and politie_line["task"]["status"] == "submitted"
    assert politie_line["task"]["answer"]["restrictions"][0]["ground"] == "41d"
    assert [f["filename"] for f in politie_line["task"]["files"]] == ["mutaties.pdf"]
    assert "request" not in politie_line["task"]  # the request itself is on its own page
    assert lines[organisation_id("ggd")]["task"]["decline_reason"] == \
        "Geen gegevens in onze ZVH-registratie."
    assert lines[organisation_id("om")]["task"]["id"] == om_task
    assert lines[organisation_id("om")]["blocks"].startswith("Wacht op antwoord")
    assert "dsr.coordination_view" in _actions(db_session, "dsr", dsr.id)

    fg = make_user(Role.FG)  # the FG reads, and changes nothing
    assert app.test_client().get(f"/api/v1/requests/{dsr.id}/coordination",
                                 headers=bearer(api_token(fg))).status_code == 200
    participant = make_user(Role.DEELNEMER, organisation="politie")
    assert app.test_client().get(f"/api/v1/requests/{dsr.id}/coordination",
                                 headers=bearer(api_token(participant))).status_code == 403


def test_incidental_third_parties_are_recorded_never_given_an_account(
        app: Flask, client: FlaskClient, db_session: sa.orm.Session) -> None:
    dsr = _in_progress()
    staff = make_user(Role.CONTACTPUNT)
    log_in(client, staff)
    path = f"/verzoeken/{dsr.id}/derden"
    page = f"/verzoeken/{dsr.id}/coordinatie"
    refused = _post(client, path, {"name": "", "role": "bystander"}, page=page)
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert 'id="f-name-error"' in text and 'id="f-role-error"' in text
    assert _post(client, path, {"name": "Woningcorporatie De Sleutel", "role": "consulted",
                                "note": "Gebeld over de huurachterstand."},
                 page=page).status_code == 303
    response = app.test_client().post(
        f"/api/v1/requests/{dsr.id}/third-parties", headers=bearer(api_token(staff)),
        json={"name": "Huisarts", "role": "recipient"})
    assert response.status_code == 201 and response.json["role"] == "recipient"
    assert [(p.name, p.role) for p in db_session.scalars(sa.select(ThirdParty).where(
        ThirdParty.dsr_id == dsr.id).order_by(ThirdParty.id))] == [
        ("Woningcorporatie De Sleutel", "consulted"), ("Huisarts", "recipient")]
    text = client.get(page).get_data(as_text=True)
    assert "Woningcorporatie De Sleutel" in text and "geraadpleegd" in text
    assert db_session.scalar(sa.select(sa.func.count()).select_from(User).where(
        User.display_name.in_(["Woningcorporatie De Sleutel", "Huisarts"]))) == 0


# ------------------------------------------------------------------------------ compartments
def test_organisation_a_never_reaches_organisation_bs_task_answer_or_file(
        app: Flask, db_session: sa.orm.Session) -> None:
    dsr_a, dsr_b = _in_progress(), _in_progress(bsn=VALID_BSN)
    (task_a,) = _tasks(dsr_a, "politie")
    (task_b,) = _tasks(dsr_b, "ggd")
    ggd = Actor(make_user(Role.DEELNEMER, organisation="ggd").id, Role.DEELNEMER,
                organisation_id("ggd"), "session")
    with unit_of_work():
        task = services.get_task(task_b)
        file_b = services.add_file(task, "dossier.pdf", PDF, actor=ggd, now=clock.now_utc()).id
        services.save_answer(task, {"holds_data": True, "categories": "Zorgdossier"}, [],
                             actor=ggd, now=clock.now_utc())
    user_a, browser = _participant(app, "politie")
    org_a = organisation_id("politie")
    own = f"/taken/{task_a}"
    other = f"/taken/{task_b}"

    # pages: the task, its answer, its files, its question and decline forms
    assert browser.get(other).status_code == 404
    assert browser.get(f"{other}/bestanden/{file_b}").status_code == 404
    assert browser.get(f"{own}/bestanden/{file_b}").status_code == 404  # via its own task
    for path, data in ((f"{other}/antwoord", _complete_answer(action="submit")),
                       (f"{other}/antwoord", {"action": "draft", "holds_data": "no"}),
                       (f"{other}/bestanden", {"file": (io.BytesIO(PDF), "x.pdf")}),
                       (f"{other}/bestanden", {}),
                       (f"{other}/vraag", {"body": "Mag ik kijken?"}),
                       (f"{other}/afwijzen", {"reason": "Weg ermee."})):
        response = _post(browser, path, data, page=own, content_type="multipart/form-data")
        assert response.status_code == 404, path
        assert "Zorgdossier" not in response.get_data(as_text=True)

    # lists, filters and search
    for query in ("", f"?organisation_id={organisation_id('ggd')}", f"?q={dsr_b.reference}",
                  "?status=open"):
        listing = browser.get(f"/taken{query}").get_data(as_text=True)
        assert f'href="{other}"' not in listing and f">{dsr_b.reference}</a>" not in listing, query

    # the API, with A's token
    token = bearer(api_token(user_a))
    api = app.test_client()
    base = f"/api/v1/tasks/{task_b}"
    assert api.get(base, headers=token).status_code == 404
    assert api.get(f"{base}/files/{file_b}", headers=token).status_code == 404
    assert api.get(f"/api/v1/tasks/{task_a}/files/{file_b}", headers=token).status_code == 404
    assert api.put(f"{base}/answer", headers=token, json={"holds_data": "no"}).status_code == 404
    assert api.post(f"{base}/submit", headers=token, json={"holds_data": "no"}).status_code == 404
    assert api.post(f"{base}/files", headers=token, content_type="multipart/form-data",
                    data={"file": (io.BytesIO(PDF), "x.pdf")}).status_code == 404
    assert api.post(f"{base}/questions", headers=token, json={"body": "?"}).status_code == 404
    assert api.post(f"{base}/decline", headers=token, json={"reason": "x"}).status_code == 404
    for query in ("", f"?organisation_id={organisation_id('ggd')}", f"?q={dsr_b.reference}"):
        rows = api.get(f"/api/v1/tasks{query}", headers=token).json["rows"]
        assert [row["id"] for row in rows] == ([] if query else [task_a]), query

    # B's task is untouched
    task = _task(task_b)
    assert task.status == "open" and task.messages == [] and len(task.files) == 1
    assert task.answer is not None and task.answer.categories == "Zorgdossier"
    # every refusal is in the audit log, as A's user with A's organisation
    def about_b(task_type: str, file_type: str) -> Any:
        return sa.or_(sa.and_(AuditEntry.object_type == task_type,
                              AuditEntry.object_id == str(task_b)),
                      sa.and_(AuditEntry.object_type == file_type,
                              AuditEntry.object_id == str(file_b)))

    refusals = db_session.scalars(sa.select(AuditEntry).where(
        AuditEntry.outcome == "refused", about_b("coordination_task", "task_file"))).all()
    assert len(refusals) == 17  # 9 through the pages, 8 through the API
    assert all(e.user_id == user_a.id and e.organisation_id == org_a for e in refusals)
    assert {e.object_type for e in refusals} == {"coordination_task", "task_file"}
    # and A's user never viewed anything of B
    assert not db_session.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(
        AuditEntry.user_id == user_a.id, AuditEntry.outcome == "allowed",
        about_b("coordination_task", "task_file")))


def test_files_chosen_in_the_answer_form_go_with_the_answer(app: Flask,
                                                           db_session: sa.orm.Session) -> None:
    dsr = _in_progress()
    (task_id,) = _tasks(dsr, "politie")
    _user, browser = _participant(app, "politie")
    token = csrf_token(browser, f"/taken/{task_id}")
    response = browser.post(f"/taken/{task_id}/antwoord", data={
        "csrf_token": token, "action": "draft", "holds_data": "yes",
        "categories": "Mutaties", "file": [(io.BytesIO(b"%PDF-1.4 kopie"), "kopie.pdf")]},
        content_type="multipart/form-data")
    assert response.status_code == 303
    task = _task(task_id)
    assert [f.filename for f in task.files] == ["kopie.pdf"]
    assert task.answer is not None and task.answer.categories == "Mutaties"
    refused = browser.post(f"/taken/{task_id}/antwoord", data={
        "csrf_token": token, "action": "draft", "holds_data": "yes", "categories": "Nieuw",
        "file": [(io.BytesIO(b"MZ not a pdf"), "virus.pdf")]}, content_type="multipart/form-data")
    assert refused.status_code == 422 and "PDF, JPEG en PNG" in refused.get_data(as_text=True)
    assert _task(task_id).answer.categories == "Mutaties"  # nothing half-written
