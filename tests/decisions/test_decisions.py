"""Drafting, four eyes, the besluit PDF, bekendmaking, bezwaar and ingebrekestelling, with a
fixed clock and the worked cases of DEADLINES.md."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa
import time_machine
from pypdf import PdfReader

from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.accounts.models import User
from avg_service.coordination import services as coordination
from avg_service.coordination.rules import DEFAULT_SHARED
from avg_service.db import unit_of_work
from avg_service.decisions import services
from avg_service.decisions.catalogue import GroundNotAllowed, Outcome, check_outcome
from avg_service.decisions.models import Decision
from avg_service.extensions import db
from avg_service.letters.models import Letter
from avg_service.requests import services as requests
from tests.factories import at, make_decision, make_request, make_user, organisation_id, set_aside_other_controllers

#: A 17(3)(b) refusal needs the facts of the case beside the standard paragraph (issue 14).
ERASURE_FACTS = ("Wij verwijderen de gegevens nu niet. In uw situatie loopt de aanpak nog tot "
                 "september 2026; de gegevens worden sinds januari 2026 verwerkt.")
SYSTEM = Actor.system("cli")


def actor_of(role: Role, organisation: str | None = None) -> Actor:
    user = make_user(role, organisation=organisation)
    return Actor(user.id, role, user.organisation_id, "session")


def test_outcomes_need_fitting_grounds() -> None:
    check_outcome("15", Outcome.GRANTED, [])
    check_outcome("15", Outcome.PARTLY_GRANTED, ["41d"])
    with pytest.raises(GroundNotAllowed, match="3:46"):
        check_outcome("17", Outcome.REFUSED, [])
    with pytest.raises(GroundNotAllowed, match="past niet"):
        check_outcome("15", Outcome.GRANTED, ["41d"])
    with pytest.raises(GroundNotAllowed, match="20 lid 3"):
        check_outcome("20", Outcome.GRANTED, [])
    with pytest.raises(GroundNotAllowed, match="Onbekende"):
        check_outcome("15", Outcome.REFUSED, ["99z"])


def _prepared(day: str = "2026-03-02"):  # type: ignore[no-untyped-def]
    """A request in progress with politie's submitted answer (data held, one restriction)."""
    with time_machine.travel(at(day), tick=False):
        dsr = make_request(received_at=at(day, "09:00"), rights=["15", "17"],
                           family_name="Verbeek")
        with unit_of_work():
            requests.start_handling(requests.get_request(dsr.id), actor=SYSTEM, now=at(day))
            (task,) = coordination.create_tasks(
                requests.get_request(dsr.id), organisation_ids=[organisation_id("politie")],
                shared=DEFAULT_SHARED, actor=SYSTEM, now=at(day))
        set_aside_other_controllers(dsr.id, now=at(day))  # a besluit waits for each
    politie = actor_of(Role.DEELNEMER, "politie")
    return dsr, task, politie


def _answer(task_id: int, politie: Actor, day: str = "2026-03-05") -> None:
    with unit_of_work():
        coordination.save_answer(
            coordination.get_task(task_id),
            {"holds_data": True, "categories": "Mutaties\nAdresgegevens",
             "purposes": "Openbare orde", "sources": "Basisvoorziening Handhaving",
             "recipients": "Reclassering", "data_entries": "Melding 12-01-2026: overlast",
             "position": "Verwijderen kan niet: wettelijke taak."},
            [coordination.Restriction("41d", "Lopend opsporingsonderzoek naar derden.", weighing={"a": "Opsporing van strafbare feiten."}, withheld_categories="Processen-verbaal")],
            actor=politie, now=at(day), submit=True)


def _draft(dsr_id: int, jurist: Actor, day: str = "2026-03-06") -> Decision:
    return make_decision(dsr_id, jurist=jurist, now=at(day), parts=[
        services.PartInput("15", Outcome.PARTLY_GRANTED, ["41d"]),
        services.PartInput("17", Outcome.REFUSED, ["17-3-b"], motivation=ERASURE_FACTS)])


