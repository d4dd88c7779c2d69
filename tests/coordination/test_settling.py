"""The contact point moves a request on when a joint controller cannot answer in its inbox: who
cannot be reached is said before anything is sent (page, flash, API); an answer recorded on
behalf of an organisation with its letter; a task set aside with a reason and who confirmed it;
a chase sent now that the same day's sweep does not repeat. Each is audited and in the file."""

from __future__ import annotations

import base64
import io
from typing import Any

import pytest
import sqlalchemy as sa
import time_machine
from flask import Flask
from flask.testing import FlaskClient

from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.audit.models import AuditEntry
from avg_service.coordination import services, settling
from avg_service.coordination.models import CoordinationTask, TaskStepSent
from avg_service.coordination.rules import DEFAULT_SHARED
from avg_service.db import unit_of_work
from avg_service.extensions import db
from avg_service.mail.models import OutboxMessage
from avg_service.organisations.models import Organisation
from avg_service.requests import services as requests
from avg_service.requests.models import DsrEvent
from tests.factories import at, make_tasks, api_token, bearer, csrf_token, log_in, make_request, make_user, \
    organisation_id

STAFF = Actor.system("cli")
LETTER = b"%PDF-1.4 brief van de Raad voor de Kinderbescherming"


@pytest.fixture(autouse=True)
def _request_scoped_clients(client: FlaskClient) -> None:
    """Several users side by side, each request in an app context of its own."""


def _in_progress(day: str = "2026-03-02") -> int:
    with time_machine.travel(at(day), tick=False):
        dsr = make_request(received_at=at(day, "09:00"), rights=["15"])
        with unit_of_work():
            requests.start_handling(requests.get_request(dsr.id), actor=STAFF, now=at(day))
    return dsr.id


def _tasks(dsr_id: int, *codes: str, day: str = "2026-03-02") -> list[CoordinationTask]:
    return make_tasks(dsr_id, *codes, now=at(day))


def _staff(app: Flask) -> tuple[int, FlaskClient]:
    user = make_user(Role.CONTACTPUNT)
    browser = app.test_client()
    log_in(browser, user)
    return user.id, browser


def _post(browser: FlaskClient, path: str, data: dict[str, Any], *, page: str,
          **kwargs: Any) -> Any:
    return browser.post(path, data={"csrf_token": csrf_token(browser, page), **data}, **kwargs)


def _task(task_id: int) -> CoordinationTask:
    db.session.expire_all()
    return services.get_task(task_id)


def _audited(action: str, task_id: int) -> list[AuditEntry]:
    return list(db.session.scalars(sa.select(AuditEntry).where(
        AuditEntry.action == action, AuditEntry.object_id == str(task_id))))


def test_who_cannot_be_reached_is_said_before_and_after_setting_out_tasks(
        app: Flask, db_session: sa.orm.Session) -> None:
    make_user(Role.DEELNEMER, organisation="politie")
    with unit_of_work():
        db.session.get(Organisation, organisation_id("ggd")).task_email = "zvh@ggd.test"
    dsr_id = _in_progress()
    _, staff = _staff(app)
    page = staff.get(f"/verzoeken/{dsr_id}/coordinatie").get_data(as_text=True)
    assert "Niet bereikbaar</strong> (geen actief account en geen takenmailbox): " in page
    assert "Raad voor de Kinderbescherming — <strong>niet bereikbaar" in page
    assert "Politie — <strong>niet bereikbaar" not in page and "GGD — <strong>niet" not in page

    token = bearer(api_token(make_user(Role.CONTACTPUNT)))
    recipients = {r["organisation"]["name"]: r["unreachable"] for r in app.test_client().get(
        f"/api/v1/requests/{dsr_id}/task-recipients", headers=token).json}
    assert recipients["Politie"] is None and recipients["GGD"] is None
    assert recipients["Openbaar Ministerie"] == settling.UNREACHABLE

    ids = [str(organisation_id(c)) for c in ("politie", "ggd", "om")]
    choice = {"organisation_ids": ids, "shared": list(DEFAULT_SHARED)}
    # First the confirmation: who gets a task and a notice, who cannot be reached; nothing yet.
    shown = _post(staff, f"/verzoeken/{dsr_id}/taken", choice,
                  page=f"/verzoeken/{dsr_id}/coordinatie")
    assert shown.status_code == 200
    text = shown.get_data(as_text=True)
    assert "Controleer de taken" in text and "Politie — krijgt een bericht" in text
    assert "Openbaar Ministerie — <strong>niet bereikbaar" in text
    assert "Raad voor de Kinderbescherming" not in text  # not chosen
    assert db_session.scalar(sa.select(sa.func.count()).select_from(CoordinationTask)) == 0
    # "Wijzigen" goes back to the form as it was filled in: the OM ticked, the Raad not.
    back = _post(staff, f"/verzoeken/{dsr_id}/taken", {**choice, "bevestigd": "wijzigen"},
                 page=f"/verzoeken/{dsr_id}/coordinatie").get_data(as_text=True)
    assert f'value="{organisation_id("om")}" checked' in back
    assert f'value="{organisation_id("rvdk")}" checked' not in back
    assert db_session.scalar(sa.select(sa.func.count()).select_from(CoordinationTask)) == 0
    created = _post(staff, f"/verzoeken/{dsr_id}/taken", {**choice, "bevestigd": "ja"},
                    page=f"/verzoeken/{dsr_id}/coordinatie", follow_redirects=True)
    text = created.get_data(as_text=True)
    assert "Bericht gestuurd aan: Politie, GGD." in text
    assert "niet bericht: Openbaar Ministerie." in text
    assert "de deelnemers zijn bericht" not in text
    rows = app.test_client().post(f"/api/v1/requests/{dsr_id}/tasks", headers=token, json={
        "organisation_ids": [organisation_id("dji")]}).json
    assert [(r["organisation_name"], r["unreachable"]) for r in rows] == [
        ("Dienst Justitiële Inrichtingen", settling.UNREACHABLE)]


