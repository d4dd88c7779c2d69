"""Coordination use cases with a fixed clock: tasks, answers, questions, reopen, the sweep's
reminder steps (each once) and the consolidated view."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
import time_machine

from avg_service.access.actor import Actor
from avg_service.access.policy import may
from avg_service.access.roles import Permission, Role
from avg_service.coordination import services
from avg_service.coordination.models import CoordinationTask, TaskStepSent
from avg_service.coordination.rules import DEFAULT_SHARED
from avg_service.db import unit_of_work
from avg_service.extensions import db
from avg_service.mail.models import OutboxMessage
from avg_service.organisations.models import Organisation
from avg_service.requests import services as requests
from tests.factories import at, make_tasks, make_request, make_user, organisation_id

STAFF = Actor.system("cli")


def _request_in_progress(day: str = "2026-03-02", **fields):  # type: ignore[no-untyped-def]
    with time_machine.travel(at(day), tick=False):
        dsr = make_request(received_at=at(day, "09:00"), **fields)
        with unit_of_work():
            requests.start_handling(requests.get_request(dsr.id), actor=STAFF, now=at(day))
    return dsr


def _tasks(dsr_id: int, *codes: str, day: str = "2026-03-02") -> list[CoordinationTask]:
    return make_tasks(dsr_id, *codes, now=at(day))


def _participant(code: str) -> Actor:
    user = make_user(Role.DEELNEMER, organisation=code)
    return Actor(user.id, Role.DEELNEMER, user.organisation_id, "session")


def test_tasks_for_every_joint_controller_once(db_session: sa.orm.Session) -> None:
    dsr = _request_in_progress(rights=["15", "17"])
    created = _tasks(dsr.id)
    assert len(created) == 7
    assert {t.organisation.code for t in created} == {
        "rvdk", "dji", "politie", "om", "burgemeester", "college", "ggd"}
    task = created[0]
    assert task.internal_due_on == date(2026, 3, 16) and task.sent_on == date(2026, 3, 2)
    assert "art. 17 lid 3" in task.questions
    assert _tasks(dsr.id, "politie", "veilig_thuis")[0].organisation.code == "veilig_thuis"
    assert db_session.scalar(sa.select(sa.func.count()).select_from(CoordinationTask)) == 8


def test_tasks_only_for_a_request_in_progress(db_session: sa.orm.Session) -> None:
    dsr = make_request()
    with pytest.raises(services.TaskRefused), unit_of_work():
        services.create_tasks(requests.get_request(dsr.id), organisation_ids=[
            organisation_id("politie")], shared=DEFAULT_SHARED, actor=STAFF, now=at("2026-03-02"))


def test_answer_draft_submit_final_and_reopen(db_session: sa.orm.Session) -> None:
    dsr = _request_in_progress(rights=["15", "16"], rectification_wrong="Adres")
    (task,) = _tasks(dsr.id, "politie")
    politie = _participant("politie")
    now = at("2026-03-05")
    with unit_of_work():
        services.save_answer(services.get_task(task.id), {"holds_data": True,
                                                          "categories": "Mutaties"}, [],
                             actor=politie, now=now)
    with pytest.raises(services.TaskRefused) as incomplete, unit_of_work():
        services.save_answer(services.get_task(task.id), {}, [], actor=politie, now=now,
                             submit=True)
    assert set(incomplete.value.errors) == {"purposes", "sources", "position"}
    with unit_of_work():
        services.save_answer(
            services.get_task(task.id),
            {"purposes": "Openbare orde", "sources": "BVH", "position": "Wij passen het aan."},
            [services.Restriction("41d", "Lopend opsporingsonderzoek.", True, weighing={"a": "Opsporing van strafbare feiten."}, withheld_categories="Processen-verbaal")],
            actor=politie, now=now, submit=True)
    task = services.get_task(task.id)
    assert task.status == "submitted" and task.answer is not None
    assert [(r.ground, r.notice_defeats_purpose) for r in task.answer.restrictions] == \
        [("41d", True)]
    with pytest.raises(services.TaskRefused), unit_of_work():
        services.save_answer(services.get_task(task.id), {"categories": "x"}, [],
                             actor=politie, now=now)
    with unit_of_work():
        services.reopen(services.get_task(task.id), "Graag ook de bewaartermijn.",
                        actor=STAFF, now=now)
    assert services.get_task(task.id).status == "open"


def test_a_final_restriction_needs_its_motivation_weighing_and_what_is_withheld(
        db_session: sa.orm.Session) -> None:
    """A draft keeps a ground still being written; the final answer needs, per ground, the
    motivation, for UAVG 41 the weighing of art. 41(2), and what is withheld by category; and
    an entry withheld cannot also be among the data for the copy."""
    dsr = _request_in_progress(rights=["17"])
    (task,) = _tasks(dsr.id, "om")
    om = _participant("om")
    with unit_of_work():
        services.save_answer(services.get_task(task.id), {"holds_data": False},
                             [services.Restriction("41d", "  ")], actor=om, now=at("2026-03-03"))
    assert [r.motivation for r in services.get_task(task.id).answer.restrictions] == [""]
    with pytest.raises(services.TaskRefused) as refused, unit_of_work():
        services.submit_answer(services.get_task(task.id), actor=om, now=at("2026-03-03"))
    assert set(refused.value.errors or {}) == {
        "motivation_41d", "weighing_41d", "withheld_categories_41d"}
    with pytest.raises(services.TaskRefused) as refused, unit_of_work():
        services.save_answer(services.get_task(task.id), {
            "holds_data": False, "data_entries": "Mutatie 1\nMelder: J. Buur"},
            [services.Restriction("41i", "Een melder.", weighing={"g": "Gevaar."},
                                  withheld_categories="Melder",
                                  withheld_entries="Melder: J. Buur")],
            actor=om, now=at("2026-03-03"), submit=True)
    assert set(refused.value.errors or {}) == {"withheld_entries_41i"}
    answer = services.get_task(task.id).answer
    assert answer is not None
    assert services.copy_entries(answer) == []  # the refused save left the earlier draft
    with unit_of_work():
        services.save_answer(services.get_task(task.id), {
            "holds_data": False, "data_entries": "Mutatie 1"},
            [services.Restriction("15-4", "Gegevens van een ander.",
                                  withheld_categories="Gegevens van de buren",
                                  withheld_entries="Buurman: P. de Wit")],
            actor=om, now=at("2026-03-03"), submit=True)  # AVG 15(4): no 41(2) weighing
    task = services.get_task(task.id)
    assert task.status == "submitted" and services.copy_entries(task.answer) == ["Mutatie 1"]


def test_question_waits_and_reply_reopens(db_session: sa.orm.Session) -> None:
    dsr = _request_in_progress()
    (task,) = _tasks(dsr.id, "ggd")
    ggd = _participant("ggd")
    with unit_of_work():
        services.ask_question(services.get_task(task.id), "Welke periode?", actor=ggd,
                              now=at("2026-03-03"))
    assert services.get_task(task.id).status == "question"
    with pytest.raises(services.TaskRefused), unit_of_work():
        services.save_answer(services.get_task(task.id), {"holds_data": False}, [], actor=ggd,
                             now=at("2026-03-03"), submit=True)
    with unit_of_work():
        services.reply(services.get_task(task.id), "2024 en 2025.", actor=STAFF,
                       now=at("2026-03-04"))
    task = services.get_task(task.id)
    assert task.status == "open" and [m.from_participant for m in task.messages] == [True, False]


def test_the_compartment_is_the_policy(db_session: sa.orm.Session) -> None:
    dsr = _request_in_progress()
    politie_task, ggd_task = _tasks(dsr.id, "politie", "ggd")
    politie = _participant("politie")
    assert may(politie, Permission.TASKS_READ, politie_task)
    assert may(politie, Permission.TASKS_ANSWER, politie_task)
    assert not may(politie, Permission.TASKS_READ, ggd_task)
    assert not may(politie, Permission.TASKS_ANSWER, ggd_task)
    assert not may(politie, Permission.REQUESTS_READ, dsr)


def test_each_reminder_step_is_sent_once(db_session: sa.orm.Session) -> None:
    politie_id = organisation_id("politie")
    with unit_of_work():
        organisation = db.session.get(Organisation, politie_id)
        organisation.task_email = "zvh@politie.test"
        organisation.coordinator_email = "coordinator@politie.test"
    make_user(Role.DEELNEMER, organisation="politie", email="agent@politie.test")
    dsr = _request_in_progress()  # received Monday 2 March 2026, due Thursday 2 April
    (task,) = _tasks(dsr.id, "politie")  # internal due Monday 16 March

    def sweep(day: str) -> services.TaskSweepResult:
        with time_machine.travel(at(day, "06:00"), tick=False), unit_of_work():
            return services.sweep_tasks(now=at(day, "06:00"))

    def sent() -> list[str]:
        return list(db_session.scalars(sa.select(TaskStepSent.step).where(
            TaskStepSent.task_id == task.id).order_by(TaskStepSent.id)))

    assert sweep("2026-03-06").reminders == 0
    assert sweep("2026-03-07").reminders == 1
    assert sweep("2026-03-07").reminders == 0  # the same day again: nothing twice
    assert sweep("2026-03-13").reminders == 1
    result = sweep("2026-03-17")
    assert (result.chases, result.warnings) == (1, 1)  # past its internal due date
    assert sweep("2026-03-18") == services.TaskSweepResult(0, 0, 0, 0, 0)
    assert sweep("2026-03-21").chases == 1
    assert sweep("2026-03-25").escalations == 1
    assert sweep("2026-03-30") == services.TaskSweepResult(0, 0, 0, 0, 0)
    assert sent() == ["reminder-1", "reminder-2", "chase-1", "deadline-warning", "chase-2",
                      "escalation"]
    mails = db_session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.purpose.like("task_%"))).all()
    by_purpose: dict[str, set[str]] = {}
    for mail in mails:
        by_purpose.setdefault(mail.purpose, set()).add(mail.to_address)
        assert dsr.family_name not in mail.body_text  # a reference and a link, no personal data
    assert by_purpose["task_reminder"] == {"zvh@politie.test", "agent@politie.test"}
    assert by_purpose["task_escalation"] == {"coordinator@politie.test"}
    # once answered, the sweep leaves the task alone
    politie = _participant("politie")
    with unit_of_work():
        services.save_answer(services.get_task(task.id), {"holds_data": False}, [],
                             actor=politie, now=at("2026-03-30"), submit=True)
    assert sweep("2026-04-10") == services.TaskSweepResult(0, 0, 0, 0, 0)


def test_consolidated_view_and_what_blocks(db_session: sa.orm.Session) -> None:
    dsr = _request_in_progress()
    politie_task, ggd_task = _tasks(dsr.id, "politie", "ggd", "veilig_thuis")[:2]
    politie, ggd = _participant("politie"), _participant("ggd")
    with unit_of_work():
        services.save_answer(services.get_task(politie_task.id), {"holds_data": True,
                             "categories": "c", "purposes": "p", "sources": "s"},
                             [services.Restriction("41i", "Bescherming van een melder.", weighing={"a": "Opsporing van strafbare feiten."}, withheld_categories="Processen-verbaal")],
                             actor=politie, now=at("2026-03-03"), submit=True)
        services.decline(services.get_task(ggd_task.id), "Geen verwerkingsverantwoordelijke.",
                         actor=ggd, now=at("2026-03-03"))
    lines = {line.organisation.code: line for line in services.consolidated(
        requests.get_request(dsr.id))}
    assert lines["politie"].blocks is None and lines["politie"].task.answer.restrictions
    assert lines["ggd"].blocks is None and lines["ggd"].task.status == "declined"
    assert lines["veilig_thuis"].blocks.startswith("Wacht op antwoord")
    assert lines["om"].task is None and lines["om"].blocks == "Nog geen taak uitgezet."
    assert "wijkteam" not in lines  # a private participant without a task is not listed


def test_tasks_of_a_withdrawn_request_lapse(db_session: sa.orm.Session) -> None:
    dsr = _request_in_progress()
    (task,) = _tasks(dsr.id, "politie")
    with unit_of_work():
        requests.withdraw(requests.get_request(dsr.id), reason="Ingetrokken.", actor=STAFF,
                          now=at("2026-03-03"))
    with time_machine.travel(at("2026-03-04"), tick=False), unit_of_work():
        assert services.sweep_tasks(now=at("2026-03-04")).cancelled == 1
    assert services.get_task(task.id).status == "cancelled"


def test_a_file_added_by_mistake_is_removed_while_the_answer_is_a_draft(
        db_session: sa.orm.Session) -> None:
    from avg_service.requests.documents import upload_root

    dsr = _request_in_progress()
    (task,) = _tasks(dsr.id, "politie")
    politie = _participant("politie")
    with unit_of_work():
        item = services.add_file(services.get_task(task.id), "fout.pdf", b"%PDF-1.4 x",
                                 actor=politie, now=at("2026-03-03"))
    path = upload_root() / item.storage_key
    assert path.exists()
    with unit_of_work():
        services.remove_file(services.get_task(task.id), item.id, actor=politie,
                             now=at("2026-03-03"))
    assert not path.exists() and services.get_task(task.id).files == []
    with unit_of_work():
        again = services.add_file(services.get_task(task.id), "goed.pdf", b"%PDF-1.4 y",
                                  actor=politie, now=at("2026-03-03"))
        services.save_answer(services.get_task(task.id), {"holds_data": False}, [],
                             actor=politie, now=at("2026-03-03"), submit=True)
    with pytest.raises(services.TaskRefused), unit_of_work():
        services.remove_file(services.get_task(task.id), again.id, actor=politie,
                             now=at("2026-03-04"))