def test_four_eyes_then_the_final_pdf(db_session: sa.orm.Session) -> None:
    dsr, task, politie = _prepared()
    drafter, second = actor_of(Role.JURIST), actor_of(Role.JURIST)
    decision = _draft(dsr.id, drafter)
    assert requests.get_request(dsr.id).status == "deciding"
    assert decision.parts[0].motivation.startswith("Wij geven een deel van de gegevens niet")
    with pytest.raises(services.DecisionRefused, match="Politie"), unit_of_work():
        services.submit_for_approval(services.get_decision(decision.id), actor=drafter,
                                     now=at("2026-03-06"))
    _answer(task.id, politie)
    with unit_of_work():
        services.submit_for_approval(services.get_decision(decision.id), actor=drafter,
                                     now=at("2026-03-06"))
    with pytest.raises(services.DecisionRefused, match="tweede jurist"), unit_of_work():
        services.approve(services.get_decision(decision.id), actor=drafter, now=at("2026-03-09"))
    contactpunt = actor_of(Role.CONTACTPUNT)
    with pytest.raises(services.DecisionRefused, match="jurist"), unit_of_work():
        services.approve(services.get_decision(decision.id), actor=contactpunt,
                         now=at("2026-03-09"))
    with time_machine.travel(at("2026-03-09"), tick=False), unit_of_work():
        services.approve(services.get_decision(decision.id), actor=second, now=at("2026-03-09"))
    decision = services.get_decision(decision.id)
    assert (decision.status, decision.besluitdatum, decision.approved_by_id) == \
        ("approved", date(2026, 3, 9), second.user_id)
    assert decision.letter_id is None  # the letter is made on the day of sending
    contact = actor_of(Role.CONTACTPUNT)
    with time_machine.travel(at("2026-03-09", "15:00"), tick=False), unit_of_work():
        services.notify(services.get_decision(decision.id), sent_on=date(2026, 3, 9),
                        channel="post", actor=contact, now=at("2026-03-09", "15:00"))
    decision = services.get_decision(decision.id)
    letter = db.session.get(Letter, decision.letter_id)
    assert letter is not None and letter.rendered_at is not None and letter.kind == "besluit"
    reader = PdfReader(io.BytesIO(letter.pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Wij wijzen uw verzoek om inzage (artikel 15 AVG) gedeeltelijk toe." in text
    assert "Wij wijzen uw verzoek om verwijdering (artikel 17 AVG) af." in text
    assert "Lopend opsporingsonderzoek naar derden." in text  # the participant's motivation
    assert "bezwaar maken" in text and "zes weken" in text  # the bezwaarclausule
    # signed under mandate by who decided: the second jurist's name and function (no function
    # on the account: "jurist"), not the settings' fixed coordinator
    approver = db.session.get(User, second.user_id)
    assert "namens dezen" in text and f"{approver.display_name}, jurist" in text
    assert "M. de Vries" not in text
    assert "Melding 12-01-2026: overlast" in text  # the data annex
    xmp = reader.xmp_metadata  # the PDF/A-2u identification
    assert xmp is not None and 'pdfaid:part="2"' in xmp.stream.get_data().decode()


def test_bekendmaking_starts_the_bezwaartermijn_c31(db_session: sa.orm.Session) -> None:
    dsr, task, politie = _prepared("2026-02-16")
    _answer(task.id, politie, "2026-02-20")
    drafter, second = actor_of(Role.JURIST), actor_of(Role.JURIST)
    decision = _draft(dsr.id, drafter, "2026-03-02")
    with time_machine.travel(at("2026-03-16"), tick=False), unit_of_work():
        decision = services.get_decision(decision.id)
        services.submit_for_approval(decision, actor=drafter, now=at("2026-03-16"))
        services.approve(decision, actor=second, now=at("2026-03-16"))
    with pytest.raises(services.DecisionRefused, match="2:8"), unit_of_work():
        services.notify(services.get_decision(decision.id), sent_on=date(2026, 3, 16),
                        channel="electronic", actor=SYSTEM, now=at("2026-03-16"))
    with unit_of_work():
        services.notify(services.get_decision(decision.id), sent_on=date(2026, 3, 16),
                        channel="post", actor=SYSTEM, now=at("2026-03-16", "16:00"))
    decision = services.get_decision(decision.id)
    # C31: sent Monday 16 March 2026; raw end Monday 27 April is Koningsdag → Tuesday 28 April
    assert (decision.verzenddatum, decision.ingangsdatum, decision.uiterlijke_reactiedatum) == \
        (date(2026, 3, 16), date(2026, 3, 16), date(2026, 4, 28))
    assert requests.get_request(dsr.id).status == "closed"
    with unit_of_work():
        objection = services.register_objection(
            services.get_decision(decision.id), received_on=date(2026, 4, 2), posted_on=None,
            committee=False, actor=SYSTEM, now=at("2026-04-02"))
    assert objection.on_time and objection.decision_due_on == date(2026, 6, 9)


def test_a_posted_bezwaar_and_the_one_week_rule_c30(db_session: sa.orm.Session) -> None:
    dsr, task, politie = _prepared("2025-10-20")
    _answer(task.id, politie, "2025-10-24")
    drafter, second = actor_of(Role.JURIST), actor_of(Role.JURIST)
    decision = _draft(dsr.id, drafter, "2025-11-10")
    with time_machine.travel(at("2025-11-13"), tick=False), unit_of_work():
        decision = services.get_decision(decision.id)
        services.submit_for_approval(decision, actor=drafter, now=at("2025-11-13"))
        services.approve(decision, actor=second, now=at("2025-11-13"))
        services.notify(decision, sent_on=date(2025, 11, 13), channel="post", actor=SYSTEM,
                        now=at("2025-11-13"))
    assert services.get_decision(decision.id).uiterlijke_reactiedatum == date(2025, 12, 29)
    with unit_of_work():
        on_time = services.register_objection(
            services.get_decision(decision.id), received_on=date(2026, 1, 5),
            posted_on=date(2025, 12, 29), committee=True, actor=SYSTEM, now=at("2026-01-05"))
        late = services.register_objection(
            services.get_decision(decision.id), received_on=date(2026, 1, 6),
            posted_on=date(2025, 12, 29), committee=False, actor=SYSTEM, now=at("2026-01-06"))
    assert on_time.on_time and not late.on_time


def test_ingebrekestelling_and_the_dwangsom_c28(db_session: sa.orm.Session) -> None:
    with time_machine.travel(at("2025-01-02"), tick=False):
        dsr = make_request(received_at=at("2025-01-02", "09:00"))
    assert dsr.due_on == date(2025, 2, 3)
    with pytest.raises(services.DecisionRefused, match="4:17"), unit_of_work():
        services.register_default_notice(requests.get_request(dsr.id),
                                         received_on=date(2025, 2, 3), actor=SYSTEM,
                                         now=at("2025-02-03"))
    with unit_of_work():
        notice = services.register_default_notice(requests.get_request(dsr.id),
                                                  received_on=date(2025, 2, 5), actor=SYSTEM,
                                                  now=at("2025-02-05"))
    assert (notice.first_penalty_day, notice.last_penalty_day) == \
        (date(2025, 2, 19), date(2025, 4, 1))
    none_yet = services.penalty_status(notice, decided_on=None, today=date(2025, 2, 18))
    assert (none_yet.days_accrued, none_yet.amount_accrued) == (0, Decimal("0"))
    fifteen = services.penalty_status(notice, decided_on=None, today=date(2025, 3, 5))
    assert (fifteen.days_accrued, fifteen.amount_accrued) == (15, Decimal(14 * 23 + 35))
    decided = services.penalty_status(notice, decided_on=date(2025, 2, 14), today=date(2025, 5, 1))
    assert decided.days_accrued == 0  # C28: decided before the first day
    maximum = services.penalty_status(notice, decided_on=None, today=date(2025, 6, 1))
    assert (maximum.days_accrued, maximum.amount_accrued) == (42, Decimal(1442))


def test_every_right_needs_a_decision(db_session: sa.orm.Session) -> None:
    dsr, _task, _politie = _prepared()
    jurist = actor_of(Role.JURIST)
    with pytest.raises(services.DecisionRefused, match="17"), unit_of_work():
        services.save_draft(requests.get_request(dsr.id), [
            services.PartInput("15", Outcome.GRANTED, [])], history_note=None, actor=jurist,
            now=at("2026-03-06"))
