"""The besluit through the pages and the API: drafting per right (a refusal without a ground is
refused beside its field), the CONCEPT preview as HTML and PDF (never a letter), submission
blocked while a participant has to answer, four eyes (the drafter cannot approve; a second jurist
can, and the PDF/A is stored and linked), bekendmaking (electronic only after the requester's
express choice), bezwaar on time or late, the ingebrekestelling with its dwangsom so far, and the
register with the ZGW names. The contact point cannot draft or approve; the FG reads only."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
import time_machine
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.accounts.models import User
from avg_service.audit.models import AuditEntry
from avg_service.coordination import services as coordination
from avg_service.coordination.rules import DEFAULT_SHARED
from avg_service.db import unit_of_work
from avg_service.decisions import services
from avg_service.decisions.catalogue import Outcome
from avg_service.decisions.models import Decision
from avg_service.extensions import db
from avg_service.letters.models import Letter
from avg_service.requests import services as requests
from avg_service.requests.models import DataSubjectRequest
from tests.factories import (
    set_aside_other_controllers,
    api_token,
    bearer,
    csrf_token,
    log_in,
    make_request,
    make_user,
    organisation_id,
)

AMS = ZoneInfo("Europe/Amsterdam")
#: A 17(3)(b) refusal needs the facts of the case beside the standard paragraph (issue 14).
ERASURE_FACTS = ("Wij verwijderen de gegevens nu niet. In uw situatie loopt de aanpak nog tot "
                 "september 2026; de gegevens worden sinds januari 2026 verwerkt.")
SYSTEM = Actor.system("cli")


@pytest.fixture(autouse=True)
def _request_scoped_clients(client: FlaskClient) -> None:
    """Every ``app.test_client()`` here runs each request in an app context of its own, as
    the ``client`` fixture sets up (several users log in side by side)."""


def at(day: str, time: str = "10:00") -> datetime:
    return datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=AMS).astimezone(UTC)


def _browser(app: Flask, user: User) -> FlaskClient:
    browser = app.test_client()
    log_in(browser, user)
    return browser


def _post(browser: FlaskClient, path: str, data: dict[str, Any], *, page: str) -> Any:
    """A form post with the CSRF token of ``page``, the page the form is on."""
    return browser.post(path, data={"csrf_token": csrf_token(browser, page), **data})


def _as_actor(user: User) -> Actor:
    return Actor(user.id, Role(user.role), user.organisation_id, "session")


def _prepared(day: str, **fields: Any) -> tuple[DataSubjectRequest, int]:
    """A request for access and erasure, in progress, with a task for politie."""
    dsr = make_request(received_at=at(day, "09:00"), now=at(day), rights=["15", "17"], **fields)
    with unit_of_work():
        requests.start_handling(requests.get_request(dsr.id), actor=SYSTEM, now=at(day))
        (task,) = coordination.create_tasks(
            requests.get_request(dsr.id), organisation_ids=[organisation_id("politie")],
            shared=DEFAULT_SHARED, actor=SYSTEM, now=at(day))
    set_aside_other_controllers(dsr.id, now=at(day))  # a besluit waits for each
    return dsr, task.id


def _answer(task_id: int, day: str) -> None:
    politie = make_user(Role.DEELNEMER, organisation="politie")
    with unit_of_work():
        coordination.save_answer(
            coordination.get_task(task_id),
            {"holds_data": True, "categories": "Mutaties", "purposes": "Openbare orde",
             "sources": "Basisvoorziening Handhaving", "recipients": "Reclassering",
             "data_entries": "Melding 12-01-2026: overlast",
             "position": "Verwijderen kan niet: wettelijke taak."},
            [coordination.Restriction("41d", "Lopend opsporingsonderzoek naar derden.", weighing={"a": "Opsporing van strafbare feiten."}, withheld_categories="Processen-verbaal")],
            actor=_as_actor(politie), now=at(day), submit=True)


def _draft(dsr_id: int, jurist: User, day: str,
           parts: list[services.PartInput] | None = None) -> int:
    with unit_of_work():
        decision = services.save_draft(requests.get_request(dsr_id), parts or [
            services.PartInput("15", Outcome.PARTLY_GRANTED, ["41d"]),
            services.PartInput("17", Outcome.REFUSED, ["17-3-b"], motivation=ERASURE_FACTS)],
            history_note=None, actor=_as_actor(jurist), now=at(day))
    return decision.id


def _decision(decision_id: int) -> Decision:
    db.session.expire_all()
    return services.get_decision(decision_id)


def _letters() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Letter)) or 0


def _audited(db_session: sa.orm.Session, action: str, user: User) -> bool:
    return db_session.scalar(sa.select(AuditEntry.id).where(
        AuditEntry.action == action, AuditEntry.user_id == user.id).limit(1)) is not None


# ------------------------------------------------------------------------------ drafting
def test_drafting_on_the_page_with_the_error_beside_the_field(
        app: Flask, db_session: sa.orm.Session) -> None:
    with time_machine.travel(at("2026-03-06"), tick=False):
        dsr, task_id = _prepared("2026-03-02")
        _answer(task_id, "2026-03-05")
        jurist = make_user(Role.JURIST)
        browser = _browser(app, jurist)
        path = f"/verzoeken/{dsr.id}/besluit"
        html = browser.get(path).get_data(as_text=True)
        assert 'name="outcome_15"' in html and 'name="outcome_17"' in html
        # only the grounds that fit: erasure exceptions for art. 17, not for access
        assert 'id="f-grounds_17-17-3-b"' in html and 'id="f-grounds_15-17-3-b"' not in html
        assert "AVG art. 17 lid 3 onder b" in html
        # the participant's restriction motivation, for reference
        assert "Lopend opsporingsonderzoek naar derden." in html
        assert _audited(db_session, "dsr.decision_view", jurist)

        refused = _post(browser, path, {"outcome_15": "toewijzen", "outcome_17": "afwijzen",
                                        "motivation_17": "", "history_note": ""}, page=path)
        assert refused.status_code == 422
        body = refused.get_data(as_text=True)
        assert re.search(r'id="f-grounds_17-error">[^<]*Kies ten minste één grond', body)
        assert 'id="f-outcome_17"' in body and "selected" in body  # what was chosen is kept
        assert services.decision_of(requests.get_request(dsr.id)) is None

        missing = _post(browser, path, {"outcome_15": "toewijzen"}, page=path)
        assert missing.status_code == 422
        assert re.search(r'id="f-outcome_17-error">[^<]*Kies een uitkomst',
                         missing.get_data(as_text=True))

        saved = _post(browser, path, {"outcome_15": "toewijzen", "outcome_17": "afwijzen",
                                      "grounds_17": "17-3-b", "motivation_17": "",
                                      "measures_17": "", "history_note": ""}, page=path)
        assert saved.status_code == 303
        db.session.expire_all()
        dsr = requests.get_request(dsr.id)
        decision = services.decision_of(dsr)
        assert decision is not None and decision.status == "draft" and dsr.status == "deciding"
        # the standard paragraph of the ground fills the empty motivation, to be edited
        page = browser.get(path).get_data(as_text=True)
        assert re.search(r'<textarea id="f-motivation_17"[^>]*>Wij verwijderen de gegevens nu niet[^<]*'
                         r'\[Vul hier de feiten van deze zaak aan',
                         page)
        assert "Ter goedkeuring aanbieden" in page


def test_the_preview_is_marked_concept_and_never_stored(
        app: Flask, db_session: sa.orm.Session) -> None:
    with time_machine.travel(at("2026-03-06"), tick=False):
        jurist = make_user(Role.JURIST)
        other, _ = _prepared("2026-03-02", family_name="Anders")
        _draft(other.id, jurist, "2026-03-06")  # another request's draft, made first
        dsr = make_request(received_at=at("2026-03-02", "09:00"), now=at("2026-03-02"),
                           family_name="Verbeek")
        with unit_of_work():
            requests.start_handling(requests.get_request(dsr.id), actor=SYSTEM,
                                    now=at("2026-03-02"))
        decision_id = _draft(dsr.id, jurist, "2026-03-06",
                             [services.PartInput("15", Outcome.GRANTED, [])])
        before = _letters()
        browser = _browser(app, jurist)

        response = browser.get(f"/verzoeken/{dsr.id}/besluit/voorbeeld")
        assert response.status_code == 200 and response.mimetype == "text/html"
        html = response.get_data(as_text=True)
        assert "CONCEPT" in html and "Verbeek" in html
        assert "Wij wijzen uw verzoek om inzage (artikel 15 AVG) toe." in html
        assert "gedeeltelijk" not in html and "Anders" not in html  # this request's draft only
        assert "'sha256-" in response.headers["Content-Security-Policy"]

        decision_page = f"/verzoeken/{dsr.id}/besluit"
        asked = _post(browser, f"{decision_page}/voorbeelden", {}, page=decision_page)
        assert asked.status_code == 303  # embedded: the job ran inline after the commit
        waiting = browser.get(asked.location)
        assert "Het voorbeeld is klaar" in waiting.get_data(as_text=True)
        [pdf_path] = re.findall(r'href="([^"]+\.pdf)"', waiting.get_data(as_text=True))
        pdf = browser.get(pdf_path)
        assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
        assert pdf.headers["Cache-Control"] == "no-store"
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
        assert "CONCEPT" in text and "Wij wijzen uw verzoek om inzage" in text

        assert _letters() == before  # no letter: the preview is a concept copy for the jurist
        assert _decision(decision_id).letter_id is None
        assert _audited(db_session, "decision.preview_request", jurist)
        assert _audited(db_session, "decision.preview", jurist)


def test_submission_is_blocked_while_a_participant_has_to_answer(
        app: Flask, db_session: sa.orm.Session) -> None:
    with time_machine.travel(at("2026-03-06"), tick=False):
        dsr, task_id = _prepared("2026-03-02")
        jurist = make_user(Role.JURIST)
        decision_id = _draft(dsr.id, jurist, "2026-03-06")
        browser = _browser(app, jurist)
        path = f"/verzoeken/{dsr.id}/besluit"
        page = browser.get(path).get_data(as_text=True)
        assert "Nog niet ter goedkeuring aan te bieden" in page and "Politie" in page
        refused = _post(browser, f"{path}/aanbieden", {}, page=path)
        assert refused.status_code == 422
        assert ("Nog niet elke gezamenlijk verwerkingsverantwoordelijke is gehoord: Politie "
                "(open)") in refused.get_data(as_text=True)
        assert _decision(decision_id).status == "draft"

        _answer(task_id, "2026-03-06")
        assert _post(browser, f"{path}/aanbieden", {}, page=path).status_code == 303
        assert _decision(decision_id).status == "awaiting_approval"


# ------------------------------------------------------------------------------ four eyes
def test_the_drafter_cannot_approve_a_second_jurist_can_and_the_pdf_is_stored(
        app: Flask, db_session: sa.orm.Session) -> None:
    with time_machine.travel(at("2026-03-09"), tick=False):
        dsr, task_id = _prepared("2026-03-02")
        _answer(task_id, "2026-03-05")
        drafter, second = make_user(Role.JURIST), make_user(Role.JURIST)
        decision_id = _draft(dsr.id, drafter, "2026-03-06")
        path = f"/verzoeken/{dsr.id}/besluit"
        mine = _browser(app, drafter)
        assert _post(mine, f"{path}/aanbieden", {}, page=path).status_code == 303

        page = mine.get(path).get_data(as_text=True)
        assert "U heeft dit besluit opgesteld" in page and ">Goedkeuren<" not in page
        refused = _post(mine, f"{path}/goedkeuren", {}, page=path)
        assert refused.status_code == 422
        assert "Een tweede jurist keurt het besluit goed" in refused.get_data(as_text=True)
        api = app.test_client()
        response = api.post(f"/api/v1/decisions/{decision_id}/approve",
                            headers=bearer(api_token(drafter)))
        assert response.status_code == 422 and "tweede jurist" in response.json["message"]
        assert _decision(decision_id).status == "awaiting_approval"

        theirs = _browser(app, second)
        assert ">Goedkeuren<" in theirs.get(path).get_data(as_text=True)
        assert _post(theirs, f"{path}/goedkeuren", {}, page=path).status_code == 303
        decision = _decision(decision_id)
        assert (decision.status, decision.approved_by_id, decision.besluitdatum) == \
            ("approved", second.id, date(2026, 3, 9))
        assert decision.letter_id is None  # made on the day of sending
        contact = _browser(app, make_user(Role.CONTACTPUNT))
        assert _post(contact, f"{path}/bekendmaking", {"sent_on": "2026-03-09",
                                                       "channel": "hand"},
                     page=path).status_code == 303
        decision = _decision(decision_id)
        letter = db.session.get(Letter, decision.letter_id)
        assert letter is not None and letter.kind == "besluit" and letter.sha256
        link = f"/verzoeken/{dsr.id}/brieven/{letter.id}.pdf"
        assert link in theirs.get(path).get_data(as_text=True)
        stored = theirs.get(link)
        assert stored.status_code == 200 and stored.data == letter.pdf


def test_the_contact_point_cannot_draft_or_approve(
        app: Flask, db_session: sa.orm.Session) -> None:
    with time_machine.travel(at("2026-03-06"), tick=False):
        dsr, task_id = _prepared("2026-03-02")
        _answer(task_id, "2026-03-05")
        jurist = make_user(Role.JURIST)
        decision_id = _draft(dsr.id, jurist, "2026-03-06")
        with unit_of_work():
            services.submit_for_approval(services.get_decision(decision_id),
                                         actor=_as_actor(jurist), now=at("2026-03-06"))
        contactpunt = make_user(Role.CONTACTPUNT)
        browser = _browser(app, contactpunt)
        path = f"/verzoeken/{dsr.id}/besluit"
        page = browser.get(path).get_data(as_text=True)
        assert ">Goedkeuren<" not in page and 'name="outcome_15"' not in page
        assert _post(browser, path, {"outcome_15": "toewijzen", "outcome_17": "toewijzen"},
                     page=path).status_code == 403
        assert _post(browser, f"{path}/goedkeuren", {}, page=path).status_code == 403
        api, headers = app.test_client(), bearer(api_token(contactpunt))
        assert api.put(f"/api/v1/requests/{dsr.id}/decision", headers=headers, json={
            "parts": [{"right": "15", "outcome": "toewijzen"}]}).status_code == 403
        assert api.post(f"/api/v1/decisions/{decision_id}/approve",
                        headers=headers).status_code == 403
        assert _decision(decision_id).status == "awaiting_approval"


def test_the_fg_reads_the_page_but_has_no_forms(
        app: Flask, db_session: sa.orm.Session) -> None:
    with time_machine.travel(at("2026-03-06"), tick=False):
        dsr, _task_id = _prepared("2026-03-02")
        _draft(dsr.id, make_user(Role.JURIST), "2026-03-06")
        fg = make_user(Role.FG)
        browser = _browser(app, fg)
        path = f"/verzoeken/{dsr.id}/besluit"
        response = browser.get(path)
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert "Gedeeltelijk toewijzen" in page  # the draft, read-only
        forms = set(re.findall(r'action="([^"]+)"', page)) - {"/uitloggen"}
        assert forms == {f"{path}/voorbeelden"}  # reading only: the preview is for readers too
        assert _audited(db_session, "dsr.decision_view", fg)
        assert _post(browser, path, {"outcome_15": "toewijzen"}, page=path).status_code == 403
        assert browser.get(f"{path}/voorbeeld").status_code == 200  # reading is allowed


# ------------------------------------------------------------------------------ after approval
def test_bekendmaking_bezwaar_and_the_register_c31(
        app: Flask, db_session: sa.orm.Session) -> None:
    with time_machine.travel(at("2026-03-16"), tick=False) as clock:
        dsr, task_id = _prepared("2026-02-16")
        _answer(task_id, "2026-02-20")
        drafter, second = make_user(Role.JURIST), make_user(Role.JURIST)
        decision_id = _draft(dsr.id, drafter, "2026-03-02")
        with unit_of_work():
            decision = services.get_decision(decision_id)
            services.submit_for_approval(decision, actor=_as_actor(drafter),
                                         now=at("2026-03-16"))
            services.approve(decision, actor=_as_actor(second), now=at("2026-03-16"))

        contactpunt = make_user(Role.CONTACTPUNT)
        browser = _browser(app, contactpunt)
        path = f"/verzoeken/{dsr.id}/besluit"
        page = browser.get(path).get_data(as_text=True)
        assert 'value="post"' in page and 'value="electronic"' not in page  # no 2:8 choice
        refused = _post(browser, f"{path}/bekendmaking",
                        {"sent_on": "2026-03-16", "channel": "electronic"}, page=path)
        assert refused.status_code == 422
        assert re.search(r'id="f-channel-error">[^<]*Awb 2:8', refused.get_data(as_text=True))
        assert _post(browser, f"{path}/bekendmaking", {"sent_on": "2026-03-16",
                                                       "channel": "post"},
                     page=path).status_code == 303
        page = browser.get(path).get_data(as_text=True)
        # C31: raw end Monday 27 April 2026 is Koningsdag → Tuesday 28 April
        assert "dinsdag 28 april 2026" in page and "Koningsdag" in page

        clock.move_to(at("2026-04-02"))
        browser = _browser(app, contactpunt)
        assert _post(browser, f"{path}/bezwaren", {"received_on": "2026-04-02"},
                     page=path).status_code == 303
        clock.move_to(at("2026-05-06"))
        browser = _browser(app, contactpunt)
        assert _post(browser, f"{path}/bezwaren", {"received_on": "2026-05-06",
                                                   "committee": "1"},
                     page=path).status_code == 303
        page = browser.get(path).get_data(as_text=True)
        assert "Tijdig" in page and "dinsdag 9 juni 2026" in page  # 7:10: six weeks
        assert "Te laat" in page and "6:11" in page
        assert "dinsdag 21 juli 2026" in page  # twelve weeks with a committee

        register = browser.get("/besluiten").get_data(as_text=True)
        assert dsr.reference in register and "uiterlijkeReactiedatum" in register
        assert "28-04-2026" in register
        assert _audited(db_session, "decision.list", contactpunt)

        api, headers = app.test_client(), bearer(api_token(contactpunt))
        listed = api.get("/api/v1/decisions", headers=headers).json
        row = next(r for r in listed["rows"] if r["id"] == decision_id)
        assert {k: row[k] for k in ("reference", "status", "datum", "verzenddatum",
                                    "ingangsdatum", "uiterlijkeReactiedatum")} == {
            "reference": dsr.reference, "status": "notified", "datum": "2026-03-16",
            "verzenddatum": "2026-03-16", "ingangsdatum": "2026-03-16",
            "uiterlijkeReactiedatum": "2026-04-28"}
        one = api.get(f"/api/v1/requests/{dsr.id}/decision", headers=headers).json
        assert [(p["right"], p["outcome"]) for p in one["parts"]] == \
            [("15", "gedeeltelijk_toewijzen"), ("17", "afwijzen")]
        assert [o["on_time"] for o in one["objections"]] == [True, False]


def test_electronic_bekendmaking_is_offered_after_the_requesters_choice(
        app: Flask, db_session: sa.orm.Session) -> None:
    with time_machine.travel(at("2026-03-16"), tick=False):
        dsr, task_id = _prepared("2026-02-16", delivery="electronic", electronic_consent=True,
                                 email="verzoeker@example.test")
        _answer(task_id, "2026-02-20")
        drafter, second = make_user(Role.JURIST), make_user(Role.JURIST)
        decision_id = _draft(dsr.id, drafter, "2026-03-02")
        api = app.test_client()
        assert api.post(f"/api/v1/decisions/{decision_id}/submit",
                        headers=bearer(api_token(drafter))).status_code == 200
        approved = api.post(f"/api/v1/decisions/{decision_id}/approve",
                            headers=bearer(api_token(second)))
        assert approved.status_code == 200 and approved.json["letter_id"] is None
        # the requester chose electronic delivery: the page offers it, chosen beforehand
        assert re.search(r'id="f-channel-electronic" name="channel" value="electronic"\s+checked',
                         _browser(app, second).get(f"/verzoeken/{dsr.id}/besluit")
                         .get_data(as_text=True))
        assert 'value="electronic"' in _browser(app, second).get(
            f"/verzoeken/{dsr.id}/besluit").get_data(as_text=True)
        notified = api.post(f"/api/v1/decisions/{decision_id}/notification",
                            headers=bearer(api_token(make_user(Role.CONTACTPUNT))),
                            json={"sent_on": "2026-03-16", "channel": "electronic"})
        assert notified.status_code == 200
        assert (notified.json["status"], notified.json["uiterlijkeReactiedatum"]) == \
            ("notified", "2026-04-28")


def test_the_api_drafts_and_refuses_beside_the_field(
        app: Flask, db_session: sa.orm.Session) -> None:
    with time_machine.travel(at("2026-03-06"), tick=False):
        dsr, _task_id = _prepared("2026-03-02")
        api, headers = app.test_client(), bearer(api_token(make_user(Role.JURIST)))
        url = f"/api/v1/requests/{dsr.id}/decision"
        refused = api.put(url, headers=headers, json={"parts": [
            {"right": "15", "outcome": "toewijzen"},
            {"right": "17", "outcome": "afwijzen"}]})
        assert refused.status_code == 422 and "part_17" in refused.json["errors"]
        saved = api.put(url, headers=headers, json={"parts": [
            {"right": "15", "outcome": "toewijzen"},
            {"right": "17", "outcome": "afwijzen", "grounds": ["17-3-b"]}]})
        assert saved.status_code == 200 and saved.json["status"] == "draft"
        assert saved.json["parts"][1]["motivation"].startswith("Wij verwijderen")
        assert api.get(url, headers=headers).json["id"] == saved.json["id"]


# ------------------------------------------------------------------------------ ingebrekestelling
def test_ingebrekestelling_and_the_dwangsom_so_far_c28(
        app: Flask, db_session: sa.orm.Session) -> None:
    with time_machine.travel(at("2025-01-02"), tick=False) as clock:
        dsr = make_request(received_at=at("2025-01-02", "09:00"))
        assert dsr.due_on == date(2025, 2, 3)
        contactpunt = make_user(Role.CONTACTPUNT)
        path = f"/verzoeken/{dsr.id}/besluit"

        clock.move_to(at("2025-02-05"))
        browser = _browser(app, contactpunt)
        premature = _post(browser, f"/verzoeken/{dsr.id}/ingebrekestellingen",
                          {"received_on": "2025-02-03"}, page=path)
        assert premature.status_code == 422
        assert re.search(r'id="f-received_on-error">[^<]*4:17', premature.get_data(as_text=True))
        assert _post(browser, f"/verzoeken/{dsr.id}/ingebrekestellingen",
                     {"received_on": "2025-02-05"}, page=path).status_code == 303

        clock.move_to(at("2025-03-05"))
        browser = _browser(app, contactpunt)
        page = browser.get(path).get_data(as_text=True)
        assert "woensdag 19 februari 2025" in page and "dinsdag 1 april 2025" in page
        assert "<td>15</td>" in page and "€ 357" in page  # 14 × € 23 + € 35
        assert "jurist het bedrag vaststellen." in page and "(R11)" not in page  # no rule codes
        listed = app.test_client().get(f"/api/v1/requests/{dsr.id}/default-notices",
                                       headers=bearer(api_token(contactpunt))).json
        assert [(n["first_penalty_day"], n["days_accrued"], n["amount_accrued"])
                for n in listed] == [("2025-02-19", 15, "357")]
        posted = app.test_client().post(f"/api/v1/requests/{dsr.id}/default-notices",
                                        headers=bearer(api_token(contactpunt)),
                                        json={"received_on": "2025-02-12"})
        assert posted.status_code == 201
        assert (posted.json["first_penalty_day"], posted.json["days_accrued"],
                posted.json["amount_accrued"]) == ("2025-02-26", 8, "184")  # 8 × € 23