def test_an_answer_on_behalf_with_its_letter_is_final_marked_and_audited(
        app: Flask, db_session: sa.orm.Session) -> None:
    dsr_id = _in_progress()
    (task,) = _tasks(dsr_id, "rvdk")
    user_id, staff = _staff(app)
    page = f"/taken/{task.id}"
    text = staff.get(page).get_data(as_text=True)
    assert "Raad voor de Kinderbescherming is niet bereikbaar" in text
    answer = {"holds_data": "yes", "categories": "Raadsonderzoek", "purposes": "Jeugdbescherming",
              "sources": "Eigen onderzoek", "data_entries": "Rapport 2025-12"}
    missing = _post(staff, f"{page}/namens", {"source": "letter", "received_on": "2026-03-05",
                                              "answered_by": "", **answer}, page=page)
    future = _post(staff, f"{page}/namens", {
        "source": "phone", "received_on": "2099-03-10", "answered_by": "T. Raad",
        **answer}, page=page)
    no_letter = _post(staff, f"{page}/namens", {
        "source": "letter", "received_on": "2026-03-05", "answered_by": "T. Raad", **answer},
        page=page)
    assert missing.status_code == future.status_code == no_letter.status_code == 422
    assert 'id="f-answered_by-error"' in missing.get_data(as_text=True)
    text = no_letter.get_data(as_text=True)
    assert 'id="f-document-error"' in text and "Rapport 2025-12" in text  # typed text stays
    assert "ligt in de toekomst" in future.get_data(as_text=True)
    assert _task(task.id).status == "open" and _task(task.id).answer is None

    done = _post(staff, f"{page}/namens", {
        "source": "letter", "received_on": "2026-03-05", "answered_by": "T. Raad, jurist",
        "document": (io.BytesIO(LETTER), "brief-raad.pdf"), **answer},
        page=page, content_type="multipart/form-data")
    assert done.status_code == 303
    task = _task(task.id)
    assert (task.status, task.on_behalf_source, str(task.on_behalf_received_on),
            task.on_behalf_answered_by, task.submitted_by_id) == (
        "on_behalf", "letter", "2026-03-05", "T. Raad, jurist", user_id)
    (letter,) = task.files
    assert (letter.role, letter.filename) == ("on_behalf", "brief-raad.pdf")
    assert task.data_files == []  # the letter is the answer, not the data for the copy
    assert [e.user_id for e in _audited("task.answer_on_behalf", task.id)] == [user_id]
    (event,) = db_session.scalars(sa.select(DsrEvent).where(DsrEvent.kind == "task_on_behalf"))
    assert event.reason == ("Antwoord van Raad voor de Kinderbescherming vastgelegd door het "
                            "contactpunt (brief, ontvangen 05-03-2026, van T. Raad, jurist).")
    overview = staff.get(f"/verzoeken/{dsr_id}/coordinatie").get_data(as_text=True)
    assert "Vastgelegd door het contactpunt</strong> namens Raad voor de Kinderbescherming" \
        in overview and "brief-raad.pdf" in overview and "Rapport 2025-12" in overview
    line = next(l for l in services.consolidated(requests.get_request(dsr_id))
                if l.organisation.code == "rvdk")
    assert line.blocks is None
    # a participant cannot record on behalf; reopening clears the record
    participant = app.test_client()
    log_in(participant, make_user(Role.DEELNEMER, organisation="rvdk"))
    assert _post(participant, f"{page}/namens", {"source": "phone"},
                 page=page).status_code == 403
    with unit_of_work():
        services.reopen(services.get_task(task.id), "Brief onvolledig.", actor=STAFF,
                        now=at("2026-03-10"))
    task = _task(task.id)
    assert (task.status, task.on_behalf_source, task.submitted_at) == ("open", None, None)


