"""What the coordination means for the besluit: every active joint controller heard, a line per
controller, silent restrictions never visible, third-party recipients, and the outcome proposed."""

from __future__ import annotations

import sqlalchemy as sa

from avg_service import clock
from avg_service.access.actor import Actor
from avg_service.coordination import outcome, services, settling
from avg_service.coordination.rules import DEFAULT_SHARED
from avg_service.db import unit_of_work
from avg_service.extensions import db
from avg_service.organisations.models import Organisation
from avg_service.requests import services as requests
from tests.factories import make_request, organisation_id

STAFF = Actor.system("cli")
ANSWER = {"holds_data": True, "categories": "Mutaties", "purposes": "Openbare orde",
          "sources": "BVH", "data_entries": "Mutatie 1\nMutatie 2"}


def _answer(task_id: int, restrictions: list[services.Restriction]) -> None:
    with unit_of_work():
        services.save_answer(services.get_task(task_id), dict(ANSWER), restrictions,
                             actor=STAFF, now=clock.now_utc(), submit=True)


def test_a_besluit_waits_until_every_active_joint_controller_is_heard(
        db_session: sa.orm.Session) -> None:
    dsr = make_request(rights=["15"])
    now = clock.now_utc()
    with unit_of_work():
        requests.start_handling(requests.get_request(dsr.id), actor=STAFF, now=now)
    dsr = requests.get_request(dsr.id)
    assert len(outcome.unheard_controllers(dsr)) == 7  # no task at all is not "none holds data"
    with unit_of_work():
        tasks = {t.organisation.code: t.id for t in services.create_tasks(
            requests.get_request(dsr.id), organisation_ids=[
                o.id for o in services.default_organisations()] + [
                organisation_id("veilig_thuis")], shared=DEFAULT_SHARED, actor=STAFF, now=now)}
    assert len(outcome.unheard_controllers(dsr)) == 8  # the private participant waits too
    _answer(tasks["politie"], [])
    with unit_of_work():
        services.decline(services.get_task(tasks["ggd"]), "Niet van ons.", actor=STAFF, now=now)
        settling.answer_on_behalf(
            services.get_task(tasks["rvdk"]), {"holds_data": False}, [],
            settling.OnBehalf("phone", clock.today_local(), "T. Raad"), actor=STAFF, now=now)
        for code in ("dji", "om", "burgemeester", "college", "veilig_thuis"):
            settling.set_aside(services.get_task(tasks[code]), reason="Geen gegevens.",
                               confirmed_by="De privacy officer", actor=STAFF, now=now)
    assert outcome.unheard_controllers(dsr) == []
    with unit_of_work():  # a deactivated controller is not asked; a new one is
        db.session.get(Organisation, organisation_id("dji")).is_active = False
        db.session.add(Organisation(code="ggd-2", name="GGD Regio Twee",
                                    legal_basis="WGS art. 2.27(1)(g)", is_joint_controller=True))
    assert outcome.unheard_controllers(dsr) == ["GGD Regio Twee (nog geen taak)"]

    lines = {line.organisation: line.text for line in outcome.controller_lines(
        outcome.tasks_of(dsr))}
    assert lines["Politie"] == ("Politie heeft gegevens over u in de verwerking van het Zorg- en "
                                "Veiligheidshuis.")
    assert "vastgelegd door het contactpunt" in lines["Raad voor de Kinderbescherming"]
    assert lines["Openbaar Ministerie"] == "Openbaar Ministerie: Geen gegevens."
    assert "Niet van ons." in lines["GGD"]


def test_a_silent_restriction_proposes_nothing_and_changes_no_line(
        db_session: sa.orm.Session) -> None:
    dsr = make_request(rights=["15"])
    now = clock.now_utc()
    with unit_of_work():
        requests.start_handling(requests.get_request(dsr.id), actor=STAFF, now=now)
        politie, om = (t.id for t in services.create_tasks(
            requests.get_request(dsr.id), organisation_ids=[organisation_id("politie"),
                                                            organisation_id("om")],
            shared=DEFAULT_SHARED, actor=STAFF, now=now))
    _answer(politie, [services.Restriction(
        "41i", "Een melder.", weighing={"g": "Gevaar."}, withheld_categories="De melder",
        withheld_entries="Melder: J. Buur")])
    _answer(om, [services.Restriction(
        "41d", "Lopend onderzoek.", True, weighing={"a": "Opsporing."},
        withheld_categories="Processen-verbaal", withheld_entries="PV 2026-9")])
    tasks = outcome.tasks_of(requests.get_request(dsr.id))
    assert outcome.proposed_partial(tasks) == ["Politie"]
    assert outcome.has_silent_restriction(tasks)
    assert [r.ground for t in tasks for r in outcome.visible_restrictions(t)] == ["41i"]
    lines = {line.organisation: line.text for line in outcome.controller_lines(tasks)}
    assert lines["Openbaar Ministerie"] == ("Openbaar Ministerie heeft gegevens over u in de "
                                            "verwerking van het Zorg- en Veiligheidshuis.")
    assert "verstrekt zij niet" in lines["Politie"]
