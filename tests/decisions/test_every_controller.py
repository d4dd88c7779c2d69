"""The besluit and every joint controller: refused until each is heard; the letter says per
controller what it answered (an answer on behalf, a set-aside in the verloop); a stated
restriction carries its UAVG 41(2) weighing and what is withheld, and a withheld entry never
reaches the PDF; a silent restriction (41(2)(h)) leaves no trace in the letter, and citing its
ground is refused by the API and warned about on the page; incidental third parties and
mandates are in the letter."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.coordination import services as coordination
from avg_service.coordination import settling
from avg_service.coordination.outcome import NEUTRAL_SENTENCE
from avg_service.coordination.rules import DEFAULT_SHARED
from avg_service.db import unit_of_work
from avg_service.decisions import services
from avg_service.decisions.catalogue import Outcome
from avg_service.extensions import db
from avg_service.letters.models import Letter
from avg_service.letters.rendering import render_pdf
from avg_service.letters.services import render_letter_html
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
    set_aside_other_controllers,
)

AMS = ZoneInfo("Europe/Amsterdam")
SYSTEM = Actor.system("cli")
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
DISCLOSED = "Mutatie 2026-031: melding overlast"
WITHHELD = "Melder: J. Buur, Kerkstraat 14"
ANSWER = {"holds_data": True, "categories": "Mutaties", "purposes": "Openbare orde",
          "sources": "Meldingen", "data_entries": DISCLOSED}


@pytest.fixture(autouse=True)
def _request_scoped_clients(client: FlaskClient) -> None:
    """Several users side by side, each request in an app context of its own."""


def _jurist() -> Actor:
    user = make_user(Role.JURIST)
    return Actor(user.id, Role.JURIST, None, "session")


def _request(*codes: str) -> tuple[int, dict[str, int]]:
    dsr = make_request(rights=["15"], family_name="Zwartbroek")
    with unit_of_work():
        requests.start_handling(requests.get_request(dsr.id), actor=SYSTEM, now=NOW)
        tasks = coordination.create_tasks(
            requests.get_request(dsr.id), organisation_ids=[organisation_id(c) for c in codes],
            shared=DEFAULT_SHARED, actor=SYSTEM, now=NOW)
    return dsr.id, {t.organisation.code: t.id for t in tasks}


def _answer(task_id: int, restrictions: list[coordination.Restriction]) -> None:
    with unit_of_work():
        task = coordination.get_task(task_id)
        if task.status != "open":
            coordination.reopen(task, "Aanvulling.", actor=SYSTEM, now=NOW)
        coordination.save_answer(task, dict(ANSWER), restrictions, actor=SYSTEM, now=NOW,
                                 submit=True)


def _draft(dsr_id: int, jurist: Actor, grounds: list[str] | None = None) -> int:
    outcome = Outcome.PARTLY_GRANTED if grounds else Outcome.GRANTED
    with unit_of_work():
        return services.save_draft(requests.get_request(dsr_id), [
            services.PartInput("15", outcome, grounds or [])], history_note=None, actor=jurist,
            now=NOW).id


def _letter_text(dsr_id: int) -> str:
    """The besluit as the letter would print it now (a transient letter, nothing stored)."""
    db.session.expire_all()
    dsr = requests.get_request(dsr_id)
    html = render_letter_html(Letter(kind="besluit", dsr_id=dsr_id, kenmerk=dsr.reference,
                                     dagtekening=NOW))
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_submission_waits_for_every_active_joint_controller(
        db_session: sa.orm.Session) -> None:
    dsr_id, tasks = _request("politie")
    jurist = _jurist()
    decision_id = _draft(dsr_id, jurist)
    _answer(tasks["politie"], [])
    with pytest.raises(services.DecisionRefused) as refused, unit_of_work():
        services.submit_for_approval(services.get_decision(decision_id), actor=jurist, now=NOW)
    assert "Raad voor de Kinderbescherming (nog geen taak)" in refused.value.message
    assert "GGD (nog geen taak)" in refused.value.message
    with unit_of_work():  # six are heard, one still answers
        ggd, rvdk = (t.id for t in coordination.create_tasks(
            requests.get_request(dsr_id), organisation_ids=[organisation_id("ggd"),
                                                            organisation_id("rvdk")],
            shared=DEFAULT_SHARED, actor=SYSTEM, now=NOW))
    set_aside_other_controllers(dsr_id, now=NOW)
    with pytest.raises(services.DecisionRefused, match=r"GGD \(open\)"), unit_of_work():
        services.submit_for_approval(services.get_decision(decision_id), actor=jurist, now=NOW)
    with unit_of_work():
        coordination.decline(coordination.get_task(ggd), "Geen casus bij de GGD.", actor=SYSTEM,
                             now=NOW)
        settling.answer_on_behalf(coordination.get_task(rvdk), {"holds_data": False}, [],
                                  settling.OnBehalf("phone", date(2026, 3, 10), "T. Raad"),
                                  actor=SYSTEM, now=NOW)
        services.submit_for_approval(services.get_decision(decision_id), actor=jurist, now=NOW)
    text = _letter_text(dsr_id)
    assert "Politie heeft gegevens over u in de verwerking van het Zorg- en Veiligheidshuis." \
        in text
    assert "Raad voor de Kinderbescherming heeft geen gegevens over u in deze verwerking " \
           "(antwoord per telefoon van 10-03-2026, vastgelegd door het contactpunt)." in text
    assert "GGD heeft laten weten dat zij niet bij uw verzoek betrokken is: Geen casus" in text
    assert "Openbaar Ministerie: Geen gegevens in deze casus." in text
    # the annex lists the controllers that hold data, and only those
    annex = text[text.index("Bijlage: uw gegevens per organisatie"):]
    assert "Politie" in annex and "GGD" not in annex and "Kinderbescherming" not in annex


def test_a_stated_restriction_is_weighed_and_its_withheld_entry_is_not_in_the_pdf(
        db_session: sa.orm.Session) -> None:
    dsr_id, tasks = _request("politie")
    set_aside_other_controllers(dsr_id, now=NOW)
    _answer(tasks["politie"], [coordination.Restriction(
        "41i", "De melder moet worden beschermd.", weighing={
            "c": "Alleen de naam en het adres van de melder.",
            "g": "Bij bekend worden loopt de melder gevaar."},
        withheld_categories="Gegevens over de melder", withheld_entries=WITHHELD)])
    with unit_of_work():
        coordination.add_third_party(requests.get_request(dsr_id), name="Woningcorporatie Thuis",
                                     role="recipient", note=None, actor=SYSTEM, now=NOW)
    _draft(dsr_id, _jurist(), ["41i"])
    html = render_letter_html(Letter(kind="besluit", dsr_id=dsr_id, kenmerk="K", dagtekening=NOW))
    text = " ".join(" ".join(p.extract_text() or "" for p in PdfReader(
        io.BytesIO(render_pdf(html))).pages).split())
    assert DISCLOSED in text and WITHHELD not in text and "J. Buur" not in text
    assert "Wat niet wordt verstrekt: Gegevens over de melder." in text
    assert "De melder moet worden beschermd." in text
    assert "Over de reikwijdte van de beperking: Alleen de naam en het adres van de melder." \
        in text
    assert "Over de risico's voor de rechten en vrijheden van betrokkene: Bij bekend worden" \
        in text
    assert "Woningcorporatie Thuis" in text  # a recipient in 15(1)(c)
    assert " ".join(NEUTRAL_SENTENCE.split()) in text


def test_a_silent_restriction_leaves_no_trace_in_the_letter(db_session: sa.orm.Session) -> None:
    dsr_id, tasks = _request("politie")
    set_aside_other_controllers(dsr_id, now=NOW)
    _answer(tasks["politie"], [])
    jurist = _jurist()
    _draft(dsr_id, jurist)
    without = _letter_text(dsr_id)
    _answer(tasks["politie"], [coordination.Restriction(
        "41d", "Lopend opsporingsonderzoek naar de buren.", True,
        weighing={"a": "Opsporing."}, withheld_categories="Processen-verbaal",
        withheld_entries=WITHHELD)])
    with_silent = _letter_text(dsr_id)
    assert with_silent == without  # not a ground, not a sentence, not a word more
    assert NEUTRAL_SENTENCE.split()[0] in without and WITHHELD not in with_silent
    assert "opsporing" not in with_silent.lower() and "41 lid 1 onder d" not in with_silent

    # Citing its ground would reveal it: the service (the API) refuses, submission too.
    with pytest.raises(services.DecisionRefused, match="niet mag horen"), unit_of_work():
        services.save_draft(requests.get_request(dsr_id), [
            services.PartInput("15", Outcome.PARTLY_GRANTED, ["41d"])], history_note=None,
            actor=jurist, now=NOW)
    with unit_of_work():
        decision = services.save_draft(requests.get_request(dsr_id), [
            services.PartInput("15", Outcome.PARTLY_GRANTED, ["41d"])], history_note=None,
            actor=jurist, now=NOW, refuse_silent_grounds=False)
    with pytest.raises(services.DecisionRefused, match="niet mag horen"), unit_of_work():
        services.submit_for_approval(services.get_decision(decision.id), actor=jurist, now=NOW)


def test_the_page_warns_and_the_api_refuses_a_silent_ground(
        app: Flask, db_session: sa.orm.Session) -> None:
    dsr_id, tasks = _request("om")
    set_aside_other_controllers(dsr_id, now=NOW)
    _answer(tasks["om"], [coordination.Restriction(
        "41d", "Lopend onderzoek.", True, weighing={"a": "Opsporing."},
        withheld_categories="Processen-verbaal")])
    user = make_user(Role.JURIST)
    api = app.test_client().put(f"/api/v1/requests/{dsr_id}/decision",
                                headers=bearer(api_token(user)), json={"parts": [
                                    {"right": "15", "outcome": "gedeeltelijk_toewijzen",
                                     "grounds": ["41d"]}]})
    assert api.status_code == 422 and "UAVG art. 41 lid 1 onder d" in api.json["message"]
    browser = app.test_client()
    log_in(browser, user)
    path = f"/verzoeken/{dsr_id}/besluit"
    page = browser.get(path).get_data(as_text=True)
    # a silent restriction proposes no partial grant (that would reveal it)
    assert not re.search(r'value="gedeeltelijk_toewijzen"[^>]*selected', page)
    saved = browser.post(path, data={"csrf_token": csrf_token(browser, path),
                                     "outcome_15": "gedeeltelijk_toewijzen",
                                     "grounds_15": ["41d"]})
    assert saved.status_code == 303
    page = browser.get(path).get_data(as_text=True)
    assert "Let op: dit concept noemt UAVG art. 41 lid 1 onder d" in page


def test_the_draft_proposes_a_partial_grant_and_the_letter_names_a_mandate(
        app: Flask, db_session: sa.orm.Session) -> None:
    dsr_id, tasks = _request("politie")
    set_aside_other_controllers(dsr_id, now=NOW)
    _answer(tasks["politie"], [coordination.Restriction(
        "41i", "Een melder.", weighing={"g": "Gevaar."}, withheld_categories="De melder",
        withheld_entries=WITHHELD)])
    with unit_of_work():
        politie = db.session.get(Organisation, organisation_id("politie"))
        politie.decision_mode = "mandate"
        politie.mandate_reference, politie.mandate_on = "MB-2026-01", date(2026, 1, 15)
    browser = app.test_client()
    log_in(browser, make_user(Role.JURIST))
    page = browser.get(f"/verzoeken/{dsr_id}/besluit").get_data(as_text=True)
    assert re.search(r'value="gedeeltelijk_toewijzen"\s+selected', page), "proposed"
    assert re.search(r'id="f-grounds_15-41i"[^>]*checked', page)
    _draft(dsr_id, _jurist(), ["41i"])
    text = _letter_text(dsr_id)
    assert "Dit besluit nemen wij ook namens Politie, op grond van het mandaatbesluit " \
           "MB-2026-01 van donderdag 15 januari 2026 (artikel 10:10 Awb)." in text


def test_a_controller_that_decides_itself_is_named_with_its_bezwaar_address(
        db_session: sa.orm.Session) -> None:
    dsr_id, tasks = _request("om")
    set_aside_other_controllers(dsr_id, now=NOW)
    _answer(tasks["om"], [])
    with unit_of_work():
        om = db.session.get(Organisation, organisation_id("om"))
        om.decision_mode, om.own_objection_address = "self", "Parket Noord\nPostbus 20"
    _draft(dsr_id, _jurist())
    text = _letter_text(dsr_id)
    assert "Over hun eigen deel beslissen zelf: Openbaar Ministerie." in text
    assert "Dan maakt u bezwaar bij Openbaar Ministerie, Parket Noord, Postbus 20" in text
    assert "ook namens" not in text  # no mandate recorded