def test_an_answer_on_behalf_through_the_api(app: Flask, db_session: sa.orm.Session) -> None:
    dsr_id = _in_progress()
    (task,) = _tasks(dsr_id, "dji")
    token = bearer(api_token(make_user(Role.CONTACTPUNT)))
    api = app.test_client()
    body = {"source": "secure_mail", "received_on": "2026-03-04", "answered_by": "A. de Jong",
            "holds_data": "no"}
    with time_machine.travel(at("2026-03-05"), tick=False):
        refused = api.post(f"/api/v1/tasks/{task.id}/on-behalf", headers=token, json=body)
        assert refused.status_code == 422 and set(refused.json["errors"]) == {"document"}
        done = api.post(f"/api/v1/tasks/{task.id}/on-behalf", headers=token, json={
            **body, "document": {"filename": "mail.pdf",
                                 "content_base64": base64.b64encode(LETTER).decode()}})
    assert done.status_code == 200, done.json
    assert (done.json["status"], done.json["on_behalf_answered_by"]) == ("on_behalf",
                                                                         "A. de Jong")
    assert [f["role"] for f in done.json["files"]] == ["on_behalf"]


def test_a_task_is_set_aside_only_with_a_reason_and_who_confirmed_it(
        app: Flask, db_session: sa.orm.Session) -> None:
    dsr_id = _in_progress()
    (task,) = _tasks(dsr_id, "dji")
    user_id, staff = _staff(app)
    page = f"/taken/{task.id}"
    refused = _post(staff, f"{page}/terzijde", {"reason": " ", "confirmed_by": ""}, page=page)
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert 'id="f-reason-error"' in text and 'id="f-confirmed_by-error"' in text
    reason = ("Deze organisatie verwerkt in dit Zorg- en Veiligheidshuis geen persoonsgegevens "
              "van deze casus.")
    assert _post(staff, f"{page}/terzijde", {"reason": reason, "confirmed_by": "P. Bakker, DJI"},
                 page=page).status_code == 303
    task = _task(task.id)
    assert (task.status, task.set_aside_reason, task.set_aside_confirmed_by) == (
        "set_aside", reason, "P. Bakker, DJI")
    assert [e.user_id for e in _audited("task.set_aside", task.id)] == [user_id]
    (event,) = db_session.scalars(sa.select(DsrEvent).where(DsrEvent.kind == "task_set_aside"))
    assert reason in (event.reason or "") and "P. Bakker, DJI" in (event.reason or "")
    token = bearer(api_token(make_user(Role.CONTACTPUNT)))
    again = app.test_client().post(f"/api/v1/tasks/{task.id}/set-aside", headers=token,
                                   json={"reason": "x", "confirmed_by": "y"})
    assert again.status_code == 422  # already settled
    assert "Terzijde gelegd door het contactpunt" in staff.get(page).get_data(as_text=True)


def test_a_chase_now_and_the_sweep_the_same_day_send_one_chase(
        app: Flask, db_session: sa.orm.Session) -> None:
    make_user(Role.DEELNEMER, organisation="politie", email="agent@politie.test")
    dsr_id = _in_progress()  # received Monday 2 March 2026
    (task,) = _tasks(dsr_id, "politie")  # internal due Monday 16 March: chase-1 on 17 March

    def chases() -> int:
        return db_session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage).where(
            OutboxMessage.purpose == "task_chase")) or 0

    with unit_of_work():
        settling.chase_now(services.get_task(task.id), actor=STAFF, now=at("2026-03-17", "08:00"))
    with pytest.raises(services.TaskRefused, match="vandaag al gerappelleerd"), unit_of_work():
        settling.chase_now(services.get_task(task.id), actor=STAFF, now=at("2026-03-17", "20:00"))
    assert chases() == 1
    with time_machine.travel(at("2026-03-17", "23:00"), tick=False), unit_of_work():
        result = services.sweep_tasks(now=at("2026-03-17", "23:00"))
    assert result.chases == 0 and chases() == 1  # chase-1 is in the ledger, not sent again
    steps = set(db_session.scalars(sa.select(TaskStepSent.step).where(
        TaskStepSent.task_id == task.id)))
    assert {"chase-now-2026-03-17", "chase-1"} <= steps
    with time_machine.travel(at("2026-03-21", "06:00"), tick=False), unit_of_work():
        assert services.sweep_tasks(now=at("2026-03-21", "06:00")).chases == 1  # chase-2
    assert chases() == 2
    assert len(_audited("task.chase_now", task.id)) == 1
    # the button and the API, today: once, then refused the same day
    _, staff = _staff(app)
    page = f"/taken/{task.id}"
    assert _post(staff, f"{page}/rappel", {}, page=page).status_code == 303
    token = bearer(api_token(make_user(Role.CONTACTPUNT)))
    twice = app.test_client().post(f"/api/v1/tasks/{task.id}/chase", headers=token)
    assert twice.status_code == 422 and "vandaag al" in twice.json["message"]
    assert chases() == 3


def test_an_unreachable_organisation_is_not_chased(app: Flask,
                                                   db_session: sa.orm.Session) -> None:
    dsr_id = _in_progress()
    (task,) = _tasks(dsr_id, "om")
    with pytest.raises(services.TaskRefused, match="bereikt niemand"), unit_of_work():
        settling.chase_now(services.get_task(task.id), actor=STAFF, now=at("2026-03-05"))
